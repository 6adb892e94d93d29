package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"market/models"
	"market/search"
)

// SearchOptions tunes the search index synchroniser; zero values take the
// defaults.
type SearchOptions struct {
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
func (o SearchOptions) withDefaults() SearchOptions {
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

// searchIndex is the application's side of the search engine: the engine,
// the synchroniser's state and, with Exclusive, the summaries of what is
// indexed.
type searchIndex struct {
	engine search.Engine
	opts   SearchOptions

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
	listings  *summaries[models.Opportunity]
	providers *summaries[models.Organization]

	// catchUp holds, while a catch-up runs (with Exclusive), the documents
	// that writes index themselves meanwhile (see catchUp).
	catchUp atomic.Pointer[catchUpWrites]

	// applied holds the IDs of the markers of changes that writes indexed
	// themselves (with Exclusive): the synchroniser clears them once the
	// engine holds them durably (see flushApplied).
	appliedMu sync.Mutex
	applied   map[string]bool
}

// newSearchIndex returns the application's search state; engine may be nil.
func newSearchIndex(engine search.Engine, opts SearchOptions) *searchIndex {
	s := &searchIndex{engine: engine, opts: opts.withDefaults(), wake: make(chan struct{}, 1), applied: map[string]bool{}}
	if s.opts.Exclusive {
		s.listings, s.providers = newSummaries[models.Opportunity](), newSummaries[models.Organization]()
	}
	return s
}

// poke wakes the synchroniser without waiting.
func (s *searchIndex) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// noteApplied records that a write indexed the change of marker id.
func (s *searchIndex) noteApplied(id string) {
	s.appliedMu.Lock()
	defer s.appliedMu.Unlock()
	s.applied[id] = true
}

// takeApplied returns the markers noted as applied, forgetting them.
func (s *searchIndex) takeApplied() []string {
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
func (s *searchIndex) isApplied(id string) bool {
	s.appliedMu.Lock()
	defer s.appliedMu.Unlock()
	return s.applied[id]
}

// forgetApplied forgets markers noted as applied, so that the synchroniser
// indexes their documents again.
func (s *searchIndex) forgetApplied(ids ...string) {
	s.appliedMu.Lock()
	defer s.appliedMu.Unlock()
	for _, id := range ids {
		delete(s.applied, id)
	}
}

// usable reports whether searches can be answered: the indexes exist and,
// if they started empty, have been filled.
func (s *searchIndex) usable() bool {
	return s.engine != nil && s.ensured.Load() && (!s.fresh.Load() || s.caughtUp.Load())
}

// unusable is the error of a search that cannot be answered yet; it says
// why, in words an operator can act on.
func (s *searchIndex) unusable() error {
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

// SearchReady reports whether the search engine answers and its indexes
// are ready; /readyz runs it. Its error's message (a *models.Error) says
// what is wrong; the engine's own error is wrapped for the log.
func (a *App) SearchReady(ctx context.Context) error {
	s := a.search
	if !s.usable() {
		return s.unusable()
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

// SearchStats describes the synchroniser's progress, for metrics.
type SearchStats struct {
	// Pending is how many changes waited to be indexed at the last look.
	Pending int
	// LastSync is when the index last held every change marked before it;
	// zero before the first time.
	LastSync time.Time
	// Healthy reports whether the last call to the engine succeeded.
	Healthy bool
}

// SearchStats returns the synchroniser's progress.
func (a *App) SearchStats() SearchStats {
	st := SearchStats{Pending: int(a.search.pending.Load()), Healthy: a.search.healthy.Load()}
	if ms := a.search.lastSync.Load(); ms > 0 {
		st.LastSync = time.UnixMilli(ms).UTC()
	}
	return st
}

// summaries are the indexed documents by ID, as result pages show them,
// safe for concurrent use. They are filled as pages need them and kept up
// to date by every write this process indexes; each entry keeps the
// version it was read at, so that a page that read an older copy cannot
// replace a newer one.
type summaries[T any] struct {
	mu sync.RWMutex
	m  map[string]summary[T]
}

// summary is one document's entry: nil when it is not in the index at
// that version (withdrawn, or gone from the database).
type summary[T any] struct {
	doc     *T
	version int
}

func newSummaries[T any]() *summaries[T] { return &summaries[T]{m: map[string]summary[T]{}} }

// put stores the summary of id at version (nil: not indexed at that
// version), unless a later version is known.
func (c *summaries[T]) put(id string, version int, v *T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[id]; ok && old.version > version {
		return
	}
	c.m[id] = summary[T]{doc: v, version: version}
}

// get returns the entries of ids that are known (nil for a document not
// indexed), and the IDs that are not.
func (c *summaries[T]) get(ids []string) (map[string]*T, []string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	found, missing := make(map[string]*T, len(ids)), []string(nil)
	for _, id := range ids {
		if e, ok := c.m[id]; ok {
			found[id] = e.doc
		} else {
			missing = append(missing, id)
		}
	}
	return found, missing
}

// reset forgets every summary.
func (c *summaries[T]) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = map[string]summary[T]{}
}
