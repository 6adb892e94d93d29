// Package storetest gives tests a real store: the embedded SQLite store by
// default, or MongoDB through its wire protocol when MARKET_TEST_STORE is
// "mongo" (embedded FerretDB, or the server at MONGODB_TEST_URI), so that
// both stores' code paths are run by the same tests. It also holds the
// contract suite every store passes (Run, RunShared).
package storetest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"market/app/mongo"
	"market/app/mongo/mongotest"
	"market/app/store"
)

// DB is a test store: a store that can also be tampered with, for the
// audit trail's tests.
type DB interface {
	store.Store
	store.Tamperer
}

// The flavours of test store, chosen by MARKET_TEST_STORE.
const (
	FlavourSQLite = "sqlite"
	FlavourMongo  = "mongo"
)

// Flavour returns the store tests run on: MARKET_TEST_STORE, or sqlite.
func Flavour() string {
	if f := os.Getenv("MARKET_TEST_STORE"); f != "" {
		return f
	}
	return FlavourSQLite
}

// Main runs the tests on the chosen store, starting an embedded FerretDB
// server for the mongo flavour. Call it from TestMain: os.Exit(storetest.Main(m)).
func Main(m *testing.M) int {
	switch f := Flavour(); f {
	case FlavourSQLite:
		return m.Run()
	case FlavourMongo:
		return mongotest.Main(m)
	default:
		fmt.Fprintf(os.Stderr, "storetest: MARKET_TEST_STORE=%q: want %s or %s\n", f, FlavourSQLite, FlavourMongo)
		return 2
	}
}

// Open returns a new, empty store for the test, removed when it ends.
func Open(tb testing.TB) DB {
	tb.Helper()
	return OpenShared(tb, 1)[0]
}

// OpenShared returns n handles on one new, empty store, as n processes
// would have; it is removed when the test ends.
func OpenShared(tb testing.TB, n int) []DB {
	tb.Helper()
	if Flavour() == FlavourMongo {
		return openMongo(tb, n)
	}
	return openSQLite(tb, n)
}

// openMongo opens n connections to a new database on the test server.
func openMongo(tb testing.TB, n int) []DB {
	tb.Helper()
	name := mongotest.DatabaseName(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dbs := make([]DB, n)
	opened := make([]*mongo.DB, n)
	for i := range n {
		db, err := mongo.Open(ctx, mongotest.URI(), name)
		if err != nil {
			tb.Fatalf("storetest: opening %s: %v", name, err)
		}
		dbs[i], opened[i] = db, db
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, db := range opened {
			_ = db.Close(ctx) // a test may have closed it already
		}
		if err := mongotest.Drop(ctx, name); err != nil {
			tb.Error(err)
		}
	})
	return dbs
}
