package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Options change how OpenWith opens a store. The zero value is what Open
// uses: every commit synced to disk.
type Options struct {
	// BulkLoad opens the store for a bulk load by one process (the scale
	// generator): one connection holds the file alone, writes are grouped
	// in a long transaction and nothing is synced (synchronous=OFF), so a
	// crash or a power cut may lose what was written since the last Sync,
	// and no other process can open the file meanwhile. Each write is
	// still all or nothing and seen by the next read (see bulk.go). Call
	// Sync before Close to make the load durable. Never use it for a store
	// that serves requests.
	BulkLoad bool
}

// OpenWith opens the database file at path as Open does, with opts.
func OpenWith(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("opening SQLite store: unsupported path %q", path)
	}
	// A new file is created private (SQLite would make it 0644), and SQLite
	// gives its WAL and shared-memory files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening SQLite store: %w", err)
	}
	_ = f.Close()
	// The busy timeout comes first: switching a new file to WAL needs its lock.
	common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(0)", busyTimeout.Milliseconds())
	db, err := openWriter(ctx, path, common, opts)
	for attempt := 1; err != nil && busy(err) && attempt <= openRetries; attempt++ {
		// Another handle is switching the new file to WAL or creating its
		// schema, which SQLite may refuse at once rather than wait for.
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("opening %s: %w", path, ctx.Err())
		case <-time.After(time.Duration(attempt) * 20 * time.Millisecond):
		}
		db, err = openWriter(ctx, path, common, opts)
	}
	if err != nil {
		return nil, err
	}
	writer := db.writer
	if opts.BulkLoad {
		// Reads share the one connection: they see the writes not yet committed.
		db.reader, db.rstmts, db.bulk, db.cache = writer, db.wstmts, true, newDocCache()
		return db, nil
	}
	readers := min(max(4, runtime.GOMAXPROCS(0)), maxReaders)
	reader, err := sql.Open("sqlite", path+"?"+common+fmt.Sprintf("&_pragma=query_only(1)&_pragma=cache_size(-%d)", readerCacheKiB))
	if err != nil {
		_ = writer.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	reader.SetConnMaxLifetime(0)
	reader.SetConnMaxIdleTime(0)
	db.reader, db.rstmts = reader, newStmtCache(reader)
	if err := db.Ping(ctx); err != nil {
		_ = db.Close(ctx)
		return nil, err
	}
	return db, nil
}

// Sync makes everything committed so far durable, whatever the options
// the store was opened with: it switches the writer to synchronous=FULL,
// checkpoints the whole WAL into the database file (truncating the WAL),
// and syncs the file and its directory. A bulk load calls it before Close.
func (db *DB) Sync(ctx context.Context) error {
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", db.path, wrap(err))
	}
	defer conn.Close()
	var busy int
	checkpoint := func(exec func(string) error, query func(string) (driver.Rows, error)) error {
		if err := exec("PRAGMA synchronous = FULL"); err != nil {
			return err
		}
		rows, err := query("PRAGMA wal_checkpoint(TRUNCATE)")
		if err != nil {
			return err
		}
		defer rows.Close()
		values := make([]driver.Value, 3)
		if err := rows.Next(values); err != nil {
			return err
		}
		n, _ := values[0].(int64)
		busy = int(n)
		return nil
	}
	// Outside any transaction: a bulk load's long one is committed first.
	err = conn.Raw(func(dc any) error {
		var inner innerConn
		switch c := dc.(type) {
		case *bulkConn:
			if err := c.flush(); err != nil {
				return err
			}
			inner = c.inner
		case innerConn:
			inner = c
		default:
			return fmt.Errorf("unexpected connection %T", dc)
		}
		return checkpoint(func(q string) error { _, err := inner.ExecContext(ctx, q, nil); return err },
			func(q string) (driver.Rows, error) { return inner.QueryContext(ctx, q, nil) })
	})
	if err != nil {
		return fmt.Errorf("syncing %s: %w", db.path, wrap(err))
	}
	if busy != 0 {
		return fmt.Errorf("checkpointing %s: a reader held the WAL; try again", db.path)
	}
	for _, name := range []string{db.path, filepath.Dir(db.path)} {
		if err := syncFile(name); err != nil {
			return fmt.Errorf("syncing %s: %w", db.path, err)
		}
	}
	return nil
}

// syncFile fsyncs the file or directory name.
func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// openRetries bounds the retries of opening a file that another handle is
// setting up (see OpenWith).
const openRetries = 10

// openWriter opens the writing connection of path (with the pragmas common
// to all) and brings the schema up to date.
func openWriter(ctx context.Context, path, common string, opts Options) (*DB, error) {
	var writer *sql.DB
	var err error
	if opts.BulkLoad {
		// One connection, holding the file alone (no shared-memory locks),
		// temporary data in memory, nothing synced until Sync (see bulk.go).
		c, err := newBulkConnector(path + "?" + common + "&_pragma=locking_mode(EXCLUSIVE)&_pragma=temp_store(MEMORY)" +
			fmt.Sprintf("&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=cache_size(-%d)", writerCacheKiB))
		if err != nil {
			return nil, fmt.Errorf("opening %s: %w", path, err)
		}
		writer = sql.OpenDB(c)
	} else {
		// Each write of a shared transaction is a savepoint, whose
		// sub-journal (the pages as they were before it) is kept in memory
		// rather than written to a temporary file (temp_store).
		writer, err = sql.Open("sqlite", path+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"+
			fmt.Sprintf("&_pragma=cache_size(-%d)&_pragma=temp_store(MEMORY)&_txlock=immediate", writerCacheKiB))
		if err != nil {
			return nil, fmt.Errorf("opening %s: %w", path, err)
		}
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	db := &DB{path: path, writer: writer, wstmts: newStmtCache(writer)}
	// The writer creates the file, switches it to WAL and creates the
	// schema before any reader opens it.
	if err := db.migrate(ctx); err != nil {
		_ = writer.Close()
		return nil, err
	}
	return db, nil
}
