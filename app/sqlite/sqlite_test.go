package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/sqlite"
	"market/app/store"
	"market/models"
)

// at is a test time: UTC, whole milliseconds.
func at(offset time.Duration) time.Time {
	return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).Add(offset)
}

// raw encodes documents as MongoDB stores them.
func raw(tb testing.TB, docs ...any) []bson.Raw {
	tb.Helper()
	out := make([]bson.Raw, len(docs))
	for i, d := range docs {
		b, err := bson.Marshal(d)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = b
	}
	return out
}

// events returns n events of each of streams streams, in no order.
func events(streams, n int) []any {
	var out []any
	for s := streams - 1; s >= 0; s-- {
		for seq := n; seq >= 1; seq-- {
			e := &models.Event{ID: models.NewID(), Stream: fmt.Sprintf("bid/%04d", s), Seq: seq, Type: "bid.submitted",
				At: at(time.Duration(seq) * time.Second), Summary: "submitted", Changes: []models.Change{}, Public: seq%2 == 0}
			e.Seal("")
			out = append(out, e)
		}
	}
	return out
}

func TestEachEventAcrossBatches(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	if err := db.ImportRaw(ctx, "events", raw(t, events(7, 180)...)); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := db.EachEvent(ctx, func(e *models.Event) error {
		got = append(got, fmt.Sprintf("%s#%d", e.Stream, e.Seq))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 7*180 {
		t.Fatalf("EachEvent gave %d events, want %d", len(got), 7*180)
	}
	for i, key := range got {
		if want := fmt.Sprintf("bid/%04d#%d", i/180, i%180+1); key != want {
			t.Fatalf("event %d is %s, want %s", i, key, want)
		}
	}
}

func TestImportRaw(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	published := at(time.Hour)
	opportunities := []any{
		&models.Opportunity{ID: "l1", Code: "SH-2026-000001", Kind: models.KindGovernmentNeed, Status: models.StatusPublished,
			Version: 1, PublishedAt: &published, BidDeadline: at(48 * time.Hour), Buyer: models.OrgRef{ID: "o1"}},
		&models.Opportunity{ID: "l2", Code: "SH-2026-000002", Kind: models.KindGovernmentNeed, Status: models.StatusDraft,
			Version: 1, Buyer: models.OrgRef{ID: "o1"}},
	}
	// A field no type of ours knows survives the import.
	extra, err := bson.Marshal(bson.D{{Key: "_id", Value: "n9"}, {Key: "organizationId", Value: "o1"}, {Key: "read", Value: false},
		{Key: "createdAt", Value: at(0)}, {Key: "legacy", Value: "kept"}})
	if err != nil {
		t.Fatal(err)
	}
	for collection, docs := range map[string][]bson.Raw{
		"opportunities": raw(t, opportunities...),
		"notifications": append(raw(t, &models.Notification{ID: "n1", OrganizationID: "o1", CreatedAt: at(time.Minute)}), extra),
		"codes":         raw(t, bson.D{{Key: "_id", Value: "SH-2026-000002"}, {Key: "year", Value: 2026}}),
		"bid_slots":     raw(t, bson.D{{Key: "_id", Value: "l1/o2"}, {Key: "opportunityId", Value: "l1"}, {Key: "bidId", Value: "b1"}}),
	} {
		if err := db.ImportRaw(ctx, collection, docs); err != nil {
			t.Fatalf("importing %s: %v", collection, err)
		}
	}
	if _, total, err := db.FindOpportunities(ctx, store.OpportunityQuery{Statuses: []string{models.StatusPublished}, PublishedOnly: true}); err != nil || total != 1 {
		t.Errorf("published total after import = %d, %v; want 1", total, err)
	}
	if items, total, unread, err := db.ListNotifications(ctx, "o1", 1, 10); err != nil || total != 2 || unread != 2 || items[0].ID != "n1" {
		t.Errorf("inbox after import: %d items, total %d, unread %d, %v", len(items), total, unread, err)
	}
	if err := db.MarkNotificationRead(ctx, "o1", "n9"); err != nil {
		t.Fatal(err)
	}
	if code, err := db.NextCode(ctx, 2026); err != nil || code != "SH-2026-000003" {
		t.Errorf("NextCode after import = %q, %v; want SH-2026-000003", code, err)
	}
	b2 := &models.Bid{ID: "b2", OpportunityID: "l1", Bidder: models.OrgRef{ID: "o2"}, Status: models.BidSubmitted, Version: 1}
	e := &models.Event{ID: models.NewID(), Stream: models.StreamBid + "b2", Seq: 1, Type: "bid.submitted", At: time.Now()}
	e.Seal("")
	if err := db.Commit(ctx, store.Commit{Event: e, Doc: b2, ClaimSlot: true}); models.ErrorCode(err) != models.ECONFLICT {
		t.Errorf("claiming an imported slot: %v, want a conflict", err)
	}
	// A duplicate fails the whole call.
	err = db.ImportRaw(ctx, "opportunities", raw(t, &models.Opportunity{ID: "l3", Code: "SH-2026-000003"}, opportunities[0]))
	if err == nil {
		t.Error("importing a duplicate succeeded")
	}
	if _, err := db.OpportunityByID(ctx, "l3"); models.ErrorCode(err) != models.ENOTFOUND {
		t.Errorf("a failed import wrote l3: %v", err)
	}
	if err := db.ImportRaw(ctx, "nope", raw(t, bson.D{{Key: "_id", Value: "x"}})); err == nil || !strings.Contains(err.Error(), "no such collection") {
		t.Errorf("importing into an unknown collection: %v", err)
	}
	for _, collection := range []string{"users", "organizations", "refresh_tokens", "refresh_families", "events", "opportunities",
		"codes", "leases", "questions", "bids", "bid_slots", "idempotency", "notifications", "index_queue", "saved_searches",
		"follows", "alert_queue", "alert_digest", "mail_queue", "mail_claims"} {
		if err := db.ImportRaw(ctx, collection, nil); err != nil {
			t.Errorf("%s: %v", collection, err)
		}
	}
}

func TestLeaseSweep(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	try := func(slot time.Time, want bool) {
		t.Helper()
		if got, err := db.TryLease(ctx, "close", slot, "me"); err != nil || got != want {
			t.Errorf("TryLease(%v) = %v, %v; want %v", slot, got, err, want)
		}
	}
	try(at(0), true)
	try(at(time.Minute), true)
	try(at(24*time.Hour+time.Minute), true) // sweeps the slot more than a day older
	try(at(0), true)
	try(at(time.Minute), false) // exactly a day older: kept
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "market.db")
	ctx := context.Background()
	// Handles opening a new file at once all find one schema.
	var wg sync.WaitGroup
	dbs := make([]*sqlite.DB, 4)
	for i := range dbs {
		wg.Go(func() {
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				t.Errorf("opening: %v", err)
				return
			}
			dbs[i] = db
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if err := dbs[0].CreateUser(ctx, &models.User{ID: "u1", Email: "a@example.com"}); err != nil {
		t.Fatal(err)
	}
	for _, db := range dbs {
		if err := db.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := db.UserByEmail(ctx, "a@example.com"); err != nil || u.ID != "u1" {
		t.Errorf("after reopening: %v, %v", u, err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(name); err != nil {
			t.Error(err)
		} else if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", name, info.Mode().Perm())
		}
	}
	if err := db.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Open(ctx, path+"?mode=ro"); err == nil {
		t.Error("a path with a query opened")
	}
}

func TestUnavailable(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	expired, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	const message = "the database is unavailable; nothing was written"
	check := func(what string, err error) {
		t.Helper()
		if models.ErrorCode(err) != models.EUNAVAILABLE || models.ErrorMessage(err) != message {
			t.Errorf("%s: %v (code %s), want %s", what, err, models.ErrorCode(err), models.EUNAVAILABLE)
		}
	}
	check("CreateUser past its deadline", db.CreateUser(expired, &models.User{ID: "u1", Email: "a@example.com"}))
	_, err := db.UserByID(expired, "u1")
	check("UserByID past its deadline", err)
	if err := db.Close(ctx); err != nil {
		t.Fatal(err)
	}
	check("CreateUser on a closed store", db.CreateUser(ctx, &models.User{ID: "u1", Email: "a@example.com"}))
	_, err = db.OpportunityByID(ctx, "l1")
	check("OpportunityByID on a closed store", err)
	_, _, err = db.FindOpportunities(ctx, store.OpportunityQuery{})
	check("FindOpportunities on a closed store", err)
}

func TestCommitChecksItsEvent(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	o := &models.Opportunity{ID: "l1", Code: "c1", Version: 1}
	e := &models.Event{ID: "e1", Stream: "opportunity/other", Seq: 1, At: at(0)}
	if err := db.Commit(ctx, store.Commit{Event: e, Doc: o}); models.ErrorCode(err) != models.EINTERNAL {
		t.Errorf("an event of another stream: %v, want an internal error", err)
	}
	e.Stream = "opportunity/l1"
	b := &models.Bid{ID: "b1", Version: 1}
	if err := db.Commit(ctx, store.Commit{Event: &models.Event{ID: "e2", Stream: "bid/b1", Seq: 1}, Doc: b, Alert: true}); models.ErrorCode(err) != models.EINTERNAL {
		t.Errorf("alerts of a bid: %v, want an internal error", err)
	}
	if err := db.Commit(ctx, store.Commit{Event: e, Doc: *o}); models.ErrorCode(err) != models.EINTERNAL {
		t.Errorf("a document by value: %v, want an internal error", err)
	}
	if err := db.Commit(ctx, store.Commit{Event: e, Doc: o}); err != nil {
		t.Fatal(err)
	}
	if err := db.Commit(ctx, store.Commit{Event: &models.Event{ID: "e1", Stream: "opportunity/l2", Seq: 1},
		Doc: &models.Opportunity{ID: "l2", Code: "c2", Version: 1}}); models.ErrorCode(err) != models.ECONFLICT || errors.Is(err, store.ErrSeqTaken) {
		t.Errorf("an event ID taken: %v, want a conflict that is not a taken seq", err)
	}
}
