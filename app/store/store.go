// Package store defines what the application keeps and how it may read it:
// the Store interface, which the embedded SQLite store (app/sqlite, the
// default) and the MongoDB store (app/mongo, production) both implement,
// and the types they share. It imports only the standard library, models
// and search/indexer (whose marker queue every store keeps).
//
// Every read the application makes on a request is either by ID or by an
// owner whose documents a store indexes (a listing's bids and questions, an
// organisation's bids and notifications, a stream's events): none grows
// with the whole store.
package store

import (
	"context"
	"errors"

	"market/models"
)

// Store is everything the application keeps.
type Store interface {
	Users
	Organizations
	RefreshTokens
	Events
	Opportunities
	Questions
	Bids
	Notifications
	Follows
	SavedSearches
	Alerts
	Mail
	IndexQueue
	Leases

	// Commit records one versioned change of an aggregate: see Commit.
	Commit(ctx context.Context, c Commit) error
	// Restore stores doc (an aggregate document, as Commit takes) over the
	// stored one if that is still at version prev, without an event: the
	// repair of a document left behind its event stream uses it.
	Restore(ctx context.Context, doc any, prev int) error

	// Ping checks that the store answers.
	Ping(ctx context.Context) error
	// Close releases the store's connections and files.
	Close(ctx context.Context) error
}

// Tamperer changes the audit trail behind the application's back. It
// exists for tests and for operators' drills of `market verify-audit`; the
// application never calls it. Both stores implement it.
type Tamperer interface {
	// TamperEvent sets one stored field of event seq of stream to value
	// without resealing it; field is the stored (BSON) name, such as
	// "summary" or "changes.0.after".
	TamperEvent(ctx context.Context, stream string, seq int, field string, value any) error
	// RemoveEvent deletes event seq of stream, leaving a gap in its chain.
	RemoveEvent(ctx context.Context, stream string, seq int) error
	// AppendEvent appends e alone, without storing its document: the state
	// a process that stopped between a MongoDB commit's writes leaves, which
	// the next change repairs. Its (stream, seq) is unique: a taken one
	// gives store.Conflict().
	AppendEvent(ctx context.Context, e *models.Event) error
}

// Commit is one versioned change of an aggregate (an opportunity, a bid, an
// organisation or a question): its event and its document at the new
// version, written so that the document is never ahead of its history.
//
// The embedded store writes a commit in one transaction. MongoDB writes
// the markers first (a crash after them loses nothing: a marker whose
// change never came is harmless), and a new bid's Idempotency-Key and
// slot (removed again if the rest fails), then the event, whose unique (stream,
// seq) lets one writer append a given version, then the document,
// conditionally on the version it was read at. A document left behind its
// event by a crash is brought up to date from the event's snapshot (see
// Store.Restore), when the next change finds its seq taken.
type Commit struct {
	// Event is the change's sealed event: its Seq is Prev+1 and its Stream
	// is the document's.
	Event *models.Event
	// Doc is the aggregate after the change, at version Prev+1: a
	// *models.Opportunity, *models.Bid, *models.Organization or
	// *models.Question.
	Doc any
	// Prev is the version the change was made from; 0 creates Doc.
	Prev int
	// Index, when set, is the key of the search index marker to insert for
	// Doc's new version (such as "opportunity/<id>"): the synchroniser then
	// indexes it, even if this process stops before it does so itself.
	Index string
	// Alert inserts the alert marker of an opportunity's new version: its
	// alerts (saved searches, followers) are due.
	Alert bool
	// ClaimSlot, with a new bid, claims its organisation's one active bid
	// slot on the listing: a slot already held is a conflict ("your
	// organisation already has an active bid on this opportunity"), and
	// then nothing is written.
	ClaimSlot bool
	// ReleaseSlot, with a bid's change, frees its organisation's slot on
	// the listing (a withdrawal).
	ReleaseSlot bool
	// IdempotencyKey, with a new bid, records the Idempotency-Key of the
	// request that made it, once per organisation and listing (see
	// Bids.BidOfIdempotencyKey): a key already recorded is a conflict
	// wrapping ErrKeyTaken, and then nothing is written.
	IdempotencyKey string
}

// ErrSeqTaken is wrapped in the conflict a Commit returns when its event's
// seq is already taken: another writer changed the aggregate first, or a
// document was left behind its stream and needs a repair.
var ErrSeqTaken = errors.New("the event's seq is already taken")

// ErrKeyTaken is wrapped in the conflict a Commit returns when its
// Idempotency-Key is already recorded: another request with the key made,
// or is making, its bid.
var ErrKeyTaken = errors.New("the Idempotency-Key is already recorded")

// KeyTaken returns the conflict error of a Commit whose Idempotency-Key
// was already recorded.
func KeyTaken() error {
	return errors.Join(ErrKeyTaken, models.Errorf(models.ECONFLICT, "a request with this Idempotency-Key is still in progress or failed; retry"))
}

// Conflict returns the conflict error of a Commit whose seq was taken.
func Conflict() error {
	return errors.Join(ErrSeqTaken, models.Errorf(models.ECONFLICT, "changed concurrently; reload and try again"))
}
