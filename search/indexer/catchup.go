package indexer

import (
	"context"
	"fmt"
	"sync"
	"time"

	"market/models"
	"market/search"
)

// Report counts what a catch-up or a reindex did.
type Report struct {
	// Listings and Providers are how many documents the indexes now hold
	// (as of the scan); Removed how many others were removed.
	Listings, Providers, Removed int
	// Remarked is how many documents changed during the scan and were
	// marked for the synchroniser.
	Remarked int
	Elapsed  time.Duration
	started  time.Time
}

// fullPassKey is the key of the index marker saying that a full pass over
// the database is due. Its time is zero, so it is the first marker read.
const fullPassKey = "all"

// fullPassMarker is the ID of the full pass's marker.
func fullPassMarker() string { return MarkerID(fullPassKey, 0) }

// ensureIndexes creates both indexes or applies their settings, and marks
// a full pass due when one of them is new (or emptied by a changed layout),
// or when an earlier one was left unfinished. The pass is marked before the
// indexes are opened, and the mark removed again when none is new: a
// process that stops after creating an index but before filling it leaves
// the pass due for the next start.
func (s *Indexer) ensureIndexes(ctx context.Context) error {
	if s.engine == nil {
		return s.Unusable()
	}
	first, err := s.db.DirtyMarkers(ctx, 1)
	if err != nil {
		return err
	}
	fresh := len(first) == 1 && first[0].Key == fullPassKey
	if err := s.db.MarkDirty(ctx, fullPassKey, 0, time.Time{}); err != nil {
		return err
	}
	for _, spec := range []search.IndexSpec{opportunitySpec(), providerSpec()} {
		f, err := s.engine.EnsureIndex(ctx, spec)
		if err != nil {
			return fmt.Errorf("preparing search index %s: %w", spec.Name, err)
		}
		fresh = fresh || f
	}
	if !fresh {
		if err := s.db.ClearMarkers(ctx, []string{fullPassMarker()}); err != nil {
			return err
		}
	}
	s.fresh.Store(s.fresh.Load() || fresh)
	s.ensured.Store(true)
	s.healthy.Store(true)
	return nil
}

// startSearch ensures the indexes, once per process, and fills them from
// the database when a full pass is due. Otherwise the indexes already hold
// every change but those whose markers wait, which the synchroniser
// indexes: a start reads nothing else, whatever the size of the store.
func (s *Indexer) startSearch(ctx context.Context) error {
	s.pass.Lock()
	defer s.pass.Unlock()
	if s.caughtUp.Load() {
		return nil
	}
	if !s.ensured.Load() {
		if err := s.ensureIndexes(ctx); err != nil {
			return err
		}
	}
	if s.fresh.Load() {
		r, err := s.fullPass(ctx)
		if err != nil {
			return err
		}
		s.log.InfoContext(ctx, "search index filled from the database", "listings", r.Listings, "providers", r.Providers,
			"removed", r.Removed, "remarked", r.Remarked, "elapsed", r.Elapsed.String())
	}
	s.caughtUp.Store(true)
	return nil
}

