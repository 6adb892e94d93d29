package scale_test

import (
	"context"
	"maps"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"market/app"
	"market/app/scale"
	"market/app/sqlite"
	"market/models"
)

// end is the generated histories' end: a fixed time, so that every run
// of a test sees the same history.
func end() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

// generate fills a new store, opened for a bulk load under the test's
// temporary directory, with n listings' history.
func generate(t *testing.T, n int, seed uint64) (*sqlite.DB, *scale.Report) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.OpenWith(ctx, filepath.Join(t.TempDir(), "market.db"), sqlite.Options{BulkLoad: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	rep, err := scale.Generate(ctx, db, scale.Config{Listings: n, Seed: seed, End: end(), Shards: 3})
	if err != nil {
		t.Fatalf("generating %d listings: %v", n, err)
	}
	return db, rep
}

// counts returns how many documents each collection of db holds.
func counts(t *testing.T, db *sqlite.DB) map[string]int {
	t.Helper()
	list, err := db.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, c := range list {
		out[c.Collection] = c.Documents
	}
	return out
}

// TestGenerate generates a small store and checks that it is one the
// application could have written: the audit trail holds, every status and
// both kinds occur, bid slots match active bids, public listings read as
// the API reads them, the queues are as a server finds them, and the
// totals are in scale S's proportions.
func TestGenerate(t *testing.T) {
	t.Parallel()
	const n = 220
	ctx := context.Background()
	db, rep := generate(t, n, 7)
	a, err := app.New(app.Config{DB: db, Now: end, Argon2: scale.Argon2()})
	if err != nil {
		t.Fatal(err)
	}
	audit, err := a.VerifyAudit(ctx)
	if err != nil || !audit.Intact() {
		t.Fatalf("audit: %+v, %v", audit, err)
	}
	var listings []*models.Opportunity
	if err := db.EachOpportunity(ctx, 100, func(batch []*models.Opportunity) error {
		listings = append(listings, batch...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	statuses, kinds := map[string]int{}, map[string]int{}
	for _, o := range listings {
		statuses[o.Status]++
		kinds[o.Kind]++
		checkListing(t, a, db, o)
	}
	for _, s := range []string{models.StatusDraft, models.StatusPendingReview, models.StatusRejected, models.StatusPublished,
		models.StatusClosed, models.StatusAwarded, models.StatusCompleted, models.StatusUnsuccessful, models.StatusCancelled} {
		if statuses[s] == 0 {
			t.Errorf("no listing is %s: %v", s, statuses)
		}
	}
	if kinds[models.KindGovernmentNeed] == 0 || kinds[models.KindSMEHelp] == 0 {
		t.Errorf("kinds %v, want both", kinds)
	}
	checkQueues(t, db)
	checkProportions(t, n, counts(t, db), rep)
}

// checkListing checks one listing's bids and that the public can read it.
func checkListing(t *testing.T, a *app.App, db *sqlite.DB, o *models.Opportunity) {
	t.Helper()
	ctx := context.Background()
	bids, err := db.BidsOnOpportunity(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	active := map[string]bool{}
	for _, b := range bids {
		if b.Status == models.BidWithdrawn {
			continue
		}
		if active[b.Bidder.ID] {
			t.Errorf("%s: two active bids of organisation %s", o.Code, b.Bidder.ID)
		}
		active[b.Bidder.ID] = true
		if b.Receipt.SHA256 != models.ReceiptHash(b, b.Receipt.IssuedAt) {
			t.Errorf("%s: bid %s's receipt does not match its content", o.Code, b.ID)
		}
	}
	if slots, err := db.CountBidSlots(ctx, o.ID); err != nil || slots != len(active) {
		t.Errorf("%s: %d bid slots (%v), %d active bids", o.Code, slots, err, len(active))
	}
	if !o.IsPublic() {
		return
	}
	anyone := models.Actor{}
	if got, err := a.Opportunity(ctx, anyone, o.ID); err != nil || got.Status != o.Status {
		t.Errorf("%s: read as %v (%v), stored %s", o.Code, got, err, o.Status)
	}
	if h, err := a.OpportunityHistory(ctx, anyone, o.ID); err != nil || len(h) == 0 {
		t.Errorf("%s: %d public events, %v", o.Code, len(h), err)
	}
	if _, err := a.Questions(ctx, anyone, o.ID); err != nil {
		t.Errorf("%s: questions: %v", o.Code, err)
	}
}

// checkQueues checks that the store is left as a server finds it: alerts
// delivered, email sent, and the search index due for a full pass only.
func checkQueues(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	if n, err := db.CountAlertMarkers(ctx); err != nil || n != 0 {
		t.Errorf("%d alert markers left (%v)", n, err)
	}
	if due, err := db.DueMail(ctx, end(), 10); err != nil || len(due) != 0 {
		t.Errorf("%d emails left unsent (%v)", len(due), err)
	}
	markers, err := db.DirtyMarkers(ctx, 10)
	if err != nil || len(markers) != 1 || markers[0].Key != "all" {
		t.Errorf("search index markers %+v (%v), want the full pass's alone", markers, err)
	}
}

// checkProportions checks the totals against scale S's, per listing. A
// small store has fewer notifications per listing than scale S's 10: a
// saved search there finds fewer listings to match, however broad.
func checkProportions(t *testing.T, n int, c map[string]int, rep *scale.Report) {
	t.Helper()
	per := func(collection string) float64 { return float64(c[collection]) / float64(n) }
	for _, want := range []struct {
		collection string
		lo, hi     float64 // scale S: 0.2, 0.5, 2.9, 1.8, 15, 10, 0.03, 0.06
	}{
		{"organizations", 0.2, 0.2}, {"users", 0.4, 0.65}, {"bids", 2, 4}, {"questions", 1.3, 2.6},
		{"events", 11, 20}, {"notifications", 3, 16}, {"saved_searches", 0.02, 0.04}, {"follows", 0.04, 0.08},
	} {
		if got := per(want.collection); got < want.lo || got > want.hi {
			t.Errorf("%s: %.2f per listing, want %.2f to %.2f", want.collection, got, want.lo, want.hi)
		}
	}
	if c["opportunities"] != n || rep.Listings != n {
		t.Errorf("%d listings stored, %d reported, want %d", c["opportunities"], rep.Listings, n)
	}
}

// TestGenerateDeterministic generates twice with one seed and finds the
// same counts in every collection.
func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	first, rep1 := generate(t, 60, 3)
	second, rep2 := generate(t, 60, 3)
	if a, b := counts(t, first), counts(t, second); !maps.Equal(a, b) {
		t.Errorf("two generations with seed 3 differ:\n%v\n%v", a, b)
	}
	rep1.Elapsed, rep1.Setup, rep1.Histories, rep1.Finish = 0, 0, 0, 0
	rep2.Elapsed, rep2.Setup, rep2.Histories, rep2.Finish = 0, 0, 0, 0
	if !reflect.DeepEqual(rep1, rep2) {
		t.Errorf("two generations with seed 3 report differently:\n%+v\n%+v", *rep1, *rep2)
	}
}

// TestGenerateRefusesAStoreWithAccounts leaves a store with accounts alone.
func TestGenerateRefusesAStoreWithAccounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.OpenWith(ctx, filepath.Join(t.TempDir(), "market.db"), sqlite.Options{BulkLoad: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	u := &models.User{ID: models.NewID(), Email: "someone@example.com", DisplayName: "Someone", Role: models.RoleOperator,
		PasswordHash: "x", CreatedAt: end()}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	before := counts(t, db)
	if _, err := scale.Generate(context.Background(), db, scale.Config{Listings: 12, End: end()}); err != scale.ErrNotEmpty {
		t.Fatalf("second generation: %v, want ErrNotEmpty", err)
	}
	if after := counts(t, db); !maps.Equal(before, after) {
		t.Errorf("a refused generation changed the store:\n%v\n%v", before, after)
	}
}
