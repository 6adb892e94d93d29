package app

import (
	"context"
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
	// fresh is set when an index started empty: searches would miss
	// listings until the catch-up has filled it.
	fresh atomic.Bool
	// caughtUp is set when the start-up catch-up has finished.
	caughtUp atomic.Bool
	// healthy is cleared by a failed engine call and set by a good pass;
	// writes index their own changes only while it is set.
	healthy atomic.Bool

	// wake asks the synchroniser for a pass; it never blocks a writer.
	wake chan struct{}
	// pass serialises synchronisation passes within this process.
	pass sync.Mutex

	// pending is how many markers waited at the last look; lastSync is when
	// the index was last known to hold every marked change (Unix ms).
	pending  atomic.Int64
	lastSync atomic.Int64

	// listings and providers are the summaries of indexed documents (with
	// Exclusive only; nil otherwise).
	listings  *summaries[models.Opportunity]
	providers *summaries[models.Organization]

	// catchUp holds, while a catch-up runs (with Exclusive), the documents
	// that writes index themselves meanwhile (see catchUp).
	catchUp atomic.Pointer[catchUpWrites]
}

// newSearchIndex returns the application's search state; engine may be nil.
func newSearchIndex(engine search.Engine, opts SearchOptions) *searchIndex {
	s := &searchIndex{engine: engine, opts: opts.withDefaults(), wake: make(chan struct{}, 1)}
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

// usable reports whether searches can be answered: the indexes exist and,
// if they started empty, have been filled.
func (s *searchIndex) usable() bool {
	return s.engine != nil && s.ensured.Load() && (!s.fresh.Load() || s.caughtUp.Load())
}

// unusable is the error of a search that cannot be answered yet.
func (s *searchIndex) unusable() error {
	if s.engine == nil {
		return models.Errorf(models.EUNAVAILABLE, "search is not configured")
	}
	return models.Errorf(models.EUNAVAILABLE, "the search index is starting; try again shortly")
}

// SearchReady reports whether the search engine answers and its indexes
// are ready; /readyz runs it.
func (a *App) SearchReady(ctx context.Context) error {
	s := a.search
	if !s.usable() {
		return s.unusable()
	}
	if err := s.engine.Ping(ctx); err != nil {
		return err
	}
	return nil
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

// summaries are documents by ID, safe for concurrent use.
type summaries[T any] struct {
	mu sync.RWMutex
	m  map[string]*T
}

func newSummaries[T any]() *summaries[T] { return &summaries[T]{m: map[string]*T{}} }

// put stores (or, for nil, removes) the summary of id.
func (c *summaries[T]) put(id string, v *T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v == nil {
		delete(c.m, id)
		return
	}
	c.m[id] = v
}

// get returns the summaries of ids that are known, and the IDs that are not.
func (c *summaries[T]) get(ids []string) (map[string]*T, []string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	found, missing := make(map[string]*T, len(ids)), []string(nil)
	for _, id := range ids {
		if v, ok := c.m[id]; ok {
			found[id] = v
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
	c.m = map[string]*T{}
}
