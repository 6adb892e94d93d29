package models_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"market/models"
)

// TestReceiptHashCanonicalForm pins the receipt's canonical form, so that a
// bidder can recompute it without this code: SHA-256 over the compact JSON
// of the fields below, in this order, with issuedAt in UTC at milliseconds.
func TestReceiptHashCanonicalForm(t *testing.T) {
	b := &models.Bid{OpportunityID: "opp1", Bidder: models.OrgRef{ID: "org1", Name: "not covered"}, PriceFen: 12_345,
		DurationDays: 30, Proposal: "方案 plan", Team: []models.TeamMember{{Name: "张工", Role: "架构师"}}, Status: "not covered"}
	at := time.Date(2026, 3, 4, 13, 4, 5, 678_900_000, time.FixedZone("CST", 8*3600))
	canonical := `{"opportunityId":"opp1","bidderId":"org1","priceFen":12345,"durationDays":30,"proposal":"方案 plan",` +
		`"team":[{"name":"张工","role":"架构师"}],"issuedAt":"2026-03-04T05:04:05.678Z"}`
	sum := sha256.Sum256([]byte(canonical))
	if got, want := models.ReceiptHash(b, at), hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("ReceiptHash = %s, want the SHA-256 of %s = %s", got, canonical, want)
	}
}

func TestReceiptHashCoversContentAndTime(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 4, 5, 678_000_000, time.UTC)
	base := func() *models.Bid {
		return &models.Bid{OpportunityID: "opp1", Bidder: models.OrgRef{ID: "org1"}, PriceFen: 100, DurationDays: 30,
			Proposal: "p", Team: []models.TeamMember{{Name: "a", Role: "b"}}}
	}
	want := models.ReceiptHash(base(), at)
	for name, change := range map[string]func(*models.Bid){
		"opportunity": func(b *models.Bid) { b.OpportunityID = "opp2" },
		"bidder":      func(b *models.Bid) { b.Bidder.ID = "org2" },
		"price":       func(b *models.Bid) { b.PriceFen++ },
		"duration":    func(b *models.Bid) { b.DurationDays++ },
		"proposal":    func(b *models.Bid) { b.Proposal += " " },
		"team name":   func(b *models.Bid) { b.Team[0].Name = "c" },
		"team role":   func(b *models.Bid) { b.Team[0].Role = "" },
		"team order":  func(b *models.Bid) { b.Team = append([]models.TeamMember{{Name: "z"}}, b.Team...) },
		"no team":     func(b *models.Bid) { b.Team = nil },
	} {
		b := base()
		change(b)
		if models.ReceiptHash(b, at) == want {
			t.Errorf("changing the %s keeps the receipt", name)
		}
	}
	if models.ReceiptHash(base(), at.Add(time.Millisecond)) == want {
		t.Error("another millisecond keeps the receipt")
	}
	// Below the millisecond, and the time zone, do not count: the database keeps milliseconds in UTC.
	if models.ReceiptHash(base(), at.Add(999*time.Microsecond).In(time.FixedZone("X", -5*3600))) != want {
		t.Error("the receipt depends on sub-millisecond time or the time zone")
	}
	// Status, scores and names of the bidder are not part of the offer.
	b := base()
	b.Status, b.Bidder.Name, b.Version = models.BidWithdrawn, "renamed", 7
	if models.ReceiptHash(b, at) != want {
		t.Error("the receipt depends on fields outside the offer")
	}
	// A nil team hashes as an empty one.
	b, c := base(), base()
	b.Team, c.Team = nil, []models.TeamMember{}
	if models.ReceiptHash(b, at) != models.ReceiptHash(c, at) {
		t.Error("a nil team and an empty team give different receipts")
	}
}

func TestIssueReceipt(t *testing.T) {
	b := &models.Bid{OpportunityID: "opp1", Bidder: models.OrgRef{ID: "org1"}, PriceFen: 100, DurationDays: 30, Proposal: "p"}
	now := time.Date(2026, 3, 4, 13, 4, 5, 678_912_345, time.FixedZone("CST", 8*3600))
	b.IssueReceipt(now)
	wantAt := time.Date(2026, 3, 4, 5, 4, 5, 678_000_000, time.UTC)
	if !b.Receipt.IssuedAt.Equal(wantAt) || b.Receipt.IssuedAt.Location() != time.UTC {
		t.Fatalf("issued at %s, want %s", b.Receipt.IssuedAt, wantAt)
	}
	if b.Receipt.SHA256 != models.ReceiptHash(b, b.Receipt.IssuedAt) || len(b.Receipt.SHA256) != 64 {
		t.Fatalf("receipt %s does not recompute", b.Receipt.SHA256)
	}
}
