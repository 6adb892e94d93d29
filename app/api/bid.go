package api

import (
	"time"

	"market/app"
	"market/models"
)

// receiptBody proves what was submitted and when.
type receiptBody struct {
	SHA256   string    `json:"sha256" doc:"Hex SHA-256 over the canonical bid content and issuedAt"`
	IssuedAt time.Time `json:"issuedAt"`
}

// teamMemberBody is one proposed team member.
type teamMemberBody struct {
	Name string `json:"name" minLength:"1" maxLength:"100"`
	Role string `json:"role" maxLength:"100"`
}

// bidBody is a bid as the API shows it (to those who may read it).
type bidBody struct {
	ID            string           `json:"id"`
	OpportunityID string           `json:"opportunityId"`
	Bidder        orgRefBody       `json:"bidder"`
	Status        string           `json:"status" enum:"submitted,withdrawn,disqualified,awarded,not_awarded"`
	Version       int              `json:"version"`
	PriceFen      int64            `json:"priceFen"`
	DurationDays  int              `json:"durationDays"`
	Proposal      string           `json:"proposal"`
	Team          []teamMemberBody `json:"team"`
	Receipt       receiptBody      `json:"receipt"`
	Documents     []documentBody   `json:"documents" doc:"The bid's files; the receipt covers their SHA-256"`
	Scores        map[string]int   `json:"scores,omitempty" doc:"Criterion id → score 0..100"`
	TotalScore    *float64         `json:"totalScore,omitempty" doc:"Scores weighted by the criteria's weights"`
	Reason        string           `json:"reason,omitempty" doc:"Why it was disqualified"`
	SubmittedAt   time.Time        `json:"submittedAt"`
	UpdatedAt     time.Time        `json:"updatedAt"`
}

func newBidBody(b *models.Bid) *bidBody {
	out := &bidBody{
		ID: b.ID, OpportunityID: b.OpportunityID, Bidder: orgRefBody(b.Bidder), Status: b.Status, Version: b.Version,
		PriceFen: b.PriceFen, DurationDays: b.DurationDays, Proposal: b.Proposal, Team: []teamMemberBody{},
		Receipt:   receiptBody{SHA256: b.Receipt.SHA256, IssuedAt: b.Receipt.IssuedAt},
		Documents: documentBodies(b.Documents, bidDocumentsPath(b.ID)),
		Scores:    b.Scores, TotalScore: b.TotalScore, Reason: b.Reason, SubmittedAt: b.SubmittedAt, UpdatedAt: b.UpdatedAt,
	}
	for _, m := range b.Team {
		out.Team = append(out.Team, teamMemberBody(m))
	}
	return out
}

// BidFields are the fields a bidder sets; absent ones are kept on amendment.
// Exported so that Huma flattens it into the bodies that embed it.
type BidFields struct {
	PriceFen     *int64            `json:"priceFen,omitempty" minimum:"1" doc:"Price in fen"`
	DurationDays *int              `json:"durationDays,omitempty" minimum:"1" maximum:"3650"`
	Proposal     *string           `json:"proposal,omitempty" maxLength:"50000"`
	Team         *[]teamMemberBody `json:"team,omitempty" maxItems:"50"`
}

func (f *BidFields) input() app.BidInput {
	in := app.BidInput{PriceFen: f.PriceFen, DurationDays: f.DurationDays, Proposal: f.Proposal}
	if f.Team != nil {
		team := make([]models.TeamMember, len(*f.Team))
		for i, m := range *f.Team {
			team[i] = models.TeamMember(m)
		}
		in.Team = &team
	}
	return in
}

// notificationBody is one notification.
type notificationBody struct {
	ID               string          `json:"id"`
	Type             string          `json:"type" enum:"opportunity.amended,opportunity.extended,opportunity.cancelled,opportunity.deadline_passed,bid.won,bid.not_won,saved_search.match,follow.change"`
	OpportunityID    string          `json:"opportunityId"`
	OpportunityCode  string          `json:"opportunityCode"`
	OpportunityTitle string          `json:"opportunityTitle"`
	Summary          string          `json:"summary"`
	Changes          []models.Change `json:"changes"`
	Read             bool            `json:"read"`
	CreatedAt        time.Time       `json:"createdAt"`
}
