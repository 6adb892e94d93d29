package bleve

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"market/models"
	"market/search"
	"market/search/searchtest"
)

// newTestBleve returns a Bleve engine in a fresh directory, closed at the end of the test.
func newTestBleve(t testing.TB) *Engine {
	t.Helper()
	b, err := New(t.TempDir())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return b
}

// TestContractBleve runs the engine contract against the embedded engine.
func TestContractBleve(t *testing.T) {
	searchtest.Contract(t, func(t *testing.T) search.Engine { return newTestBleve(t) })
}

// TestBleveReopen checks that an index survives a restart, and that one
// built for another layout is rebuilt empty and reported fresh.
func TestBleveReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	b, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	spec := searchtest.Spec("opportunities")
	if _, err := b.EnsureIndex(ctx, spec); err != nil {
		t.Fatal(err)
	}
	if err := b.Upsert(ctx, "opportunities", searchtest.Docs()); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Ping(ctx); models.ErrorCode(err) != models.EUNAVAILABLE {
		t.Errorf("Ping after Close: %v", err)
	}
	b = newBleveAt(t, dir)
	if fresh, err := b.EnsureIndex(ctx, spec); err != nil || fresh {
		t.Fatalf("reopen: fresh %v, %v", fresh, err)
	}
	if res, err := b.Search(ctx, "opportunities", search.Query{Text: "智慧城市"}); err != nil || res.Total != 4 {
		t.Fatalf("after reopen: %v, %+v", err, res)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	b = newBleveAt(t, dir)
	spec.Fields = append(spec.Fields, search.Field{Name: "scenarios", Type: search.Keyword, Facet: true})
	if fresh, err := b.EnsureIndex(ctx, spec); err != nil || !fresh {
		t.Fatalf("new layout: fresh %v, %v", fresh, err)
	}
	if res, err := b.Search(ctx, "opportunities", search.Query{}); err != nil || res.Total != 0 {
		t.Fatalf("rebuilt index: %v, %+v", err, res)
	}
}

// newBleveAt opens an engine on an existing directory, closed at the end of the test.
func newBleveAt(t *testing.T, dir string) *Engine {
	t.Helper()
	b, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// TestBleveConcurrent races writers, deleters and searchers on one index.
func TestBleveConcurrent(t *testing.T) {
	b := newTestBleve(t)
	ctx := context.Background()
	if _, err := b.EnsureIndex(ctx, searchtest.Spec("opportunities")); err != nil {
		t.Fatal(err)
	}
	docs := syntheticListings(400, 7)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for chunk := w; chunk*10 < len(docs); chunk += 8 {
				i := chunk * 10
				if err := b.Upsert(ctx, "opportunities", docs[i:i+10]); err != nil {
					t.Error(err)
					return
				}
				if _, err := b.Search(ctx, "opportunities", search.Query{Text: "platform 智慧城市", Filters: []search.Filter{searchtest.Published()}, Facets: []string{"district"}, Highlight: []string{"title"}}); err != nil {
					t.Error(err)
					return
				}
				if err := b.Delete(ctx, "opportunities", []string{docs[i].ID}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	res, err := b.Search(ctx, "opportunities", search.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if want := 400 - 40; res.Total != want {
		t.Errorf("after the race: %d documents, want %d", res.Total, want)
	}
}

// TestBleveCollectAcrossSegments checks the engine's own collection of
// matches (facets, sorts, pages, totals) against a computation in Go, on an
// index written in many small batches, with replaced and deleted
// documents: many segments, some merged while the test runs.
func TestBleveCollectAcrossSegments(t *testing.T) {
	b := newTestBleve(t)
	ctx := context.Background()
	if _, err := b.EnsureIndex(ctx, searchtest.Spec("opportunities")); err != nil {
		t.Fatal(err)
	}
	docs := syntheticListings(300, 3)
	for i := 0; i < len(docs); {
		n := 1 + i%7
		if err := b.Upsert(ctx, "opportunities", docs[i:min(i+n, len(docs))]); err != nil {
			t.Fatal(err)
		}
		i += n
	}
	// Replace every fifth document with other values, delete every ninth.
	live := map[string]search.Document{}
	for i, d := range docs {
		if i%5 == 0 {
			d.Fields["district"] = "chongming"
			d.Fields["bidDeadline"] = searchtest.Base().Add(time.Duration(i) * time.Minute)
			if err := b.Upsert(ctx, "opportunities", []search.Document{d}); err != nil {
				t.Fatal(err)
			}
		}
		live[d.ID] = d
	}
	for i, d := range docs {
		if i%9 == 0 {
			if err := b.Delete(ctx, "opportunities", []string{d.ID}); err != nil {
				t.Fatal(err)
			}
			delete(live, d.ID)
		}
	}

	var want []search.Document
	for _, d := range live {
		if d.Fields["status"] == "published" {
			want = append(want, d)
		}
	}
	slices.SortFunc(want, func(x, y search.Document) int {
		tx, ty := x.Fields["bidDeadline"].(time.Time), y.Fields["bidDeadline"].(time.Time)
		if c := ty.Compare(tx); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	facets := []string{"district", "capabilities", "kind"}
	wantFacets := map[string]map[string]int{}
	for _, f := range facets {
		wantFacets[f] = map[string]int{}
		for _, d := range want {
			values := slices.Clone(keywordValues(d.Fields[f]))
			slices.Sort(values)
			for _, v := range slices.Compact(values) { // a document counts once per value
				wantFacets[f][v]++
			}
		}
	}
	for page := 1; (page-1)*7 < len(want); page++ {
		res, err := b.Search(ctx, "opportunities", search.Query{Filters: []search.Filter{searchtest.Published()}, Facets: facets,
			Sort: []string{"-bidDeadline"}, Page: page, PageSize: 7})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != len(want) {
			t.Fatalf("page %d: total %d, want %d", page, res.Total, len(want))
		}
		var wantIDs []string
		for _, d := range want[(page-1)*7 : min(page*7, len(want))] {
			wantIDs = append(wantIDs, d.ID)
		}
		if got := searchtest.Order(res); !slices.Equal(got, wantIDs) {
			t.Errorf("page %d: %v, want %v", page, got, wantIDs)
		}
		if fmt.Sprint(res.Facets) != fmt.Sprint(wantFacets) {
			t.Errorf("page %d: facets %v, want %v", page, res.Facets, wantFacets)
		}
	}
}
