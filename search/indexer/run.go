package indexer

import (
	"context"
	"errors"
	"time"

	"market/search"
)

// Run keeps the search index in step with the database until ctx
// ends: it ensures the indexes, catches up from the database, then indexes
// marked changes as they come, retrying with backoff while the engine (or
// the database) fails. Should the engine lose an index, it starts over
// with a full pass. Without an engine it returns at once.
func (s *Indexer) Run(ctx context.Context) {
	if s.engine == nil {
		return
	}
	r := &retry{s: s}
	for ctx.Err() == nil {
		for !s.caughtUp.Load() {
			if err := s.startSearch(ctx); err != nil {
				if ctx.Err() != nil || !sleep(ctx, r.fail(ctx, "start-up", err), nil) {
					return
				}
			}
		}
		r.ok()
		s.followChanges(ctx, r)
	}
}

// retry is the synchroniser's backoff between failed attempts.
type retry struct {
	s       *Indexer
	backoff time.Duration
}

// fail notes a failed attempt (the engine is then unhealthy, and /readyz
// says why) and returns how long to wait before the next one: twice the
// last wait, from MinBackoff up to MaxBackoff.
func (r *retry) fail(ctx context.Context, what string, err error) time.Duration {
	s := r.s
	s.healthy.Store(false)
	trouble := troubleOf(err)
	s.trouble.Store(&trouble)
	r.backoff = min(max(2*r.backoff, s.opts.MinBackoff), s.opts.MaxBackoff)
	r.s.log.WarnContext(ctx, "search: "+what+" failed; retrying", "retry_in", r.backoff.String(), "err", err)
	return r.backoff
}

// ok notes a good attempt.
func (r *retry) ok() {
	r.backoff = 0
	r.s.trouble.Store(nil)
}

// followChanges indexes marked changes as they come until ctx ends or the
// engine turns out to have lost an index, which it then forgets (see
// forgetIndexes). While idle it checks the engine every CheckInterval.
func (s *Indexer) followChanges(ctx context.Context, r *retry) {
	checked := time.Now()
	for {
		more, err := s.syncStep(ctx)
		if err == nil && !more && time.Since(checked) >= s.opts.CheckInterval {
			checked = time.Now()
			err = s.engine.Ping(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, search.ErrIndexLost):
			r.fail(ctx, "synchronisation", err)
			if err := s.forgetIndexes(ctx); err != nil {
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
func (s *Indexer) forgetIndexes(ctx context.Context) error {
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
	return s.db.MarkDirty(ctx, fullPassKey, 0, time.Time{})
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
