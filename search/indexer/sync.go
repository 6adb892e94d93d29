package indexer

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"market/models"
)

// How the index follows the database
//
// Every write that stores a listing or an organisation inserts a dirty
// marker (key and version) with it (see the application's store.Commit),
// and then indexes the stored document itself while the engine is healthy
// (IndexOpportunity, IndexProvider), so that a writer sees its own change
// in the next search. The engine is never a reason for a
// write to fail: if it is down or slow, the marker stays.
//
// The synchroniser (Run) reads markers, loads the current
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

// IndexOpportunity is called by every write that stored a listing.
func (s *Indexer) IndexOpportunity(ctx context.Context, o *models.Opportunity) {
	s.indexChange(ctx, OpportunityKeyPrefix+o.ID, o.Version, newIndexWrite(o, nil))
}

// IndexProvider is called by every write that stored an organisation.
func (s *Indexer) IndexProvider(ctx context.Context, o *models.Organization) {
	s.indexChange(ctx, ProviderKeyPrefix+o.ID, o.Version, newIndexWrite(nil, o))
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
func (s *Indexer) indexChange(ctx context.Context, key string, version int, w *indexWrite) {
	ctx = context.WithoutCancel(ctx) // the change is stored: finish its bookkeeping
	defer s.poke()
	if s.engine == nil || !s.ensured.Load() || !s.healthy.Load() {
		return
	}
	ictx, cancel := context.WithTimeout(ctx, s.opts.WriteTimeout)
	defer cancel()
	if err := s.indexBatched(ictx, w); err != nil {
		s.healthy.Store(false)
		s.log.WarnContext(ctx, "search: indexing a change failed; the synchroniser will retry", "key", key, "err", err)
		return
	}
	if s.opts.Exclusive {
		// Cleared by the synchroniser once the engine holds it durably.
		s.noteApplied(MarkerID(key, version))
	}
}

// Sync indexes every change marked so far and returns when none is
// left, or with the first error; tests and tools use it to wait for the
// index. It catches up first if the synchroniser has not yet.
func (s *Indexer) Sync(ctx context.Context) error {
	if s.engine == nil {
		return s.Unusable()
	}
	if err := s.startSearch(ctx); err != nil {
		return err
	}
	for {
		more, err := s.syncStep(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// syncStep clears the markers of changes that writes indexed themselves,
// then indexes up to one batch of marked changes, and reports whether more
// may wait.
func (s *Indexer) syncStep(ctx context.Context) (bool, error) {
	s.pass.Lock()
	defer s.pass.Unlock()
	applied := s.takeApplied()
	markers, err := s.db.DirtyMarkers(ctx, s.opts.BatchSize)
	if err == nil && len(markers) == s.opts.BatchSize {
		var pending int
		if pending, err = s.db.CountMarkers(ctx); err == nil {
			s.pending.Store(int64(pending))
		}
	} else if err == nil {
		s.pending.Store(int64(len(markers)))
	}
	if err == nil {
		err = s.clearFlushed(ctx, applied)
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
		case strings.HasPrefix(m.Key, OpportunityKeyPrefix):
			opportunities = append(opportunities, strings.TrimPrefix(m.Key, OpportunityKeyPrefix))
		case strings.HasPrefix(m.Key, ProviderKeyPrefix):
			providers = append(providers, strings.TrimPrefix(m.Key, ProviderKeyPrefix))
		}
		todo = append(todo, m)
	}
	if len(todo) == 0 {
		s.healthy.Store(true)
		if len(markers) < s.opts.BatchSize {
			s.lastSync.Store(s.now().UnixMilli())
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
		{OpportunityKeyPrefix, opportunities, s.loadOpportunities, s.db.OpportunityVersions},
		{ProviderKeyPrefix, providers, s.loadProviders, s.db.OrganizationVersions},
	} {
		verified, err := syncIDs(ctx, dedupe(k.ids), k.load, k.versions)
		for id, v := range verified {
			done[k.prefix+id] = v
		}
		if err != nil {
			return false, errors.Join(err, s.clearDone(ctx, todo, done))
		}
	}
	s.healthy.Store(true)
	if err := s.clearDone(ctx, todo, done); err != nil {
		return false, err
	}
	if len(markers) < s.opts.BatchSize {
		s.lastSync.Store(s.now().UnixMilli())
	}
	return len(markers) == s.opts.BatchSize, nil
}

// clearFlushed deletes the markers ids once the engine holds what was
// written for them durably (Engine.Flush); it does nothing for none.
func (s *Indexer) clearFlushed(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.engine.Flush(ctx); err != nil {
		return err
	}
	if err := s.db.ClearMarkers(ctx, ids); err != nil {
		return err
	}
	s.pending.Add(-int64(len(ids)))
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

// markerGrace is how long a marker may wait for its document: with MongoDB
// a marker is inserted before its document, which a crash may leave never
// stored.
const markerGrace = 2 * time.Minute

// clearDone deletes, once the engine holds them durably, the markers whose
// version the index now holds, those of documents that have not existed for
// markerGrace, and those of unknown kinds, which nothing would ever clear.
func (s *Indexer) clearDone(ctx context.Context, markers []Marker, done map[string]int) error {
	var ids []string
	for _, m := range markers {
		v, ok := done[m.Key]
		known := strings.HasPrefix(m.Key, OpportunityKeyPrefix) || strings.HasPrefix(m.Key, ProviderKeyPrefix)
		switch {
		case !known:
			ids = append(ids, m.ID)
		case ok && v == math.MaxInt:
			// No such document: with MongoDB a marker is inserted before
			// its document, so it may yet come; after a while it never will.
			if s.now().Sub(m.At) > markerGrace {
				ids = append(ids, m.ID)
			}
		case ok && m.Version <= v:
			ids = append(ids, m.ID)
		}
	}
	return s.clearFlushed(ctx, ids)
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
