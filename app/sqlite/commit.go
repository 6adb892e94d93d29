package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"market/app/store"
	"market/models"
)

// aggregateRow is an aggregate document ready to be written: its table,
// what to call it in messages, its stream, ID and version, and the
// statements and arguments that insert it or store it over a version.
type aggregateRow struct {
	what, stream, id string
	table            string
	version          int
	doc              []byte // the document's BSON
	insert           string
	insertArgs       []any
	update           string
	updateArgs       func(prev int) []any
	// duplicate is the conflict of an insert that finds its keys taken.
	duplicate error
}

// aggregateOf describes doc, one of the documents store.Commit takes.
func aggregateOf(doc any) (*aggregateRow, error) {
	switch d := doc.(type) {
	case *models.Opportunity:
		return newAggregateRow(opportunitiesTable(), d, "opportunity", models.StreamOpportunity, d.ID, d.Version, nil)
	case *models.Bid:
		return newAggregateRow(bidsTable(), d, "bid", models.StreamBid, d.ID, d.Version, nil)
	case *models.Organization:
		return newAggregateRow(organizationsTable(), d, "organisation", models.StreamOrganization, d.ID, d.Version,
			models.Errorf(models.ECONFLICT, "an organisation with this credit code is already registered"))
	case *models.Question:
		return newAggregateRow(questionsTable(), d, "question", models.StreamQuestion, d.ID, d.Version, nil)
	}
	return nil, fmt.Errorf("committing a %T: not an aggregate", doc)
}

// newAggregateRow encodes doc, stored in t, for aggregateOf; duplicate is
// the conflict of a taken key, or nil for app/mongo's "already exists".
func newAggregateRow[T any](t table[T], doc *T, what, prefix, id string, version int, duplicate error) (*aggregateRow, error) {
	row, err := t.row(doc)
	if err != nil {
		return nil, err
	}
	if duplicate == nil {
		duplicate = fmt.Errorf("inserting %s %s: %w", what, id, alreadyExists())
	}
	return &aggregateRow{what: what, stream: prefix + id, id: id, table: t.name, version: version, doc: row[len(row)-1].([]byte),
		insert: t.insertSQL("INSERT"), insertArgs: row, update: t.updateSQL(),
		updateArgs: func(prev int) []any { return updateArgs(row, prev) },
		duplicate:  duplicate}, nil
}

// Commit records one versioned change (see store.Commit) in one
// transaction: the event, then the document (inserted when c.Prev is 0,
// else stored over version c.Prev), then the markers. A taken seq gives
// store.Conflict(); a document no longer at c.Prev gives a conflict naming
// it; either way nothing is written.
func (db *DB) Commit(ctx context.Context, c store.Commit) error {
	a, err := aggregateOf(c.Doc)
	if err != nil {
		return err
	}
	version := c.Prev + 1
	switch {
	case c.Prev < 0 || a.version != version || c.Event == nil || c.Event.Seq != version:
		return fmt.Errorf("committing %s %s: document and event must be at version %d", a.what, a.id, version)
	case c.Event.Stream != a.stream:
		return fmt.Errorf("committing %s %s: its event is of stream %q, not %q", a.what, a.id, c.Event.Stream, a.stream)
	}
	opportunity, _ := c.Doc.(*models.Opportunity)
	if c.Alert && opportunity == nil {
		return fmt.Errorf("committing %s %s: alerts are for listings only", a.what, a.id)
	}
	bid, _ := c.Doc.(*models.Bid)
	if (c.ClaimSlot || c.ReleaseSlot || c.IdempotencyKey != "") && bid == nil {
		return fmt.Errorf("committing %s %s: bid slots and idempotency keys are for bids only", a.what, a.id)
	}
	var event []byte
	err = db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if c.IdempotencyKey != "" {
			if err := db.recordIdempotencyKey(ctx, tx, bid, c.IdempotencyKey, c.Event.At); err != nil {
				return err
			}
		}
		if c.ClaimSlot {
			if err := db.claimBidSlot(ctx, tx, bid.OpportunityID, bid.Bidder.ID, bid.ID); err != nil {
				return err
			}
		}
		if event, err = db.appendEvent(ctx, tx, c.Event); err != nil {
			return err
		}
		if err := db.storeAggregate(ctx, tx, a, c.Prev); err != nil {
			return err
		}
		if c.Index != "" {
			if err := db.markDirty(ctx, tx, c.Index, version, c.Event.At); err != nil {
				return fmt.Errorf("marking %s@%d for the search index: %w", c.Index, version, err)
			}
		}
		if c.Alert {
			if err := db.markAlert(ctx, tx, opportunity.ID, version, c.Event.At); err != nil {
				return fmt.Errorf("marking alerts of %s@%d: %w", opportunity.ID, version, err)
			}
		}
		if c.ReleaseSlot {
			return db.releaseBidSlot(ctx, tx, bid.OpportunityID, bid.Bidder.ID)
		}
		return nil
	})
	if err != nil && models.ErrorCode(err) == models.EINTERNAL {
		return fmt.Errorf("committing %s %s at version %d: %w", a.what, a.id, version, err)
	} else if err != nil {
		return err
	}
	db.cache.put(a.table, a.id, a.doc)
	db.cache.putEvent(c.Event.Stream, c.Event.Seq, event)
	return nil
}

