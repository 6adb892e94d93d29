package api_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/app/upload"
)

// smallLimits are limits a test reaches quickly.
func smallLimits() app.DocumentLimits {
	return app.DocumentLimits{File: upload.Limits{MaxBytes: 1 << 20, MaxExpandedBytes: 4 << 20, MaxEntries: 100},
		MaxFiles: 2, MaxBidBytes: 3 << 19}
}

func TestDocumentDownloadRanges(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	content := []byte("code,district,name\n0123456789,xuhui,上海\nabcdefghij,pudong,浦东\n")
	doc, _ := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, l.Version, "data.csv", content), "opportunity")
	h := m.buyer.bearer()
	for _, c := range []struct {
		rng, want, contentRange string
		status                  int
	}{
		{"bytes=0-4", "code,", "bytes 0-4/" + strconv.Itoa(len(content)), 206},
		{"bytes=10-", string(content[10:]), fmt.Sprintf("bytes 10-%d/%d", len(content)-1, len(content)), 206},
		{"bytes=-3", string(content[len(content)-3:]), fmt.Sprintf("bytes %d-%d/%d", len(content)-3, len(content)-1, len(content)), 206},
		{"bytes=5-1000", string(content[5:]), fmt.Sprintf("bytes 5-%d/%d", len(content)-1, len(content)), 206},
		{"bytes=0-1,4-5", string(content), "", 200}, // several ranges: the whole file
		{"pages=1", string(content), "", 200},
	} {
		r := m.do("GET", doc.URL, nil, append(h, "Range", c.rng)...)
		if r.Status != c.status || string(r.Body) != c.want || r.Header.Get("Content-Range") != c.contentRange {
			t.Fatalf("Range %s: %d %q (Content-Range %q)", c.rng, r.Status, r.Body, r.Header.Get("Content-Range"))
		}
	}
	r := m.do("GET", doc.URL, nil, append(h, "Range", "bytes=1000-")...)
	r.problem(t, 416, "range_not_satisfiable")
	if r.Header.Get("Content-Range") != "bytes */"+strconv.Itoa(len(content)) {
		t.Fatalf("416 Content-Range %q", r.Header.Get("Content-Range"))
	}
	// If-Range with another ETag: the whole file; If-None-Match with this one: 304.
	if r := m.do("GET", doc.URL, nil, append(h, "Range", "bytes=0-4", "If-Range", `"other"`)...); r.Status != 200 || len(r.Body) != len(content) {
		t.Fatalf("If-Range: %d", r.Status)
	}
	if r := m.do("GET", doc.URL, nil, append(h, "If-None-Match", `"`+doc.SHA256+`"`)...); r.Status != 304 || len(r.Body) != 0 {
		t.Fatalf("If-None-Match: %d", r.Status)
	}
	if ct := m.do("GET", doc.URL, nil, h...).Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Fatalf("CSV content type %q", ct)
	}
}

