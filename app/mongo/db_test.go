package mongo_test

import (
	"context"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"market/app/mongo"
	"market/app/mongo/mongotest"
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
	first := &mongo.RefreshToken{Hash: "h0", Family: "f1", UserID: "u1", ExpiresAt: now.Add(time.Hour), CreatedAt: now}
	if err := db.StartRefreshFamily(ctx, first); err != nil {
		t.Fatal(err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			next := &mongo.RefreshToken{Hash: models.NewID(), Family: "f1", UserID: "u1", Parent: "h0", ExpiresAt: now.Add(time.Hour), CreatedAt: now}
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

// Writers of one organisation that hold its lock lose no update, and a
// replace conditional on a stale version is a conflict.
func TestReplaceOrganizationLosesNoUpdate(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	org := &models.Organization{ID: models.NewID(), Name: "n", CreditCode: "c", Version: 1, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
	if err := db.CreateOrganization(ctx, org); err != nil {
		t.Fatal(err)
	}
	const writers = 24
	var wg sync.WaitGroup
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer db.Lock("org:" + org.ID)()
			o, err := db.OrganizationByID(ctx, org.ID)
			if err != nil {
				t.Errorf("load: %v", err)
				return
			}
			prev := o.Version
			o.Profile.Capabilities = append(o.Profile.Capabilities, "x")
			o.Version = prev + 1
			if err := db.ReplaceOrganization(ctx, o, prev); err != nil {
				t.Errorf("replace: %v", err)
			}
		}()
	}
	wg.Wait()
	got, err := db.OrganizationByID(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Profile.Capabilities); n != writers || got.Version != writers+1 {
		t.Fatalf("%d of %d appends survived, version %d", n, writers, got.Version)
	}
	stale := *got
	stale.Version = got.Version + 1
	if err := db.ReplaceOrganization(ctx, &stale, got.Version-1); models.ErrorCode(err) != models.ECONFLICT {
		t.Fatalf("replace on a stale version: %v, want a conflict", err)
	}
}
