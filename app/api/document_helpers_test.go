package api_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// docView is a document as the API shows it.
type docView struct {
	ID, Title, FileName, DocumentType, Language, Format, SHA256, Status, Replaces, ReplacedBy, URL string
	Size                                                                                           int64
	UploadedAt                                                                                     time.Time
}

// listingDocs is a listing with its documents.
type listingDocs struct {
	ID, Status string
	Version    int
	Documents  []docView
}

// bidDocs is a bid with its documents and receipt.
type bidDocs struct {
	ID, Status string
	Version    int
	Documents  []docView
	Receipt    struct{ SHA256 string }
}

// minimalPDF returns a small, valid PDF whose text is note.
func minimalPDF(note string) []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% " + note + "\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// sum is the hex SHA-256 of b.
func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// uploadQuery builds an upload's query string from name, value pairs.
func uploadQuery(pairs ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	return "?" + q.Encode()
}

// uploadListing posts body as a document of listing id at version.
func (m *market) uploadListing(who session, id string, version int, name string, body []byte, extra ...string) *response {
	m.t.Helper()
	q := append([]string{"fileName", name, "documentType", "technicalSpecifications", "language", "zh", "version", strconv.Itoa(version)}, extra...)
	return m.do("POST", "/api/v1/opportunities/"+id+"/documents"+uploadQuery(q...), body, who.bearer()...)
}

// uploadBid posts body as a document of bid id at version.
func (m *market) uploadBid(who session, id string, version int, name string, body []byte) *response {
	m.t.Helper()
	q := uploadQuery("fileName", name, "documentType", "technicalProposal", "language", "zh", "version", strconv.Itoa(version))
	return m.do("POST", "/api/v1/bids/"+id+"/documents"+q, body, who.bearer()...)
}

// created decodes a 201 upload answer into its document and its listing or bid (into into).
func created[T any](t testing.TB, r *response, key string) (docView, T) {
	t.Helper()
	if r.Status != 201 && r.Status != 200 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	var out struct {
		Document    docView
		Opportunity T
		Bid         T
	}
	r.decode(t, &out)
	if key == "bid" {
		return out.Document, out.Bid
	}
	return out.Document, out.Opportunity
}

// storedFiles counts the content files kept (leaving out staged uploads).
func (e *env) storedFiles() int {
	e.t.Helper()
	n := 0
	err := filepath.WalkDir(e.files, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "tmp" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// stagedFiles counts the uploads still staged.
func (e *env) stagedFiles() int {
	e.t.Helper()
	entries, err := filepath.Glob(filepath.Join(e.files, "tmp", "*"))
	if err != nil {
		e.t.Fatal(err)
	}
	return len(entries)
}

// mustNotMention fails if body mentions any of secrets.
func mustNotMention(t testing.TB, where string, body []byte, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(string(body), s) {
			t.Fatalf("%s reveals %q: %s", where, s, body)
		}
	}
}
