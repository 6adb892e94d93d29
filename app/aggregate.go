package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"market/app/store"
	"market/models"
)

// aggregateKind names a kind of event-sourced document; the event stream of
// one is "<kind>/<id>" (the models.Stream* prefixes).
type aggregateKind string

// The aggregates.
const (
	kindOpportunity  aggregateKind = "opportunity"
	kindBid          aggregateKind = "bid"
	kindOrganization aggregateKind = "organization"
	kindQuestion     aggregateKind = "question"
)

// kindContent names a document's content (by its SHA-256) in the
// in-process locks: not an aggregate, but kept and removed under a lock.
const kindContent aggregateKind = "content"

// stream returns the event stream of the aggregate id.
func (k aggregateKind) stream(id string) string { return string(k) + "/" + id }

// aggregate describes one kind of aggregate to the one versioned write
// (held.commit and create) and its repair.
type aggregate[T any] struct {
	kind aggregateKind
	// load reads the stored document.
	load func(ctx context.Context, id string) (*T, error)
	// version points at the document's version.
	version func(doc *T) *int
	// touch records the time of a change on the document, if it keeps one.
	touch func(doc *T, now time.Time)
	// indexKey is the search index marker key of a stored document, or "".
	indexKey func(id string) string
	// alerts says that public changes are due for alerts (saved searches, followers).
	alerts bool
	// restore completes a document decoded from an event's snapshot with
	// what the snapshot leaves out, from the stored one; nil for none.
	restore func(stored, fromSnapshot *T)
	// stored runs once a change is stored (to index and notify); nil for none.
	stored func(ctx context.Context, doc *T, c *change)
}

// held is an aggregate loaded under its in-process lock, for the versioned
// writes of one use case. Release it when done.
type held[T any] struct {
	a       *App
	agg     aggregate[T]
	id      string
	doc     *T
	release func()
}

// hold locks the aggregate id in this process and loads it.
func hold[T any](ctx context.Context, a *App, agg aggregate[T], id string) (*held[T], error) {
	unlock := a.locks.lock(lockKey{agg.kind, id})
	doc, err := agg.load(ctx, id)
	if err != nil {
		unlock()
		return nil, err
	}
	return &held[T]{a: a, agg: agg, id: id, doc: doc, release: unlock}, nil
}

// commit is the one versioned write of an existing aggregate: it records c
// as event version+1 of the held document, which the caller has changed in
// memory, and stores the document at that version, conditionally on the
// version it was loaded at, in one store.Commit (with the search index and
// alert markers the change calls for). The event's snapshot is the
// document, or what snapshot makes of it (at its new version) when given. When the event's seq is taken, a
// document left behind its stream is repaired before the conflict is
// returned, so that the next attempt can succeed.
func (h *held[T]) commit(ctx context.Context, ea models.EventActor, c *change, now time.Time, snapshot func(*T) any) error {
	v := h.agg.version(h.doc)
	prev := *v
	*v = prev + 1
	h.agg.touch(h.doc, now)
	if err := commitEvent(ctx, h.a, h.agg, h.id, prev, h.doc, ea, c, now, snapshot); err != nil {
		*v = prev
		if errors.Is(err, store.ErrSeqTaken) {
			repair(ctx, h.a, h.agg, h.id)
		}
		return err
	}
	if h.agg.stored != nil {
		h.agg.stored(ctx, h.doc, c)
	}
	return nil
}

// create is the versioned write of a new aggregate: doc at version 1 with
// c as the first event of its stream.
func create[T any](ctx context.Context, a *App, agg aggregate[T], id string, doc *T, ea models.EventActor, c *change, now time.Time) error {
	if v := agg.version(doc); *v != 1 {
		return fmt.Errorf("creating %s %s at version %d, not 1", agg.kind, id, *v)
	}
	if err := commitEvent(ctx, a, agg, id, 0, doc, ea, c, now, nil); err != nil {
		return err
	}
	if agg.stored != nil {
		agg.stored(ctx, doc, c)
	}
	return nil
}

