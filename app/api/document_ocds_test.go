package api_test

import (
	"strings"
	"testing"
	"time"
)

// TestOCDSCarriesDocuments checks the tender documents in the releases
// (every version, with a link and the hash) and the bid documents only in
// releases after the deadline, all validating against OCDS 1.1 with the
// bid extension.
func TestOCDSCarriesDocuments(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	spec := minimalPDF("ocds spec")
	doc, _ := created[listingDocs](t, m.uploadListing(m.buyer, l.ID, l.Version, "规范.pdf", spec, "title", "技术规范"), "opportunity")
	m.ok(m.act(m.buyer, l.ID, "submit", nil))
	pub := m.ok(m.act(m.op, l.ID, "approve", nil))
	var b bidDocs
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(90_000_000), m.provider.bearer()...).decode(t, &b)
	proposal := minimalPDF("ocds proposal")
	bdoc, _ := created[bidDocs](t, m.uploadBid(m.provider, b.ID, b.Version, "方案.pdf", proposal), "bid")
	created[listingDocs](t, m.uploadListing(m.buyer, l.ID, pub.Version, "规范2.pdf", minimalPDF("v2"), "replaces", doc.ID, "amendmentReason", "更新"), "opportunity")

	rels, tags := ofListing(ocdsAll(t, m.env, "pageSize=100"), l.Code)
	last := ""
	for i, tag := range tags {
		if tag == "tenderAmendment" {
			last = rels[i].raw
		}
	}
	if len(rels) != 2 || last == "" {
		t.Fatalf("releases tagged %v", tags)
	}
	for _, want := range []string{`"documents":[`, `"documentType":"technicalSpecifications"`, "SHA-256 " + doc.SHA256,
		"superseded by", `/api/v1/opportunities/` + l.ID + `/documents/` + doc.ID, `"format":"application/pdf"`, `"language":"zh"`} {
		if !strings.Contains(last, want) {
			t.Fatalf("the amendment's release lacks %s: %s", want, last)
		}
	}
	for _, r := range rels {
		assertSealed(t, "release "+r.ID, r.raw, []string{bdoc.SHA256, bdoc.ID, "方案.pdf"})
	}

	m.advance(11 * 24 * time.Hour)
	m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil)) // closes it
	rels, tags = ofListing(ocdsAll(t, m.env, "pageSize=100"), l.Code)
	var closed ocdsRelease
	for i, tag := range tags {
		if tag == "tenderUpdate" {
			closed = rels[i]
		}
	}
	if closed.Bids == nil || !strings.Contains(closed.raw, bdoc.SHA256) || !strings.Contains(closed.raw, `"documentType":"technicalProposal"`) {
		t.Fatalf("the close's release lacks the bid's document: %s", closed.raw)
	}
	if strings.Contains(closed.raw, "/api/v1/bids/") {
		t.Fatalf("a bid document is linked for download in open data: %s", closed.raw)
	}
}
