package api_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"market/app"
	"market/app/api"
)

func TestOCDSReleasesFollowTheLifecycle(t *testing.T) {
	m := newMarket(t)
	tick := func() { m.clock.Advance(time.Second) }
	draft := m.create(m.buyer, "government_need")
	pending := m.create(m.buyer, "government_need")
	m.ok(m.act(m.buyer, pending.ID, "submit", nil))
	tick()
	l := m.published()
	tick()
	cancelled := m.published()
	tick()
	failed := m.published()
	tick()
	const providerPrice, smePrice, cancelledPrice, failedPrice = int64(98_765_431), int64(87_654_329), int64(76_543_217), int64(65_432_173)
	bid := func(who session, id string, price int64) string {
		t.Helper()
		r := m.do("POST", "/api/v1/opportunities/"+id+"/bids", map[string]any{"priceFen": price, "durationDays": 90,
			"proposal": "方案 proposal", "team": []map[string]string{{"name": "张三", "role": "PM"}}}, who.bearer()...)
		if r.Status != 201 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
		var b bidView
		r.decode(t, &b)
		return b.ID
	}
	pBid, sBid := bid(m.provider, l.ID, providerPrice), bid(m.sme, l.ID, smePrice)
	cBid := bid(m.provider, cancelled.ID, cancelledPrice)
	fBid := bid(m.provider, failed.ID, failedPrice)
	tick()
	cur := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil))
	m.ok(m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": cur.Version, "title": "修订标题 Amended title",
		"amendmentReason": "澄清范围 clarified scope"}, m.buyer.bearer()...))
	tick()
	deadline := cur.BidDeadline.Add(48 * time.Hour)
	m.ok(m.act(m.buyer, l.ID, "extend", map[string]any{"bidDeadline": deadline.Format(time.RFC3339), "reason": "延期 more time"}))
	tick()
	m.ok(m.act(m.buyer, cancelled.ID, "cancel", map[string]string{"reason": "需求调整"}))

	names := []string{"组织 p@example.com", "组织 sme@example.com", m.provider.OrgID, m.sme.OrgID}
	needles := bidNeedles(names, []string{pBid, sBid, cBid, fBid}, []int64{providerPrice, smePrice, cancelledPrice, failedPrice})
	before := ocdsAll(t, m.env, "page=1")
	for _, r := range before {
		assertSealed(t, "release "+r.ID, r.raw, needles)
		if r.Bids != nil || r.Tender.NumberOfTenderers != nil {
			t.Errorf("release %s before the deadline has a bid section", r.ID)
		}
	}
	if _, tags := ofListing(before, l.Code); strings.Join(tags, ",") != "tender,tenderAmendment,tenderAmendment" {
		t.Fatalf("releases of the open listing: %v", tags)
	}
	if _, tags := ofListing(before, cancelled.Code); strings.Join(tags, ",") != "tender,tenderCancellation" {
		t.Fatalf("releases of the cancelled listing: %v", tags)
	}
	if len(before) != 6 {
		t.Fatalf("%d releases before the deadline, want 6 (drafts and listings under review never appear)", len(before))
	}

	// Past the deadline: close, score, award, complete.
	m.advance(15 * 24 * time.Hour)
	if got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil)); got.Status != "closed" {
		t.Fatalf("after the deadline: %s", got.Status)
	}
	tick()
	for _, b := range []string{pBid, sBid} {
		if r := m.do("PUT", "/api/v1/bids/"+b+"/scores", map[string]any{"scores": map[string]int{"c1": 80, "c2": 70}}, m.buyer.bearer()...); r.Status != 200 {
			t.Fatalf("score: %d %s", r.Status, r.Body)
		}
	}
	m.ok(m.act(m.buyer, l.ID, "award", map[string]string{"bidId": sBid, "reason": "综合得分最高"}))
	tick()
	m.ok(m.act(m.buyer, l.ID, "complete", nil))
	// The other listing fails: its only bid is disqualified.
	m.ok(m.do("GET", "/api/v1/opportunities/"+failed.ID, nil))
	tick()
	if r := m.do("POST", "/api/v1/bids/"+fBid+"/disqualify", map[string]string{"reason": "资质不符"}, m.buyer.bearer()...); r.Status != 200 {
		t.Fatalf("disqualify: %d %s", r.Status, r.Body)
	}
	tick()
	m.ok(m.act(m.buyer, failed.ID, "unsuccessful", map[string]string{"reason": "无有效投标"}))

	all := ocdsAll(t, m.env, "pageSize=2")
	if len(all) != 11 {
		t.Fatalf("%d releases, want 11", len(all))
	}
	seen := map[string]bool{}
	for i, r := range all {
		if seen[r.ID] {
			t.Fatalf("release id %s twice", r.ID)
		}
		seen[r.ID] = true
		if i > 0 && r.Date.Before(all[i-1].Date) {
			t.Errorf("release %s dated %s comes after one dated %s", r.ID, r.Date, all[i-1].Date)
		}
		if !r.Date.Before(deadline) {
			continue
		}
		// Releases dated before the deadline never carry the bids, even now.
		assertSealed(t, "release "+r.ID+" (read after the deadline)", r.raw, needles)
	}
	for _, r := range all {
		if strings.Contains(r.OCID, draft.Code) || strings.Contains(r.OCID, pending.Code) {
			t.Errorf("a listing never published has release %s", r.ID)
		}
	}
	// The cancelled listing's bids stay sealed for good.
	crels, _ := ofListing(all, cancelled.Code)
	for _, r := range crels {
		assertSealed(t, "cancelled listing's release "+r.ID, r.raw, bidNeedles(nil, []string{cBid}, []int64{cancelledPrice}))
		if r.Bids != nil {
			t.Errorf("cancelled listing's release %s has bids", r.ID)
		}
	}
	if crels[1].Tender.Status != "cancelled" {
		t.Errorf("cancellation release: tender status %s", crels[1].Tender.Status)
	}

	rels, tags := ofListing(all, l.Code)
	if got := strings.Join(tags, ","); got != "tender,tenderAmendment,tenderAmendment,tenderUpdate,award,contractTermination" {
		t.Fatalf("releases of the awarded listing: %s", got)
	}
	tender, closed, award, done := rels[0], rels[3], rels[4], rels[5]
	ocid := app.OCIDPrefix + l.Code
	for _, r := range rels {
		if r.OCID != ocid || !strings.HasPrefix(r.ID, ocid+"-") || r.Buyer.ID != m.buyer.OrgID || r.Tender.ID != l.Code {
			t.Errorf("release %s: ocid %s buyer %s tender %s", r.ID, r.OCID, r.Buyer.ID, r.Tender.ID)
		}
	}
	if tender.Tender.Status != "active" || tender.Tender.Value == nil || tender.Tender.Value.Amount != 1_200_000 ||
		tender.Tender.Value.Currency != "CNY" || tender.Tender.MinValue == nil || tender.Tender.MinValue.Amount != 500_000 {
		t.Errorf("tender release: %s", tender.raw)
	}
	if tender.Tender.AwardCriteriaDetails != "技术方案: 60%; 价格: 40%" {
		t.Errorf("award criteria details %q", tender.Tender.AwardCriteriaDetails)
	}
	if a := rels[1].Tender.Amendments; len(a) != 1 || !strings.Contains(a[0].Rationale, "澄清范围") {
		t.Errorf("amendment release: %s", rels[1].raw)
	}
	if end := rels[2].Tender.TenderPeriod.EndDate; end == nil || !end.Equal(deadline) {
		t.Errorf("extension release: tenderPeriod.endDate %v, want %s", end, deadline)
	}
	// The close carries the bids, pending evaluation.
	if closed.Bids == nil || closed.Tender.NumberOfTenderers == nil || *closed.Tender.NumberOfTenderers != 2 {
		t.Fatalf("close release without the bids: %s", closed.raw)
	}
	stats := func(r ocdsRelease) map[string]float64 {
		out := map[string]float64{}
		for _, s := range r.Bids.Statistics {
			out[s.Measure] = s.Value
		}
		return out
	}
	if s := stats(closed); s["bids"] != 2 || s["smeBids"] != 1 {
		t.Errorf("close statistics: %v", s)
	}
	prices := map[string]float64{}
	for _, d := range closed.Bids.Details {
		prices[d.ID] = d.Value.Amount
		if d.Status != "pending" || len(d.Tenderers) != 1 {
			t.Errorf("bid at close: %+v", d)
		}
	}
	if prices[pBid] != 987_654.31 || prices[sBid] != 876_543.29 {
		t.Errorf("bid values in yuan: %v", prices)
	}
	// The award names the SME's bid, and the valid bids are counted.
	if len(award.Awards) != 1 || award.Awards[0].Status != "active" || award.Awards[0].Value.Amount != 876_543.29 ||
		len(award.Awards[0].Suppliers) != 1 || award.Awards[0].Suppliers[0].ID != m.sme.OrgID || award.Tender.Status != "complete" {
		t.Errorf("award release: %s", award.raw)
	}
	if s := stats(award); s["validBids"] != 2 || s["bids"] != 2 || s["smeBids"] != 1 {
		t.Errorf("award statistics: %v", s)
	}
	roles := map[string][]string{}
	for _, p := range award.Parties {
		roles[p.ID] = p.Roles
	}
	if !slices.Contains(roles[m.buyer.OrgID], "buyer") || !slices.Contains(roles[m.sme.OrgID], "supplier") ||
		!slices.Contains(roles[m.sme.OrgID], "tenderer") || !slices.Contains(roles[m.provider.OrgID], "tenderer") {
		t.Errorf("award parties: %v", roles)
	}
	if len(done.Contracts) != 1 || done.Contracts[0].Status != "terminated" {
		t.Errorf("completion release: %s", done.raw)
	}

	// The failed listing: closed with the bid pending, then unsuccessful with it disqualified.
	frels, ftags := ofListing(all, failed.Code)
	if got := strings.Join(ftags, ","); got != "tender,tenderUpdate,tenderUpdate" {
		t.Fatalf("releases of the failed listing: %s", got)
	}
	if b := frels[1].Bids; b == nil || len(b.Details) != 1 || b.Details[0].Status != "pending" || b.Details[0].ID != fBid {
		t.Errorf("the failed listing's close: %s", frels[1].raw)
	}
	if b := frels[2].Bids; frels[2].Tender.Status != "unsuccessful" || b == nil || len(b.Details) != 1 || b.Details[0].Status != "disqualified" ||
		stats(frels[2])["disqualifiedBids"] != 1 {
		t.Errorf("the unsuccessful release: %s", frels[2].raw)
	}

	// since keeps the releases at or after an instant; pages are stable.
	later := ocdsAll(t, m.env, "since="+url.QueryEscape(closed.Date.Format(time.RFC3339Nano)))
	var want []string
	for _, r := range all {
		if !r.Date.Before(closed.Date) {
			want = append(want, r.ID)
		}
	}
	var got []string
	for _, r := range later {
		got = append(got, r.ID)
	}
	if len(want) < 3 || !slices.Equal(got, want) {
		t.Errorf("since the close: %v, want %v", got, want)
	}
	again := ocdsAll(t, m.env, "pageSize=3")
	for i := range all {
		if again[i].ID != all[i].ID {
			t.Fatalf("the order changed between reads: %s then %s at %d", all[i].ID, again[i].ID, i)
		}
	}
	if rels, next := ocdsFetch(t, m.env, "page=9"); len(rels) != 0 || next != "" {
		t.Errorf("past the last page: %d releases, next %q", len(rels), next)
	}
}