// commitEvent seals the event of a change from version prev, chained to the
// stream's event prev, and commits it with doc.
func commitEvent[T any](ctx context.Context, a *App, agg aggregate[T], id string, prev int, doc *T, ea models.EventActor,
	c *change, now time.Time, snapshot func(*T) any) error {
	stream := agg.kind.stream(id)
	prevHash := ""
	if prev > 0 {
		p, err := a.db.Event(ctx, stream, prev)
		if err != nil {
			return fmt.Errorf("reading the previous event of %s: %w", stream, err)
		}
		prevHash = p.Hash
	}
	var recorded any = doc
	if snapshot != nil {
		recorded = snapshot(doc)
	}
	snap, err := json.Marshal(recorded)
	if err != nil {
		return fmt.Errorf("encoding snapshot of %s: %w", stream, err)
	}
	changes := c.Changes
	if changes == nil {
		changes = []models.Change{}
	}
	e := &models.Event{ID: models.NewID(), Stream: stream, Seq: prev + 1, Type: c.Type, At: now, Actor: ea,
		Summary: c.Summary, Changes: changes, Public: c.Public, Snapshot: snap}
	e.Seal(prevHash)
	sc := store.Commit{Event: e, Doc: doc, Prev: prev, Index: agg.markerKey(id), Alert: agg.alertsOn(c)}
	for _, w := range c.with {
		w(&sc)
	}
	return a.db.Commit(ctx, sc)
}

// commitOption adds to a commit what one use case writes with it.
type commitOption func(*store.Commit)

// claimingBidSlot claims a new bid's slot with its commit.
func claimingBidSlot(c *store.Commit) { c.ClaimSlot = true }

// releasingBidSlot frees a withdrawn bid's slot with its commit.
func releasingBidSlot(c *store.Commit) { c.ReleaseSlot = true }

// recordingKey records with a new bid's commit the Idempotency-Key of its
// request, if it has one.
func recordingKey(key string) commitOption {
	return func(c *store.Commit) { c.IdempotencyKey = key }
}

// markerKey is the search index marker key of the stored aggregate id, or "".
func (g aggregate[T]) markerKey(id string) string {
	if g.indexKey == nil {
		return ""
	}
	return g.indexKey(id)
}

// alertsOn reports whether change c of the aggregate is due for alerts.
func (g aggregate[T]) alertsOn(c *change) bool { return g.alerts && c.Public }

// repair brings an aggregate's stored document up to the last event of its
// stream, for the case where a process stopped between appending an event
// and storing the document (possible with MongoDB, where the two are
// separate writes): the event's snapshot is the truth. The caller holds the
// aggregate's lock. Failures are logged: the caller is already returning the
// conflict that led here.
func repair[T any](ctx context.Context, a *App, agg aggregate[T], id string) {
	ctx = context.WithoutCancel(ctx)
	stream := agg.kind.stream(id)
	stored, err := agg.load(ctx, id)
	if err != nil {
		a.log.WarnContext(ctx, "repair: loading the document", "stream", stream, "err", err)
		return
	}
	events, err := a.db.Events(ctx, stream)
	if err != nil || len(events) == 0 {
		a.log.WarnContext(ctx, "repair: loading the events", "stream", stream, "err", err)
		return
	}
	last, version := events[len(events)-1], *agg.version(stored)
	if last.Seq <= version {
		return // not behind: the conflict came from a writer in another process
	}
	fixed := new(T)
	if err := json.Unmarshal(last.Snapshot, fixed); err != nil || *agg.version(fixed) != last.Seq {
		a.log.ErrorContext(ctx, "repair: unusable snapshot", "stream", stream, "seq", last.Seq, "err", err)
		return
	}
	if agg.restore != nil {
		agg.restore(stored, fixed)
	}
	if err := a.db.Restore(ctx, fixed, version); err != nil {
		a.log.WarnContext(ctx, "repair: storing the snapshot", "stream", stream, "err", err)
		return
	}
	if key := agg.markerKey(id); key != "" {
		if err := a.db.MarkDirty(ctx, key, last.Seq, a.Now()); err != nil {
			a.log.WarnContext(ctx, "repair: marking for the search index", "stream", stream, "err", err)
		}
	}
	a.log.WarnContext(ctx, "repaired a document from its event stream", "stream", stream, "from", version, "to", last.Seq)
}