// fullPass writes every listing and organisation to the indexes, waits
// until the engine holds them durably, then clears the pass's marker.
func (s *Indexer) fullPass(ctx context.Context) (*Report, error) {
	r, err := s.catchUp(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.engine.Flush(ctx); err != nil {
		return nil, fmt.Errorf("flushing the search indexes: %w", err)
	}
	if err := s.db.ClearMarkers(ctx, []string{fullPassMarker()}); err != nil {
		return nil, err
	}
	r.Elapsed = time.Since(r.started)
	return r, nil
}

// catchUp writes every listing and organisation the database holds to the
// index, then marks those that changed during the scan, so that the
// synchroniser confirms their latest version.
//
// A change stored during the scan may reach the index (written by the
// writer itself) before the older copy the scan read: that copy would then
// be the last one written, and the writer's marker already cleared. Without
// Exclusive, a second scan of the versions finds such documents. With it,
// every write passes through this process, so applyOpportunities and
// applyProviders note what writes index while the catch-up runs, and only
// those are marked: the second scan would cost nearly as much as the first,
// since the embedded database decodes every document for any query.
func (s *Indexer) catchUp(ctx context.Context) (*Report, error) {
	r := &Report{started: time.Now()}
	var writes *catchUpWrites
	var listings, orgs map[string]int
	if s.opts.Exclusive {
		// One catch-up runs at a time: it holds the pass lock.
		writes = &catchUpWrites{keys: map[string]int{}}
		s.catchingUp.Store(writes)
		defer s.catchingUp.Store(nil)
	} else {
		listings, orgs = map[string]int{}, map[string]int{}
	}
	err := pipelined(ctx, s.db.EachOpportunity, s.opts.BatchSize, CatchUpBatch, func(batch []*models.Opportunity) {
		for _, o := range batch {
			if listings != nil {
				listings[o.ID] = o.Version
			}
			if o.IsPublic() {
				r.Listings++
			} else {
				r.Removed++
			}
		}
	}, func(batch []*models.Opportunity) error {
		return s.writeOpportunities(ctx, batch, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("catching up listings: %w", err)
	}
	err = s.db.EachOrganization(ctx, s.opts.BatchSize, func(batch []*models.Organization) error {
		for _, o := range batch {
			if orgs != nil {
				orgs[o.ID] = o.Version
			}
			if IsProvider(o) {
				r.Providers++
			} else {
				r.Removed++
			}
		}
		return s.writeProviders(ctx, batch, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("catching up providers: %w", err)
	}
	if writes != nil {
		r.Remarked, err = s.remarkWritten(ctx, writes)
	} else {
		r.Remarked, err = s.remarkChangedAll(ctx, listings, orgs)
	}
	if err != nil {
		return nil, err
	}
	r.Elapsed = time.Since(r.started)
	return r, nil
}

// remarkChangedAll is remarkChanged for both kinds of document.
func (s *Indexer) remarkChangedAll(ctx context.Context, listings, orgs map[string]int) (int, error) {
	n, err := s.remarkChanged(ctx, OpportunityKeyPrefix, listings, s.db.OpportunityVersions)
	if err != nil {
		return n, err
	}
	m, err := s.remarkChanged(ctx, ProviderKeyPrefix, orgs, s.db.OrganizationVersions)
	return n + m, err
}

// CatchUpBatch is how many documents a catch-up or a reindex writes to the
// engine at once: large batches make fewer, larger index segments, which
// the embedded engine then merges less.
const CatchUpBatch = 2000

// indexWorkers is how many batches a catch-up or a reindex writes to the
// engine at once.
const indexWorkers = 2

// pipelined calls apply with every document each reads, in batches of at
// least size (the last may be smaller). Reading runs in its own goroutine,
// one batch ahead, and up to indexWorkers batches are applied at the same
// time, so that the database and the engine, which builds each batch's
// segment in the calling goroutine, keep every core busy. prepare sees
// each batch first, in reading order, in the calling goroutine. It stops
// at the first error of any.
func pipelined[T any](ctx context.Context, each func(context.Context, int, func([]*T) error) error,
	read, size int, prepare func([]*T), apply func([]*T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*T, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- each(ctx, read, func(b []*T) error {
			select {
			case batches <- b:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	work := make(chan []*T)
	applyErr := make(chan error, indexWorkers)
	var wg sync.WaitGroup
	for range indexWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				if err := apply(b); err != nil {
					applyErr <- err
					cancel()
					for range work {
						// drain until the dispatcher stops
					}
					return
				}
			}
		}()
	}
	dispatch := func(b []*T) {
		prepare(b)
		select {
		case work <- b:
		case <-ctx.Done():
		}
	}
	var pending []*T
	for b := range batches {
		if ctx.Err() != nil {
			continue // drain until the reader stops
		}
		if pending = append(pending, b...); len(pending) >= size {
			dispatch(pending)
			pending = nil
		}
	}
	if ctx.Err() == nil && len(pending) > 0 {
		dispatch(pending)
	}
	close(work)
	wg.Wait()
	close(applyErr)
	err := <-applyErr
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// remarkChanged marks the documents whose stored version is no longer the
// one indexed (those written while the scan ran), and returns how many.
func (s *Indexer) remarkChanged(ctx context.Context, prefix string, indexed map[string]int,
	versions func(context.Context, []string) (map[string]int, error)) (int, error) {
	now, err := versions(ctx, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for id, v := range now {
		if indexed[id] != v {
			if err := s.db.MarkDirty(ctx, prefix+id, v, s.now()); err != nil {
				return n, err
			}
			n++
		}
	}
	if n > 0 {
		s.poke()
	}
	return n, nil
}

// catchUpWrites are the documents that writes indexed themselves while a
// catch-up ran: marker key and the latest version written (0 for one that
// no longer exists).
type catchUpWrites struct {
	mu   sync.Mutex
	keys map[string]int
}

// noteWrites notes that docs (and the documents gone) are being indexed.
func noteWrites[T any](w *catchUpWrites, prefix string, docs []*T, gone []string, key func(*T) (string, int)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, d := range docs {
		id, v := key(d)
		w.keys[prefix+id] = max(w.keys[prefix+id], v)
	}
	for _, id := range gone {
		if _, ok := w.keys[prefix+id]; !ok {
			w.keys[prefix+id] = 0
		}
	}
}

// remarkWritten marks the documents that writes indexed during the
// catch-up, and returns how many. It runs once the catch-up has written
// everything it read: a write noted later indexes its document after that,
// so it is the last one written.
func (s *Indexer) remarkWritten(ctx context.Context, w *catchUpWrites) (int, error) {
	w.mu.Lock()
	keys := w.keys
	w.keys = map[string]int{}
	w.mu.Unlock()
	n := 0
	for key, v := range keys {
		// The write's own marker, if it is this one, must be indexed again.
		s.forgetApplied(MarkerID(key, v))
		if err := s.db.MarkDirty(ctx, key, v, s.now()); err != nil {
			return n, err
		}
		n++
	}
	if n > 0 {
		s.poke()
	}
	return n, nil
}

// Reindex rebuilds both indexes from the database: it empties them, then
// writes every public listing and verified provider again. Searches find
// fewer results until it finishes; should it stop half way, the next start
// finishes it (the full pass stays marked due until it is done).
func (s *Indexer) Reindex(ctx context.Context) (*Report, error) {
	if err := s.ensureIndexes(ctx); err != nil {
		return nil, err
	}
	s.pass.Lock()
	defer s.pass.Unlock()
	if err := s.db.MarkDirty(ctx, fullPassKey, 0, time.Time{}); err != nil {
		return nil, err
	}
	for _, name := range []string{OpportunityIndex, ProviderIndex} {
		if err := s.engine.DeleteAll(ctx, name); err != nil {
			return nil, fmt.Errorf("emptying search index %s: %w", name, err)
		}
	}
	if s.opts.Exclusive {
		s.listings.reset()
		s.providers.reset()
	}
	r, err := s.fullPass(ctx)
	if err != nil {
		return nil, err
	}
	s.caughtUp.Store(true)
	return r, nil
}

// MarkFullPass marks a full pass of the search indexes due: the next start
// of the synchroniser fills them from the database. A migration that
// brought documents into a store behind the application's back uses it.
func MarkFullPass(ctx context.Context, db Queue) error {
	return db.MarkDirty(ctx, fullPassKey, 0, time.Time{})
}
