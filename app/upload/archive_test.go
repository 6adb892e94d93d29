package upload

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
	"time"

	"market/models"
)

// TestReceiveZipRefused receives ZIP-based files that break the limits or
// cannot be checked; each is a validation error on the body.
func TestReceiveZipRefused(t *testing.T) {
	small := Limits{MaxExpandedBytes: 100 << 20, MaxEntries: 100}
	docx := ooxml(t, "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
	tests := []struct {
		name    string
		data    []byte
		limits  Limits
		message string
	}{
		{"zip bomb", zeroBomb(t, "zeros.bin", 200, -1), small, "expands to more than 100 MiB"},
		{"docx bomb", withEntry(t, docx, zeroBomb(t, "word/media/zeros.bin", 200, -1)), small, "expands to more than 100 MiB"},
		{"zip bomb declaring 1000 bytes", zeroBomb(t, "zeros.bin", 200, 1000), small, `damaged ZIP archive: its entry "zeros.bin"`},
		{"zip bomb declaring one byte less", zeroBomb(t, "zeros.bin", 20, 20<<20-1), small, "damaged ZIP"},
		{"zip bomb under the default limits", zeroBomb(t, "zeros.bin", 1025, -1), Limits{}, "expands to more than 1024 MiB"},
		{"101 entries", manyEntries(t, 101), small, "more than 100 entries"},
		{"10,001 entries", manyEntries(t, 10_001), Limits{}, "more than 10000 entries"},
		{"101 entries, the end record says 1", endRecordSays(t, manyEntries(t, 101), 1), small, "more than 100 entries"},
		{"not a zip after its signature", []byte("PK\x03\x04 this is not really a zip file"), small, "not a valid ZIP archive"},
		{"truncated docx", docx[:len(docx)/2], small, "not a valid ZIP archive"},
		{"docx with a damaged entry", damage(t, docx), small, "damaged ZIP archive"},
		{"encrypted entry", rawEntry(t, zip.FileHeader{Name: "secret.pdf", Method: zip.Deflate, Flags: 0x1}, "ciphertext"), small, "encrypted"},
		{"bzip2 entry", rawEntry(t, zip.FileHeader{Name: "a.txt", Method: 12}, "BZh91AY&SY"), small, "compressed with a method that cannot be checked (12)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got, dir, err := receive(t, tt.data, tt.limits)
			if got != nil {
				t.Fatalf("accepted as %s", got.Format)
			}
			me := wantCode(t, err, models.EVALIDATION)
			if len(me.Fields) != 1 || me.Fields[0].Location != "body" || !strings.Contains(me.Fields[0].Message, tt.message) {
				t.Errorf("fields %+v, want body: %q", me.Fields, tt.message)
			}
			wantEmptyDir(t, dir)
			t.Logf("%d bytes refused in %v: %s", len(tt.data), time.Since(start), me.Fields[0].Message)
		})
	}
}

// TestReceiveZipWithinLimits accepts archives right at the limits.
func TestReceiveZipWithinLimits(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		limits Limits
	}{
		{"100 entries", manyEntries(t, 100), Limits{MaxEntries: 100}},
		{"20 MiB of zeros", zeroBomb(t, "zeros.bin", 20, -1), Limits{MaxExpandedBytes: 20 << 20}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := receive(t, tt.data, tt.limits)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != TypeZIP {
				t.Errorf("format %s", got.Format)
			}
		})
	}
}

// TestExpandStops checks that decompression stops as soon as the total
// passes the limit, whatever the archive declares.
func TestExpandStops(t *testing.T) {
	data := zeroBomb(t, "zeros.bin", 200, -1)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	const limit = 10 << 20
	n, err := expand(context.Background(), zr.File, limit, make([]byte, bufSize))
	if me := wantCode(t, err, models.EVALIDATION); !strings.Contains(me.Fields[0].Message, "expands to more than 10 MiB") {
		t.Fatalf("error %+v", me)
	}
	if n <= limit || n > limit+bufSize {
		t.Errorf("decompressed %d bytes, want just over %d", n, limit)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := expand(ctx, zr.File, limit, make([]byte, bufSize)); !errors.Is(err, context.Canceled) {
		t.Errorf("with a cancelled context: %v", err)
	}
}

// manyEntries is a ZIP archive of n small entries.
func manyEntries(t testing.TB, n int) []byte {
	entries := make([]zipEntry, n)
	for i := range entries {
		entries[i] = zipEntry{name: fmt.Sprintf("lot-%05d.txt", i), body: "lot", stored: true}
	}
	return buildZip(t, entries...)
}

// endRecordSays returns data, a ZIP archive, with its end of central
// directory record claiming n entries.
func endRecordSays(t testing.TB, data []byte, n uint16) []byte {
	t.Helper()
	out := bytes.Clone(data)
	i := bytes.LastIndex(out, []byte("PK\x05\x06"))
	if i < 0 {
		t.Fatal("no end record")
	}
	binary.LittleEndian.PutUint16(out[i+8:], n)
	binary.LittleEndian.PutUint16(out[i+10:], n)
	return out
}

// damage returns data, a ZIP archive, with a byte of its last entry's
// compressed data flipped.
func damage(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	last := zr.File[len(zr.File)-1]
	off, err := last.DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(data)
	out[off+int64(last.CompressedSize64)/2] ^= 0xFF
	return out
}

// rawEntry is a ZIP archive of one entry whose header is h and whose
// stored bytes are data, as they are.
func rawEntry(t testing.TB, h zip.FileHeader, data string) []byte {
	t.Helper()
	h.CompressedSize64 = uint64(len(data))
	h.UncompressedSize64 = uint64(len(data))
	h.CRC32 = crc32.ChecksumIEEE([]byte(data))
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	fw, err := w.CreateRaw(&h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withEntry returns archive base with the entries of archive more added
// after its own, raw.
func withEntry(t testing.TB, base, more []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, data := range [][]byte{base, more} {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if err := w.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
