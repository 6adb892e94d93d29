package app

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"market/app/store"
	"market/models"
	"market/search"
)

// How the index follows the database
//
// Every write that stores a listing or an organisation inserts a dirty
// marker (key and version) with it (see store.Commit), and then indexes the
// stored document itself while the engine is healthy, so that a writer sees
// its own change in the next search. The engine is never a reason for a
// write to fail: if it is down or slow, the marker stays.
//
// The synchroniser (RunSearchSync) reads markers, loads the current
// documents from the database, writes them to the engine, then reads their
// versions again: a document that changed meanwhile is done again, so an
// older copy can never be the last one written. Only then are the markers
// it read deleted, by ID; markers inserted meanwhile stay for the next
// pass. While the engine fails it retries with exponential backoff.
//
// A marker is inserted with its change and cleared only once the engine
// holds the change durably (Engine.Flush), so nothing is lost by a crash
// and a start need not read the whole database: only an index that starts
// empty, or whose filling an earlier run left unfinished, gets a full pass
// (see startSearch).

// indexOpportunity is called by every write that stored a listing.
func (a *App) indexOpportunity(ctx context.Context, o *models.Opportunity) {
	a.indexChange(ctx, opportunityKeyPrefix+o.ID, o.Version, newIndexWrite(o, nil))
}

// indexProvider is called by every write that stored an organisation.
func (a *App) indexProvider(ctx context.Context, o *models.Organization) {
	a.indexChange(ctx, providerKeyPrefix+o.ID, o.Version, newIndexWrite(nil, o))
}

// indexChange applies the stored document key@version to the index at
// once while the engine is healthy (in a batch with the writes of other
// writers meanwhile, see writeBatcher): its marker, inserted with the
// change, stays for the synchroniser otherwise. The caller holds the
// document's lock, so this is the latest version this process has. With
// several processes another one may have stored a later version meanwhile:
// the marker then stays for the synchroniser, which checks. With Exclusive,
// this process being the only writer, the synchroniser only waits for the
// engine to hold the change durably before it clears the marker.
func (a *App) indexChange(ctx context.Context, key string, version int, w *indexWrite) {
	s := a.search
	ctx = context.WithoutCancel(ctx) // the change is stored: finish its bookkeeping
	defer s.poke()
	if s.engine == nil || !s.ensured.Load() || !s.healthy.Load() {
		return
	}
	ictx, cancel := context.WithTimeout(ctx, s.opts.WriteTimeout)
	defer cancel()
	if err := a.indexBatched(ictx, w); err != nil {
		s.healthy.Store(false)
		a.log.WarnContext(ctx, "search: indexing a change failed; the synchroniser will retry", "key", key, "err", err)
		return
	}
	if s.opts.Exclusive {
		// Cleared by the synchroniser once the engine holds it durably.
		s.noteApplied(store.IndexMarkerID(key, version))
	}
}

// RunSearchSync keeps the search index in step with the database until ctx
// ends: it ensures the indexes, catches up from the database, then indexes
// marked changes as they come, retrying with backoff while the engine (or
// the database) fails. Should the engine lose an index, it starts over
// with a full pass. Without an engine it returns at once.
func (a *App) RunSearchSync(ctx context.Context) {
	s := a.search
	if s.engine == nil {
		return
	}
	r := &retry{a: a}
	for ctx.Err() == nil {
		for !s.caughtUp.Load() {
			if err := a.startSearch(ctx); err != nil {
				if ctx.Err() != nil || !sleep(ctx, r.fail(ctx, "start-up", err), nil) {
					return
				}
			}
		}
		r.ok()
		a.followChanges(ctx, r)
	}
}

// retry is the synchroniser's backoff between failed attempts.
type retry struct {
	a       *App
	backoff time.Duration
}

