package api_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"market/models"
)

func TestListingDocumentsFromDraftToAmendment(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	spec := minimalPDF("技术规范 v1")
	name := "技术规范 第1版.pdf"
	doc, got := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, l.Version, name, spec, "title", "技术规范"), "opportunity")
	if doc.SHA256 != sum(spec) || doc.Size != int64(len(spec)) || doc.Format != "application/pdf" || doc.Status != "current" ||
		doc.FileName != name || doc.Title != "技术规范" || doc.URL != "/api/v1/opportunities/"+l.ID+"/documents/"+doc.ID {
		t.Fatalf("document: %+v", doc)
	}
	if got.Version != l.Version+1 || len(got.Documents) != 1 {
		t.Fatalf("listing after the upload: %+v", got)
	}
	// A draft's documents follow the draft: nobody else learns of them.
	m.do("GET", doc.URL, nil).problem(t, 404, "not_found")
	m.do("GET", doc.URL, nil, m.provider.bearer()...).problem(t, 404, "not_found")
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/documents", nil, m.provider.bearer()...).problem(t, 404, "not_found")
	m.uploadListing(m.provider, l.ID, got.Version, "x.pdf", spec).problem(t, 404, "not_found")
	if r := m.do("GET", doc.URL, nil, m.op.bearer()...); r.Status != 200 || string(r.Body) != string(spec) {
		t.Fatalf("operator's download: %d", r.Status)
	}
	// The version is checked: a stale one is a conflict that stores nothing.
	before := m.storedFiles()
	m.uploadListing(m.buyer, l.ID, l.Version, "other.pdf", minimalPDF("stale")).problem(t, 409, "conflict")
	if n := m.storedFiles(); n != before {
		t.Fatalf("a refused upload left %d files, had %d", n, before)
	}

	m.ok(m.act(m.buyer, l.ID, "submit", nil))
	// Under review the listing's documents are frozen, as its fields are.
	pending := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...))
	m.uploadListing(m.buyer, l.ID, pending.Version, "late.pdf", spec).problem(t, 409, "invalid_state")
	pub := m.ok(m.act(m.op, l.ID, "approve", nil))

	// Published: anyone downloads, the exact bytes, as an attachment keeping the Chinese name.
	r := m.do("GET", doc.URL, nil)
	if r.Status != 200 || string(r.Body) != string(spec) {
		t.Fatalf("anonymous download: %d", r.Status)
	}
	cd := r.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''%E6%8A%80%E6%9C%AF%E8%A7%84%E8%8C%83%20%E7%AC%AC1%E7%89%88.pdf") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Type") != "application/pdf" ||
		r.Header.Get("ETag") != `"`+doc.SHA256+`"` {
		t.Fatalf("download headers: %v", r.Header)
	}

	// A bidder, to be told of amendments.
	bid := m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(90_000_000), m.provider.bearer()...)
	if bid.Status != 201 {
		t.Fatalf("bid: %d %s", bid.Status, bid.Body)
	}

	// While published a change of documents is an amendment: a reason is required.
	spec2 := minimalPDF("技术规范 v2")
	m.uploadListing(m.buyer, l.ID, pub.Version, "技术规范 第2版.pdf", spec2, "replaces", doc.ID).problem(t, 422, "validation_failed")
	doc2, amended := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, pub.Version, "技术规范 第2版.pdf", spec2,
		"replaces", doc.ID, "amendmentReason", "补充接口要求"), "opportunity")
	if amended.Version != pub.Version+1 || doc2.Replaces != doc.ID || len(amended.Documents) != 2 {
		t.Fatalf("amended: %+v, new document %+v", amended, doc2)
	}
	old := amended.Documents[0]
	if old.ID != doc.ID || old.Status != "superseded" || old.ReplacedBy != doc2.ID {
		t.Fatalf("the replaced version: %+v", old)
	}
	// The superseded version stays downloadable.
	if r := m.do("GET", old.URL, nil); r.Status != 200 || string(r.Body) != string(spec) {
		t.Fatalf("superseded download: %d", r.Status)
	}
	// A superseded version cannot be replaced again.
	m.uploadListing(m.buyer, l.ID, amended.Version, "x.pdf", spec2, "replaces", doc.ID, "amendmentReason", "x").problem(t, 422, "validation_failed")

	// The history records the amendment with the file's full hash, in the hash chain.
	var hist struct {
		Items []historyItem
	}
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/history", nil).decode(t, &hist)
	last := hist.Items[len(hist.Items)-1]
	if last.Type != "opportunity.amended" || !strings.Contains(last.Summary, "补充接口要求") ||
		len(last.Changes) != 1 || last.Changes[0].Field != "documents" || !strings.Contains(last.Changes[0].After, doc2.SHA256) ||
		!strings.Contains(last.Changes[0].Before, doc.SHA256) {
		t.Fatalf("history: %+v", last)
	}
	// The bidder is notified.
	var notes struct {
		Items []struct{ Type, Summary string }
	}
	m.do("GET", "/api/v1/me/notifications", nil, m.provider.bearer()...).decode(t, &notes)
	if len(notes.Items) == 0 || notes.Items[0].Type != "opportunity.amended" || !strings.Contains(notes.Items[0].Summary, "补充接口要求") {
		t.Fatalf("bidder's notifications: %+v", notes.Items)
	}

	// Removal while published: by amendment; the document stays listed as removed.
	path := "/api/v1/opportunities/" + l.ID + "/documents/" + doc2.ID + "?version=" + strconv.Itoa(amended.Version)
	m.do("DELETE", path, nil, m.buyer.bearer()...).problem(t, 422, "validation_failed")
	m.do("DELETE", path+"&amendmentReason=%E6%92%A4%E5%9B%9E", nil, m.provider.bearer()...).problem(t, 403, "forbidden")
	rm, after := created[listingDocs](t, m.do("DELETE", path+"&amendmentReason=%E6%92%A4%E5%9B%9E", nil, m.buyer.bearer()...), "opportunity")
	if rm.Status != "removed" || len(after.Documents) != 2 || after.Documents[1].Status != "removed" {
		t.Fatalf("removed: %+v, listing %+v", rm, after)
	}
	m.do("DELETE", "/api/v1/opportunities/"+l.ID+"/documents/"+doc2.ID+"?version="+strconv.Itoa(after.Version)+"&amendmentReason=x",
		nil, m.buyer.bearer()...).problem(t, 409, "invalid_state")
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/documents/nope", nil).problem(t, 404, "not_found")

	// An amendment keeps the 3-day rule.
	m.advance(8 * 24 * time.Hour)
	cur := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...))
	p := m.uploadListing(m.buyer, l.ID, cur.Version, "late.pdf", spec2, "amendmentReason", "x").problem(t, 422, "validation_failed")
	if !strings.Contains(fmt.Sprint(p), "3 days") {
		t.Fatalf("3-day rule: %v", p)
	}
}

