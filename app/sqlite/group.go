package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
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

// maxGroup is how many writes one transaction holds at most.
const maxGroup = 32

// groupWrite is one queued write.
type groupWrite struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
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
	w := &groupWrite{ctx: ctx, fn: fn, done: make(chan error, 1)}
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
		n := min(len(g.queue), maxGroup)
		if n == 0 {
			g.running = false
			g.mu.Unlock()
			return
		}
		group := g.queue[:n:n]
		g.queue = g.queue[n:]
		g.mu.Unlock()
		db.runGroup(group)
	}
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
