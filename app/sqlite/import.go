package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// rawTable is what ImportRaw needs of a table: the insert statement of n
// rows, the width of a row, and the row of a raw MongoDB document.
type rawTable interface {
	insertRowsSQL(verb string, n int) string
	width() int
	rawRow(raw bson.Raw) ([]any, error)
}

// rawTableOf returns the table of a MongoDB collection, by its name.
func rawTableOf(collection string) (rawTable, bool) {
	switch collection {
	case "users":
		return usersTable(), true
	case "organizations":
		return organizationsTable(), true
	case "refresh_tokens":
		return refreshTokensTable(), true
	case "refresh_families":
		return refreshFamiliesTable(), true
	case "events":
		return eventsTable(), true
	case "opportunities":
		return opportunitiesTable(), true
	case "codes":
		return codesTable(), true
	case "leases":
		return leasesTable(), true
	case "questions":
		return questionsTable(), true
	case "bids":
		return bidsTable(), true
	case "bid_slots":
		return bidSlotsTable(), true
	case "idempotency":
		return idempotencyTable(), true
	case "notifications":
		return notificationsTable(), true
	case "index_queue":
		return indexQueueTable(), true
	case "saved_searches":
		return savedSearchesTable(), true
	case "follows":
		return followsTable(), true
	case "alert_queue":
		return alertQueueTable(), true
	case "alert_digest":
		return alertDigestTable(), true
	case "mail_queue":
		return mailQueueTable(), true
	case "mail_claims":
		return mailClaimsTable(), true
	}
	return nil, false
}

// ImportRaw inserts raw MongoDB documents of the named collection (as
// app/mongo names them: "opportunities", "events", "bid_slots", ...) in one
// transaction: a migration from an old FerretDB store, or generated data.
// Each document is stored as given; the columns come from its decoded
// form. A document whose key is taken fails the whole call, which then
// writes nothing: import into a new store. Batches of some thousands of
// documents amortise the commit.
func (db *DB) ImportRaw(ctx context.Context, collection string, docs []bson.Raw) error {
	t, ok := rawTableOf(collection)
	if !ok {
		return fmt.Errorf("importing into %q: no such collection", collection)
	}
	if len(docs) == 0 {
		return nil
	}
	rows := make([][]any, len(docs))
	for i, raw := range docs {
		row, err := t.rawRow(raw)
		if err != nil {
			return fmt.Errorf("importing into %s: document %d: %w", collection, i, err)
		}
		rows[i] = row
	}
	err := db.write(ctx, func(tx *sql.Tx) error { return db.insertRows(ctx, tx, t, "INSERT", rows) })
	if err != nil {
		return fmt.Errorf("importing %d documents into %s: %w", len(docs), collection, err)
	}
	return nil
}

// rowsPerInsert is how many rows one INSERT statement takes at most. The
// driver compiles every statement it runs (it keeps no prepared program),
// so a statement of many rows saves most of the cost of one per row; the
// driver binds each parameter by a search of the arguments, which bounds
// the gain.
const rowsPerInsert = 64

// insertRows inserts rows of t in tx, rowsPerInsert at a time; a taken key
// gives a conflict.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, t rawTable, verb string, rows [][]any) error {
	args := make([]any, 0, rowsPerInsert*t.width())
	for start := 0; start < len(rows); start += rowsPerInsert {
		chunk := rows[start:min(start+rowsPerInsert, len(rows))]
		args = args[:0]
		for _, row := range chunk {
			args = append(args, row...)
		}
		if _, err := tx.ExecContext(ctx, t.insertRowsSQL(verb, len(chunk)), args...); err != nil {
			if columns, ok := uniqueViolation(err); ok {
				return fmt.Errorf("a document of rows %d to %d takes a key (%s) already taken: %w",
					start, start+len(chunk)-1, columns, alreadyExists())
			}
			return wrap(err)
		}
	}
	return nil
}

// EachRaw calls fn with every document of the named collection as stored
// (raw MongoDB documents, as ImportRaw takes them), batch at a time in the
// order they were inserted, stopping at fn's first error; each batch is
// read by its own query, so no read stays open while fn works.
func (db *DB) EachRaw(ctx context.Context, collection string, batch int, fn func([]bson.Raw) error) error {
	if _, ok := rawTableOf(collection); !ok {
		return fmt.Errorf("reading %q: no such collection", collection)
	}
	batch = max(batch, 1)
	query := "SELECT rowid, doc FROM " + collection + " WHERE rowid > ? ORDER BY rowid LIMIT ?"
	var after int64
	for {
		rows, err := db.query(ctx, query, after, batch)
		if err != nil {
			return fmt.Errorf("reading %s: %w", collection, err)
		}
		page := make([]bson.Raw, 0, batch)
		for rows.Next() {
			var doc []byte
			if err := rows.Scan(&after, &doc); err != nil {
				rows.Close()
				return fmt.Errorf("reading %s: %w", collection, wrap(err))
			}
			page = append(page, bson.Raw(doc))
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("reading %s: %w", collection, wrap(err))
		}
		if len(page) > 0 {
			if err := fn(page); err != nil {
				return err
			}
		}
		if len(page) < batch {
			return nil
		}
	}
}
