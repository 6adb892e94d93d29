package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"market/app/store"
)

// Writes that come while another is being written share one transaction,
// as databases share a log write between concurrent commits: every
// transaction of the store has one writer connection, and a commit in WAL
// mode with synchronous=FULL costs an fsync, so eight clients writing at
// once would otherwise queue for the connection one fsync each. A
// goroutine runs the queued writes, up to maxGroup in one transaction,
// each in a savepoint of its own: a write whose function fails is rolled
// back to its savepoint and gets its error, and the others still commit.
// Should the transaction itself fail (its commit, or a statement that
// aborts the whole transaction, such as one interrupted by its request's
// end), each write of the group whose request goes on is run again alone,
// so that one write never fails for another's fault. A write returns only
// once its group is committed or rolled back.
//
// Background writes (store.Background: the alert worker's) go in groups
// of their own, after the requests' writes queued before the group is
// formed, unless one has waited backgroundWait: a request then waits for
// at most one background group, not for a queue of them.

// maxGroup is how many writes one transaction holds at most.
const maxGroup = 32

// backgroundWait is how long a background write may be passed over by the
// requests' writes.
const backgroundWait = 250 * time.Millisecond

// groupWrite is one queued write.
type groupWrite struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
	// background marks a background write, queued at queued.
	background bool
	queued     time.Time
}

// writeGroups is the queue of writes.
type writeGroups struct {
	mu    sync.Mutex
	queue []*groupWrite
	// running is set while the goroutine that runs the groups runs.
	running bool
	// shared counts the writes committed in a transaction with others.
	shared atomic.Int64
}

// writeGrouped queues fn and waits for the outcome of its group.
func (db *DB) writeGrouped(ctx context.Context, fn func(tx *sql.Tx) error) error {
	w := &groupWrite{ctx: ctx, fn: fn, done: make(chan error, 1), background: store.IsBackground(ctx), queued: time.Now()}
	g := &db.groups
	g.mu.Lock()
	g.queue = append(g.queue, w)
	if !g.running {
		g.running = true
		go db.runGroups()
	}
	g.mu.Unlock()
	return <-w.done
}

// runGroups runs the queued writes a group at a time until none is left.
func (db *DB) runGroups() {
	g := &db.groups
	for {
		g.mu.Lock()
		group := g.next(time.Now())
		if len(group) == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		db.runGroup(group)
	}
}

// next takes the next group off the queue: up to maxGroup requests'
// writes, in the order they came, or, when there are none or the oldest
// background write has waited backgroundWait, up to maxGroup background
// writes. g.mu is held.
func (g *writeGroups) next(now time.Time) []*groupWrite {
	if len(g.queue) == 0 {
		return nil
	}
	// The queue is in the order the writes came: the first background
	// write is the one that has waited longest.
	oldest, requests := -1, false
	for i, w := range g.queue {
		if !w.background {
			requests = true
		} else if oldest < 0 {
			oldest = i
		}
	}
	background := !requests || (oldest >= 0 && now.Sub(g.queue[oldest].queued) >= backgroundWait)
	var group, rest []*groupWrite
	for _, w := range g.queue {
		if w.background == background && len(group) < maxGroup {
			group = append(group, w)
		} else {
			rest = append(rest, w)
		}
	}
	g.queue = rest
	return group
}

// runGroup runs a group of writes in one transaction, or each alone when
// the group is one write or the shared transaction fails.
func (db *DB) runGroup(group []*groupWrite) {
	if len(group) == 1 {
		group[0].done <- db.writeAlone(group[0].ctx, func(tx *sql.Tx) error { return safely(group[0].fn, tx) })
		return
	}
	errs, ok := db.tryGroup(group)
	if ok {
		db.groups.shared.Add(int64(len(group)))
	}
	for i, w := range group {
		switch err := w.ctx.Err(); {
		case ok:
			w.done <- errs[i]
		case err != nil: // its request ended: not written
			w.done <- err
		default:
			// Run again alone, even a write that failed: the transaction
			// may have failed under it (a statement interrupted by another
			// write's request ending aborts it whole). One that failed on
			// its own fails again so.
			w.done <- db.writeAlone(w.ctx, func(tx *sql.Tx) error { return safely(w.fn, tx) })
		}
	}
	db.wstmts.fill(context.Background())
}

// tryGroup runs the group in one transaction and returns each write's
// error and whether the transaction committed (when it did not, nothing
// of the group was written).
func (db *DB) tryGroup(group []*groupWrite) ([]error, bool) {
	errs := make([]error, len(group))
	// The transaction outlives any one request: each write's statements
	// run with its own context, and the writes are checked before they run.
	ctx := context.Background()
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return errs, false
	}
	for i, w := range group {
		if err := w.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT w"); err != nil {
			_ = tx.Rollback()
			return errs, false
		}
		if errs[i] = safely(w.fn, tx); errs[i] != nil {
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO w"); err != nil {
				_ = tx.Rollback()
				return errs, false
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE w"); err != nil {
			_ = tx.Rollback()
			return errs, false
		}
	}
	if err := tx.Commit(); err != nil {
		return errs, false
	}
	return errs, true
}

// safely calls fn, turning a panic into an error: fn runs on the groups'
// goroutine, where a panic would stop the process rather than fail the
// request that wrote it.
func safely(fn func(tx *sql.Tx) error, tx *sql.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("a write panicked: %v", r)
		}
	}()
	return fn(tx)
}
