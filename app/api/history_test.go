package api_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/scale"
	"market/app/sqlite"
)

// rawImporter is a store that takes raw documents: both stores are.
type rawImporter interface {
	ImportRaw(ctx context.Context, collection string, docs []bson.Raw) error
}

// generateHistory generates n listings' history ending at end (package
// scale) into a bulk-loaded SQLite store of its own, which is fast, and
// copies its documents into db, whichever store the tests run on.
func generateHistory(t testing.TB, db any, n int, end time.Time) *scale.Report {
	t.Helper()
	ctx := context.Background()
	into, ok := db.(rawImporter)
	if !ok {
		t.Fatalf("the test store (%T) cannot import documents", db)
	}
	src, err := sqlite.OpenWith(ctx, filepath.Join(t.TempDir(), "history.db"), sqlite.Options{BulkLoad: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close(ctx)
	rep, err := scale.Generate(ctx, src, scale.Config{Listings: n, Seed: 1, Shards: 2, End: end})
	if err != nil {
		t.Fatalf("generating %d listings' history: %v", n, err)
	}
	counts, err := src.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range counts {
		if err := src.EachRaw(ctx, c.Collection, 1000, func(docs []bson.Raw) error {
			return into.ImportRaw(ctx, c.Collection, docs)
		}); err != nil {
			t.Fatalf("copying the history's %s: %v", c.Collection, err)
		}
	}
	return rep
}
