package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gabriel-vasile/mimetype"

	"market/models"
)

// TestReceiveAllowed receives a real minimal file of every allowed type and
// checks the format, size and hash recorded, and the staged file's content.
func TestReceiveAllowed(t *testing.T) {
	chinese := "招标文件：本项目为市政道路维修工程。\n投标截止时间为二〇二五年六月三十日。\n"
	tests := []struct {
		name   string
		data   []byte
		format string
	}{
		{"pdf", minimalPDF(), TypePDF},
		{"docx", ooxml(t, "word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"), TypeDOCX},
		{"xlsx", ooxml(t, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), TypeXLSX},
		{"pptx", ooxml(t, "ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"), TypePPTX},
		{"odt", odf(t, TypeODT, false), TypeODT},
		{"ods", odf(t, TypeODS, false), TypeODS},
		{"odp", odf(t, TypeODP, false), TypeODP},
		{"odg", odf(t, TypeODG, false), TypeODG},
		{"png", pngBytes(t), TypePNG},
		{"jpeg", jpegBytes(t), TypeJPEG},
		{"gif", gifBytes(t), TypeGIF},
		{"webp", webpBytes(), TypeWebP},
		{"zip", buildZip(t, zipEntry{name: "readme.txt", body: "bid documents"}, zipEntry{name: "prices/", body: ""},
			zipEntry{name: "prices/2025.csv", body: "item,price\nasphalt,10\n"}), TypeZIP},
		{"empty zip", buildZip(t), TypeZIP},
		// archive/zip writes a docx's "[Content_Types].xml" first; when it
		// is larger than what mimetype reads, the central directory tells.
		{"docx with a large first entry", buildZip(t,
			zipEntry{name: "[Content_Types].xml", body: strings.Repeat("<Default/>", 1000), stored: true}, // 10 kB
			zipEntry{name: "word/document.xml", body: "<doc/>"}), TypeDOCX},
		{"odt whose mimetype entry has an extra field", odf(t, TypeODT, true), TypeODT},
		{"ascii text", []byte("Tender notice\nRoad works, lot 3.\n"), TypeText},
		{"chinese text", []byte(chinese), TypeText},
		{"text with a UTF-8 byte order mark", []byte("\xef\xbb\xbf" + chinese), TypeText},
		{"one byte of text", []byte("x"), TypeText},
		{"csv", []byte("item,quantity,unit price\nasphalt,120,35.50\ngravel,80,12.00\nlabour,300,25.00\n"), TypeCSV},
		{"chinese csv", []byte("项目,数量,单价\n沥青,120,35.50\n碎石,80,12.00\n人工,300,25.00\n"), TypeCSV},
		// A character split across two of Receive's reads of the staged file.
		{"text with a character across reads", []byte(strings.Repeat("a", bufSize-1) + "中文\n"), TypeText},
		{"text with a character across reads 2", []byte(strings.Repeat("a", bufSize-2) + "中文\n"), TypeText},
		{"long chinese text", []byte(strings.Repeat(chinese, 5000)), TypeText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := receive(t, tt.data, DefaultLimits())
			if err != nil {
				t.Fatalf("Receive: %v", err)
			}
			sum := sha256.Sum256(tt.data)
			if got.Format != tt.format || got.Size != int64(len(tt.data)) || got.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("got %s, %d bytes, %s; want %s, %d bytes, %x", got.Format, got.Size, got.SHA256, tt.format, len(tt.data), sum)
			}
			staged, err := io.ReadAll(got.File) // positioned at the start
			if err != nil {
				t.Fatal(err)
			}
			if string(staged) != string(tt.data) {
				t.Errorf("the staged file holds %d bytes that differ from the %d uploaded", len(staged), len(tt.data))
			}
			if !slices.Contains(Allowed(), got.Format) {
				t.Errorf("format %s is not in Allowed()", got.Format)
			}
		})
	}
}

