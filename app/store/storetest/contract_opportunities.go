package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// published makes a listing published at the given time, with the given deadline.
func published(when, deadline time.Time) func(*models.Opportunity) {
	return func(o *models.Opportunity) {
		o.Status, o.PublishedAt, o.BidDeadline = models.StatusPublished, &when, deadline
	}
}

// opportunityTests check listings but their lists (see findTests).
func opportunityTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"create_and_read": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o := listing("l1", published(at(time.Hour), at(48*time.Hour)))
			create(t, s, o)
			got, err := s.OpportunityByID(ctx, "l1")
			must(t, err)
			same(t, got, o)
			_, err = s.OpportunityByID(ctx, "nope")
			wantErr(t, err, models.ENOTFOUND, "opportunity not found")
		},
		"code_taken": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			create(t, s, listing("l1"))
			wantErr(t, commitDoc(t, s, listing("l2", func(o *models.Opportunity) { o.Code = "SH-2026-Tl1" }), at(0)), models.ECONFLICT, "")
			if _, err := s.OpportunityByID(ctx, "l2"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("the loser of a taken code was stored: %v", err)
			}
		},
		"by_ids_and_versions": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			l1, l2 := listing("l1"), listing("l2")
			create(t, s, l1, l2)
			bump(t, s, l1, at(time.Hour))
			bump(t, s, l1, at(2*time.Hour))
			got, err := s.OpportunitiesByIDs(ctx, []string{"nope", "l2", "l1"})
			must(t, err)
			slices.SortFunc(got, func(a, b *models.Opportunity) int { return cmp.Compare(a.ID, b.ID) })
			sameIDs(t, "OpportunitiesByIDs", got, opportunityID, "l1", "l2")
			same(t, got[0], l1)
			v, err := s.OpportunityVersions(ctx, []string{"l1", "nope"})
			must(t, err)
			if !maps.Equal(v, map[string]int{"l1": 3}) {
				t.Errorf("OpportunityVersions(l1, nope) = %v", v)
			}
			v, err = s.OpportunityVersions(ctx, nil)
			must(t, err)
			if !maps.Equal(v, map[string]int{"l1": 3, "l2": 1}) {
				t.Errorf("OpportunityVersions(nil) = %v", v)
			}
		},
		"due_and_open": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			now := at(10 * time.Hour)
			create(t, s,
				listing("past", published(at(0), now.Add(-time.Hour))),
				listing("exact", published(at(0), now)),
				listing("open2", published(at(0), now.Add(time.Millisecond))),
				listing("open1", published(at(0), now.Add(time.Hour))),
				listing("draft", func(o *models.Opportunity) { o.BidDeadline = now.Add(-time.Hour) }),
				listing("closed", published(at(0), now.Add(-time.Hour)), func(o *models.Opportunity) { o.Status = models.StatusClosed }),
			)
			due, err := s.DueForClosing(ctx, now)
			must(t, err)
			slices.Sort(due)
			if fmt.Sprint(due) != "[exact past]" {
				t.Errorf("DueForClosing = %v, want [exact past]", due)
			}
			open, err := s.OpenListings(ctx, now)
			must(t, err)
			sameIDs(t, "OpenListings", open, opportunityID, "open1", "open2")
		},
		"each": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			var list []*models.Opportunity
			for i := range 7 {
				list = append(list, listing(fmt.Sprintf("l%d", i)))
			}
			must(t, s.InsertOpportunities(ctx, list))
			seen := map[string]int{}
			must(t, s.EachOpportunity(ctx, 3, func(batch []*models.Opportunity) error {
				if len(batch) == 0 || len(batch) > 3 {
					t.Errorf("batch of %d, want 1 to 3", len(batch))
				}
				for _, o := range batch {
					seen[o.ID]++
				}
				return nil
			}))
			if len(seen) != 7 || slices.ContainsFunc(slices.Collect(maps.Values(seen)), func(n int) bool { return n != 1 }) {
				t.Errorf("EachOpportunity saw %v, want 7 listings once each", seen)
			}
			stop := errors.New("stop")
			if err := s.EachOpportunity(ctx, 3, func([]*models.Opportunity) error { return stop }); !errors.Is(err, stop) {
				t.Errorf("EachOpportunity returned %v, want fn's error", err)
			}
		},
		"insert_in_bulk": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			l1 := listing("l1", published(at(0), at(time.Hour)))
			must(t, s.InsertOpportunities(ctx, []*models.Opportunity{l1, listing("l2")}))
			must(t, s.InsertOpportunities(ctx, nil))
			got, err := s.OpportunityByID(ctx, "l1")
			must(t, err)
			same(t, got, l1)
			if events, err := s.Events(ctx, models.StreamOpportunity+"l1"); err != nil || len(events) != 0 {
				t.Errorf("bulk insert recorded %d events, %v; want none", len(events), err)
			}
		},
		"next_code": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			var codes []string
			for _, year := range []int{2026, 2026, 2027, 2026} {
				code, err := s.NextCode(ctx, year)
				must(t, err)
				codes = append(codes, code)
			}
			want := "[SH-2026-000001 SH-2026-000002 SH-2027-000001 SH-2026-000003]"
			if fmt.Sprint(codes) != want {
				t.Errorf("NextCode gave %v, want %v", codes, want)
			}
		},
		"next_code_race": func(t *testing.T, s store.Store) {
			codes := raceCodes(t, []store.Store{s}, 16, 4)
			for i, c := range codes {
				if want := fmt.Sprintf("SH-2026-%06d", i+1); c != want {
					t.Fatalf("codes under concurrency: %v; want SH-2026-000001 to %06d, each once", codes, len(codes))
				}
			}
		},
	}
}

// raceCodes reserves n codes of 2026 in each of g goroutines, spread over
// the handles, and returns them sorted.
func raceCodes(t *testing.T, handles []store.Store, g, n int) []string {
	ctx := ctxOf(t)
	var mu sync.Mutex
	var codes []string
	var wg sync.WaitGroup
	for i := range g {
		wg.Go(func() {
			for range n {
				code, err := handles[i%len(handles)].NextCode(ctx, 2026)
				if err != nil {
					t.Errorf("NextCode: %v", err)
					return
				}
				mu.Lock()
				codes = append(codes, code)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(codes)
	return codes
}
