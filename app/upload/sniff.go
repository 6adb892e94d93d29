package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"market/models"
)

// Media types of the allow-list, as Received.Format reports them.
const (
	TypePDF  = "application/pdf"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeODT  = "application/vnd.oasis.opendocument.text"
	TypeODS  = "application/vnd.oasis.opendocument.spreadsheet"
	TypeODP  = "application/vnd.oasis.opendocument.presentation"
	TypeODG  = "application/vnd.oasis.opendocument.graphics"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeGIF  = "image/gif"
	TypeWebP = "image/webp"
	TypeZIP  = "application/zip"
	TypeText = "text/plain"
	TypeCSV  = "text/csv"
)

// Allowed returns the media types an upload may have, the values
// Received.Format takes. Everything else is refused, notably HTML, SVG, XML,
// JSON, RTF, TSV, scripts, executables (including Java and Android archives)
// and legacy or password-protected Office files.
func Allowed() []string {
	return []string{TypePDF, TypeDOCX, TypeXLSX, TypePPTX, TypeODT, TypeODS, TypeODP, TypeODG,
		TypePNG, TypeJPEG, TypeGIF, TypeWebP, TypeZIP, TypeText, TypeCSV}
}

// allowedText describes the allow-list to a user.
const allowedText = "PDF; Word, Excel or PowerPoint (docx, xlsx, pptx); OpenDocument (odt, ods, odp, odg); " +
	"PNG, JPEG, GIF or WebP images; ZIP archives; plain text or CSV in UTF-8"

// kind is how a sniffed type is checked beyond its type.
type kind int

const (
	kindRefused kind = iota // not on the allow-list
	kindBinary              // allowed; the type is the whole check
	kindArchive             // ZIP, OOXML, OpenDocument: checked as an archive (archive.go)
	kindText                // plain text and CSV: must be UTF-8 throughout
)

// classify maps a media type reported by mimetype (without parameters) to
// the format an upload is recorded with and how it is checked.
func classify(detected string) (format string, k kind) {
	switch detected {
	case TypePDF, TypeJPEG, TypeGIF, TypeWebP, TypePNG:
		return detected, kindBinary
	case "image/apng": // an animated PNG is a valid PNG
		return TypePNG, kindBinary
	case TypeDOCX, TypeXLSX, TypePPTX, TypeODT, TypeODS, TypeODP, TypeODG, TypeZIP:
		return detected, kindArchive
	case TypeText, TypeCSV:
		return detected, kindText
	}
	return "", kindRefused
}

// check sniffs the type of f's first size bytes and checks the file as that
// type asks; it returns the format to record.
func check(ctx context.Context, f *os.File, size int64, l Limits, buf []byte) (string, error) {
	m, err := mimetype.DetectReader(io.NewSectionReader(f, 0, size))
	if err != nil {
		return "", fmt.Errorf("receiving an upload: sniffing its type: %w", err)
	}
	detected := baseType(m.String())
	format, k := classify(detected)
	switch k {
	case kindBinary:
		return format, nil
	case kindArchive:
		return checkZip(ctx, f, size, format, l, buf)
	case kindText:
		return format, checkText(ctx, f, size, buf)
	}
	return "", unsupported(detected)
}

// baseType strips the parameters off a media type and lowercases it.
func baseType(t string) string {
	t, _, _ = strings.Cut(t, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// unsupported is the error for a file sniffed as detected, which is not allowed.
func unsupported(detected string) error {
	switch detected {
	case "application/octet-stream":
		return models.Errorf(models.EUNSUPPORTED,
			"the type of this file could not be recognised, so it is not accepted; accepted are: %s", allowedText)
	case "application/x-ole-storage", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint":
		return models.Errorf(models.EUNSUPPORTED,
			"legacy Office files (.doc, .xls, .ppt) and password-protected Office files are not accepted (detected %s); "+
				"save it as docx, xlsx or pptx without a password, or as PDF", detected)
	}
	return models.Errorf(models.EUNSUPPORTED, "files of type %s are not accepted; accepted are: %s", detected, allowedText)
}

// checkText checks that f's first size bytes are text in UTF-8 (with or
// without a byte order mark) holding none of the control bytes that mark
// binary data.
func checkText(ctx context.Context, f io.ReaderAt, size int64, buf []byte) error {
	return scan(ctx, f, size, buf, func(chunk []byte, off int64, last bool) (int, error) {
		if off == 0 && (hasPrefix(chunk, "\xff\xfe") || hasPrefix(chunk, "\xfe\xff")) {
			return 0, models.Errorf(models.EUNSUPPORTED,
				"text files must be in UTF-8 and this one is in UTF-16; save it with the UTF-8 encoding")
		}
		end := len(chunk)
		if !last {
			end = completeRunes(chunk)
		}
		if i := firstNonText(chunk[:end]); i >= 0 {
			at := off + int64(i)
			if c := chunk[i]; c < utf8.RuneSelf {
				return 0, models.Errorf(models.EUNSUPPORTED,
					"the file is not plain text: it holds binary data (byte 0x%02x at offset %d)", c, at)
			}
			return 0, models.Errorf(models.EUNSUPPORTED,
				"text files must be in UTF-8 and this one is not (invalid byte at offset %d); save it with the UTF-8 encoding", at)
		}
		return len(chunk) - end, nil
	})
}

// hasPrefix reports whether b begins with prefix.
func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// completeRunes returns the length of b without the incomplete UTF-8
// sequence it may end with (at most 3 bytes).
func completeRunes(b []byte) int {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return len(b) - i
			}
			break
		}
	}
	return len(b)
}

// firstNonText returns the index of the first byte of b that is not valid
// UTF-8 or is a binary-data control byte, or -1.
func firstNonText(b []byte) int {
	valid := utf8.Valid(b)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if binaryByte(c) {
				return i
			}
			i++
			continue
		}
		if valid {
			_, n := utf8.DecodeRune(b[i:])
			i += n
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// binaryByte reports whether c is a binary data byte as the WHATWG MIME
// sniffing standard defines it: a control byte that text does not hold
// (tab, newlines, form feed and escape are text).
func binaryByte(c byte) bool {
	return c <= 0x08 || c == 0x0B || (0x0E <= c && c <= 0x1A) || (0x1C <= c && c <= 0x1F)
}

// scan reads f's first size bytes through buf in chunks and calls fn with
// each, preceded by the trailing bytes the previous call asked to carry
// over (fewer than 4). off is the offset of chunk[0] in f and last reports
// whether chunk ends at size. scan checks ctx between chunks.
func scan(ctx context.Context, f io.ReaderAt, size int64, buf []byte,
	fn func(chunk []byte, off int64, last bool) (carry int, err error)) error {
	var off int64 // of the next byte to read
	carry := 0
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("checking an upload: %w", err)
		}
		want := min(int64(len(buf)-carry), size-off)
		n, err := f.ReadAt(buf[carry:carry+int(want)], off)
		if int64(n) < want {
			if err == nil || errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF // the staged file is shorter than what was written
			}
			return fmt.Errorf("checking an upload: reading the staged file: %w", err)
		}
		chunk := buf[:carry+n]
		start := off - int64(carry)
		off += int64(n)
		last := off == size
		next, err := fn(chunk, start, last)
		if err != nil || last {
			return err
		}
		carry = copy(buf, chunk[len(chunk)-next:])
	}
}