// TestReceiveRefused receives files of types not on the allow-list.
func TestReceiveRefused(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 120)...)
	elf[16] = 2 // ET_EXEC
	pe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...)
	tests := []struct {
		name, data string
		detected   string // in the message
	}{
		{"html doctype", "<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n", "text/html"},
		{"html tag", "<html><head><title>x</title></head></html>", "text/html"},
		{"html after blank lines", "\n\n   <HTML>\n<body onload=alert(1)>", "text/html"},
		{"svg", `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`, "image/svg+xml"},
		{"svg with xml declaration", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<svg xmlns="http://www.w3.org/2000/svg"></svg>`, "image/svg+xml"},
		{"xml", `<?xml version="1.0"?><tender><lot>1</lot></tender>`, "text/xml"},
		{"xhtml", `<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"></html>`, ""},
		{"json", `{"tender": {"lots": [1, 2, 3]}}`, "application/json"},
		{"shell script", "#!/bin/sh\nrm -rf /tmp/x\n", "text/x-shellscript"},
		{"python script", "#!/usr/bin/env python3\nprint('hi')\n", "text/x-python"},
		{"elf", string(elf), ""},
		{"pe", string(pe), "application/vnd.microsoft.portable-executable"},
		{"ole2 (legacy doc, xls)", string(ole), ""},
		{"jar", string(buildZip(t, zipEntry{name: "META-INF/MANIFEST.MF", body: "Manifest-Version: 1.0\nMain-Class: X\n"},
			zipEntry{name: "X.class", body: "\xca\xfe\xba\xbe"})), "application/java-archive"},
		{"epub", string(odf(t, "application/epub+zip", false)), "application/epub+zip"},
		{"gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + strings.Repeat("\x00", 20), "application/gzip"},
		{"unknown binary", "\x00\x01\x02\x03\x04\x05garbage", "could not be recognised"},
		{"rtf", `{\rtf1\ansi Hello}`, "text/rtf"},
		{"docm (macros)", string(withEntry(t, ooxml(t, "word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
			buildZip(t, zipEntry{name: "word/vbaProject.bin", body: "\xd0\xcf\x11\xe0"}))), "docx, xlsx, pptx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dir, err := receive(t, []byte(tt.data), DefaultLimits())
			if got != nil {
				t.Fatalf("accepted as %s", got.Format)
			}
			me := wantCode(t, err, models.EUNSUPPORTED)
			if !strings.Contains(me.Message, tt.detected) || !strings.Contains(me.Message, "PDF") {
				t.Errorf("message %q should name %q and what is accepted", me.Message, tt.detected)
			}
			wantEmptyDir(t, dir)
		})
	}
}

// TestReceiveText checks that text must be UTF-8 throughout, beyond what
// mimetype reads.
func TestReceiveText(t *testing.T) {
	long := strings.Repeat("Tender notice, road works.\n", 300) // past mimetype's 4 KiB
	tests := []struct {
		name, data, message string
	}{
		{"latin-1", "Caf\xe9 de la gare, offre de prix\n", "UTF-8"},
		{"utf-16 with a byte order mark", "\xff\xfeT\x00e\x00n\x00d\x00e\x00r\x00\n\x00", "UTF-16"},
		{"big-endian utf-16", "\xfe\xff\x00T\x00e\x00n\x00d\x00e\x00r", "UTF-16"},
		{"invalid utf-8 after 4 KiB", long + "\xc3\x28 broken\n", "offset 8100"},
		{"invalid utf-8 in a later read", strings.Repeat("abc\n", 20000) + "\xe4\xb8", "offset 80000"},
		{"a NUL byte after 4 KiB", long + "\x00binary", "byte 0x00 at offset 8100"},
		{"truncated character at the end", "中文" + "\xe4\xb8", "offset 6"},
		{"csv in latin-1", "nom,prix\ncaf\xe9,1\nth\xe9,2\n", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dir, err := receive(t, []byte(tt.data), DefaultLimits())
			if got != nil {
				t.Fatalf("accepted as %s", got.Format)
			}
			me := wantCode(t, err, models.EUNSUPPORTED)
			if !strings.Contains(me.Message, tt.message) {
				t.Errorf("message %q, want it to hold %q", me.Message, tt.message)
			}
			wantEmptyDir(t, dir)
		})
	}
}

// TestRefineZip checks that OOXML and OpenDocument files that mimetype
// reports as plain ZIP are recognised from their central directory.
func TestRefineZip(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		format string
	}{
		{"docx with a large first entry", buildZip(t,
			zipEntry{name: "[Content_Types].xml", body: strings.Repeat("<Default/>", 1000), stored: true},
			zipEntry{name: "word/document.xml", body: "<doc/>"}), TypeDOCX},
		{"xlsx with a large first entry", buildZip(t,
			zipEntry{name: "[Content_Types].xml", body: strings.Repeat("<Default/>", 1000), stored: true},
			zipEntry{name: "xl/workbook.xml", body: "<workbook/>"}), TypeXLSX},
		{"odt with an extra field", odf(t, TypeODT, true), TypeODT},
		{"ods with an extra field", odf(t, TypeODS, true), TypeODS},
		{"both word and xl parts", buildZip(t,
			zipEntry{name: "[Content_Types].xml", body: strings.Repeat("<Default/>", 1000), stored: true},
			zipEntry{name: "word/document.xml", body: "<doc/>"}, zipEntry{name: "xl/workbook.xml", body: "<w/>"}), TypeZIP},
		{"word folder without content types", buildZip(t, zipEntry{name: "a.txt", body: "a"},
			zipEntry{name: "word/document.xml", body: "<doc/>"}), TypeZIP},
		{"mimetype entry not first", buildZip(t, zipEntry{name: "a.txt", body: "a"},
			zipEntry{name: "mimetype", body: TypeODT, stored: true}), TypeZIP},
		{"epub mimetype entry with an extra field", odf(t, "application/epub+zip", true), TypeZIP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m := mimetype.Detect(tt.data); m.String() != TypeZIP {
				t.Fatalf("mimetype detects %s, want the test to be of a plain ZIP", m)
			}
			got, _, err := receive(t, tt.data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tt.format {
				t.Errorf("format %s, want %s", got.Format, tt.format)
			}
		})
	}
}

// TestAllowedClassified checks that Allowed and classify agree.
func TestAllowedClassified(t *testing.T) {
	for _, typ := range Allowed() {
		if format, k := classify(typ); k == kindRefused || format != typ {
			t.Errorf("classify(%q) = %q, %v", typ, format, k)
		}
	}
	for _, typ := range []string{"text/html", "image/svg+xml", "text/xml", "application/xml", "application/msword",
		"application/vnd.ms-excel", "application/x-ole-storage", "application/java-archive", "text/javascript"} {
		if _, k := classify(typ); k != kindRefused {
			t.Errorf("classify(%q) is allowed", typ)
		}
	}
}

// TestReceiveStagedOpen checks that the staged file stays where stage made
// it, for Keep to take.
func TestReceiveStagedOpen(t *testing.T) {
	got, dir, err := receive(t, minimalPDF(), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(got.File.Name()); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Fatalf("stage directory holds %d files, want 1", len(left))
	}
}
