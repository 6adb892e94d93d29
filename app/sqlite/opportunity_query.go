package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/store"
	"market/models"
)

// FindOpportunities returns one page of the listings q selects and their
// total. Every filter on a column is SQL; the text, capability and
// scenario filters, which need the document, are applied in Go with
// OpportunityQuery.Matches. Without them the page is read with LIMIT and
// OFFSET and the total counted in SQL (summed from opportunity_counts when
// only statuses, kinds and publication filter); with them the rowids that
// pass the SQL filters are read in order (8 bytes each), then their
// documents one by one, each decoded just enough to match, counting the
// total and keeping (fully decoded) only the page. Everything is read in
// one read transaction, a consistent snapshot.
func (db *DB) FindOpportunities(ctx context.Context, q store.OpportunityQuery) ([]*models.Opportunity, int, error) {
	page, size := q.Paging()
	where, args := opportunityFilter(&q)
	order := opportunityOrder(&q)
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("finding opportunities: %w", wrap(err))
	}
	defer func() { _ = tx.Rollback() }()
	rest := store.OpportunityQuery{Text: q.Text, Capabilities: q.Capabilities, Scenarios: q.Scenarios}
	if rest.Text == "" && len(rest.Capabilities) == 0 && len(rest.Scenarios) == 0 {
		total, err := countOpportunities(ctx, tx, &q, where, args)
		if err != nil {
			return nil, 0, fmt.Errorf("counting opportunities: %w", err)
		}
		rows, err := tx.QueryContext(ctx, "SELECT doc FROM opportunities"+where+order+" LIMIT ? OFFSET ?",
			append(args, size, (page-1)*size)...)
		if err != nil {
			return nil, 0, fmt.Errorf("finding opportunities: %w", wrap(err))
		}
		items, err := scanDocs[models.Opportunity](rows, "opportunity")
		if err != nil {
			return nil, 0, fmt.Errorf("finding opportunities: %w", err)
		}
		return items, total, nil
	}
	items, total, err := matchOpportunities(ctx, tx, &rest, "SELECT rowid FROM opportunities"+where+order, args, page, size)
	if err != nil {
		return nil, 0, fmt.Errorf("finding opportunities: %w", err)
	}
	return items, total, nil
}

