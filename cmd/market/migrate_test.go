package main

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/mongo"
	"market/app/sqlite"
)

// earlierStore is a store written by the release before the SQLite store.
const earlierStore = "testdata/ferretdb-store/market.sqlite"

// installEarlierStore copies the earlier release's store into dir as that
// release kept it: DATA_DIR/db/market.sqlite.
func installEarlierStore(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, ferretDBDir), 0o700); err != nil {
		t.Fatal(err)
	}
	src, err := os.Open(earlierStore)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(filepath.Join(dir, ferretDBDir, "market.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// rawDocs are a store's documents: collection → _id → canonical form.
type rawDocs map[string]map[string]string

// canonical returns a document's relaxed extended JSON with its keys as
// stored, for comparing documents.
func canonical(t *testing.T, doc bson.Raw) (string, string) {
	t.Helper()
	var id struct {
		ID string `bson:"_id"`
	}
	if err := bson.Unmarshal(doc, &id); err != nil {
		t.Fatal(err)
	}
	return id.ID, doc.String()
}

// earlierDocs reads every document of the earlier store, through FerretDB.
func earlierDocs(t *testing.T) rawDocs {
	t.Helper()
	dir := t.TempDir()
	installEarlierStore(t, dir)
	e, err := mongo.StartEmbedded(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := mongo.Open(ctx, e.URI(), "market")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	names, err := db.Collections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return readRawDocs(ctx, t, names, db.EachRaw)
}

// readRawDocs reads, by each, the documents of the named collections in
// their canonical form.
func readRawDocs(ctx context.Context, t *testing.T, names []string,
	each func(ctx context.Context, collection string, batch int, fn func([]bson.Raw) error) error) rawDocs {
	t.Helper()
	docs := rawDocs{}
	for _, name := range names {
		docs[name] = map[string]string{}
		if err := each(ctx, name, 100, func(batch []bson.Raw) error {
			for _, d := range batch {
				id, c := canonical(t, d)
				docs[name][id] = c
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return docs
}

// migratedDocs reads the documents of the collections named in want from
// the SQLite store of dataDir.
func migratedDocs(t *testing.T, dataDir string, want rawDocs) rawDocs {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db := openStoreFile(ctx, t, dataDir)
	defer db.Close(ctx)
	return readRawDocs(ctx, t, slices.Collect(maps.Keys(want)), db.EachRaw)
}

// openStoreFile opens the embedded store of dataDir, for a test to read
// or change it while no server runs.
func openStoreFile(ctx context.Context, t *testing.T, dataDir string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(ctx, filepath.Join(dataDir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestBinaryMigratesAnEarlierStore: the data directory of the release
// before the SQLite store opens with every document of every collection
// in it, unchanged; the earlier files are kept aside, the audit trail is
// intact, people sign in and find their listings and bids, and search
// finds the public listings again.
func TestBinaryMigratesAnEarlierStore(t *testing.T) {
	t.Parallel()
	want := earlierDocs(t)
	if n := len(want["events"]); n != 38 {
		t.Fatalf("the earlier store holds %d events, want the fixture's 38", n)
	}
	dataDir := t.TempDir()
	installEarlierStore(t, dataDir)

	r := runBinary(t, dataDir, nil, nil, "verify-audit")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "audit trail intact: 38 events in 16 streams" {
		t.Fatalf("verify-audit on the migrated store: exit %d, stdout %q; stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "migrated the embedded store") {
		t.Fatalf("no migration logged:\n%s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dataDir, ferretDBDir+".migrated", "market.sqlite")); err != nil {
		t.Fatalf("the earlier store is not kept aside: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, ferretDBDir)); !os.IsNotExist(err) {
		t.Fatalf("the earlier store's directory is still in place: %v", err)
	}
	got := migratedDocs(t, dataDir, want)
	// Besides them, a marker says that the search indexes must be filled
	// again from the database.
	if _, ok := got["index_queue"]["all@0"]; !ok {
		t.Errorf("no full pass of the search indexes was marked due: %v", got["index_queue"])
	}
	delete(got["index_queue"], "all@0")
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if len(got[name]) != len(want[name]) {
			t.Errorf("%s: %d documents migrated, the earlier store holds %d", name, len(got[name]), len(want[name]))
		}
		for id, doc := range want[name] {
			if got[name][id] != doc {
				t.Errorf("%s %s migrated as\n%s\nwant\n%s", name, id, got[name][id], doc)
			}
		}
	}

	// The second start migrates nothing and serves the migrated store.
	srv := startServer(t, dataDir)
	if hasMsg(srv.stderr.parsed(t), "migrating the embedded store of an earlier release") {
		t.Fatal("the store was migrated again")
	}
	provider := login(t, srv.url, "p@example.com", "correct horse battery")
	resp, data := call(t, http.MethodGet, srv.url+"/api/v1/me/bids", provider.Tokens.AccessToken, nil)
	bids := decode[struct {
		Items []struct{ Status string } `json:"items"`
	}](t, data)
	if resp.StatusCode != http.StatusOK || len(bids.Items) != 3 {
		t.Fatalf("the provider's bids after the migration: %d %s, want its 3 bids", resp.StatusCode, data)
	}
	// Search finds the public listings once the index is filled again.
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, data = call(t, http.MethodGet, srv.url+"/api/v1/opportunities?status=awarded&status=cancelled&status=published&status=closed", "", nil)
		page := decode[struct{ Total int }](t, data)
		if resp.StatusCode == http.StatusOK && page.Total == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search after the migration: %d %s, want the 3 public listings", resp.StatusCode, data)
		}
		time.Sleep(100 * time.Millisecond)
	}
	srv.terminate(t)
}