func TestOCDSReleasesValidation(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	for _, query := range []string{"since=yesterday", "since=2026-13-01T00:00:00Z", "page=0", "page=-1", "page=x", "pageSize=0", "pageSize=101"} {
		p := e.do("GET", "/api/v1/ocds/releases?"+query, nil).problem(t, 422, "validation_failed")
		if errs, _ := p["errors"].([]any); len(errs) == 0 {
			t.Errorf("%s: no field errors: %v", query, p)
		}
	}
	if rels, next := ocdsFetch(t, e, ""); len(rels) != 0 || next != "" {
		t.Errorf("an empty store: %d releases, next %q", len(rels), next)
	}
}

// The sealing walk (TestBidSealing) reads its routes from the OpenAPI
// document: the open-data routes are among them, with query strings.
func TestOpenDataRoutesAreInTheSealingWalk(t *testing.T) {
	w := &sealWorld{market: &market{env: newEnv(t, api.LoginLimits{})}}
	want := map[string]bool{"/api/v1/ocds/releases": false, "/api/v1/opportunities.csv": false, "/feeds/opportunities.atom": false}
	for _, o := range w.operations() {
		if _, ok := want[o.template]; ok && o.method == "GET" {
			want[o.template] = true
			if o.template != "/feeds/opportunities.atom" && len(sealQueries(o)) < 2 {
				t.Errorf("%s is probed without query strings", o.template)
			}
		}
	}
	for path, probed := range want {
		if !probed {
			t.Errorf("GET %s is not in the sealing walk", path)
		}
	}
}
