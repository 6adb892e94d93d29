// Package indexer keeps the search indexes in step with the database: the
// index synchroniser. Every change of a listing or an organisation leaves a
// dirty marker in the database's queue (Queue); the synchroniser (Run)
// indexes the marked documents, fills the indexes with a full pass when they
// start empty, and keeps, with Options.Exclusive, the summaries that result
// pages show. It defines what it needs of the database (Store) and the index
// specifications, and imports only models and search.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"market/models"
	"market/search"
)

// Config holds what New needs.
type Config struct {
	// Engine is the search engine; nil leaves changes marked for a later
	// process to index.
	Engine search.Engine
	// Store is the database the documents and their markers are read from.
	Store Store
	// Options tunes the synchroniser.
	Options Options
	// Logger receives the synchroniser's warnings and reports.
	Logger *slog.Logger
	// Now returns the current time, as the database records it.
	Now func() time.Time
	// ListingSummary returns what result pages show of a public listing,
	// which the summaries keep (with Options.Exclusive).
	ListingSummary func(*models.Opportunity) *models.Opportunity
}

// Options tunes the search index synchroniser; zero values take the
// defaults.
type Options struct {
	// PollInterval is how often the synchroniser looks for changes marked by
	// other processes; this process's own writes wake it at once. Default 1s.
	PollInterval time.Duration
	// MinBackoff and MaxBackoff bound the wait between attempts while the
	// engine (or the database) fails: it doubles from MinBackoff (default
	// 250ms) up to MaxBackoff (default 30s).
	MinBackoff, MaxBackoff time.Duration
	// BatchSize is how many documents one step indexes; default 500.
	BatchSize int
	// WriteTimeout bounds the indexing a write does itself before it
	// leaves the change to the synchroniser; default 2s.
	WriteTimeout time.Duration
	// CheckInterval is how often the synchroniser, while idle, asks the
	// engine whether it still holds the indexes it prepared (a Meilisearch
	// server restarted on an empty database does not); default 5s.
	CheckInterval time.Duration
	// Exclusive says that this process is the database's only writer, as
	// with the embedded database: then every change passes through this
	// process's synchroniser, which keeps the summaries that lists show in
	// memory (the embedded database scans a collection for every query,
	// which is too slow for a page of results), and a write that indexed
	// its own change needs no later confirmation. Leave it false with
	// several instances on one MongoDB: summaries are then read by ID.
	Exclusive bool
}

// withDefaults fills in the zero options.
func (o Options) withDefaults() Options {
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 250 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 30 * time.Second
	}
	o.MaxBackoff = max(o.MaxBackoff, o.MinBackoff)
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 2 * time.Second
	}
	if o.CheckInterval <= 0 {
		o.CheckInterval = 5 * time.Second
	}
	return o
}

// Indexer is the application's side of the search engine: the engine,
// the synchroniser's state and, with Exclusive, the summaries of what is
// indexed. Build it with New.
type Indexer struct {
	engine  search.Engine
	db      Store
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	summary func(*models.Opportunity) *models.Opportunity

	// ensured is set once both indexes exist with their settings.
	ensured atomic.Bool
	// fresh is set when a full pass over the database is due (an index
	// started empty, or an earlier pass was left unfinished): searches
	// would miss listings until it is done.
	fresh atomic.Bool
	// caughtUp is set when the start-up work (the full pass, if due) is done.
	caughtUp atomic.Bool
	// healthy is cleared by a failed engine call and set by a good pass;
	// writes index their own changes only while it is set.
	healthy atomic.Bool
	// trouble says why the synchroniser's last attempt failed (see
	// troubleOf), until one succeeds; nil meanwhile.
	trouble atomic.Pointer[string]

	// batcher lets concurrent writers share their index writes' batches.
	batcher writeBatcher

	// wake asks the synchroniser for a pass; it never blocks a writer.
	wake chan struct{}
	// pass serialises synchronisation passes within this process.
	pass sync.Mutex

	// pending is how many markers waited at the last look; lastSync is when
	// the index was last known to hold every marked change (Unix ms).
	pending  atomic.Int64
	lastSync atomic.Int64

	// listings and providers are the summaries of indexed documents (with
	// Exclusive only, where every write passes through this process; nil
	// otherwise).
	listings  *Summaries[models.Opportunity]
	providers *Summaries[models.Organization]

	// catchingUp holds, while a catch-up runs (with Exclusive), the documents
	// that writes index themselves meanwhile (see catchUp).
	catchingUp atomic.Pointer[catchUpWrites]

	// applied holds the IDs of the markers of changes that writes indexed
	// themselves (with Exclusive): the synchroniser clears them once the
	// engine holds them durably (see clearFlushed).
	appliedMu sync.Mutex
	applied   map[string]bool
}

