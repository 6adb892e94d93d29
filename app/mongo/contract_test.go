package mongo_test

import (
	"context"
	"testing"
	"time"

	"market/app/mongo"
	"market/app/mongo/mongotest"
	"market/app/store"
	"market/app/store/storetest"
)

// TestContract runs the store contract against MongoDB's wire protocol
// (embedded FerretDB, or the server at MONGODB_TEST_URI). Its commits are
// ordered writes, not transactions: a failed one may leave its markers.
func TestContract(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) store.Store { return mongotest.Open(tb) })
}

// TestContractShared runs the invariants across two connections, as two
// app instances would hold.
func TestContractShared(t *testing.T) {
	storetest.RunShared(t, func(tb testing.TB, n int) []store.Store {
		name := mongotest.DatabaseName(tb)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		dbs := make([]store.Store, n)
		for i := range n {
			db, err := mongo.Open(ctx, mongotest.URI(), name)
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { _ = db.Close(context.Background()) })
			dbs[i] = db
		}
		tb.Cleanup(func() {
			if err := mongotest.Drop(context.Background(), name); err != nil {
				tb.Error(err)
			}
		})
		return dbs
	})
}
