package scale

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"market/app"
)

// listingRun is a listing being played: its plan, the next step, and what
// the App has answered so far.
type listingRun struct {
	plan    *listingPlan
	next    int
	id      string
	version int
	bidIDs  []string
	bidVers []int
	qIDs    []string
	r       *rng // the choices made while playing (which member acts)
}

// at is the time of the listing's next step.
func (l *listingRun) at() time.Time { return l.plan.steps[l.next].at }

// runQueue is a heap of listings by the time of their next step, then index.
type runQueue []*listingRun

func (q runQueue) Len() int { return len(q) }
func (q runQueue) Less(i, j int) bool {
	if c := q[i].at().Compare(q[j].at()); c != 0 {
		return c < 0
	}
	return q[i].plan.idx < q[j].plan.idx
}
func (q runQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *runQueue) Push(x any)   { *q = append(*q, x.(*listingRun)) }
func (q *runQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// start is when a listing's history begins.
type start struct {
	at  time.Time
	idx int
}

// shard plays the histories of a disjoint set of listings in time order,
// with its own App and clock.
type shard struct {
	g       *generator
	planner *planner
	n       int
	app     *app.App
	clock   *clock
	starts  []start // the listings not started yet, in time order
	queue   runQueue
	// done is a time (Unix ms) before which every step of the shard has
	// been played: the coordinator reads it to know how far all have got.
	done atomic.Int64
	// open holds the published listings whose deadline is still to come,
	// which the coordinator offers to followers at barriers.
	open map[int]*listingRun
	// started counts the listings begun.
	started int
}

// newShard returns shard n with its App.
func (g *generator) newShard(p *planner, n int) (*shard, error) {
	c := newClock(g.tl.start)
	a, err := g.newApp(c, false)
	if err != nil {
		return nil, err
	}
	return &shard{g: g, planner: p, n: n, app: a, clock: c, open: map[int]*listingRun{}}, nil
}

// sortStarts puts the listings not started in time order.
func (s *shard) sortStarts() {
	slices.SortFunc(s.starts, func(a, b start) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.idx - b.idx
	})
}

// run plays the shard's listings, stopping at each barrier until the
// coordinator releases it.
func (s *shard) run(ctx context.Context, co *coordinator) error {
	// The App's calls get a context that is never cancelled: the SQLite
	// driver watches a cancellable one with a goroutine per statement.
	// The shard checks for cancellation between steps instead.
	actx := context.WithoutCancel(ctx)
	for k, b := range s.g.tl.barriers {
		for {
			l, err := s.nextUntil(b)
			if err != nil {
				return err
			}
			if l == nil {
				break
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			s.done.Store(l.at().UnixMilli())
			co.moved()
			if err := s.play(actx, l); err != nil {
				return err
			}
		}
		s.done.Store(b.UnixMilli() + 1)
		co.moved()
		select {
		case <-co.released(k):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// nextUntil returns the listing whose step comes next, if it comes by b,
// starting (planning) listings whose history begins by then.
func (s *shard) nextUntil(b time.Time) (*listingRun, error) {
	for len(s.starts) > 0 && !s.starts[0].at.After(b) && (len(s.queue) == 0 || !s.starts[0].at.After(s.queue[0].at())) {
		st := s.starts[0]
		s.starts = s.starts[1:]
		plan := s.planner.listing(st.idx)
		if plan == nil {
			continue
		}
		if !plan.steps[0].at.Equal(st.at) {
			return nil, fmt.Errorf("listing %d: planned to start at %s, its first step is at %s", st.idx, st.at, plan.steps[0].at)
		}
		s.started++
		heap.Push(&s.queue, &listingRun{plan: plan, bidIDs: make([]string, len(plan.bids)), bidVers: make([]int, len(plan.bids)),
			qIDs: make([]string, len(plan.questions)), r: newRNG(s.g.cfg.Seed, "play", st.idx)})
	}
	if len(s.queue) == 0 || s.queue[0].at().After(b) {
		return nil, nil
	}
	return heap.Pop(&s.queue).(*listingRun), nil
}

// play plays the listing's next step and queues it again if it has more.
func (s *shard) play(ctx context.Context, l *listingRun) error {
	st := l.plan.steps[l.next]
	l.next++
	s.clock.set(st.at)
	if err := s.step(ctx, l, st); err != nil {
		return fmt.Errorf("listing %d (%s), step %s at %s: %w", l.plan.idx, l.id, st.kind, st.at.Format(time.RFC3339), err)
	}
	if l.next < len(l.plan.steps) {
		heap.Push(&s.queue, l)
	}
	return nil
}
