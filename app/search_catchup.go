package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"market/models"
	"market/search"
)

// IndexReport counts what a catch-up or a reindex did.
type IndexReport struct {
	// Listings and Providers are how many documents the indexes now hold
	// (as of the scan); Removed how many others were removed.
	Listings, Providers, Removed int
	// Remarked is how many documents changed during the scan and were
	// marked for the synchroniser.
	Remarked int
	Elapsed  time.Duration
}

// ensureIndexes creates both indexes or applies their settings, and
// records whether one of them started empty.
func (a *App) ensureIndexes(ctx context.Context) error {
	s := a.search
	if s.engine == nil {
		return s.unusable()
	}
	fresh := false
	for _, spec := range []search.IndexSpec{opportunitySpec(), providerSpec()} {
		f, err := s.engine.EnsureIndex(ctx, spec)
		if err != nil {
			return fmt.Errorf("preparing search index %s: %w", spec.Name, err)
		}
		fresh = fresh || f
	}
	s.fresh.Store(s.fresh.Load() || fresh)
	s.ensured.Store(true)
	s.healthy.Store(true)
	return nil
}

// startSearch ensures the indexes and catches up from the database, once
// per process.
//
// The catch-up is full: every listing and organisation is read and written
// to the index. Comparing versions with the index would be cheaper on
// paper, but neither engine lists what it holds cheaply; a full catch-up is
// one scan of each collection (which the embedded database does for any
// query anyway, and which fills the summaries lists show), runs in the
// background while the server answers, and repairs any drift whatever its
// cause: a crash between a write and its marker, an index restored from an
// older backup, or a change stored by a repair.
func (a *App) startSearch(ctx context.Context) error {
	s := a.search
	s.pass.Lock()
	defer s.pass.Unlock()
	if s.caughtUp.Load() {
		return nil
	}
	if !s.ensured.Load() {
		if err := a.ensureIndexes(ctx); err != nil {
			return err
		}
	}
	r, err := a.catchUp(ctx)
	if err != nil {
		return err
	}
	s.caughtUp.Store(true)
	a.log.InfoContext(ctx, "search index caught up", "listings", r.Listings, "providers", r.Providers,
		"removed", r.Removed, "remarked", r.Remarked, "elapsed", r.Elapsed.String())
	return nil
}

// catchUp writes every listing and organisation the database holds to the
// index, then marks those that changed during the scan, so that the
// synchroniser confirms their latest version.
func (a *App) catchUp(ctx context.Context) (*IndexReport, error) {
	start := time.Now()
	r := &IndexReport{}
	listings := map[string]int{}
	err := pipelined(ctx, a.db.EachOpportunity, a.search.opts.BatchSize, catchUpBatch, func(batch []*models.Opportunity) {
		for _, o := range batch {
			listings[o.ID] = o.Version
			if o.IsPublic() {
				r.Listings++
			} else {
				r.Removed++
			}
		}
	}, func(batch []*models.Opportunity) error {
		return a.applyOpportunities(ctx, batch, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("catching up listings: %w", err)
	}
	orgs := map[string]int{}
	err = a.db.EachOrganization(ctx, a.search.opts.BatchSize, func(batch []*models.Organization) error {
		for _, o := range batch {
			orgs[o.ID] = o.Version
			if isProvider(o) {
				r.Providers++
			} else {
				r.Removed++
			}
		}
		return a.applyProviders(ctx, batch, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("catching up providers: %w", err)
	}
	if r.Remarked, err = a.remarkChanged(ctx, opportunityKeyPrefix, listings, a.db.OpportunityVersions); err != nil {
		return nil, err
	}
	n, err := a.remarkChanged(ctx, providerKeyPrefix, orgs, a.db.OrganizationVersions)
	if err != nil {
		return nil, err
	}
	r.Remarked += n
	r.Elapsed = time.Since(start)
	return r, nil
}

// catchUpBatch is how many documents a catch-up or a reindex writes to the
// engine at once: large batches make fewer, larger index segments, which
// the embedded engine then merges less.
const catchUpBatch = 2000

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
func (a *App) remarkChanged(ctx context.Context, prefix string, indexed map[string]int,
	versions func(context.Context, []string) (map[string]int, error)) (int, error) {
	now, err := versions(ctx, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for id, v := range now {
		if indexed[id] != v {
			if err := a.db.MarkDirty(ctx, prefix+id, v, a.Now()); err != nil {
				return n, err
			}
			n++
		}
	}
	if n > 0 {
		a.search.poke()
	}
	return n, nil
}

// Reindex rebuilds both indexes from the database: it empties them, then
// writes every public listing and verified provider again. Searches find
// fewer results until it finishes.
func (a *App) Reindex(ctx context.Context) (*IndexReport, error) {
	s := a.search
	if err := a.ensureIndexes(ctx); err != nil {
		return nil, err
	}
	s.pass.Lock()
	defer s.pass.Unlock()
	for _, name := range []string{opportunityIndex, providerIndex} {
		if err := s.engine.DeleteAll(ctx, name); err != nil {
			return nil, fmt.Errorf("emptying search index %s: %w", name, err)
		}
	}
	if s.opts.Exclusive {
		s.listings.reset()
		s.providers.reset()
	}
	r, err := a.catchUp(ctx)
	if err != nil {
		return nil, err
	}
	s.caughtUp.Store(true)
	return r, nil
}
