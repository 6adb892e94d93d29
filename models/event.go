package models

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Event stream prefixes: a stream is "<kind>/<id>", one per aggregate.
const (
	StreamOrganization = "organization/"
	StreamOpportunity  = "opportunity/"
	StreamQuestion     = "question/"
	StreamBid          = "bid/"
)

// EventActor is who caused an event. The system clock acts with Role "system".
type EventActor struct {
	UserID           string `bson:"userId,omitempty" json:"userId,omitempty"`
	OrganizationID   string `bson:"organizationId,omitempty" json:"organizationId,omitempty"`
	OrganizationName string `bson:"organizationName,omitempty" json:"organizationName,omitempty"`
	Role             string `bson:"role" json:"role"`
}

// RoleSystem is the role of events caused by the platform itself (the clock).
const RoleSystem = "system"

// Change is one field's value before and after an event, as display text.
type Change struct {
	Field  string `bson:"field" json:"field"`
	Before string `bson:"before" json:"before"`
	After  string `bson:"after" json:"after"`
}

// Event is one entry of an aggregate's append-only, hash-chained history.
// Hash covers every other field and PrevHash, the previous event's Hash in
// the same stream ("" for the first), so editing any stored event, or
// removing one, breaks the chain from there on.
type Event struct {
	ID       string     `bson:"_id"`
	Stream   string     `bson:"stream"`
	Seq      int        `bson:"seq"`
	Type     string     `bson:"type"`
	At       time.Time  `bson:"at"`
	Actor    EventActor `bson:"actor"`
	Summary  string     `bson:"summary"`
	Changes  []Change   `bson:"changes"`
	Public   bool       `bson:"public"`
	Snapshot []byte     `bson:"snapshot,omitempty"` // the aggregate after the event, as JSON
	PrevHash string     `bson:"prevHash"`
	Hash     string     `bson:"hash"`
}

// eventHashTime is how an event's time enters its hash: UTC, milliseconds,
// the precision the database keeps.
const eventHashTime = "2006-01-02T15:04:05.000Z"

// ComputeHash returns the hex SHA-256 of the event's canonical JSON form:
// every field but ID and Hash, in a fixed order.
func (e *Event) ComputeHash() string {
	changes := e.Changes
	if changes == nil {
		changes = []Change{}
	}
	canonical, err := json.Marshal(struct {
		Stream   string     `json:"stream"`
		Seq      int        `json:"seq"`
		Type     string     `json:"type"`
		At       string     `json:"at"`
		Actor    EventActor `json:"actor"`
		Summary  string     `json:"summary"`
		Changes  []Change   `json:"changes"`
		Public   bool       `json:"public"`
		Snapshot []byte     `json:"snapshot"`
		PrevHash string     `json:"prevHash"`
	}{e.Stream, e.Seq, e.Type, e.At.UTC().Format(eventHashTime), e.Actor, e.Summary, changes, e.Public, e.Snapshot, e.PrevHash})
	if err != nil {
		panic(fmt.Sprintf("encoding an event cannot fail: %v", err)) // only strings, ints, bools and bytes
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// Seal sets the event's time to the stored precision, links it to prevHash
// and computes its hash.
func (e *Event) Seal(prevHash string) {
	e.At = e.At.UTC().Truncate(time.Millisecond)
	e.PrevHash = prevHash
	e.Hash = e.ComputeHash()
}
