package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"market/app/sqlite"
	"market/app/store"
	"market/app/store/storetest"
)

// openFile opens n handles on a new store file under the test's temporary
// directory, closed when the test ends.
func openFile(tb testing.TB, n int) []*sqlite.DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "market.db")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dbs := make([]*sqlite.DB, n)
	for i := range dbs {
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			tb.Fatalf("opening %s: %v", path, err)
		}
		tb.Cleanup(func() { _ = db.Close(context.Background()) })
		dbs[i] = db
	}
	return dbs
}

// open opens one handle on a new store file.
func open(tb testing.TB) *sqlite.DB { return openFile(tb, 1)[0] }

// TestContract runs the store contract against the SQLite store, then
// checks the query plan of every statement the suite made the store run.
func TestContract(t *testing.T) {
	var ran queries
	t.Run("suite", func(t *testing.T) {
		storetest.Run(t, func(tb testing.TB) store.Store {
			db := open(tb)
			ran.collect(tb, db)
			return db
		}, storetest.AtomicCommits())
	})
	t.Run("query_plans", func(t *testing.T) { checkPlans(t, &ran) })
}

// TestContractShared runs the invariants across two handles on one file,
// as two app instances would have.
func TestContractShared(t *testing.T) {
	storetest.RunShared(t, func(tb testing.TB, n int) []store.Store {
		out := []store.Store{}
		for _, db := range openFile(tb, n) {
			out = append(out, db)
		}
		return out
	})
}
