package api_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"market/app/store/storetest"
	"market/models"
)

// marketWithDB is newMarket with a handle on its database, so that a test
// can change a stored bid behind the application's back; it also serves
// benchmarks.
func marketWithDB(t testing.TB) (*market, storetest.DB) {
	t.Helper()
	m := newMarket(t)
	return m, m.db
}

// receiptBid is a bid as GET /bids/{id} shows it, with all the receipt's inputs.
type receiptBid struct {
	ID            string
	OpportunityID string
	Bidder        struct{ ID string }
	Version       int
	PriceFen      int64
	DurationDays  int
	Proposal      string
	Team          []models.TeamMember
	Documents     []struct{ FileName, SHA256 string }
	Receipt       struct {
		SHA256   string
		IssuedAt time.Time
	}
	SubmittedAt, UpdatedAt time.Time
}

// hash recomputes the receipt from the bid's content, as a bidder would.
func (b receiptBid) hash() string {
	bid := &models.Bid{OpportunityID: b.OpportunityID, Bidder: models.OrgRef{ID: b.Bidder.ID},
		PriceFen: b.PriceFen, DurationDays: b.DurationDays, Proposal: b.Proposal, Team: b.Team}
	for _, d := range b.Documents {
		bid.Documents = append(bid.Documents, models.Document{FileName: d.FileName, SHA256: d.SHA256})
	}
	return models.ReceiptHash(bid, b.Receipt.IssuedAt)
}

func (m *market) receiptRead(who session, id string) receiptBid {
	m.t.Helper()
	r := m.do("GET", "/api/v1/bids/"+id, nil, who.bearer()...)
	if r.Status != 200 {
		m.t.Fatalf("GET /bids/%s: %d %s", id, r.Status, r.Body)
	}
	var b receiptBid
	r.decode(m.t, &b)
	return b
}