// fail notes a failed attempt (the engine is then unhealthy, and /readyz
// says why) and returns how long to wait before the next one: twice the
// last wait, from MinBackoff up to MaxBackoff.
func (r *retry) fail(ctx context.Context, what string, err error) time.Duration {
	s := r.a.search
	s.healthy.Store(false)
	trouble := troubleOf(err)
	s.trouble.Store(&trouble)
	r.backoff = min(max(2*r.backoff, s.opts.MinBackoff), s.opts.MaxBackoff)
	r.a.log.WarnContext(ctx, "search: "+what+" failed; retrying", "retry_in", r.backoff.String(), "err", err)
	return r.backoff
}

// ok notes a good attempt.
func (r *retry) ok() {
	r.backoff = 0
	r.a.search.trouble.Store(nil)
}

// followChanges indexes marked changes as they come until ctx ends or the
// engine turns out to have lost an index, which it then forgets (see
// forgetIndexes). While idle it checks the engine every CheckInterval.
func (a *App) followChanges(ctx context.Context, r *retry) {
	s := a.search
	checked := time.Now()
	for {
		more, err := a.syncStep(ctx)
		if err == nil && !more && time.Since(checked) >= s.opts.CheckInterval {
			checked = time.Now()
			err = s.engine.Ping(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, search.ErrIndexLost):
			r.fail(ctx, "synchronisation", err)
			if err := a.forgetIndexes(ctx); err != nil {
				r.fail(ctx, "marking a full pass due", err)
			}
			return
		case err != nil:
			if !sleep(ctx, r.fail(ctx, "synchronisation", err), nil) {
				return
			}
		case more:
			r.ok()
		default:
			r.ok()
			if !sleep(ctx, s.opts.PollInterval, s.wake) {
				return
			}
		}
	}
}

// forgetIndexes starts the search over after the engine lost an index:
// searches answer 503 and the start-up's work is done again, this time
// with a full pass, marked due first so that a stop meanwhile leaves it due.
func (a *App) forgetIndexes(ctx context.Context) error {
	s := a.search
	s.pass.Lock()
	defer s.pass.Unlock()
	s.caughtUp.Store(false)
	s.ensured.Store(false)
	s.healthy.Store(false)
	s.fresh.Store(true)
	if s.opts.Exclusive {
		s.listings.reset()
		s.providers.reset()
	}
	return a.db.MarkDirty(ctx, fullPassKey, 0, time.Time{})
}

// sleep waits for d, or for wake when it is not nil; it reports false when
// ctx ended first.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-wake:
	}
	return true
}

