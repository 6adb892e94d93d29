package api_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Atom 1.0 (RFC 4287) as a reader sees it: the elements in the Atom namespace.
type atomFeedDoc struct {
	XMLName xml.Name       `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string         `xml:"http://www.w3.org/2005/Atom id"`
	Title   string         `xml:"http://www.w3.org/2005/Atom title"`
	Updated string         `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []atomLinkDoc  `xml:"http://www.w3.org/2005/Atom link"`
	Author  []atomAuthor   `xml:"http://www.w3.org/2005/Atom author"`
	Entries []atomEntryDoc `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomLinkDoc struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr"`
}

type atomAuthor struct {
	Name string `xml:"http://www.w3.org/2005/Atom name"`
}

type atomEntryDoc struct {
	ID        string        `xml:"http://www.w3.org/2005/Atom id"`
	Title     string        `xml:"http://www.w3.org/2005/Atom title"`
	Updated   string        `xml:"http://www.w3.org/2005/Atom updated"`
	Published string        `xml:"http://www.w3.org/2005/Atom published"`
	Links     []atomLinkDoc `xml:"http://www.w3.org/2005/Atom link"`
	Author    []atomAuthor  `xml:"http://www.w3.org/2005/Atom author"`
	Summary   string        `xml:"http://www.w3.org/2005/Atom summary"`
}

// rfc3339 reports whether s is an RFC 3339 date-time, as Atom requires.
func rfc3339(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil }

func TestAtomFeedOfNewListings(t *testing.T) {
	w := newWorld(t)
	r := w.do("GET", "/feeds/opportunities.atom", nil)
	if r.Status != 200 {
		t.Fatalf("GET /feeds/opportunities.atom: %d %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Fatalf("content type %q (the single-page application must not answer this path)", ct)
	}
	for _, path := range []string{"/feeds/opportunities.atom", "/api/v1/opportunities.csv", "/api/v1/ocds/releases"} {
		h := w.do("GET", path, nil).Header
		if h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
			t.Errorf("%s: open data must be readable from other sites: CORS %q, CORP %q", path,
				h.Get("Access-Control-Allow-Origin"), h.Get("Cross-Origin-Resource-Policy"))
		}
	}
	var feed atomFeedDoc
	if err := xml.Unmarshal(r.Body, &feed); err != nil {
		t.Fatalf("the feed is not Atom XML: %v\n%s", err, r.Body)
	}
	self := ""
	for _, l := range feed.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if feed.ID == "" || feed.Title == "" || !rfc3339(feed.Updated) || self != "http://example.com/feeds/opportunities.atom" ||
		len(feed.Author) == 0 || feed.Author[0].Name == "" {
		t.Fatalf("feed metadata: id %q title %q updated %q self %q authors %v", feed.ID, feed.Title, feed.Updated, self, feed.Author)
	}
	// Published listings only, newest first.
	want := []listing{w.L5, w.L4, w.L3, w.L2, w.L1}
	if len(feed.Entries) != len(want) {
		t.Fatalf("%d entries, want the %d published listings:\n%s", len(feed.Entries), len(want), r.Body)
	}
	ids := map[string]bool{}
	for i, e := range feed.Entries {
		href := "http://example.com/opportunities/" + want[i].ID
		alternate := ""
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				alternate = l.Href
			}
		}
		if e.ID != href || alternate != href || !rfc3339(e.Updated) || !rfc3339(e.Published) || !strings.Contains(e.Summary, "+08:00") ||
			!strings.Contains(e.Title, want[i].Code) || len(e.Author) == 0 || e.Author[0].Name == "" {
			t.Errorf("entry %d: %+v, want %s (%s)", i, e, want[i].Code, href)
		}
		if ids[e.ID] {
			t.Errorf("entry id %s twice", e.ID)
		}
		ids[e.ID] = true
		if i > 0 && e.Published > feed.Entries[i-1].Published {
			t.Errorf("entry %d published %s after entry %d (%s): not newest first", i, e.Published, i-1, feed.Entries[i-1].Published)
		}
	}
	// Markup in a title is text: escaped on the wire, intact once parsed.
	if !strings.HasSuffix(feed.Entries[0].Title, "Elderly care platform <b>beta</b> & more 智慧养老") {
		t.Errorf("L5 title %q", feed.Entries[0].Title)
	}
	if bytes.Contains(r.Body, []byte("<b>beta")) || bytes.Contains(r.Body, []byte("智慧城市 机密草稿")) {
		t.Errorf("the feed carries raw markup or a draft:\n%s", r.Body)
	}
	if !strings.Contains(feed.Entries[4].Title, "浦东新区智慧城市运行管理平台") {
		t.Errorf("Chinese title: %q", feed.Entries[4].Title)
	}
	feedparserCheck(t, r.Body, len(want))
}

// feedparserCheck also parses the feed with Python's feedparser when it is
// installed; the Go check above is the one that counts.
func feedparserCheck(t *testing.T, body []byte, entries int) {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(python, "-c", "import feedparser").Run()
	}
	if err != nil {
		t.Logf("feedparser check not run: python3 with feedparser is not installed (%v); the encoding/xml check above ran", err)
		return
	}
	path := filepath.Join(t.TempDir(), "feed.atom")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import sys, feedparser
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.bozo_exception
assert d.version == "atom10", d.version
assert len(d.entries) == int(sys.argv[2]), len(d.entries)
for e in d.entries:
    assert e.id and e.title and e.link and e.updated and e.published and e.summary, e
print("ok")`
	out, err := exec.Command(python, "-c", script, path, strconv.Itoa(entries)).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok") {
		t.Errorf("feedparser rejects the feed: %v\n%s", err, out)
	}
}
