// Package mongotest gives tests a real database: one embedded FerretDB server
// per test binary (or the MongoDB at MONGODB_TEST_URI), and a fresh database
// per test, dropped when the test ends.
package mongotest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/mongo"
	"market/models"
)

// server is the test binary's database server, set once by Main before any test runs.
var server struct{ uri string }

// Main starts the database server, runs the tests and stops the server.
// Call it from TestMain: os.Exit(mongotest.Main(m)).
func Main(m *testing.M) int {
	if uri := os.Getenv("MONGODB_TEST_URI"); uri != "" {
		server.uri = uri
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "market-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	e, err := mongo.StartEmbedded(dir, quiet)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer e.Stop()
	server.uri = e.URI()
	return m.Run()
}

// URI returns the test server's connection string.
func URI() string { return server.uri }

// Open returns a connection to a new, empty database named after the test,
// dropped and closed when the test ends.
func Open(tb testing.TB) *mongo.DB {
	tb.Helper()
	if server.uri == "" {
		tb.Fatal("mongotest: no database server; call mongotest.Main from TestMain")
	}
	name := DatabaseName(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := mongo.Open(ctx, server.uri, name)
	if err != nil {
		tb.Fatalf("mongotest: opening %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := db.Drop(ctx); err != nil {
			tb.Errorf("mongotest: dropping %s: %v", name, err)
		}
		_ = db.Close(ctx)
	})
	return db
}

// Drop deletes the named database of the test server through a connection
// of its own, so that a test may close its stores first.
func Drop(ctx context.Context, name string) error {
	client, err := driver.Connect(options.Client().ApplyURI(server.uri))
	if err != nil {
		return fmt.Errorf("mongotest: connecting to drop %s: %w", name, err)
	}
	defer client.Disconnect(context.WithoutCancel(ctx))
	if err := client.Database(name).Drop(ctx); err != nil {
		return fmt.Errorf("mongotest: dropping %s: %w", name, err)
	}
	return nil
}

// DatabaseName returns a unique database name for the test (MongoDB allows 63 bytes).
func DatabaseName(tb testing.TB) string {
	clean := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, tb.Name())
	if len(clean) > 40 {
		clean = clean[len(clean)-40:]
	}
	return "t_" + clean + "_" + models.NewID()[:8]
}
