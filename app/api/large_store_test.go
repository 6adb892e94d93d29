package api_test

import (
	"context"
	"testing"
	"time"

	"market/app/api"
)

// largeStoreListings is how many listings' history TestLargeStore's store
// holds before the races: with their events, bids, questions,
// notifications and accounts, thousands of documents.
const largeStoreListings = 150

// TestLargeStore runs the concurrency invariants on a store of thousands of
// documents, a generated decade of listings as the application writes
// them, so that a path that is wrong only when the store is large (a query
// that finds the wrong document among many, a check that reads a stale
// page of them) fails here: the bid burst (one bid per pair, none lost),
// concurrent edits of a draft (one wins), approval against cancellation
// and exclusive review outcomes (one outcome per transition); then the
// audit trail of the whole store still holds. (make test runs it on the
// embedded FerretDB without -race: FerretDB decodes every document of a
// collection for every query but one by _id, and instrumented by the race
// detector it would take this store beyond the test timeout.)
func TestLargeStore(t *testing.T) {
	start := time.Now()
	e := newEnvWith(t, api.LoginLimits{}, envOptions{history: largeStoreListings})
	h := e.history
	if h.Listings != largeStoreListings || h.Bids < largeStoreListings || h.Questions < largeStoreListings || h.Users < largeStoreListings/3 {
		t.Fatalf("generated history: %d listings, %d bids, %d questions, %d users; want a large store", h.Listings, h.Bids, h.Questions, h.Users)
	}
	t.Logf("store of %d listings, %d bids, %d questions, %d organisations, %d users generated in %s",
		h.Listings, h.Bids, h.Questions, h.Organizations, h.Users, h.Elapsed.Round(time.Millisecond))
	base := e.listen()

	runBidBurst(t, newMarketOn(t, e), base, 8, start)

	w := newRaceWorldOn(t, e)
	raceConcurrentDraftEditsOneWins(t, w, base)
	raceApproveAgainstCancel(t, w, base)
	raceExclusiveReviewOutcomes(t, w, base)

	// The whole trail, the generated history's and the races', still holds.
	audit, err := e.app.VerifyAudit(context.Background())
	if err != nil || !audit.Intact() {
		t.Fatalf("audit after the races: %+v, %v", audit, err)
	}
}
