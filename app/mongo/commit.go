package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/store"
	"market/models"
)

// aggregateDoc names the collection of an aggregate document, its ID and
// version, and what to call it in messages.
type aggregateDoc struct {
	col, id, what string
	version       int
}

// aggregateOf describes doc, one of the documents store.Commit takes.
func aggregateOf(doc any) (aggregateDoc, error) {
	switch d := doc.(type) {
	case *models.Opportunity:
		return aggregateDoc{colOpportunities, d.ID, "opportunity", d.Version}, nil
	case *models.Bid:
		return aggregateDoc{colBids, d.ID, "bid", d.Version}, nil
	case *models.Organization:
		return aggregateDoc{colOrganizations, d.ID, "organisation", d.Version}, nil
	case *models.Question:
		return aggregateDoc{colQuestions, d.ID, "question", d.Version}, nil
	}
	return aggregateDoc{}, fmt.Errorf("committing a %T: not an aggregate", doc)
}

// Commit records one versioned change (see store.Commit). MongoDB has no
// transactions here (embedded FerretDB has none), so the writes are
// ordered: the markers first, so that a crash after the change cannot lose
// them; then, for an existing document, the event, whose unique (stream,
// seq) lets one writer append a version, and the document, conditionally
// on its previous version (atomic on MongoDB; embedded FerretDB is not
// atomic, but its one process serialises writers). A new document with a
// unique field besides its ID (an organisation's credit code) is inserted
// before its event, so that the loser of a race writes nothing; other new
// documents after it, so that none exists without its history.
func (db *DB) Commit(ctx context.Context, c store.Commit) error {
	a, err := aggregateOf(c.Doc)
	if err != nil {
		return err
	}
	version := c.Prev + 1
	if a.version != version || c.Event == nil || c.Event.Seq != version {
		return fmt.Errorf("committing %s %s: document and event must be at version %d", a.what, a.id, version)
	}
	if c.Index != "" {
		if err := db.MarkDirty(ctx, c.Index, version, c.Event.At); err != nil {
			return err
		}
	}
	if c.Alert {
		if err := db.MarkAlert(ctx, a.id, version, c.Event.At); err != nil {
			return err
		}
	}
	bid, _ := c.Doc.(*models.Bid)
	if (c.ClaimSlot || c.ReleaseSlot || c.IdempotencyKey != "") && bid == nil {
		return fmt.Errorf("committing %s %s: bid slots and idempotency keys are for bids only", a.what, a.id)
	}
	if err := db.claimForBid(ctx, bid, c); err != nil {
		return err
	}
	if err := db.commitDoc(ctx, a, c); err != nil {
		return errors.Join(err, db.unclaimForBid(context.WithoutCancel(ctx), bid, c, true))
	}
	if c.ReleaseSlot {
		return db.releaseBidSlot(ctx, bid.OpportunityID, bid.Bidder.ID)
	}
	return nil
}

// claimForBid records a new bid's Idempotency-Key and claims its slot, as
// the commit c asks; what it claimed is removed again if the rest fails.
func (db *DB) claimForBid(ctx context.Context, b *models.Bid, c store.Commit) error {
	if c.IdempotencyKey != "" {
		if err := db.recordIdempotencyKey(ctx, b, c.IdempotencyKey, c.Event.At); err != nil {
			return err
		}
	}
	if c.ClaimSlot {
		if err := db.claimBidSlot(ctx, b.OpportunityID, b.Bidder.ID, b.ID); err != nil {
			return errors.Join(err, db.unclaimForBid(context.WithoutCancel(ctx), b, c, false))
		}
	}
	return nil
}

// unclaimForBid removes what claimForBid wrote for the commit c (the slot
// too when slot is set) after the commit failed.
func (db *DB) unclaimForBid(ctx context.Context, b *models.Bid, c store.Commit, slot bool) error {
	var errs []error
	if slot && c.ClaimSlot {
		errs = append(errs, db.releaseBidSlot(ctx, b.OpportunityID, b.Bidder.ID))
	}
	if c.IdempotencyKey != "" {
		errs = append(errs, db.forgetIdempotencyKey(ctx, b, c.IdempotencyKey))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("undoing a failed commit's claims: %w", err)
	}
	return nil
}

// commitDoc writes a commit's event and document.
func (db *DB) commitDoc(ctx context.Context, a aggregateDoc, c store.Commit) error {
	version := c.Prev + 1
	if c.Prev == 0 {
		return db.commitNew(ctx, a, c)
	}
	if err := db.appendEvent(ctx, c.Event); err != nil {
		return err
	}
	if err := db.replaceAtVersion(ctx, a, c.Doc, c.Prev); err != nil {
		// Another process's repair may have stored this very version from
		// the event just appended: then the change is done.
		var stored struct {
			Version int `bson:"version"`
		}
		if rerr := db.db.Collection(a.col).FindOne(ctx, bson.D{{Key: "_id", Value: a.id}}).Decode(&stored); rerr == nil && stored.Version == version {
			return nil
		}
		return fmt.Errorf("storing %s %s after event %d: %w", a.what, a.id, version, err)
	}
	return nil
}

// commitNew inserts a new document and its first event.
func (db *DB) commitNew(ctx context.Context, a aggregateDoc, c store.Commit) error {
	if a.col != colOrganizations {
		if err := db.appendEvent(ctx, c.Event); err != nil {
			return err
		}
		return db.insertAggregate(ctx, a, c.Doc)
	}
	if err := db.insertAggregate(ctx, a, c.Doc); err != nil {
		return err
	}
	if err := db.appendEvent(ctx, c.Event); err != nil {
		if _, derr := db.db.Collection(a.col).DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: a.id}}); derr != nil {
			return fmt.Errorf("%w (and removing %s %s again: %w)", err, a.what, a.id, wrap(derr))
		}
		return err
	}
	return nil
}

// insertAggregate inserts a new aggregate document; a taken unique field
// gives a conflict.
func (db *DB) insertAggregate(ctx context.Context, a aggregateDoc, doc any) error {
	if _, err := db.db.Collection(a.col).InsertOne(ctx, doc); err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ECONFLICT && a.col == colOrganizations {
			return models.Errorf(models.ECONFLICT, "an organisation with this credit code is already registered")
		}
		return fmt.Errorf("inserting %s %s: %w", a.what, a.id, err)
	}
	return nil
}

// Restore stores doc over the stored document if that is still at version
// prev, without an event (see store.Store).
func (db *DB) Restore(ctx context.Context, doc any, prev int) error {
	a, err := aggregateOf(doc)
	if err != nil {
		return err
	}
	return db.replaceAtVersion(ctx, a, doc, prev)
}

// replaceAtVersion stores doc over the document a names if that one is
// still at version prev; otherwise it returns a conflict.
func (db *DB) replaceAtVersion(ctx context.Context, a aggregateDoc, doc any, prev int) error {
	res, err := db.db.Collection(a.col).ReplaceOne(ctx, bson.D{{Key: "_id", Value: a.id}, {Key: "version", Value: prev}}, doc)
	if err != nil {
		return fmt.Errorf("updating %s %s: %w", a.what, a.id, wrap(err))
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ECONFLICT, "the %s was changed concurrently; reload and try again", a.what)
	}
	return nil
}
