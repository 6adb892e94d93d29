package storetest

import "testing"

// openSQLite opens n handles on a new store file under the test's
// temporary directory.
func openSQLite(tb testing.TB, n int) []DB {
	tb.Helper()
	tb.Fatal("storetest: the sqlite store is not written yet; run with MARKET_TEST_STORE=mongo")
	return nil
}
