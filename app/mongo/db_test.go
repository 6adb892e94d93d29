package mongo_test

import (
	"context"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"market/app/mongo/mongotest"
	"market/app/store"
	"market/models"
)

func TestMain(m *testing.M) { os.Exit(mongotest.Main(m)) }

func TestCreateUserUniqueEmailUnderRace(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	var wins, conflicts atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.CreateUser(ctx, &models.User{ID: models.NewID(), Email: "race@example.com", Role: models.RoleMember, CreatedAt: time.Now()})
			switch models.ErrorCode(err) {
			case "":
				wins.Add(1)
			case models.ECONFLICT:
				conflicts.Add(1)
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 || conflicts.Load() != 19 {
		t.Fatalf("wins=%d conflicts=%d, want 1 and 19", wins.Load(), conflicts.Load())
	}
}

func TestRotateRefreshTokenOnlyOnce(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	now := time.Now().UTC()
	first := &store.RefreshToken{Hash: "h0", Family: "f1", UserID: "u1", ExpiresAt: now.Add(time.Hour), CreatedAt: now}
	if err := db.StartRefreshFamily(ctx, first); err != nil {
		t.Fatal(err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := &store.RefreshToken{Hash: models.NewID(), Family: "f1", UserID: "u1", Parent: "h0", ExpiresAt: now.Add(time.Hour), CreatedAt: now}
			err := db.RotateRefreshToken(ctx, next)
			if err == nil {
				wins.Add(1)
			} else if models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d rotations of one token succeeded, want 1", wins.Load())
	}
}
