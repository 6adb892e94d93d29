package upload

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"market/models"
)

// stager returns a stage function making files in a new directory, and
// that directory.
func stager(t testing.TB) (func() (*os.File, error), string) {
	t.Helper()
	dir := t.TempDir()
	return func() (*os.File, error) { return os.CreateTemp(dir, "staged-*") }, dir
}

// receive runs Receive on data with l, in a fresh stage directory; it
// closes the staged file at the end of the test.
func receive(t *testing.T, data []byte, l Limits) (*Received, string, error) {
	t.Helper()
	stage, dir := stager(t)
	got, err := Receive(context.Background(), bytes.NewReader(data), stage, l)
	if got != nil {
		t.Cleanup(func() { got.File.Close() })
	}
	return got, dir, err
}

// wantCode fails t unless err is a models error with code.
func wantCode(t *testing.T, err error, code string) *models.Error {
	t.Helper()
	var me *models.Error
	if !errors.As(err, &me) {
		t.Fatalf("error = %v, want a models error with code %s", err, code)
	}
	if me.Code != code {
		t.Fatalf("code = %s (%v), want %s", me.Code, err, code)
	}
	return me
}

// wantEmptyDir fails t unless dir holds no file.
func wantEmptyDir(t *testing.T, dir string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Fatalf("stage directory holds %d files, want none: %v", len(left), left[0].Name())
	}
}

// zipEntry is one entry of a test archive.
type zipEntry struct {
	name, body string
	stored     bool // not compressed (deflate otherwise)
	dated      bool // with a modification time, an extra field in the local header
}

// buildZip returns a ZIP archive of entries, without modification times
// (which would add an extra field to each local header).
func buildZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.stored {
			h.Method = zip.Store
		}
		if e.dated {
			h.Modified = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ooxml returns a minimal OOXML package whose main part is main (e.g.
// "word/document.xml"), entries in the order Office writes them.
func ooxml(t testing.TB, main, contentType string) []byte {
	t.Helper()
	return buildZip(t,
		zipEntry{name: "[Content_Types].xml", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/` + main + `" ContentType="` + contentType + `"/></Types>`},
		zipEntry{name: "_rels/.rels", body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + main + `"/></Relationships>`},
		zipEntry{name: main, body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><doc>投标文件 tender</doc>`},
	)
}

// odf returns a minimal OpenDocument package of media type mt: the
// "mimetype" entry first and stored, as the specification asks; dated
// gives it a modification time, which moves the type past where
// mimetype looks for it.
func odf(t testing.TB, mt string, dated bool) []byte {
	t.Helper()
	return buildZip(t,
		zipEntry{name: "mimetype", body: mt, stored: true, dated: dated},
		zipEntry{name: "META-INF/manifest.xml", body: `<?xml version="1.0" encoding="UTF-8"?>` +
			`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
			`<manifest:file-entry manifest:full-path="/" manifest:media-type="` + mt + `"/>` +
			`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`},
		zipEntry{name: "content.xml", body: `<?xml version="1.0" encoding="UTF-8"?><office:document-content ` +
			`xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>`},
	)
}

// minimalPDF is a valid one-page PDF (its xref offsets are exact).
func minimalPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		b.WriteString(strings.Join([]string{strconv.Itoa(i + 1), " 0 obj\n", o, "\nendobj\n"}, ""))
	}
	xref := b.Len()
	b.WriteString("xref\n0 " + strconv.Itoa(len(objs)+1) + "\n0000000000 65535 f \n")
	for _, off := range offsets {
		s := strconv.Itoa(off)
		b.WriteString(strings.Repeat("0", 10-len(s)) + s + " 00000 n \n")
	}
	b.WriteString("trailer\n<< /Size " + strconv.Itoa(len(objs)+1) + " /Root 1 0 R >>\nstartxref\n" + strconv.Itoa(xref) + "\n%%EOF\n")
	return b.Bytes()
}

// testImage is a small image for the image encoders.
func testImage() *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.White, color.Black})
	img.SetColorIndex(1, 1, 1)
	return img
}

// encodeImage returns testImage encoded by enc.
func encodeImage(t testing.TB, enc func(io.Writer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngBytes, jpegBytes and gifBytes are testImage in each format.
func pngBytes(t testing.TB) []byte { return encodeImage(t, png.Encode) }
func jpegBytes(t testing.TB) []byte {
	return encodeImage(t, func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })
}
func gifBytes(t testing.TB) []byte {
	return encodeImage(t, func(w io.Writer, m image.Image) error { return gif.Encode(w, m, nil) })
}

// webpBytes is a valid 1×1 lossless WebP: a RIFF header, the WEBP form
// type and a VP8L chunk of 13 bytes, padded to an even length.
func webpBytes() []byte {
	return []byte("RIFF\x1a\x00\x00\x00WEBP" +
		"VP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
}

// zeroBomb returns a ZIP archive of one entry named name expanding to n
// MiB of zeros, built without compressing n MiB: a deflate block sequence
// for 64 KiB of zeros (which refers to nothing before it) is repeated 16n
// times, then closed by an empty final block. The entry declares declared
// bytes (the real size when declared < 0).
func zeroBomb(t testing.TB, name string, n int, declared int64) []byte {
	t.Helper()
	zeros := make([]byte, 64<<10)
	var block bytes.Buffer
	fw, err := flate.NewWriter(&block, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(zeros); err != nil {
		t.Fatal(err)
	}
	if err := fw.Flush(); err != nil { // byte-aligned, not final
		t.Fatal(err)
	}
	var data bytes.Buffer
	crc := crc32.NewIEEE()
	for range 16 * n {
		data.Write(block.Bytes())
		crc.Write(zeros)
	}
	data.Write([]byte{0x03, 0x00}) // an empty final block
	size := int64(n) << 20
	if declared < 0 {
		declared = size
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	raw, err := w.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(data.Len()), UncompressedSize64: uint64(declared)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Write(data.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pattern is an endless reader of a repeated pattern after a header; it
// allocates nothing as it reads.
type pattern struct {
	header, body []byte
	off          int
}

// Read fills p with the header, then the body over and over.
func (r *pattern) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		var src []byte
		if r.off < len(r.header) {
			src = r.header[r.off:]
		} else {
			b := (r.off - len(r.header)) % len(r.body)
			src = r.body[b:]
		}
		c := copy(p[n:], src)
		n += c
		r.off += c
	}
	return n, nil
}

// sized returns a reader of the first n bytes of pattern header+body*.
func sized(header, body string, n int64) io.Reader {
	return io.LimitReader(&pattern{header: []byte(header), body: []byte(body)}, n)
}

// failing reads n bytes of zeros after a PDF header, then fails with err.
type failing struct {
	n   int64
	err error
	r   io.Reader
}

// Read reads from the pattern until n bytes are read, then returns err.
func (f *failing) Read(p []byte) (int, error) {
	if f.r == nil {
		f.r = sized("%PDF-1.7\n", "0123456789\n", f.n)
	}
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// writeTemp writes data to a file in t's temporary directory and returns its path.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