func TestBadUploadsLeaveNothingBehind(t *testing.T) {
	m := newMarketOn(t, newEnvWith(t, api.LoginLimits{}, envOptions{documents: smallLimits()}))
	l := m.create(m.buyer, "government_need")
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("zeros.bin")
	_, _ = w.Write(make([]byte, 5<<20)) // expands past the 4 MiB limit
	_ = zw.Close()
	for _, c := range []struct {
		name       string
		body       []byte
		status     int
		code, file string
	}{
		{"too large", bytes.Repeat([]byte("a"), 1<<20+1), 413, "payload_too_large", "big.txt"},
		{"HTML", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), 415, "unsupported_media_type", "page.pdf"},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 415, "unsupported_media_type", "x.png"},
		{"empty", nil, 422, "validation_failed", "empty.pdf"},
		{"a path", minimalPDF("x"), 422, "validation_failed", "../../etc/passwd"},
		{"a backslash", minimalPDF("x"), 422, "validation_failed", `c:\x.pdf`},
		{"a control character", minimalPDF("x"), 422, "validation_failed", "a\x07b.pdf"},
		{"a bidirectional override", minimalPDF("x"), 422, "validation_failed", "invoice\u202efdp.exe"},
		{"a zip bomb", zipped.Bytes(), 422, "validation_failed", "archive.zip"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m.uploadListing(m.buyer, l.ID, l.Version, c.file, c.body).problem(t, c.status, c.code)
			if n, s := m.storedFiles(), m.stagedFiles(); n != 0 || s != 0 {
				t.Fatalf("%d files kept, %d staged after a refused upload", n, s)
			}
		})
	}
	// Unknown document type and language are refused by the schema.
	m.uploadListing(m.buyer, l.ID, l.Version, "a.pdf", minimalPDF("x"), "documentType", "exe").problem(t, 422, "validation_failed")
	m.uploadListing(m.buyer, l.ID, l.Version, "a.pdf", minimalPDF("x"), "language", "fr").problem(t, 422, "validation_failed")
	got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...))
	if got.Version != l.Version {
		t.Fatalf("refused uploads changed the listing to version %d", got.Version)
	}

	// The count limit: 2 current files, replacing one still works.
	_, v2 := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, l.Version, "1.pdf", minimalPDF("1")), "opportunity")
	d2, v3 := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, v2.Version, "2.pdf", minimalPDF("2")), "opportunity")
	m.uploadListing(m.buyer, l.ID, v3.Version, "3.pdf", minimalPDF("3")).problem(t, 422, "validation_failed")
	created[listingDocs](t, m.uploadListing(m.buyer, l.ID, v3.Version, "2b.pdf", minimalPDF("2b"), "replaces", d2.ID), "opportunity")

	// A bid's files together stay under the bid's limit.
	pub := m.published()
	var b bidDocs
	m.do("POST", "/api/v1/opportunities/"+pub.ID+"/bids", bidBody(90_000_000), m.provider.bearer()...).decode(t, &b)
	_, b2 := created[bidDocs](t, m.uploadBid(m.provider, b.ID, b.Version, "a.txt", bytes.Repeat([]byte("a"), 1<<20)), "bid")
	m.uploadBid(m.provider, b.ID, b2.Version, "b.txt", bytes.Repeat([]byte("b"), 1<<19+1)).problem(t, 413, "payload_too_large")
}

func TestUploadCutOffMidwayStoresNothing(t *testing.T) {
	m := newMarket(t)
	base := m.listen()
	l := m.create(m.buyer, "government_need")
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/opportunities/" + l.ID + "/documents" + uploadQuery("fileName", "cut.txt", "documentType", "other", "language", "zh", "version", strconv.Itoa(l.Version))
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n", path, m.buyer.Access, 8<<20)
	if _, err := conn.Write(bytes.Repeat([]byte("半"), 1<<20)); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close() // the client goes away with 5 MiB still to send
	deadline := time.Now().Add(10 * time.Second)
	for m.stagedFiles() != 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n, s := m.storedFiles(), m.stagedFiles(); n != 0 || s != 0 {
		t.Fatalf("a cut-off upload left %d files kept and %d staged", n, s)
	}
	got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...))
	if got.Version != l.Version {
		t.Fatalf("a cut-off upload changed the listing to version %d", got.Version)
	}
	// The server is fine and takes the next upload.
	created[listingDocs](t, m.uploadListing(m.buyer, l.ID, l.Version, "whole.txt", []byte("完整\n")), "opportunity")
}

func TestRacingUploadsOneWins(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	const n = 8
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = m.uploadListing(m.buyer, l.ID, l.Version, fmt.Sprintf("race-%d.pdf", i), minimalPDF(fmt.Sprint("race ", i))).Status
		}()
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case 201:
			won++
		case 409:
		default:
			t.Fatalf("statuses %v", statuses)
		}
	}
	got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...))
	var docs listingDocs
	m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...).decode(t, &docs)
	if won != 1 || got.Version != l.Version+1 || len(docs.Documents) != 1 || m.storedFiles() != 1 || m.stagedFiles() != 0 {
		t.Fatalf("%d uploads won (statuses %v); version %d, %d documents, %d files kept, %d staged",
			won, statuses, got.Version, len(docs.Documents), m.storedFiles(), m.stagedFiles())
	}
}

func TestIdenticalContentIsKeptOnce(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	same := minimalPDF("same")
	_, v := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, l.Version, "a.pdf", same), "opportunity")
	created[listingDocs](t, m.uploadListing(m.buyer, l.ID, v.Version, "b.pdf", same), "opportunity")
	if n := m.storedFiles(); n != 1 {
		t.Fatalf("identical content kept %d times", n)
	}
}