// New returns the application's search state; c.Engine may be nil.
func New(c Config) *Indexer {
	s := &Indexer{engine: c.Engine, db: c.Store, opts: c.Options.withDefaults(), log: c.Logger, now: c.Now, summary: c.ListingSummary,
		wake: make(chan struct{}, 1), applied: map[string]bool{}}
	if s.opts.Exclusive {
		s.listings, s.providers = newSummaries[models.Opportunity](), newSummaries[models.Organization]()
	}
	return s
}

// poke wakes the synchroniser without waiting.
func (s *Indexer) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// noteApplied records that a write indexed the change of marker id.
func (s *Indexer) noteApplied(id string) {
	s.appliedMu.Lock()
	defer s.appliedMu.Unlock()
	s.applied[id] = true
}

// takeApplied returns the markers noted as applied, forgetting them.
func (s *Indexer) takeApplied() []string {
	s.appliedMu.Lock()
	defer s.appliedMu.Unlock()
	ids := make([]string, 0, len(s.applied))
	for id := range s.applied {
		ids = append(ids, id)
	}
	clear(s.applied)
	return ids
}

// isApplied reports whether marker id is noted as applied.
func (s *Indexer) isApplied(id string) bool {
	s.appliedMu.Lock()
	defer s.appliedMu.Unlock()
	return s.applied[id]
}

// forgetApplied forgets markers noted as applied, so that the synchroniser
// indexes their documents again.
func (s *Indexer) forgetApplied(ids ...string) {
	s.appliedMu.Lock()
	defer s.appliedMu.Unlock()
	for _, id := range ids {
		delete(s.applied, id)
	}
}

// Engine returns the search engine, nil when there is none.
func (s *Indexer) Engine() search.Engine { return s.engine }

// Listings returns the summaries of the indexed listings: nil without
// Exclusive.
func (s *Indexer) Listings() *Summaries[models.Opportunity] { return s.listings }

// Providers returns the summaries of the indexed providers: nil without
// Exclusive.
func (s *Indexer) Providers() *Summaries[models.Organization] { return s.providers }

// Usable reports whether searches can be answered: the indexes exist and,
// if they started empty, have been filled.
func (s *Indexer) Usable() bool {
	return s.engine != nil && s.ensured.Load() && (!s.fresh.Load() || s.caughtUp.Load())
}

// Unusable is the error of a search that cannot be answered yet; it says
// why, in words an operator can act on.
func (s *Indexer) Unusable() error {
	switch t := s.trouble.Load(); {
	case s.engine == nil:
		return models.Errorf(models.EUNAVAILABLE, "search is not configured")
	case t != nil:
		return models.Errorf(models.EUNAVAILABLE, "the search index is not ready: %s", *t)
	case s.ensured.Load() && s.fresh.Load():
		return models.Errorf(models.EUNAVAILABLE, "the search index is being filled from the database; try again shortly")
	}
	return models.Errorf(models.EUNAVAILABLE, "the search index is starting; try again shortly")
}

// Ready reports whether the search engine answers and its indexes
// are ready; /readyz runs it. Its error's message (a *models.Error) says
// what is wrong; the engine's own error is wrapped for the log.
func (s *Indexer) Ready(ctx context.Context) error {
	if !s.Usable() {
		return s.Unusable()
	}
	if err := s.engine.Ping(ctx); err != nil {
		return fmt.Errorf("%w: %w", models.Errorf(models.EUNAVAILABLE, "%s", troubleOf(err)), err)
	}
	return nil
}

// troubleOf says what an engine's failure means, for /readyz and the
// errors of searches that cannot be answered: never the engine's own words,
// which may name internals.
func troubleOf(err error) string {
	var me *models.Error
	switch {
	case errors.Is(err, search.ErrAccessDenied):
		return "the search engine refused the API key (MEILI_API_KEY)"
	case errors.Is(err, search.ErrIndexLost):
		return "the search engine lost an index (restarted on an empty database?); it is being filled again from the database"
	case errors.As(err, &me) && me.Code == models.EUNAVAILABLE:
		return "the search engine does not answer"
	}
	return "preparing or updating the search index failed; the server's log says why"
}

// Stats describes the synchroniser's progress, for metrics.
type Stats struct {
	// Pending is how many changes waited to be indexed at the last look.
	Pending int
	// LastSync is when the index last held every change marked before it;
	// zero before the first time.
	LastSync time.Time
	// Healthy reports whether the last call to the engine succeeded.
	Healthy bool
}

// Stats returns the synchroniser's progress.
func (s *Indexer) Stats() Stats {
	st := Stats{Pending: int(s.pending.Load()), Healthy: s.healthy.Load()}
	if ms := s.lastSync.Load(); ms > 0 {
		st.LastSync = time.UnixMilli(ms).UTC()
	}
	return st
}
