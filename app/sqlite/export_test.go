package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"market/app/store"
)

// Queries returns the constant statements db has prepared so far.
func (db *DB) Queries() []string {
	var out []string
	for _, c := range []*stmtCache{db.rstmts, db.wstmts} {
		c.mu.Lock()
		for q := range c.m {
			out = append(out, q)
		}
		c.mu.Unlock()
	}
	slices.Sort(out)
	return out
}

// FindQueries returns the statements FindOpportunities builds for q: the
// count and the page, or the stream of rowids when q needs Go's matching.
func FindQueries(q store.OpportunityQuery) []string {
	where, _ := opportunityFilter(&q)
	order := opportunityOrder(&q)
	rest := q.Text != "" || len(q.Capabilities) > 0 || len(q.Scenarios) > 0
	if rest {
		return []string{"SELECT rowid FROM opportunities" + where + order}
	}
	return []string{countQuery(&q, where), "SELECT doc FROM opportunities" + where + order + " LIMIT ? OFFSET ?"}
}

// ExplainQueryPlan returns the lines of SQLite's plan of query.
func (db *DB) ExplainQueryPlan(ctx context.Context, query string) ([]string, error) {
	rows, err := db.reader.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, make([]any, strings.Count(query, "?"))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return nil, err
		}
		out = append(out, detail)
	}
	return out, rows.Err()
}

// Synchronous returns the writer's PRAGMA synchronous (0 OFF, 2 FULL).
func (db *DB) Synchronous(ctx context.Context) (int, error) {
	var n int
	err := db.writer.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&n)
	return n, err
}

// Write runs fn as the store runs its write transactions.
func (db *DB) Write(ctx context.Context, fn func(tx *sql.Tx) error) error { return db.write(ctx, fn) }

// SharedWrites is how many writes committed in a transaction with others.
func (db *DB) SharedWrites() int64 { return db.groups.shared.Load() }