// SyncSearch indexes every change marked so far and returns when none is
// left, or with the first error; tests and tools use it to wait for the
// index. It catches up first if the synchroniser has not yet.
func (a *App) SyncSearch(ctx context.Context) error {
	if a.search.engine == nil {
		return a.search.unusable()
	}
	if err := a.startSearch(ctx); err != nil {
		return err
	}
	for {
		more, err := a.syncStep(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// syncStep clears the markers of changes that writes indexed themselves,
// then indexes up to one batch of marked changes, and reports whether more
// may wait.
func (a *App) syncStep(ctx context.Context) (bool, error) {
	s := a.search
	s.pass.Lock()
	defer s.pass.Unlock()
	applied := s.takeApplied()
	markers, err := a.db.DirtyMarkers(ctx, s.opts.BatchSize)
	if err == nil && len(markers) == s.opts.BatchSize {
		var pending int
		if pending, err = a.db.CountMarkers(ctx); err == nil {
			s.pending.Store(int64(pending))
		}
	} else if err == nil {
		s.pending.Store(int64(len(markers)))
	}
	if err == nil {
		err = a.flushApplied(ctx, applied)
	}
	if err != nil {
		for _, id := range applied {
			s.noteApplied(id) // to be cleared by a later pass
		}
		return false, err
	}
	skip := make(map[string]bool, len(applied))
	for _, id := range applied {
		skip[id] = true
	}
	if !s.healthy.Load() {
		if err := s.engine.Ping(ctx); err != nil {
			return false, err
		}
	}
	var opportunities, providers []string
	todo := markers[:0:0]
	for _, m := range markers {
		switch {
		case skip[m.ID], s.isApplied(m.ID), m.Key == fullPassKey:
			continue // indexed by its writer, or the start-up's pass
		case strings.HasPrefix(m.Key, opportunityKeyPrefix):
			opportunities = append(opportunities, strings.TrimPrefix(m.Key, opportunityKeyPrefix))
		case strings.HasPrefix(m.Key, providerKeyPrefix):
			providers = append(providers, strings.TrimPrefix(m.Key, providerKeyPrefix))
		}
		todo = append(todo, m)
	}
	if len(todo) == 0 {
		s.healthy.Store(true)
		if len(markers) < s.opts.BatchSize {
			s.lastSync.Store(a.Now().UnixMilli())
		}
		return false, nil
	}
	done := map[string]int{}
	for _, k := range []struct {
		prefix   string
		ids      []string
		load     func(context.Context, []string) (map[string]int, error)
		versions func(context.Context, []string) (map[string]int, error)
	}{
		{opportunityKeyPrefix, opportunities, a.loadOpportunities, a.db.OpportunityVersions},
		{providerKeyPrefix, providers, a.loadProviders, a.db.OrganizationVersions},
	} {
		verified, err := syncIDs(ctx, dedupe(k.ids), k.load, k.versions)
		for id, v := range verified {
			done[k.prefix+id] = v
		}
		if err != nil {
			return false, errors.Join(err, a.clearDone(ctx, todo, done))
		}
	}
	s.healthy.Store(true)
	if err := a.clearDone(ctx, todo, done); err != nil {
		return false, err
	}
	if len(markers) < s.opts.BatchSize {
		s.lastSync.Store(a.Now().UnixMilli())
	}
	return len(markers) == s.opts.BatchSize, nil
}

// flushApplied clears the markers ids of changes that writes indexed
// themselves, once the engine holds them durably.
func (a *App) flushApplied(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := a.search.engine.Flush(ctx); err != nil {
		return err
	}
	if err := a.db.ClearMarkers(ctx, ids); err != nil {
		return err
	}
	a.search.pending.Add(-int64(len(ids)))
	return nil
}

// syncIDs applies the current documents ids to the index and confirms that
// none changed while it did; a document that did is done again, up to three
// times. It returns, for each confirmed ID, the version the index now holds
// (math.MaxInt for a document that no longer exists).
func syncIDs(ctx context.Context, ids []string,
	load, versions func(context.Context, []string) (map[string]int, error)) (map[string]int, error) {
	verified := map[string]int{}
	for round := 0; len(ids) > 0 && round < 3; round++ {
		applied, err := load(ctx, ids)
		if err != nil {
			return verified, err
		}
		now, err := versions(ctx, ids)
		if err != nil {
			return verified, err
		}
		var moved []string
		for _, id := range ids {
			switch v := applied[id]; {
			case now[id] != v:
				moved = append(moved, id)
			case v == 0:
				verified[id] = math.MaxInt
			default:
				verified[id] = v
			}
		}
		ids = moved
	}
	return verified, nil
}

// clearDone deletes, once the engine holds them durably, the markers whose
// version the index now holds, those of documents that have not existed for
// markerGrace, and those of unknown kinds, which nothing would ever clear.
func (a *App) clearDone(ctx context.Context, markers []store.IndexMarker, done map[string]int) error {
	var ids []string
	for _, m := range markers {
		v, ok := done[m.Key]
		known := strings.HasPrefix(m.Key, opportunityKeyPrefix) || strings.HasPrefix(m.Key, providerKeyPrefix)
		switch {
		case !known:
			ids = append(ids, m.ID)
		case ok && v == math.MaxInt:
			// No such document: with MongoDB a marker is inserted before
			// its document, so it may yet come; after a while it never will.
			if a.Now().Sub(m.At) > markerGrace {
				ids = append(ids, m.ID)
			}
		case ok && m.Version <= v:
			ids = append(ids, m.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if err := a.search.engine.Flush(ctx); err != nil {
		return err
	}
	if err := a.db.ClearMarkers(ctx, ids); err != nil {
		return err
	}
	a.search.pending.Add(-int64(len(ids)))
	return nil
}

// dedupe returns ids without repeats, in their first order.
func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
