package mongo_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"market/app/mongo"
	"market/models"
)

// A store reopened from its files keeps its data and its unique indexes
// (FerretDB v1 once panicked when asked to create indexes it already had).
func TestEmbeddedReopenKeepsDataAndIndexes(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for round := 0; round < 3; round++ {
		e, err := mongo.StartEmbedded(dir, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		db, err := mongo.Open(ctx, e.URI(), "market")
		if err != nil {
			e.Stop()
			t.Fatalf("round %d: %v", round, err)
		}
		err = db.CreateUser(ctx, &models.User{ID: models.NewID(), Email: "keep@example.com", CreatedAt: time.Now()})
		if want := map[bool]string{true: "", false: models.ECONFLICT}[round == 0]; models.ErrorCode(err) != want {
			t.Errorf("round %d: insert gave %v, want code %q", round, err, want)
		}
		if n, err := db.CountUsers(ctx); err != nil || n != 1 {
			t.Errorf("round %d: %d users (%v), want 1", round, n, err)
		}
		_ = db.Close(ctx)
		e.Stop()
	}
}
