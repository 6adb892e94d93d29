// Package sqlite stores the marketplace in one SQLite file, through the
// pure-Go modernc.org/sqlite driver: the embedded default store, which
// implements store.Store as app/mongo does for MongoDB.
//
// # Tables
//
// Each MongoDB collection is a table of the same name. A row keeps the
// document exactly as MongoDB would (BSON, in the doc column, last so that
// reading the other columns never touches its overflow pages) and, beside
// it, the fields the queries filter and sort on, extracted in Go when the
// row is written: times as Unix milliseconds (MongoDB's precision), a
// listing's publishedAt as NULL when it has none (NULL sorts first, as a
// missing field does in MongoDB). Every query a request makes reads
// through an index (see plan_test.go, which fails on a table scan).
// Triggers keep two small count tables: listings per (status, kind,
// published) and notifications per organisation (total, unread), so that
// the totals of the feed and of an inbox cost the same at any size.
//
// # Connections
//
// The file is in WAL mode: readers never wait for the writer. Writes go
// through one connection (database/sql with one open connection
// serialises them in Go, honouring each caller's context), each in a
// transaction begun IMMEDIATE so that it takes the file's write lock
// before it reads: two DB opened on one file (two app instances) then
// serialise on that lock, waiting up to the busy timeout. Unique
// constraints and conditional updates are atomic in SQLite, so the
// invariants need no lock in this process. synchronous=FULL syncs the WAL
// at every commit, so a bid's receipt survives a power cut. Reads use a
// pool of query_only connections.
//
// A bulk load (OpenWith with Options.BulkLoad, for the scale generator)
// works otherwise: one connection for reads and writes, holding the file
// alone, the writes grouped as savepoints of a long transaction, nothing
// synced until Sync (see bulk.go).
//
// # Memory
//
// Each connection has its own page cache (SQLite's shared cache is a
// legacy mode with table-level locks): the writer 64 MiB, each of 4 to 8
// readers (one per CPU) 32 MiB, at most 320 MiB in all. That holds the
// indexes' upper levels and leaves that requests walk, and the hot rows;
// the rest of a 4 GB file comes from the operating system's file cache,
// which is not the process's memory (a miss costs a pread of a page the
// OS holds). Doubling the readers' cache from 16 MiB cut a point read of
// a listing among 100,000 by about a third; 64 MiB measured no better.
// Memory-mapped I/O is off: the pages of a mapping count as the process's
// resident memory once touched, so mapping a 4 GB file would let a full
// scan (verify-audit, reindex) grow the resident size towards 4 GB, and
// mapping 256 MiB to 1 GiB measured within the noise of the larger cache.
// Sorts that outgrow the cache spill to temporary files rather than grow
// the heap (temp_store is left at its default). Scans (EachEvent,
// EachOpportunity) read a batch per query, so their memory is one batch.
//
// # Statements
//
// The driver compiles every statement it runs (v1.32 keeps no prepared
// program), so bulk inserts put up to 64 rows in one statement, and every
// write that belongs together is one transaction.
package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"market/app/store"
)

var (
	_ store.Store    = (*DB)(nil)
	_ store.Tamperer = (*DB)(nil)
)

// Connection settings.
const (
	// busyTimeout is how long a writer waits for another process's write lock.
	busyTimeout = 10 * time.Second
	// writerCacheKiB and readerCacheKiB are the page caches of the
	// connections; maxReaders bounds the readers.
	writerCacheKiB = 64 << 10
	readerCacheKiB = 32 << 10
	maxReaders     = 8
)

// DB is the marketplace's store in one SQLite file.
type DB struct {
	path   string
	writer *sql.DB // one connection; every write transaction is IMMEDIATE
	reader *sql.DB // a pool of read-only connections
	wstmts *stmtCache
	rstmts *stmtCache
	// bulk says the store was opened for a bulk load: reader is writer,
	// and cache holds documents read by ID (nil otherwise).
	bulk  bool
	cache *docCache
	// groups queues the writes that share a transaction (see group.go).
	groups writeGroups
}

// Open opens the database file at path, creating it (mode 0600) and its
// schema when needed, and checks that it answers: OpenWith with the
// default options, every commit durable.
func Open(ctx context.Context, path string) (*DB, error) {
	return OpenWith(ctx, path, Options{})
}

// Ping checks that the store answers.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var n int
	if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		return fmt.Errorf("pinging %s: %w", db.path, wrap(err))
	}
	return nil
}

// Close releases the connections; the last one to close checkpoints the WAL.
func (db *DB) Close(ctx context.Context) error {
	var errs []error
	for _, c := range []*stmtCache{db.rstmts, db.wstmts} {
		if c != nil { // in a bulk load both are one cache: closing it twice is harmless
			c.close()
		}
	}
	if db.reader != nil && !db.bulk {
		if err := db.reader.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := db.writer.Close(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("closing %s: %v", db.path, errs)
	}
	return nil
}

// stmtCache keeps the statements a DB prepares once and reuses: database/sql
// prepares each on a connection the first time it runs there. (The driver
// at v1.32 compiles the SQL at every execution all the same, so this saves
// little today; the cache is also the set of statements the store has run,
// which plan_test.go explains.)
type stmtCache struct {
	db     *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	wanted map[string]bool // asked for in a transaction, to prepare after it
}

// newStmtCache returns an empty cache of db's statements.
func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: make(map[string]*sql.Stmt), wanted: make(map[string]bool)}
}

// get returns the prepared statement for query, which must be one of the
// package's constant queries (the cache is never trimmed); queries built
// from a request's filters run unprepared. It must not be called in a
// transaction: preparing may need another connection, and the writer has
// only one (see inTx).
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	s, ok := c.m[query]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, wrap(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if other, ok := c.m[query]; ok {
		_ = s.Close() // another caller prepared it meanwhile
		return other, nil
	}
	c.m[query] = s
	return s, nil
}

// inTx returns query prepared in tx: the cached statement, or, the first
// time, one prepared on tx's own connection for this transaction only
// (preparing it on the DB would wait for a connection that tx holds); fill
// then caches it once the transaction is over.
func (c *stmtCache) inTx(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	s, ok := c.m[query]
	if !ok {
		c.wanted[query] = true
	}
	c.mu.Unlock()
	if ok {
		return tx.StmtContext(ctx, s), nil
	}
	s, err := tx.PrepareContext(ctx, query)
	return s, wrap(err)
}

// fill prepares the statements inTx was asked for and did not have.
func (c *stmtCache) fill(ctx context.Context) {
	c.mu.Lock()
	if len(c.wanted) == 0 {
		c.mu.Unlock()
		return
	}
	var queries []string
	for q := range c.wanted {
		queries = append(queries, q)
		delete(c.wanted, q)
	}
	c.mu.Unlock()
	for _, q := range queries {
		_, _ = c.get(ctx, q) // an error here only leaves it unprepared
	}
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		_ = s.Close()
		delete(c.m, q)
	}
}
