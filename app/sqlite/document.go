package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// write runs fn in one write transaction, begun IMMEDIATE (it holds the
// file's write lock from the start, so what it reads stays true until it
// commits), and commits it when fn returns nil; fn's changes are rolled
// back when it returns an error. Concurrent writes share a transaction,
// each in a savepoint (see group.go), except in a bulk load, whose
// transactions are already savepoints of a long one (see bulk.go).
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.bulk {
		return db.writeAlone(ctx, fn)
	}
	return db.writeGrouped(ctx, fn)
}

// writeAlone runs fn in a write transaction of its own.
func (db *DB) writeAlone(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return wrap(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return wrap(err)
	}
	db.wstmts.fill(ctx)
	return nil
}

// exec runs one of the package's constant statements on the writer, in tx
// when tx is not nil; alone, it is a write of its own, which shares a
// transaction with the writes of the moment (see group.go).
func (db *DB) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if tx == nil && !db.bulk {
		var res sql.Result
		err := db.write(ctx, func(tx *sql.Tx) error {
			var err error
			res, err = db.exec(ctx, tx, query, args...)
			return err
		})
		return res, err
	}
	var s *sql.Stmt
	var err error
	if tx != nil {
		s, err = db.wstmts.inTx(ctx, tx, query)
	} else {
		s, err = db.wstmts.get(ctx, query)
	}
	if err != nil {
		return nil, err
	}
	res, err := s.ExecContext(ctx, args...)
	return res, wrap(err)
}

// affected returns how many rows res changed.
func affected(res sql.Result) int64 {
	n, err := res.RowsAffected()
	if err != nil {
		return 0
	}
	return n
}

// txQueryRow runs a constant query in the write transaction tx.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	s, err := db.wstmts.inTx(ctx, tx, query)
	if err != nil {
		// database/sql offers no Row holding an error: run the query
		// unprepared, which reports the same error.
		return tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// txQuery runs a constant query in the write transaction tx.
func (db *DB) txQuery(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	s, err := db.wstmts.inTx(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.QueryContext(ctx, args...)
	return rows, wrap(err)
}

// query runs one of the package's constant queries on a reader.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := db.rstmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := s.QueryContext(ctx, args...)
	return rows, wrap(err)
}

// queryRow runs one of the package's constant queries, of one row, on a reader.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := db.rstmts.get(ctx, query)
	if err != nil {
		return db.reader.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// count runs a constant query of one integer on a reader.
func (db *DB) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	if err := db.queryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, wrap(err)
	}
	return n, nil
}

// readOne returns the document a constant query (selecting doc) finds, or
// not_found naming what; key names the document in other errors.
func readOne[T any](ctx context.Context, db *DB, what, key, query string, args ...any) (*T, error) {
	var doc []byte
	if err := db.queryRow(ctx, query, args...).Scan(&doc); err != nil {
		if err = wrap(err); models.ErrorCode(err) == models.ENOTFOUND {
			return nil, notFound(what)
		}
		return nil, fmt.Errorf("reading %s %s: %w", what, key, err)
	}
	v, err := decode[T](doc, what)
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", what, key, err)
	}
	return v, nil
}

// readAll returns the documents a constant query (selecting doc) finds, in
// its order.
func readAll[T any](ctx context.Context, db *DB, what, query string, args ...any) ([]*T, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanDocs[T](rows, what)
}

// scanDocs decodes every row of rows (whose only column is doc) and closes rows.
func scanDocs[T any](rows *sql.Rows, what string) ([]*T, error) {
	defer rows.Close()
	out := []*T{}
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, wrap(err)
		}
		v, err := decode[T](doc, what)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// jsonList encodes a list of strings as a JSON array for json_each, the
// one parameter through which a constant query takes a list.
func jsonList(values []string) string {
	b, err := json.Marshal(values)
	if err != nil {
		panic(fmt.Sprintf("encoding strings cannot fail: %v", err))
	}
	return string(b)
}

// txReadOne reads the document a constant query finds in the write
// transaction tx, or nil when there is none.
func txReadOne[T any](ctx context.Context, db *DB, tx *sql.Tx, what, query string, args ...any) (*T, error) {
	var doc []byte
	if err := db.txQueryRow(ctx, tx, query, args...).Scan(&doc); err != nil {
		if err = wrap(err); models.ErrorCode(err) == models.ENOTFOUND {
			return nil, nil
		}
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	return decode[T](doc, what)
}

// patch returns doc with fields set as MongoDB's $set sets them: each key
// is a dotted path ("changes.0.after"), missing documents on the way are
// created, arrays are extended with nulls, other fields are kept as stored.
func patch(doc []byte, sets ...bson.E) ([]byte, error) {
	var d bson.D
	if err := bson.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("decoding a document to change it: %w", err)
	}
	var v any = d
	for _, s := range sets {
		var err error
		if v, err = setPath(v, strings.Split(s.Key, "."), s.Value); err != nil {
			return nil, fmt.Errorf("setting %s: %w", s.Key, err)
		}
	}
	out, err := bson.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding a changed document: %w", err)
	}
	return out, nil
}

// setPath returns v with the value at path set.
func setPath(v any, path []string, value any) (any, error) {
	if len(path) == 0 {
		return value, nil
	}
	switch c := v.(type) {
	case nil:
		return setPath(bson.D{}, path, value)
	case bson.D:
		for i := range c {
			if c[i].Key == path[0] {
				nv, err := setPath(c[i].Value, path[1:], value)
				c[i].Value = nv
				return c, err
			}
		}
		nv, err := setPath(nil, path[1:], value)
		return append(c, bson.E{Key: path[0], Value: nv}), err
	case bson.A:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 {
			return nil, fmt.Errorf("%q is not an array index", path[0])
		}
		for len(c) <= i {
			c = append(c, nil)
		}
		nv, err := setPath(c[i], path[1:], value)
		c[i] = nv
		return c, err
	}
	return nil, fmt.Errorf("cannot set %q inside a %T", path[0], v)
}

// patchRow changes the document of row id of table in tx as patch does,
// and its columns by the SQL assignments columns (such as "read = ?", with
// args): MongoDB's UpdateOne with $set. It reports whether the row exists.
func (db *DB) patchRow(ctx context.Context, tx *sql.Tx, table, id, columns string, args []any, sets ...bson.E) (bool, error) {
	var doc []byte
	if err := db.txQueryRow(ctx, tx, "SELECT doc FROM "+table+" WHERE id = ?", id).Scan(&doc); err != nil {
		if err = wrap(err); models.ErrorCode(err) == models.ENOTFOUND {
			return false, nil
		}
		return false, err
	}
	doc, err := patch(doc, sets...)
	if err != nil {
		return true, err
	}
	_, err = db.exec(ctx, tx, "UPDATE "+table+" SET "+columns+", doc = ? WHERE id = ?", append(args, doc, id)...)
	return true, err
}
