package models

import "time"

// Notification types.
const (
	NoticeAmended        = "opportunity.amended"
	NoticeExtended       = "opportunity.extended"
	NoticeCancelled      = "opportunity.cancelled"
	NoticeDeadlinePassed = "opportunity.deadline_passed"
	NoticeWon            = "bid.won"
	NoticeNotWon         = "bid.not_won"
)

// Notification tells an organisation's members about something that
// happened to an opportunity they take part in. Members of the organisation
// share it, and its read mark.
type Notification struct {
	ID               string    `bson:"_id"`
	OrganizationID   string    `bson:"organizationId"`
	Type             string    `bson:"type"`
	OpportunityID    string    `bson:"opportunityId"`
	OpportunityCode  string    `bson:"opportunityCode"`
	OpportunityTitle string    `bson:"opportunityTitle"`
	Summary          string    `bson:"summary"`
	Changes          []Change  `bson:"changes"`
	Read             bool      `bson:"read"`
	CreatedAt        time.Time `bson:"createdAt"`
}

// Notification types of alerts: a listing matching a user's saved search
// was published or amended; a listing a user follows changed.
const (
	NoticeSavedSearchMatch = "saved_search.match"
	NoticeFollowedChange   = "follow.change"
)
