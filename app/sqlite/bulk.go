package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
)

// A bulk load (Options.BulkLoad) runs on one connection, which every read
// and write shares, and groups the writes: the connection keeps a long
// transaction open, each of the store's transactions is a savepoint in
// it (released on commit, rolled back to on rollback, so that each is
// still all or nothing), and the long transaction commits every
// bulkCommitEvery writes. Committing once for thousands of writes saves
// writing the pages they share to the WAL again and again, and the other
// costs of a commit. Reads on the connection see every write made so
// far, committed or not, as a store must for its own writes; no other
// connection sees them before the long transaction commits, which is why
// a bulk load is for one process that nothing else reads meanwhile.

// bulkCommitEvery is how many writes (transactions and lone statements
// that change something) one commit of the long transaction holds.
const bulkCommitEvery = 2000

// innerConn is what the bulk connection needs of the driver's connection.
type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
}

// bulkConnector opens the bulk connection.
type bulkConnector struct {
	dsn string
	drv driver.Driver
}

// newBulkConnector returns a connector to dsn through the sqlite driver.
func newBulkConnector(dsn string) (*bulkConnector, error) {
	probe, err := sql.Open("sqlite", "")
	if err != nil {
		return nil, err
	}
	drv := probe.Driver()
	_ = probe.Close()
	return &bulkConnector{dsn: dsn, drv: drv}, nil
}

// Connect opens a connection.
func (c *bulkConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(innerConn)
	if !ok {
		_ = conn.Close()
		return nil, fmt.Errorf("the sqlite driver's connection (%T) lacks a method a bulk load needs", conn)
	}
	return &bulkConn{inner: inner}, nil
}

// Driver returns the sqlite driver.
func (c *bulkConnector) Driver() driver.Driver { return c.drv }

// bulkConn is the connection of a bulk load: see the comment at the top.
// database/sql uses a connection from one goroutine at a time, but the
// mutex keeps the long transaction's state safe whatever it does.
type bulkConn struct {
	inner   innerConn
	mu      sync.Mutex
	open    bool // the long transaction is open
	writes  int  // writes in it so far
	inWrite bool // a savepoint is open
}

// run executes a statement of the bulk machinery itself.
func (c *bulkConn) run(query string) error {
	_, err := c.inner.ExecContext(context.Background(), query, nil)
	return err
}

// ensure opens the long transaction if it is not.
func (c *bulkConn) ensure() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open {
		return nil
	}
	if err := c.run("BEGIN IMMEDIATE"); err != nil {
		return err
	}
	c.open = true
	return nil
}

// wrote counts a write and commits the long transaction when it holds
// enough, unless a savepoint is open.
func (c *bulkConn) wrote() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	if c.writes < bulkCommitEvery || c.inWrite {
		return nil
	}
	return c.commitLocked()
}

// commitLocked commits the long transaction, if open.
func (c *bulkConn) commitLocked() error {
	if !c.open {
		return nil
	}
	if err := c.run("COMMIT"); err != nil {
		return err
	}
	c.open, c.writes = false, 0
	return nil
}

// flush commits the long transaction, so that other connections see
// everything written, and leaves the connection outside any transaction.
func (c *bulkConn) flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inWrite {
		return errors.New("flushing a bulk load in the middle of a write")
	}
	return c.commitLocked()
}

// Begin starts a write: a savepoint in the long transaction.
func (c *bulkConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx starts a write: a savepoint in the long transaction.
func (c *bulkConn) BeginTx(ctx context.Context, _ driver.TxOptions) (driver.Tx, error) {
	if err := c.ensure(); err != nil {
		return nil, err
	}
	if err := c.run("SAVEPOINT bulk_write"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.inWrite = true
	c.mu.Unlock()
	return &bulkTx{c: c}, nil
}

// Prepare prepares a statement that runs in the long transaction.
func (c *bulkConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext prepares a statement that runs in the long transaction.
func (c *bulkConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s, err := c.inner.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	inner, ok := s.(innerStmt)
	if !ok {
		_ = s.Close()
		return nil, fmt.Errorf("the sqlite driver's statement (%T) lacks a method a bulk load needs", s)
	}
	return &bulkStmt{c: c, inner: inner}, nil
}

// ExecContext runs a statement in the long transaction.
func (c *bulkConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.ensure(); err != nil {
		return nil, err
	}
	res, err := c.inner.ExecContext(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return res, c.wrote()
}

// QueryContext runs a query in the long transaction.
func (c *bulkConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.ensure(); err != nil {
		return nil, err
	}
	return c.inner.QueryContext(ctx, query, args)
}

// Ping checks the connection.
func (c *bulkConn) Ping(ctx context.Context) error { return c.inner.Ping(ctx) }

// Close commits what is pending and closes the connection.
func (c *bulkConn) Close() error {
	return errors.Join(c.flush(), c.inner.Close())
}

// bulkTx is one write of a bulk load: a savepoint.
type bulkTx struct{ c *bulkConn }

// Commit releases the savepoint: the write is part of the long transaction.
func (t *bulkTx) Commit() error {
	if err := t.end("RELEASE bulk_write"); err != nil {
		return err
	}
	return t.c.wrote()
}

// Rollback undoes the write.
func (t *bulkTx) Rollback() error {
	return t.end("ROLLBACK TO bulk_write", "RELEASE bulk_write")
}

// end runs the statements that end the savepoint.
func (t *bulkTx) end(queries ...string) error {
	t.c.mu.Lock()
	t.c.inWrite = false
	t.c.mu.Unlock()
	for _, q := range queries {
		if err := t.c.run(q); err != nil {
			return err
		}
	}
	return nil
}

// innerStmt is what the bulk connection needs of the driver's statements.
type innerStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

// bulkStmt is a prepared statement that runs in the long transaction.
type bulkStmt struct {
	c     *bulkConn
	inner innerStmt
}

// Close closes the statement.
func (s *bulkStmt) Close() error { return s.inner.Close() }

// NumInput is the statement's number of parameters.
func (s *bulkStmt) NumInput() int { return s.inner.NumInput() }

// Exec runs the statement.
func (s *bulkStmt) Exec(args []driver.Value) (driver.Result, error) {
	named := make([]driver.NamedValue, len(args))
	for i, v := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return s.ExecContext(context.Background(), named)
}

// Query runs the statement as a query.
func (s *bulkStmt) Query(args []driver.Value) (driver.Rows, error) {
	named := make([]driver.NamedValue, len(args))
	for i, v := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return s.QueryContext(context.Background(), named)
}

// ExecContext runs the statement in the long transaction.
func (s *bulkStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if err := s.c.ensure(); err != nil {
		return nil, err
	}
	res, err := s.inner.ExecContext(ctx, args)
	if err != nil {
		return nil, err
	}
	return res, s.c.wrote()
}

// QueryContext runs the statement as a query in the long transaction.
func (s *bulkStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if err := s.c.ensure(); err != nil {
		return nil, err
	}
	return s.inner.QueryContext(ctx, args)
}
