package storetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"market/app/sqlite"
)

// openSQLite opens n handles on a new store file under the test's
// temporary directory, closed when the test ends.
func openSQLite(tb testing.TB, n int) []DB {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "market.db")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dbs := make([]DB, n)
	for i := range n {
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			tb.Fatalf("storetest: opening %s: %v", path, err)
		}
		dbs[i] = db
		tb.Cleanup(func() { _ = db.Close(context.Background()) }) // a test may have closed it already
	}
	return dbs
}
