package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"market/app/store/storetest"
	"market/models"
	"market/search"
	"market/search/bleve"
	"market/search/indexer"
)

// raceEngine is the embedded engine, except that the first time a
// catch-up writes a batch of listings, it first runs during: the moment
// between the scan reading those listings and the catch-up writing them.
type raceEngine struct {
	search.Engine
	during func()
	once   sync.Once
}

// Upsert runs during once, before the first batch of listings.
func (e *raceEngine) Upsert(ctx context.Context, index string, docs []search.Document) error {
	if index == indexer.OpportunityIndex && len(docs) > 1 {
		e.once.Do(e.during)
	}
	return e.Engine.Upsert(ctx, index, docs)
}

// indexed returns how many indexed listings have the buyer (each test
// listing has its own) and match text.
func (e *raceEngine) indexed(t *testing.T, buyer, text string) int {
	t.Helper()
	r, err := e.Search(context.Background(), indexer.OpportunityIndex, search.Query{Text: text, Filters: []search.Filter{search.Terms("buyerId", buyer)}})
	if err != nil {
		t.Fatal(err)
	}
	return r.Total
}

// TestReindexKeepsChangesMadeDuringTheScan: listings changed after the
// reindex read them but indexed by their writer before the reindex wrote
// its older copy end up indexed at their latest version, with and without
// Exclusive.
func TestReindexKeepsChangesMadeDuringTheScan(t *testing.T) {
	for _, exclusive := range []bool{true, false} {
		t.Run(fmt.Sprintf("exclusive=%v", exclusive), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t)
			now := time.Now().UTC().Truncate(time.Millisecond)
			var list []*models.Opportunity
			for i := range 300 {
				list = append(list, &models.Opportunity{ID: fmt.Sprintf("race%05d", i), Code: fmt.Sprintf("RACE-%05d", i), Kind: models.KindGovernmentNeed,
					Status: models.StatusPublished, Version: 1, Title: fmt.Sprintf("listing %d", i),
					Buyer:       models.OrgRef{ID: fmt.Sprintf("buyer%05d", i), Name: "buyer", Kind: models.OrgGovernment},
					PublishedAt: &now, CreatedAt: now, UpdatedAt: now})
			}
			if err := db.InsertOpportunities(ctx, list); err != nil {
				t.Fatal(err)
			}
			embedded, err := bleve.New(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = embedded.Close() })
			engine := &raceEngine{Engine: embedded}
			a, err := New(Config{DB: db, Logger: slog.New(slog.DiscardHandler), Search: engine,
				SearchOptions: SearchOptions{Exclusive: exclusive}})
			if err != nil {
				t.Fatal(err)
			}
			// During the scan, the first listing of every batch gets a new
			// title, and the second is withdrawn, each stored and indexed as
			// every write does.
			var changed, withdrawn []int
			engine.during = func() {
				for i := 0; i < len(list); i += indexer.CatchUpBatch {
					for k, o := range []models.Opportunity{*list[i], *list[i+1]} {
						o.Version = 2
						if k == 0 {
							o.Title = "changed during the reindex"
							changed = append(changed, i)
						} else {
							o.Status = models.StatusDraft
							withdrawn = append(withdrawn, i+1)
						}
						if err := db.Restore(ctx, &o, 1); err != nil {
							t.Error(err)
						}
						a.indexOpportunity(ctx, &o)
					}
				}
			}
			r, err := a.Reindex(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.Listings+r.Removed != len(list) {
				t.Errorf("reindex reported %d + %d listings, want %d", r.Listings, r.Removed, len(list))
			}
			if len(changed) == 0 {
				t.Fatal("no change was made during the reindex")
			}
			if err := a.SyncSearch(ctx); err != nil {
				t.Fatal(err)
			}
			for _, i := range changed {
				id, buyer := list[i].ID, list[i].Buyer.ID
				if engine.indexed(t, buyer, "changed during the reindex") != 1 || engine.indexed(t, buyer, list[i].Title) != 0 {
					t.Errorf("%s not indexed at its latest title", id)
				}
				if exclusive {
					if s, _ := a.search.Listings().Get([]string{id}); s[id] == nil || s[id].Version != 2 {
						t.Errorf("%s summary is %+v, want version 2", id, s[id])
					}
				}
			}
			for _, i := range withdrawn {
				id := list[i].ID
				if engine.indexed(t, list[i].Buyer.ID, "") != 0 {
					t.Errorf("%s withdrawn during the reindex but still indexed", id)
				}
				if exclusive {
					if s, _ := a.search.Listings().Get([]string{id}); s[id] != nil {
						t.Errorf("%s withdrawn during the reindex but still summarised", id)
					}
				}
			}
			if n, err := db.CountMarkers(ctx); err != nil || n != 0 {
				t.Errorf("%d markers left (%v), want none", n, err)
			}
		})
	}
}