// opportunityFilter returns the WHERE clause of q's column filters and its
// arguments. It chooses the index that drives the query (the buyer's, the
// newest published, the statuses', in that order) and writes the other
// indexed columns as +column, which keeps SQLite from choosing their index
// instead.
func opportunityFilter(q *store.OpportunityQuery) (string, []any) {
	field, _ := q.SortField()
	byBuyer := q.BuyerID != ""
	byPublished := !byBuyer && q.PublishedOnly && field == store.SortPublishedAt
	byStatus := !byBuyer && !byPublished && len(q.Statuses) > 0
	indexed := func(column string, drives bool) string {
		if drives {
			return column
		}
		return "+" + column
	}
	var conds []string
	var args []any
	in := func(column string, values []string) {
		if len(values) == 0 {
			return
		}
		conds = append(conds, column+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")+")")
		for _, v := range values {
			args = append(args, v)
		}
	}
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if byBuyer {
		add("buyer_id = ?", q.BuyerID)
	}
	in(indexed("status", byStatus), q.Statuses)
	if q.PublishedOnly {
		conds = append(conds, indexed("published_at", byPublished)+" IS NOT NULL")
	}
	in("kind", q.Kinds)
	in("domain", q.Domains)
	in("district", q.Districts)
	if q.SMEOnly != nil {
		add("sme_only = ?", boolInt(*q.SMEOnly))
	}
	if q.BudgetMinFen != nil {
		add("budget_max >= ?", *q.BudgetMinFen)
	}
	if q.BudgetMaxFen != nil {
		add("budget_min <= ?", *q.BudgetMaxFen)
	}
	if q.DeadlineFrom != nil {
		add("bid_deadline >= ?", ms(*q.DeadlineFrom))
	}
	if q.DeadlineTo != nil {
		add("bid_deadline <= ?", ms(*q.DeadlineTo))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// opportunityOrder returns the ORDER BY clause of q's sort: its field
// (NULL, a listing never published, first when ascending, as MongoDB sorts
// a missing field) then the ID, ascending.
func opportunityOrder(q *store.OpportunityQuery) string {
	field, desc := q.SortField()
	column := map[string]string{store.SortBidDeadline: "bid_deadline", store.SortPublishedAt: "published_at",
		store.SortBudgetMax: "budget_max", store.SortUpdatedAt: "updated_at"}[field]
	if desc {
		column += " DESC"
	}
	return " ORDER BY " + column + ", id"
}

// countOpportunities returns how many listings pass the column filters
// (where, with args), by countQuery.
func countOpportunities(ctx context.Context, tx *sql.Tx, q *store.OpportunityQuery, where string, args []any) (int, error) {
	query := countQuery(q, where)
	if !strings.HasPrefix(query, "SELECT count(*)") {
		args = countArgs(q)
	}
	var n int
	if err := tx.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, wrap(err)
	}
	return n, nil
}

// countQuery returns the query that counts the listings q's column filters
// select: a sum over opportunity_counts (see countArgs) when statuses,
// kinds and publication are the only ones, else a count of the rows where
// selects.
func countQuery(q *store.OpportunityQuery, where string) string {
	only := *q
	only.Statuses, only.Kinds, only.PublishedOnly, only.Sort, only.Page, only.PageSize = nil, nil, false, "", 0, 0
	if !isZeroQuery(&only) {
		return "SELECT count(*) FROM opportunities" + where
	}
	var conds []string
	if len(q.Statuses) > 0 {
		conds = append(conds, "status IN (SELECT value FROM json_each(?))")
	}
	if len(q.Kinds) > 0 {
		conds = append(conds, "kind IN (SELECT value FROM json_each(?))")
	}
	if q.PublishedOnly {
		conds = append(conds, "published = 1")
	}
	query := "SELECT coalesce(sum(n), 0) FROM opportunity_counts"
	if len(conds) > 0 {
		query += " WHERE " + strings.Join(conds, " AND ")
	}
	return query
}

// countArgs returns the arguments of countQuery's sum.
func countArgs(q *store.OpportunityQuery) []any {
	var args []any
	if len(q.Statuses) > 0 {
		args = append(args, jsonList(q.Statuses))
	}
	if len(q.Kinds) > 0 {
		args = append(args, jsonList(q.Kinds))
	}
	return args
}

// isZeroQuery reports whether q filters nothing.
func isZeroQuery(q *store.OpportunityQuery) bool {
	return q.Text == "" && len(q.Statuses) == 0 && len(q.Kinds) == 0 && len(q.Domains) == 0 && len(q.Districts) == 0 &&
		len(q.Capabilities) == 0 && len(q.Scenarios) == 0 && q.BuyerID == "" && q.SMEOnly == nil && !q.PublishedOnly &&
		q.BudgetMinFen == nil && q.BudgetMaxFen == nil && q.DeadlineFrom == nil && q.DeadlineTo == nil
}

// matchFields are the fields of a listing that rest filters need, decoded
// without the rest of the document.
type matchFields struct {
	Code         string   `bson:"code"`
	Title        string   `bson:"title"`
	Description  string   `bson:"description"`
	Capabilities []string `bson:"capabilities"`
	Scenarios    []string `bson:"scenarios"`
}

// matchOpportunities streams the rows query selects (rowids, in order),
// keeps those rest matches, and returns the page of them and their number.
func matchOpportunities(ctx context.Context, tx *sql.Tx, rest *store.OpportunityQuery, query string, args []any,
	page, size int) ([]*models.Opportunity, int, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, 0, wrap(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, wrap(err)
		}
		ids = append(ids, id)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, 0, wrap(err)
	}
	get, err := tx.PrepareContext(ctx, "SELECT doc FROM opportunities WHERE rowid = ?")
	if err != nil {
		return nil, 0, wrap(err)
	}
	defer get.Close()
	from, items, total := (page-1)*size, []*models.Opportunity{}, 0
	for _, id := range ids {
		var doc []byte
		if err := get.QueryRowContext(ctx, id).Scan(&doc); err != nil {
			return nil, 0, wrap(err)
		}
		var m matchFields
		if err := bson.Unmarshal(doc, &m); err != nil {
			return nil, 0, fmt.Errorf("decoding opportunity: %w", err)
		}
		o := &models.Opportunity{Code: m.Code, Title: m.Title, Description: m.Description, Capabilities: m.Capabilities, Scenarios: m.Scenarios}
		if !rest.Matches(o) {
			continue
		}
		if total >= from && total < from+size {
			full, err := decode[models.Opportunity](doc, "opportunity")
			if err != nil {
				return nil, 0, err
			}
			items = append(items, full)
		}
		total++
	}
	return items, total, nil
}
