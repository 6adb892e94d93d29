package upload

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"market/models"
)

// centralHeader is the signature that begins each entry of a ZIP file's
// central directory.
const centralHeader = "PK\x01\x02"

// checkZip checks a ZIP-based file (ZIP, OOXML, OpenDocument) of sniffed
// format against the limits, by decompressing every entry, and returns its
// format: a plain ZIP that is in fact an OOXML or OpenDocument file whose
// telling entries lie beyond what mimetype reads is recognised as such.
//
// The entries are counted before archive/zip reads the central directory
// into memory, as the occurrences of the central header signature in the
// whole file: an upper bound on what archive/zip can find, whatever the
// end record says. So ZIP files stored uncompressed inside the file count
// with their entries.
//
// Encrypted entries are refused: they cannot be decompressed to check
// them. So are compression methods other than store and deflate, and
// OOXML files with macros (a vbaProject.bin part), which are docm, xlsm or
// pptm files rather than docx, xlsx or pptx.
//
// The sizes an archive declares are trusted only to refuse it early: their
// sum past the limit refuses the file without decompressing anything. Else
// every entry is decompressed to a counter, which stops as soon as the
// total passes the limit, so a lying archive costs at most
// l.MaxExpandedBytes of decompression (archive/zip also refuses an entry
// that holds more than it declares).
func checkZip(ctx context.Context, f io.ReaderAt, size int64, format string, l Limits, buf []byte) (string, error) {
	entries := 0
	err := scan(ctx, f, size, buf, func(chunk []byte, _ int64, _ bool) (int, error) {
		entries += bytes.Count(chunk, []byte(centralHeader))
		if entries > l.MaxEntries {
			return 0, tooManyEntries(l.MaxEntries)
		}
		return min(len(chunk), len(centralHeader)-1), nil
	})
	if err != nil {
		return "", err
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return "", zipError(err, "the file is not a valid ZIP archive: it is damaged or incomplete")
	}
	if len(zr.File) > l.MaxEntries {
		return "", tooManyEntries(l.MaxEntries)
	}
	var declared uint64
	for _, zf := range zr.File {
		if zf.Flags&0x1 != 0 {
			return "", invalid("the archive holds encrypted entries (%q), which cannot be checked; upload it without a password", zf.Name)
		}
		declared += min(zf.UncompressedSize64, uint64(l.MaxExpandedBytes)+1) // no overflow: it stops past the limit
		if declared > uint64(l.MaxExpandedBytes) {
			return "", tooExpanded(l.MaxExpandedBytes)
		}
	}
	if _, err := expand(ctx, zr.File, l.MaxExpandedBytes, buf); err != nil {
		return "", err
	}
	if format == TypeZIP {
		format = refineZip(zr.File)
	}
	if ooxmlType(format) {
		for _, zf := range zr.File {
			if strings.EqualFold(path.Base(zf.Name), "vbaProject.bin") {
				return "", models.Errorf(models.EUNSUPPORTED, "Office files with macros (docm, xlsm, pptm) are not accepted; "+
					"save it without macros (docx, xlsx, pptx) or as PDF")
			}
		}
	}
	return format, nil
}

// ooxmlType reports whether format is one of the OOXML types.
func ooxmlType(format string) bool {
	return format == TypeDOCX || format == TypeXLSX || format == TypePPTX
}

// expand decompresses every entry of files to a counter through buf,
// stopping as soon as they expand past limit bytes together; it returns
// how many bytes it counted.
func expand(ctx context.Context, files []*zip.File, limit int64, buf []byte) (int64, error) {
	w := &counter{ctx: ctx, limit: limit}
	for _, zf := range files {
		rc, err := zf.Open()
		if errors.Is(err, zip.ErrAlgorithm) {
			return w.n, invalid("the archive's entry %q is compressed with a method that cannot be checked (%d); "+
				"make the archive again with the standard (deflate) compression", zf.Name, zf.Method)
		}
		if err != nil {
			return w.n, zipError(err, fmt.Sprintf("the file is a damaged ZIP archive: its entry %q cannot be read", zf.Name))
		}
		_, err = io.CopyBuffer(w, rc, buf)
		_ = rc.Close() // nothing to release beyond what Read reported
		if err != nil {
			return w.n, zipError(err, fmt.Sprintf("the file is a damaged ZIP archive: its entry %q cannot be read", zf.Name))
		}
	}
	return w.n, nil
}

