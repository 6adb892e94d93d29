package models

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Bid statuses. Before the deadline a bid is submitted or withdrawn; after
// it, the buyer may disqualify it; the award makes the rest awarded or not_awarded.
const (
	BidSubmitted    = "submitted"
	BidWithdrawn    = "withdrawn"
	BidDisqualified = "disqualified"
	BidAwarded      = "awarded"
	BidNotAwarded   = "not_awarded"
)

// Limits on bid fields.
const (
	MaxProposalLength = 50000
	MaxTeamMembers    = 50
	MaxTeamField      = 100
	MaxDurationDays   = 3650
)

// TeamMember is one person a bidder proposes.
type TeamMember struct {
	Name string `bson:"name" json:"name"`
	Role string `bson:"role" json:"role"`
}

// Receipt proves what a bidder submitted and when: SHA256 is the hex SHA-256
// of the bid's canonical content and IssuedAt (see ReceiptHash).
type Receipt struct {
	SHA256   string    `bson:"sha256"`
	IssuedAt time.Time `bson:"issuedAt"`
}

// Bid is a provider's sealed offer on an opportunity.
type Bid struct {
	ID            string       `bson:"_id"`
	OpportunityID string       `bson:"opportunityId"`
	Bidder        OrgRef       `bson:"bidder"`
	Status        string       `bson:"status"`
	Version       int          `bson:"version"`
	PriceFen      int64        `bson:"priceFen"`
	DurationDays  int          `bson:"durationDays"`
	Proposal      string       `bson:"proposal"`
	Team          []TeamMember `bson:"team"`
	Receipt       Receipt      `bson:"receipt"`
	// Documents are the files attached to the bid (all current: a removed
	// one leaves the bid, and stays in its event stream), sealed with it.
	Documents   []Document     `bson:"documents,omitempty"`
	Scores      map[string]int `bson:"scores,omitempty"`
	TotalScore  *float64       `bson:"totalScore,omitempty"`
	Reason      string         `bson:"reason,omitempty"` // why it was disqualified
	SubmittedAt time.Time      `bson:"submittedAt"`
	UpdatedAt   time.Time      `bson:"updatedAt"`
}

// Active reports whether the bid still competes: not withdrawn or disqualified.
func (b *Bid) Active() bool { return b.Status != BidWithdrawn && b.Status != BidDisqualified }

// Validate trims and checks the bidder's fields.
func (b *Bid) Validate(prefix string) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{prefix + "." + field, msg}) }
	b.Proposal = strings.TrimSpace(b.Proposal)
	if b.PriceFen <= 0 || b.PriceFen > MaxBudgetFen {
		add("priceFen", "price must be a positive amount in fen within the limit")
	}
	if b.DurationDays < 1 || b.DurationDays > MaxDurationDays {
		add("durationDays", "duration must be 1 to 3650 days")
	}
	if b.Proposal == "" || utf8.RuneCountInString(b.Proposal) > MaxProposalLength {
		add("proposal", "proposal must be 1 to 50000 characters")
	}
	if len(b.Team) > MaxTeamMembers {
		add("team", "at most 50 team members")
	}
	for i := range b.Team {
		m := &b.Team[i]
		m.Name, m.Role = strings.TrimSpace(m.Name), strings.TrimSpace(m.Role)
		if m.Name == "" || utf8.RuneCountInString(m.Name) > MaxTeamField || utf8.RuneCountInString(m.Role) > MaxTeamField {
			add("team["+itoa(i)+"]", "name (1 to 100 characters) and role (up to 100) required")
		}
	}
	return errs
}

// ReceiptHash returns the hex SHA-256 over the bid's canonical content (the
// opportunity, the bidder, price, duration, proposal and team, in that
// order, then, when the bid has documents, each one's file name and
// SHA-256 in the order attached) and the time the receipt is issued, in UTC
// at millisecond precision. A bidder can recompute it from what it submitted.
func ReceiptHash(b *Bid, issuedAt time.Time) string {
	team := b.Team
	if team == nil {
		team = []TeamMember{}
	}
	var docs []ReceiptDocument
	for _, d := range b.Documents {
		docs = append(docs, ReceiptDocument{FileName: d.FileName, SHA256: d.SHA256})
	}
	canonical, err := json.Marshal(struct {
		OpportunityID string            `json:"opportunityId"`
		BidderID      string            `json:"bidderId"`
		PriceFen      int64             `json:"priceFen"`
		DurationDays  int               `json:"durationDays"`
		Proposal      string            `json:"proposal"`
		Team          []TeamMember      `json:"team"`
		Documents     []ReceiptDocument `json:"documents,omitempty"`
		IssuedAt      string            `json:"issuedAt"`
	}{b.OpportunityID, b.Bidder.ID, b.PriceFen, b.DurationDays, b.Proposal, team, docs, issuedAt.UTC().Format(eventHashTime)})
	if err != nil {
		panic(fmt.Sprintf("encoding a bid cannot fail: %v", err))
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// ReceiptDocument is what a receipt proves of a bid's document: its name and content.
type ReceiptDocument struct {
	FileName string `json:"fileName"`
	SHA256   string `json:"sha256"`
}

// IssueReceipt stamps the bid with a receipt for its current content.
func (b *Bid) IssueReceipt(now time.Time) {
	now = now.UTC().Truncate(time.Millisecond)
	b.Receipt = Receipt{SHA256: ReceiptHash(b, now), IssuedAt: now}
}

// WeightedScore returns the total of scores (criterion id → 0..100)
// weighted by the criteria's weights (which sum to 100), and an error
// naming a missing, unknown or out-of-range score.
func WeightedScore(criteria []Criterion, scores map[string]int, prefix string) (float64, []FieldError) {
	var errs []FieldError
	total := 0.0
	for _, c := range criteria {
		s, ok := scores[c.ID]
		switch {
		case !ok:
			errs = append(errs, FieldError{prefix + "." + c.ID, "a score is required for " + quote(c.Name)})
		case s < 0 || s > 100:
			errs = append(errs, FieldError{prefix + "." + c.ID, "a score must be 0 to 100"})
		default:
			total += float64(s*c.Weight) / 100
		}
	}
	for id := range scores {
		known := false
		for _, c := range criteria {
			known = known || c.ID == id
		}
		if !known {
			errs = append(errs, FieldError{prefix + "." + id, "unknown criterion"})
		}
	}
	return total, errs
}
