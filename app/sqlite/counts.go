package sqlite

import (
	"context"
	"fmt"
)

// CollectionCount is how many documents one collection (table) holds.
type CollectionCount struct {
	Collection string
	Documents  int
}

// Counts returns how many documents each collection holds, in the order
// the schema creates them; the count tables the triggers keep are left
// out. It counts every row, so it takes a moment on a large store.
func (db *DB) Counts(ctx context.Context) ([]CollectionCount, error) {
	rows, err := db.reader.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' "+
		"AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_counts' ORDER BY rowid")
	if err != nil {
		return nil, fmt.Errorf("listing the collections: %w", wrap(err))
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, fmt.Errorf("listing the collections: %w", wrap(err))
		}
		names = append(names, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing the collections: %w", wrap(err))
	}
	out := make([]CollectionCount, len(names))
	for i, name := range names {
		// The name comes from the schema, not from a caller; the statement
		// is run unprepared, as it is no request's.
		var n int
		if err := db.reader.QueryRowContext(ctx, "SELECT count(*) FROM "+name).Scan(&n); err != nil {
			return nil, fmt.Errorf("counting %s: %w", name, wrap(err))
		}
		out[i] = CollectionCount{Collection: name, Documents: n}
	}
	return out, nil
}