// counter is a writer that discards what it is given, failing with
// errOverLimit once it has been given more than limit bytes in all, or with
// ctx's error once ctx is done.
type counter struct {
	ctx   context.Context
	limit int64
	n     int64
}

// Write counts p.
func (c *counter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	c.n += int64(len(p))
	if c.n > c.limit {
		return 0, overLimitError{c.limit}
	}
	return len(p), nil
}

// overLimitError is a counter's error once its limit is passed.
type overLimitError struct{ limit int64 }

// Error implements the error interface.
func (e overLimitError) Error() string {
	return fmt.Sprintf("expands past %d bytes", e.limit)
}

// zipError turns an error of archive/zip or of decompression into the
// error to return: msg as a validation error for a damaged archive; the
// limit's, the context's or the file system's error as themselves.
func zipError(err error, msg string) error {
	var over overLimitError
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &over):
		return tooExpanded(over.limit)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("checking an upload: %w", err)
	case errors.As(err, &pathErr):
		return fmt.Errorf("checking an upload: reading the staged file: %w", err)
	case errors.Is(err, zip.ErrInsecurePath):
		msg = "the archive holds entries with unsafe names (absolute, or leading outside the archive with ..)"
	}
	return fmt.Errorf("%w: %w", invalid("%s", msg), err)
}

// tooManyEntries is the error for an archive of more than max entries.
func tooManyEntries(max int) error {
	return invalid("the archive holds more than %d entries, the most a file may hold", max)
}

// tooExpanded is the error for an archive expanding past max bytes.
func tooExpanded(max int64) error {
	return invalid("the archive expands to more than %s, the most a file may expand to", mib(max))
}

// refineZip returns the OOXML or OpenDocument type of a ZIP archive of
// files, or TypeZIP: OpenDocument by its first entry "mimetype" naming an
// allowed OpenDocument type; OOXML by a "[Content_Types].xml" entry and
// entries under exactly one of "word/", "xl/" and "ppt/".
func refineZip(files []*zip.File) string {
	if len(files) > 0 && files[0].Name == "mimetype" && files[0].UncompressedSize64 <= 128 {
		if t := readSmall(files[0]); t == TypeODT || t == TypeODS || t == TypeODP || t == TypeODG {
			return t
		}
	}
	contentTypes, found := false, ""
	for _, zf := range files {
		if zf.Name == "[Content_Types].xml" {
			contentTypes = true
		}
		if t := ooxmlPart(zf.Name); t != "" {
			if found != "" && found != t {
				return TypeZIP // parts of two kinds of document: neither
			}
			found = t
		}
	}
	if contentTypes && found != "" {
		return found
	}
	return TypeZIP
}

// ooxmlPart returns the OOXML type whose main folder holds the entry name, or "".
func ooxmlPart(name string) string {
	switch {
	case strings.HasPrefix(name, "word/"):
		return TypeDOCX
	case strings.HasPrefix(name, "xl/"):
		return TypeXLSX
	case strings.HasPrefix(name, "ppt/"):
		return TypePPTX
	}
	return ""
}

// readSmall returns the content of a small entry, already checked, or "".
func readSmall(zf *zip.File) string {
	rc, err := zf.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	var b [128]byte
	n, err := io.ReadFull(rc, b[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return ""
	}
	return strings.TrimSpace(string(b[:n]))
}
