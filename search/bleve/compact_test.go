package bleve

import (
	"context"
	"reflect"
	"testing"
	"time"

	"market/search"
	"market/search/searchtest"
)

// TestCompaction checks that an index written in many batches is merged
// into one segment once idle, and answers the same afterwards.
func TestCompaction(t *testing.T) {
	e := newTestBleve(t)
	e.compaction = compaction{idle: time.Second, minDocs: 500}
	ctx := context.Background()
	if _, err := e.EnsureIndex(ctx, searchtest.Spec("c")); err != nil {
		t.Fatal(err)
	}
	// Two batches, the first on disk before the second is written: scorch
	// leaves them apart.
	docs := syntheticListings(3000, 3)
	for _, batch := range [][]search.Document{docs[:2500], docs[2500:]} {
		if err := e.Upsert(ctx, "c", batch); err != nil {
			t.Fatal(err)
		}
		e.mu.RLock()
		settle(e.indexes["c"].index)
		e.mu.RUnlock()
	}
	queries := []search.Query{
		{Text: "数据治理", Sort: []string{"bidDeadline"}, Facets: []string{"district"}, PageSize: 50},
		{Text: "platfrom", Filters: []search.Filter{searchtest.Published()}, Facets: []string{"domain", "kind"}, PageSize: 50},
		{Filters: []search.Filter{search.Terms("district", "pudong")}, Sort: []string{"-budgetMaxFen"}, PageSize: 50},
	}
	before := make([]*search.Result, len(queries))
	for i, q := range queries {
		r, err := e.Search(ctx, "c", q)
		if err != nil || r.Total == 0 {
			t.Fatalf("query %d: %v, %d found", i, err, r.Total)
		}
		before[i] = r
	}
	e.mu.RLock()
	ix := e.indexes["c"]
	e.mu.RUnlock()
	segs, done, err := ix.segments()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(segs); n < 2 {
		t.Fatalf("%d segments after the writes: the test needs several", n)
	}
	done()
	deadline := time.Now().Add(30 * time.Second)
	for ix.compactions.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("not compacted after 30 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	segs, done, err = ix.segments()
	if err != nil {
		t.Fatal(err)
	}
	n := len(segs)
	done()
	if n != 1 {
		t.Errorf("%d segments after compaction, want 1", n)
	}
	for i, q := range queries {
		r, err := e.Search(ctx, "c", q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(r, before[i]) {
			t.Errorf("query %d answers differently after compaction: total %d, was %d", i, r.Total, before[i].Total)
		}
	}
}

// TestClosedIndexWarmerSteps checks that what the warmer does fails
// cleanly, rather than panicking, on an index closed under it.
func TestClosedIndexWarmerSteps(t *testing.T) {
	e := newTestBleve(t)
	e.compaction = compaction{minDocs: 1}
	ctx := context.Background()
	if _, err := e.EnsureIndex(ctx, searchtest.Spec("cc")); err != nil {
		t.Fatal(err)
	}
	if err := e.Upsert(ctx, "cc", syntheticListings(50, 5)); err != nil {
		t.Fatal(err)
	}
	e.mu.Lock()
	ix := e.indexes["cc"]
	delete(e.indexes, "cc")
	e.mu.Unlock()
	if err := ix.close(false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ix.segments(); err == nil {
		t.Error("segments of a closed index: no error")
	}
	if err := ix.compact(); err == nil {
		t.Error("compaction of a closed index: no error")
	}
}
