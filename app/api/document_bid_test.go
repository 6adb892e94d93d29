package api_test

import (
	"strconv"
	"testing"
	"time"
)

// TestBidDocumentsAreSealed walks every path a bid document could show on
// before the deadline (the bid, the listing, its history, its documents,
// the OCDS releases, the feed, notifications, the buyer's and another
// bidder's views) and then checks what the deadline opens.
func TestBidDocumentsAreSealed(t *testing.T) {
	m := newMarket(t)
	l := m.published()
	other := m.register("p2@example.com", "enterprise", false)
	m.do("POST", "/api/v1/admin/organizations/"+other.OrgID+"/verify", nil, m.op.bearer()...)
	var b bidDocs
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(90_000_000), m.provider.bearer()...).decode(t, &b)
	first := b.Receipt.SHA256

	proposal := minimalPDF("绝密技术方案 sealed proposal")
	name := "投标技术方案-机密.pdf"
	// Whoever may not read the bid gets the bid's own answer, before the body is read.
	m.uploadBid(m.buyer, b.ID, b.Version, name, proposal).problem(t, 403, "sealed")
	m.uploadBid(other, b.ID, b.Version, name, proposal).problem(t, 404, "not_found")
	m.do("POST", "/api/v1/bids/"+b.ID+"/documents"+uploadQuery("fileName", name, "documentType", "technicalProposal", "language", "zh", "version", "1"), proposal).problem(t, 401, "unauthenticated")
	doc, bid := created[bidDocs](t, m.uploadBid(m.provider, b.ID, b.Version, name, proposal), "bid")
	if doc.SHA256 != sum(proposal) || bid.Version != b.Version+1 || len(bid.Documents) != 1 || bid.Receipt.SHA256 == first {
		t.Fatalf("bid document: %+v, bid %+v", doc, bid)
	}
	// The receipt proves the file: a bidder recomputes it from what it sent.
	rb := m.receiptRead(m.provider, b.ID)
	if len(rb.Documents) != 1 || rb.hash() != rb.Receipt.SHA256 {
		t.Fatalf("the receipt %s does not cover the documents: recomputed %s", rb.Receipt.SHA256, rb.hash())
	}
	if r := m.do("GET", doc.URL, nil, m.provider.bearer()...); r.Status != 200 || string(r.Body) != string(proposal) {
		t.Fatalf("the bidder's download: %d", r.Status)
	}

	// Before the deadline: nothing anywhere names the file, its hash or its size.
	secrets := []string{doc.SHA256, "投标技术方案", doc.ID}
	for _, who := range []struct {
		name string
		h    []string
	}{{"anonymous", nil}, {"buyer", m.buyer.bearer()}, {"other bidder", other.bearer()}, {"operator", m.op.bearer()}} {
		for _, path := range []string{"/api/v1/opportunities/" + l.ID, "/api/v1/opportunities/" + l.ID + "/history",
			"/api/v1/opportunities/" + l.ID + "/documents", "/api/v1/ocds/releases", "/feeds/opportunities.atom",
			"/api/v1/me/notifications", "/api/v1/me/bids", "/api/v1/opportunities/" + l.ID + "/bids", "/api/v1/bids/" + b.ID} {
			r := m.do("GET", path, nil, who.h...)
			mustNotMention(t, who.name+" GET "+path, r.Body, secrets...)
		}
	}
	// A download asked for by anyone but the bidder gets the answer the bid
	// gets, whether or not the document exists.
	for _, id := range []string{doc.ID, "no-such-document"} {
		path := "/api/v1/bids/" + b.ID + "/documents/" + id
		m.do("GET", path, nil, m.buyer.bearer()...).problem(t, 403, "sealed")
		m.do("GET", path, nil, m.op.bearer()...).problem(t, 403, "sealed")
		m.do("GET", path, nil, other.bearer()...).problem(t, 404, "not_found")
		m.do("GET", path, nil).problem(t, 401, "unauthenticated")
	}
	m.do("DELETE", "/api/v1/bids/"+b.ID+"/documents/"+doc.ID+"?version="+strconv.Itoa(bid.Version), nil, m.buyer.bearer()...).problem(t, 403, "sealed")

	// A second file, then removing it: a new receipt each time.
	extra := []byte("资质证书编号 001\n")
	doc2, bid2 := created[bidDocs](t, m.uploadBid(m.provider, b.ID, bid.Version, "资质.txt", extra), "bid")
	rm, bid3 := created[bidDocs](t, m.do("DELETE", "/api/v1/bids/"+b.ID+"/documents/"+doc2.ID+"?version="+strconv.Itoa(bid2.Version), nil,
		m.provider.bearer()...), "bid")
	if rm.Status != "removed" || len(bid3.Documents) != 1 || bid3.Receipt.SHA256 == bid2.Receipt.SHA256 {
		t.Fatalf("after removal: %+v, %+v", rm, bid3)
	}

	// After the deadline: no more changes; the buyer and operators download and evaluate.
	m.advance(11 * 24 * time.Hour)
	other = m.login(other.Email, "correct horse battery")
	m.uploadBid(m.provider, b.ID, bid3.Version, "late.pdf", proposal).problem(t, 409, "deadline_passed")
	for _, who := range []session{m.buyer, m.op} {
		if r := m.do("GET", doc.URL, nil, who.bearer()...); r.Status != 200 || string(r.Body) != string(proposal) {
			t.Fatalf("download after the deadline: %d %s", r.Status, r.Body)
		}
	}
	m.do("GET", doc.URL, nil, other.bearer()...).problem(t, 404, "not_found")
	var evaluation struct{ Items []bidDocs }
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/bids", nil, m.buyer.bearer()...).decode(t, &evaluation)
	if len(evaluation.Items) != 1 || len(evaluation.Items[0].Documents) != 1 || evaluation.Items[0].Documents[0].SHA256 != doc.SHA256 {
		t.Fatalf("the evaluation view: %+v", evaluation.Items)
	}
}

func TestWithdrawnBidDocumentsLeaveTheEvaluation(t *testing.T) {
	m := newMarket(t)
	l := m.published()
	var b bidDocs
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(90_000_000), m.provider.bearer()...).decode(t, &b)
	doc, _ := created[bidDocs](t, m.uploadBid(m.provider, b.ID, b.Version, "方案.pdf", minimalPDF("withdrawn")), "bid")
	if r := m.do("POST", "/api/v1/bids/"+b.ID+"/withdraw", nil, m.provider.bearer()...); r.Status != 200 {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	m.advance(11 * 24 * time.Hour)
	m.do("GET", doc.URL, nil, m.buyer.bearer()...).problem(t, 409, "invalid_state")
	if r := m.do("GET", doc.URL, nil, m.provider.bearer()...); r.Status != 200 {
		t.Fatalf("the bidder keeps its file: %d", r.Status)
	}
}
