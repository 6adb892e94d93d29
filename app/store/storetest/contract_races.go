package storetest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// racers is how many goroutines race for each invariant.
const racers = 16

// race runs fn(i) in racers goroutines at once, i spread over the handles
// by the caller, and waits for them.
func race(fn func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range racers {
		wg.Go(func() {
			<-start
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

// oneWinner runs try in racers goroutines and checks that exactly one
// succeeds and the others fail with a conflict.
func oneWinner(t *testing.T, what string, try func(i int) error) {
	t.Helper()
	var wins, conflicts atomic.Int32
	race(func(i int) {
		switch err := try(i); models.ErrorCode(err) {
		case "":
			wins.Add(1)
		case models.ECONFLICT:
			conflicts.Add(1)
		default:
			t.Errorf("%s: %v", what, err)
		}
	})
	if wins.Load() != 1 || conflicts.Load() != racers-1 {
		t.Errorf("%s: %d won, %d conflicts; want 1 and %d", what, wins.Load(), conflicts.Load(), racers-1)
	}
}

// oneTrue runs try in racers goroutines and checks that exactly one gets true.
func oneTrue(t *testing.T, what string, try func(i int) (bool, error)) {
	t.Helper()
	var wins atomic.Int32
	race(func(i int) {
		ok, err := try(i)
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
		if ok {
			wins.Add(1)
		}
	})
	if wins.Load() != 1 {
		t.Errorf("%s: %d got true, want 1", what, wins.Load())
	}
}

// raceTests race many goroutines on one handle.
func raceTests() map[string]func(*testing.T, store.Store) {
	tests := map[string]func(*testing.T, store.Store){}
	for name, test := range invariants() {
		tests[name] = func(t *testing.T, s store.Store) { test(t, []store.Store{s}) }
	}
	tests["serialised_updates_lose_nothing"] = func(t *testing.T, s store.Store) {
		ctx := ctxOf(t)
		create(t, s, listing("l1"))
		// Callers that serialise themselves (as the application does per
		// aggregate in a process) and read before each change lose nothing.
		var mu sync.Mutex
		const each = 3
		race(func(i int) {
			for range each {
				mu.Lock()
				o, err := s.OpportunityByID(ctx, "l1")
				if err == nil {
					o.Version++
					o.Title = fmt.Sprintf("by %d", i)
					err = commitDoc(t, s, o, at(time.Duration(o.Version)*time.Second))
				}
				mu.Unlock()
				if err != nil {
					t.Errorf("change by %d: %v", i, err)
					return
				}
			}
		})
		o, err := s.OpportunityByID(ctx, "l1")
		must(t, err)
		if o.Version != 1+racers*each {
			t.Errorf("version %d after %d changes, want %d", o.Version, racers*each, 1+racers*each)
		}
		events, err := s.Events(ctx, "opportunity/l1")
		must(t, err)
		if len(events) != o.Version {
			t.Errorf("%d events, want %d", len(events), o.Version)
		}
	}
	return tests
}

// sharedTests race goroutines on two handles of one store.
func sharedTests() map[string]func(*testing.T, []store.Store) {
	tests := invariants()
	tests["see_each_others_writes"] = func(t *testing.T, h []store.Store) {
		ctx := ctxOf(t)
		o := listing("l1")
		create(t, h[0], o)
		got, err := h[1].OpportunityByID(ctx, "l1")
		must(t, err)
		same(t, got, o)
		o.Version, o.Title = 2, "From the second"
		must(t, commitDoc(t, h[1], o, at(time.Hour)))
		got, err = h[0].OpportunityByID(ctx, "l1")
		must(t, err)
		same(t, got, o)
		must(t, h[0].CreateUser(ctx, user("u1", "a@example.com")))
		wantErr(t, h[1].CreateUser(ctx, user("u2", "a@example.com")), models.ECONFLICT, "an account with this email already exists")
	}
	return tests
}

// invariants are what must hold when many callers race, on one handle or
// on several of one store (processes): each spreads its racers over the
// handles it is given.
func invariants() map[string]func(*testing.T, []store.Store) {
	return map[string]func(*testing.T, []store.Store){
		"one_bid_slot_per_pair": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			oneWinner(t, "a bid's commit claiming its slot", func(i int) error {
				return commitDoc(t, h[i%len(h)], bid(fmt.Sprintf("b%d", i), "l1", "o1", at(0)), at(0), claimingSlot)
			})
			if n, err := h[0].CountBidSlots(ctx, "l1"); err != nil || n != 1 {
				t.Errorf("CountBidSlots = %d, %v; want 1", n, err)
			}
		},
		"one_rotation_per_token": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			must(t, h[0].StartRefreshFamily(ctx, token("h0", "f1", "")))
			oneWinner(t, "RotateRefreshToken", func(i int) error {
				return h[i%len(h)].RotateRefreshToken(ctx, token(fmt.Sprintf("h1-%d", i), "f1", "h0"))
			})
		},
		"unique_email": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			oneWinner(t, "CreateUser", func(i int) error {
				return h[i%len(h)].CreateUser(ctx, user(fmt.Sprintf("u%d", i), "race@example.com"))
			})
			if n, err := h[0].CountUsers(ctx); err != nil || n != 1 {
				t.Errorf("CountUsers = %d, %v; want 1", n, err)
			}
		},
		"distinct_codes": func(t *testing.T, h []store.Store) {
			codes := raceCodes(t, h, racers, 3)
			for i, c := range codes {
				if want := fmt.Sprintf("SH-2026-%06d", i+1); c != want {
					t.Fatalf("codes under concurrency: %v; want SH-2026-000001 to %06d, each once", codes, len(codes))
				}
			}
		},
		"saved_search_cap": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			const first = models.MaxSavedSearches - 4 // leave 4 slots for racers
			for i := range first {
				must(t, h[0].CreateSavedSearch(ctx, savedSearch(fmt.Sprintf("s%02d", i), "u1", at(0))))
			}
			var wins atomic.Int32
			race(func(i int) {
				switch err := h[i%len(h)].CreateSavedSearch(ctx, savedSearch(fmt.Sprintf("r%02d", i), "u1", at(time.Hour))); models.ErrorCode(err) {
				case "":
					wins.Add(1)
				case models.ECONFLICT:
				default:
					t.Errorf("CreateSavedSearch: %v", err)
				}
			})
			list, err := h[0].SavedSearchesByUser(ctx, "u1")
			must(t, err)
			slots := map[int]bool{}
			for _, s := range list {
				slots[s.Slot] = true
			}
			if wins.Load() != 4 || len(list) != models.MaxSavedSearches || len(slots) != len(list) {
				t.Errorf("%d racers won; %d saved searches in %d slots; want 4, %d, %[3]d", wins.Load(), len(list), len(slots), models.MaxSavedSearches)
			}
		},
		"one_winner_per_version": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			o := listing("l1")
			create(t, h[0], o)
			oneWinner(t, "Commit from version 1", func(i int) error {
				next := *o
				next.Version, next.Title = 2, fmt.Sprintf("by %d", i)
				return commitDoc(t, h[i%len(h)], &next, at(time.Hour))
			})
			wantEvents(t, h[0], "opportunity/l1", 1, 2)
			got, err := h[0].OpportunityByID(ctx, "l1")
			must(t, err)
			if got.Version != 2 || got.Title == o.Title {
				t.Errorf("stored version %d, title %q; want a racer's version 2", got.Version, got.Title)
			}
		},
		"one_lease_per_slot": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			oneTrue(t, "TryLease", func(i int) (bool, error) {
				return h[i%len(h)].TryLease(ctx, "close", at(time.Minute), fmt.Sprintf("holder%d", i))
			})
		},
		"one_claim_per_mail_attempt": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			var mu sync.Mutex
			var times []time.Time
			oneTrue(t, "ClaimMailAttempts", func(i int) (bool, error) {
				ok, when, err := claim(ctx, h[i%len(h)], "m1", 1, fmt.Sprintf("holder%d", i), at(time.Duration(i)*time.Second))
				mu.Lock()
				times = append(times, when)
				mu.Unlock()
				return ok, err
			})
			for _, when := range times[1:] {
				if !when.Equal(times[0]) {
					t.Errorf("callers were told different claim times: %v", times)
					break
				}
			}
		},
		"one_notification_per_id": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			race(func(i int) {
				n := notification("once", "o1", at(time.Duration(i)*time.Second))
				if err := h[i%len(h)].Deliver(ctx, store.Deliveries{Notifications: []*models.Notification{n}}); err != nil {
					t.Errorf("delivering a notification many deliver at once: %v", err)
				}
			})
			items, total, unread, err := h[0].ListNotifications(ctx, "o1", 1, 10)
			if err != nil || len(items) != 1 || total != 1 || unread != 1 {
				t.Errorf("after racing deliveries of one notification: %d items, total %d, unread %d, %v; want one", len(items), total, unread, err)
			}
		},
		"one_bid_per_idempotency_key": func(t *testing.T, h []store.Store) {
			ctx := ctxOf(t)
			var mu sync.Mutex
			var won []string
			race(func(i int) {
				id := fmt.Sprintf("b%02d", i)
				err := commitDoc(t, h[i%len(h)], bid(id, "l1", "o1", at(0)), at(0), func(c *store.Commit) { c.IdempotencyKey = "k" })
				switch {
				case err == nil:
					mu.Lock()
					won = append(won, id)
					mu.Unlock()
				case !errors.Is(err, store.ErrKeyTaken):
					t.Errorf("committing a bid with a taken key: %v, want ErrKeyTaken", err)
				}
			})
			got, err := h[0].BidOfIdempotencyKey(ctx, "o1", "l1", "k")
			if len(won) != 1 || err != nil || got != won[0] {
				t.Errorf("bids committed with one key: %v; the key names %q (%v); want one, named", won, got, err)
			}
		},
	}
}