func TestBidReceipt(t *testing.T) {
	m, db := marketWithDB(t)
	ctx := context.Background()
	l := m.published()
	m.clock.Advance(1234 * time.Millisecond) // a receipt time with milliseconds
	body := map[string]any{"priceFen": 98_765_432, "durationDays": 90,
		"proposal": "  方案：\"一网统管\" <升级> & 迁移 — phase 1\n第二段。  ",
		"team":     []map[string]string{{"name": "张工", "role": "架构师"}, {"name": "O'Brien", "role": ""}}}
	r := m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", body, m.provider.bearer()...)
	if r.Status != 201 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	var submitted receiptBid
	r.decode(t, &submitted)
	if !submitted.Receipt.IssuedAt.Equal(m.clock.Now().Truncate(time.Millisecond)) || !submitted.Receipt.IssuedAt.Equal(submitted.SubmittedAt) {
		t.Fatalf("receipt issued at %s, submitted at %s, server time %s", submitted.Receipt.IssuedAt, submitted.SubmittedAt, m.clock.Now())
	}
	if submitted.Proposal != "方案：\"一网统管\" <升级> & 迁移 — phase 1\n第二段。" {
		t.Fatalf("the proposal is stored as %q", submitted.Proposal)
	}

	// Recomputed from what GET /bids/{id} shows, and from the stored document: it matches.
	got := m.receiptRead(m.provider, submitted.ID)
	if got.Receipt != submitted.Receipt {
		t.Fatalf("the stored receipt %+v differs from the one given %+v", got.Receipt, submitted.Receipt)
	}
	if h := got.hash(); h != submitted.Receipt.SHA256 {
		t.Fatalf("receipt recomputed from GET /bids/{id}: %s, issued %s", h, submitted.Receipt.SHA256)
	}
	stored, err := db.BidByID(ctx, submitted.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h := models.ReceiptHash(stored, stored.Receipt.IssuedAt); h != stored.Receipt.SHA256 || h != submitted.Receipt.SHA256 {
		t.Fatalf("receipt recomputed from the stored bid: %s, stored %s, issued %s", h, stored.Receipt.SHA256, submitted.Receipt.SHA256)
	}

	// Each field the receipt covers breaks it when changed in the database.
	for name, change := range map[string]func(b *models.Bid){
		"price":       func(b *models.Bid) { b.PriceFen-- },
		"duration":    func(b *models.Bid) { b.DurationDays++ },
		"proposal":    func(b *models.Bid) { b.Proposal += "." },
		"team":        func(b *models.Bid) { b.Team[1].Role = "顾问" },
		"opportunity": func(b *models.Bid) { b.OpportunityID = "another" },
		"bidder":      func(b *models.Bid) { b.Bidder.ID = "another" },
		"issuedAt":    func(b *models.Bid) { b.Receipt.IssuedAt = b.Receipt.IssuedAt.Add(time.Millisecond) },
	} {
		b, err := db.BidByID(ctx, submitted.ID)
		if err != nil {
			t.Fatal(err)
		}
		change(b)
		if h := models.ReceiptHash(b, b.Receipt.IssuedAt); h == submitted.Receipt.SHA256 {
			t.Errorf("changing the %s leaves the receipt valid", name)
		}
	}
	tampered, err := db.BidByID(ctx, submitted.ID)
	if err != nil {
		t.Fatal(err)
	}
	tampered.PriceFen = 1_000
	if err := db.Restore(ctx, tampered, tampered.Version); err != nil {
		t.Fatal(err)
	}
	got = m.receiptRead(m.provider, submitted.ID)
	if got.PriceFen != 1_000 || got.Receipt.SHA256 != submitted.Receipt.SHA256 {
		t.Fatalf("the tampered bid reads as %+v", got)
	}
	if h := got.hash(); h == submitted.Receipt.SHA256 {
		t.Fatalf("the receipt still matches a bid whose price was changed in the database")
	}
	untampered := tampered
	untampered.PriceFen = 98_765_432
	if err := db.Restore(ctx, untampered, untampered.Version); err != nil {
		t.Fatal(err)
	}

	// An amendment issues a new receipt over the new content and time; the
	// old receipt no longer matches the bid.
	m.advance(time.Hour + 7*time.Millisecond) // and sign in again
	r = m.do("PATCH", "/api/v1/bids/"+submitted.ID, map[string]any{"version": 1, "priceFen": 97_000_000,
		"team": []map[string]string{{"name": "李工", "role": "项目经理"}}}, m.provider.bearer()...)
	if r.Status != 200 {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}
	var amended receiptBid
	r.decode(t, &amended)
	if amended.Receipt.SHA256 == submitted.Receipt.SHA256 || !amended.Receipt.IssuedAt.Equal(m.clock.Now().Truncate(time.Millisecond)) ||
		amended.Version != 2 || !amended.SubmittedAt.Equal(submitted.SubmittedAt) {
		t.Fatalf("amended: %+v, first %+v", amended, submitted)
	}
	got = m.receiptRead(m.provider, submitted.ID)
	if got.Receipt != amended.Receipt || got.PriceFen != 97_000_000 || got.DurationDays != 90 || len(got.Team) != 1 {
		t.Fatalf("the amended bid reads as %+v", got)
	}
	if h := got.hash(); h != amended.Receipt.SHA256 {
		t.Fatalf("the new receipt recomputed: %s, issued %s", h, amended.Receipt.SHA256)
	}
	old := got
	old.Receipt = submitted.Receipt
	if old.hash() == submitted.Receipt.SHA256 {
		t.Fatalf("the first receipt still matches the amended bid")
	}
	stored, err = db.BidByID(ctx, submitted.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h := models.ReceiptHash(stored, stored.Receipt.IssuedAt); h != amended.Receipt.SHA256 {
		t.Fatalf("the stored amended bid recomputes to %s, issued %s", h, amended.Receipt.SHA256)
	}

	// The bid's audit events hold the content each receipt was issued over.
	events, err := db.Events(ctx, models.StreamBid+submitted.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Type != "bid.submitted" || events[1].Type != "bid.amended" {
		t.Fatalf("bid events: %d", len(events))
	}
	for i, want := range []string{submitted.Receipt.SHA256, amended.Receipt.SHA256} {
		var snap models.Bid
		if err := json.Unmarshal(events[i].Snapshot, &snap); err != nil {
			t.Fatal(err)
		}
		if h := models.ReceiptHash(&snap, snap.Receipt.IssuedAt); h != want || snap.Receipt.SHA256 != want {
			t.Fatalf("event %d's snapshot recomputes to %s, receipt %s", i+1, h, want)
		}
	}
}
