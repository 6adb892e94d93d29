package models

import "time"

// User roles: members belong to an organisation; operators run the platform.
const (
	RoleMember   = "member"
	RoleOperator = "operator"
)

// MinPasswordLength is the shortest password an account may have.
const MinPasswordLength = 10

// User is an account that signs in. Operators have no OrganizationID.
type User struct {
	ID             string    `bson:"_id"`
	Email          string    `bson:"email"`
	DisplayName    string    `bson:"displayName"`
	Role           string    `bson:"role"`
	OrganizationID string    `bson:"organizationId,omitempty"`
	PasswordHash   string    `bson:"passwordHash"`
	CreatedAt      time.Time `bson:"createdAt"`
}

// Actor is who performs an action: the signed-in user, its organisation and role.
// The zero Actor is an anonymous caller.
type Actor struct {
	UserID         string
	OrganizationID string
	Role           string
}

// Anonymous reports whether the actor is not signed in.
func (a Actor) Anonymous() bool { return a.UserID == "" }

// IsOperator reports whether the actor is a platform operator.
func (a Actor) IsOperator() bool { return a.Role == RoleOperator }

// MemberOf reports whether the actor is a member of the given organisation.
func (a Actor) MemberOf(orgID string) bool {
	return a.Role == RoleMember && orgID != "" && a.OrganizationID == orgID
}
