package models

import "time"

// Follow records that a user wants to hear about changes of a public
// listing: amendments, extensions, cancellation, closing and the award.
// Its ID is FollowID(user, listing), so a user follows a listing once.
type Follow struct {
	ID             string    `bson:"_id"`
	UserID         string    `bson:"userId"`
	OrganizationID string    `bson:"organizationId,omitempty"`
	OpportunityID  string    `bson:"opportunityId"`
	CreatedAt      time.Time `bson:"createdAt"`
}

// FollowID is the ID of a user's follow of a listing.
func FollowID(userID, opportunityID string) string { return userID + "/" + opportunityID }
