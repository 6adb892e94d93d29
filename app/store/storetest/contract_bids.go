package storetest

import (
	"errors"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// bidTests check bids, bid slots and idempotency keys.
func bidTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"read": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			b := bid("b1", "l1", "o1", at(time.Hour))
			create(t, s, b)
			got, err := s.BidByID(ctx, "b1")
			must(t, err)
			same(t, got, b)
			_, err = s.BidByID(ctx, "nope")
			wantErr(t, err, models.ENOTFOUND, "bid not found")
		},
		"lists": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			// Submitted at: b3 first; b1 and b2 tie (by ID); b4 last. b5 is on another listing.
			withdrawn := bid("b2", "l1", "o2", at(time.Hour))
			create(t, s, bid("b4", "l1", "o4", at(3*time.Hour)), withdrawn, bid("b1", "l1", "o1", at(time.Hour)),
				bid("b3", "l1", "o1", at(0)), bid("b5", "l2", "o1", at(2*time.Hour)), bid("b6", "l3", "o9", at(0)))
			withdrawn.Status = models.BidWithdrawn
			bump(t, s, withdrawn, at(4*time.Hour))
			list, err := s.BidsOnOpportunity(ctx, "l1")
			must(t, err)
			sameIDs(t, "BidsOnOpportunity", list, bidID, "b3", "b1", "b2", "b4")
			same(t, list[2], withdrawn)
			list, err = s.BidsOnOpportunities(ctx, []string{"l2", "l1", "none"})
			must(t, err)
			sameIDs(t, "BidsOnOpportunities", list, bidID, "b3", "b1", "b2", "b5", "b4")
			if list, err := s.BidsOnOpportunities(ctx, nil); err != nil || len(list) != 0 {
				t.Errorf("BidsOnOpportunities(nil): %d, %v", len(list), err)
			}
			list, err = s.BidsByBidder(ctx, "o1")
			must(t, err)
			sameIDs(t, "BidsByBidder", list, bidID, "b3", "b1", "b5")
			if list, err := s.BidsOnOpportunity(ctx, "none"); err != nil || len(list) != 0 {
				t.Errorf("bids on a listing without any: %d, %v", len(list), err)
			}
		},
		"slots": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			count := func(opportunityID string, want int) {
				t.Helper()
				if n, err := s.CountBidSlots(ctx, opportunityID); err != nil || n != want {
					t.Errorf("CountBidSlots(%s) = %d, %v; want %d", opportunityID, n, err, want)
				}
			}
			count("l1", 0)
			b1 := bid("b1", "l1", "o1", at(0))
			must(t, commitDoc(t, s, b1, at(0), claimingSlot))
			// A second active bid of o1 on l1 is a conflict, and writes nothing.
			wantErr(t, commitDoc(t, s, bid("b2", "l1", "o1", at(0)), at(0), claimingSlot),
				models.ECONFLICT, "your organisation already has an active bid on this opportunity")
			if _, err := s.BidByID(ctx, "b2"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("the bid whose slot was taken was stored: %v", err)
			}
			if _, err := s.Event(ctx, models.StreamBid+"b2", 1); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("the bid whose slot was taken has an event: %v", err)
			}
			must(t, commitDoc(t, s, bid("b3", "l1", "o2", at(0)), at(0), claimingSlot))
			must(t, commitDoc(t, s, bid("b4", "l2", "o1", at(0)), at(0), claimingSlot))
			count("l1", 2)
			count("l2", 1)
			// Withdrawing b1 frees o1's slot on l1, with the withdrawal.
			b1.Status, b1.Version = models.BidWithdrawn, 2
			must(t, commitDoc(t, s, b1, at(time.Hour), func(c *store.Commit) { c.ReleaseSlot = true }))
			count("l1", 1)
			must(t, commitDoc(t, s, bid("b5", "l1", "o1", at(2*time.Hour)), at(2*time.Hour), claimingSlot))
			count("l1", 2)
		},
		"idempotency_keys": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			keyed := func(key string) func(*store.Commit) { return func(c *store.Commit) { c.IdempotencyKey = key } }
			bidOf := func(org, listing, key, want string) {
				t.Helper()
				if got, err := s.BidOfIdempotencyKey(ctx, org, listing, key); err != nil || got != want {
					t.Errorf("BidOfIdempotencyKey(%s, %s, %s) = %q, %v; want %q", org, listing, key, got, err, want)
				}
			}
			bidOf("o1", "l1", "k1", "")
			must(t, commitDoc(t, s, bid("b1", "l1", "o1", at(0)), at(0), keyed("k1"), claimingSlot))
			bidOf("o1", "l1", "k1", "b1")
			// The key again: a conflict for which ErrKeyTaken holds, and nothing is written.
			err := commitDoc(t, s, bid("b2", "l1", "o1", at(0)), at(0), keyed("k1"))
			wantErr(t, err, models.ECONFLICT, "a request with this Idempotency-Key is still in progress or failed; retry")
			if !errors.Is(err, store.ErrKeyTaken) {
				t.Errorf("a taken key's conflict %v does not wrap ErrKeyTaken", err)
			}
			if _, err := s.BidByID(ctx, "b2"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("the bid whose key was taken was stored: %v", err)
			}
			bidOf("o1", "l1", "k1", "b1")
			// Keys are per organisation and listing.
			must(t, commitDoc(t, s, bid("b3", "l1", "o2", at(0)), at(0), keyed("k1")))
			must(t, commitDoc(t, s, bid("b4", "l2", "o1", at(0)), at(0), keyed("k1")))
			bidOf("o2", "l1", "k1", "b3")
			bidOf("o1", "l2", "k1", "b4")
			// A commit that fails on its slot records no key.
			wantErr(t, commitDoc(t, s, bid("b5", "l1", "o1", at(0)), at(0), keyed("k2"), claimingSlot),
				models.ECONFLICT, "your organisation already has an active bid on this opportunity")
			bidOf("o1", "l1", "k2", "")
		},
	}
}

// questionTests check questions (their writes are commits).
func questionTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"read_and_list": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			q1 := question("q1", "l1", at(time.Hour))
			create(t, s, question("q3", "l1", at(2*time.Hour)), q1, question("q2", "l1", at(time.Hour)),
				question("q0", "l1", at(0)), question("q9", "l2", at(0)))
			got, err := s.QuestionByID(ctx, "q1")
			must(t, err)
			same(t, got, q1)
			_, err = s.QuestionByID(ctx, "nope")
			wantErr(t, err, models.ENOTFOUND, "question not found")
			list, err := s.QuestionsByOpportunity(ctx, "l1")
			must(t, err)
			sameIDs(t, "QuestionsByOpportunity", list, questionID, "q0", "q1", "q2", "q3")
			if list, err := s.QuestionsByOpportunity(ctx, "none"); err != nil || len(list) != 0 {
				t.Errorf("questions about a listing without any: %d, %v", len(list), err)
			}
		},
	}
}
