package sqlite_test

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"market/app/sqlite"
	"market/app/store"
	"market/models"
)

// queries is the set of statements the stores of a test ran.
type queries struct {
	mu   sync.Mutex
	seen map[string]bool
}

// collect adds the statements db ran to q when the test ends, before db closes.
func (q *queries) collect(tb testing.TB, db *sqlite.DB) {
	tb.Cleanup(func() { // registered after open's, so it runs before db closes
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.seen == nil {
			q.seen = map[string]bool{}
		}
		for _, query := range db.Queries() {
			q.seen[query] = true
		}
	})
}

// checkPlans runs EXPLAIN QUERY PLAN on every statement the contract suite
// ran (it calls every method; see TestContract), on those of EachEvent's
// later batches and on the listing queries the application makes, and
// fails if one scans a table that is not tiny: a later change cannot lose
// an index silently.
func checkPlans(t *testing.T, ran *queries) {
	// Tiny tables may be scanned: a row per (status, kind, published), or a
	// list given as a parameter.
	tiny := []string{"opportunity_counts", "json_each"}
	// A plan line that reads a whole table is "SCAN t" without an index (a
	// full scan through an index names it and is allowed: it reads in the
	// order the query wants).
	scanLine := regexp.MustCompile(`^SCAN (\w+)`)
	seen := ran.seen
	if seen == nil {
		t.Fatal("the contract suite ran no statement")
	}
	// EachEvent's later batches run a query of their own.
	extra := open(t)
	ctx := context.Background()
	if err := extra.ImportRaw(ctx, "events", raw(t, events(2, 300)...)); err != nil {
		t.Fatal(err)
	}
	if err := extra.EachEvent(ctx, func(*models.Event) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for _, q := range extra.Queries() {
		seen[q] = true
	}
	public := []string{models.StatusPublished, models.StatusClosed, models.StatusAwarded, models.StatusCompleted,
		models.StatusUnsuccessful, models.StatusCancelled}
	mine := append(slices.Clone(public), models.StatusDraft, models.StatusPendingReview, models.StatusRejected)
	for _, q := range []store.OpportunityQuery{
		{Statuses: mine, BuyerID: "o1"},                                     // an organisation's own listings
		{Statuses: mine, BuyerID: "o1", Text: "cloud", Sort: "bidDeadline"}, // ... filtered
		{Statuses: []string{models.StatusPendingReview}},                    // the review queue
		{Statuses: []string{models.StatusPendingReview}, Sort: "-publishedAt"},
		{Statuses: public, PublishedOnly: true, Sort: "-publishedAt"},                // the feed
		{Statuses: []string{models.StatusPublished}, PublishedOnly: true},            // lists without a search engine
		{Statuses: []string{models.StatusPublished}, PublishedOnly: true, Text: "x"}, // ... filtered
		{Statuses: []string{models.StatusPublished}, PublishedOnly: true, Sort: "budget.maxFen", Domains: []string{"life"}},
	} {
		for _, query := range sqlite.FindQueries(q) {
			seen[query] = true
		}
	}
	if len(seen) < 70 {
		t.Fatalf("only %d statements collected; the workload did not run", len(seen))
	}
	db := open(t)
	for _, query := range slices.Sorted(maps.Keys(seen)) {
		if !strings.HasPrefix(query, "SELECT") && !strings.HasPrefix(query, "UPDATE") && !strings.HasPrefix(query, "DELETE") {
			continue // inserts read nothing but their unique indexes
		}
		plan, err := db.ExplainQueryPlan(ctx, query)
		if err != nil {
			t.Errorf("%s: %v", query, err)
			continue
		}
		for _, line := range plan {
			m := scanLine.FindStringSubmatch(line)
			if m == nil || strings.Contains(line, "USING INDEX") || strings.Contains(line, "USING COVERING INDEX") ||
				slices.Contains(tiny, m[1]) {
				continue
			}
			t.Errorf("%s\n\tscans a table: %s\n\tplan: %s", query, line, strings.Join(plan, " | "))
		}
	}
}