// storeAggregate inserts a's document (prev 0) or stores it over version prev.
func (db *DB) storeAggregate(ctx context.Context, tx *sql.Tx, a *aggregateRow, prev int) error {
	if prev == 0 {
		if _, err := db.exec(ctx, tx, a.insert, a.insertArgs...); err != nil {
			if isUnique(err) {
				return a.duplicate
			}
			return fmt.Errorf("inserting %s %s: %w", a.what, a.id, err)
		}
		return nil
	}
	res, err := db.exec(ctx, tx, a.update, a.updateArgs(prev)...)
	if err != nil {
		if isUnique(err) {
			return fmt.Errorf("updating %s %s: %w", a.what, a.id, alreadyExists())
		}
		return fmt.Errorf("updating %s %s: %w", a.what, a.id, err)
	}
	if affected(res) == 0 {
		return models.Errorf(models.ECONFLICT, "the %s was changed concurrently; reload and try again", a.what)
	}
	return nil
}

// appendEvent inserts an event, in tx when not nil, and returns its
// stored form; a taken (stream, seq) gives store.Conflict().
func (db *DB) appendEvent(ctx context.Context, tx *sql.Tx, e *models.Event) ([]byte, error) {
	t := eventsTable()
	row, err := t.row(e)
	if err != nil {
		return nil, err
	}
	if _, err := db.exec(ctx, tx, t.insertSQL("INSERT"), row...); err != nil {
		if columns, ok := uniqueViolation(err); ok {
			if columns == "events.stream, events.seq" {
				return nil, store.Conflict()
			}
			return nil, fmt.Errorf("appending event %s#%d: %w", e.Stream, e.Seq, alreadyExists())
		}
		return nil, fmt.Errorf("appending event %s#%d: %w", e.Stream, e.Seq, err)
	}
	return row[len(row)-1].([]byte), nil
}

// Restore stores doc over the stored document if that is still at version
// prev, without an event (see store.Store); otherwise it returns a
// conflict naming the document.
func (db *DB) Restore(ctx context.Context, doc any, prev int) error {
	a, err := aggregateOf(doc)
	if err != nil {
		return err
	}
	if prev < 1 {
		return fmt.Errorf("restoring %s %s over version %d: there is no such version", a.what, a.id, prev)
	}
	if err := db.write(ctx, func(tx *sql.Tx) error { return db.storeAggregate(ctx, tx, a, prev) }); err != nil {
		return err
	}
	db.cache.put(a.table, a.id, a.doc)
	return nil
}
