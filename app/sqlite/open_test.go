package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"market/app/sqlite"
	"market/app/store"
	"market/app/store/storetest"
	"market/models"
)

// TestBulkLoad opens a store for a bulk load (no sync per commit), writes,
// syncs and closes it; Open then finds what was written, with every
// commit synced again, and an empty WAL left by Sync.
func TestBulkLoad(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "market.db")
	db, err := sqlite.OpenWith(ctx, path, sqlite.Options{BulkLoad: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := db.Synchronous(ctx); err != nil || n != 0 {
		t.Fatalf("bulk load: synchronous = %d (%v), want 0 (OFF)", n, err)
	}
	u := &models.User{ID: models.NewID(), Email: "bulk@example.com", DisplayName: "Bulk", Role: models.RoleMember,
		OrganizationID: "o1", PasswordHash: "x", CreatedAt: at(0)}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := db.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Synchronous(ctx); err != nil || n != 2 {
		t.Fatalf("after Sync: synchronous = %d (%v), want 2 (FULL)", n, err)
	}
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() != 0 {
		t.Errorf("after Sync the WAL holds %d bytes, want 0", st.Size())
	}
	if err := db.Close(ctx); err != nil {
		t.Fatal(err)
	}
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if n, err := db.Synchronous(ctx); err != nil || n != 2 {
		t.Fatalf("Open: synchronous = %d (%v), want 2 (FULL)", n, err)
	}
	got, err := db.UserByEmail(ctx, "bulk@example.com")
	if err != nil || got.ID != u.ID {
		t.Fatalf("UserByEmail after reopening = %+v, %v", got, err)
	}
}

// TestCounts counts the documents of each collection, leaving out the
// count tables.
func TestCounts(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	for i := range 3 {
		u := &models.User{ID: models.NewID(), Email: fmt.Sprintf("c%d@example.com", i), DisplayName: "C", Role: models.RoleMember,
			PasswordHash: "x", CreatedAt: at(0)}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	counts, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range counts {
		got[c.Collection] = c.Documents
	}
	if got["users"] != 3 || got["events"] != 0 || len(got) < 20 {
		t.Errorf("counts = %v, want 3 users among every collection", got)
	}
	if _, ok := got["notification_counts"]; ok {
		t.Errorf("counts include the count table notification_counts: %v", got)
	}
	if counts[0].Collection != "users" {
		t.Errorf("first collection %q, want users (schema order)", counts[0].Collection)
	}
}

// TestContractBulkLoad runs the store contract against stores opened for
// a bulk load: one connection, writes grouped in a long transaction as
// savepoints, so each is still all or nothing and visible to the next read.
func TestContractBulkLoad(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) store.Store {
		db, err := sqlite.OpenWith(context.Background(), filepath.Join(tb.TempDir(), "market.db"), sqlite.Options{BulkLoad: true})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = db.Close(context.Background()) })
		return db
	}, storetest.AtomicCommits())
}
