package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"market/app/store"
)

// TestSchemaMigratesFromVersion1: a file a release with schema version 1
// wrote opens at the current version, its queued email still due, read
// through the index version 2 made.
func TestSchemaMigratesFromVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "market.sqlite")
	old, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migration(0), "PRAGMA user_version = 1"} {
		if _, err := old.ExecContext(ctx, q); err != nil {
			t.Fatalf("writing a version 1 file: %v", err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("opening a version 1 file: %v", err)
	}
	defer db.Close(ctx)
	var version int
	if err := db.reader.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil || version != schemaVersion {
		t.Fatalf("schema version %d (%v), want %d", version, err, schemaVersion)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := db.EnqueueMail(ctx, &store.QueuedMail{ID: "m1", To: "a@example.com", At: at, NextAt: at}); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueMail(ctx, at, 25)
	if err != nil || len(due) != 1 || due[0].ID != "m1" {
		t.Fatalf("due after migrating: %v, %v", due, err)
	}
	var plan string
	if err := db.reader.QueryRowContext(ctx, "EXPLAIN QUERY PLAN "+dueMailSQL, 0, 25).Scan(new(int), new(int), new(int), &plan); err != nil {
		t.Fatal(err)
	}
	if plan != "SCAN mail_queue USING INDEX mail_queue_due" {
		t.Fatalf("due emails read by %q, want a walk of mail_queue_due in its order", plan)
	}
}