func TestDraftDocumentRemovalLeavesTheList(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	doc, got := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, l.Version, "notes.txt", []byte("需求说明：第一稿\n")), "opportunity")
	if doc.Format != "text/plain" {
		t.Fatalf("format %q", doc.Format)
	}
	path := "/api/v1/opportunities/" + l.ID + "/documents/" + doc.ID + "?version=" + strconv.Itoa(got.Version)
	rm, after := created[listingDocs](t, m.do("DELETE", path, nil, m.buyer.bearer()...), "opportunity")
	if rm.Status != "removed" || len(after.Documents) != 0 || after.Version != got.Version+1 {
		t.Fatalf("removed from a draft: %+v, listing %+v", rm, after)
	}
	m.do("GET", doc.URL, nil, m.buyer.bearer()...).problem(t, 404, "not_found")
}

// historyItem is one history entry as the tests read it.
type historyItem struct {
	Type, Summary, Hash string
	Changes             []struct{ Field, Before, After string }
}

// TestDocumentAmendmentReachesFollowers: a follower hears of a document
// added to a published listing, with the file's hash, by notification and email.
func TestDocumentAmendmentReachesFollowers(t *testing.T) {
	w := newAlertWorld(t)
	l := w.listingWith(w.buyer, "government_need", nil)
	if r := w.do("POST", "/api/v1/opportunities/"+l.ID+"/follow", nil, w.sme.bearer()...); r.Status != 204 {
		t.Fatalf("follow: %d %s", r.Status, r.Body)
	}
	content := minimalPDF("follow me")
	cur := w.ok(w.do("GET", "/api/v1/opportunities/"+l.ID, nil, w.buyer.bearer()...))
	created[listingDocs](t, w.uploadListing(w.buyer, l.ID, cur.Version, "补充说明.pdf", content, "documentType", "clarifications",
		"amendmentReason", "补充澄清文件"), "opportunity")
	w.deliver()
	notes := w.notes(w.sme, models.NoticeFollowedChange)
	if len(notes) != 1 || len(notes[0].Changes) != 1 || notes[0].Changes[0].Field != "documents" ||
		!strings.Contains(notes[0].Changes[0].After, sum(content)) {
		t.Fatalf("the follower's notifications: %+v", notes)
	}
	// The email names the file; its times say their zone.
	deadline := cur.BidDeadline.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04")
	if mails := w.emails(); len(mails) != 1 || !strings.Contains(mails[0].Body, "补充说明.pdf") ||
		!strings.Contains(mails[0].Body, deadline+" 北京时间（UTC+8）") || !strings.Contains(mails[0].Body, deadline+" China Standard Time (UTC+8)") {
		t.Fatalf("emails %+v", mails)
	}
}
