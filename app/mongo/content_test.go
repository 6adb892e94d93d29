package mongo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/mongo"
	"market/app/mongo/mongotest"
	"market/app/store"
	"market/app/store/storetest"
	"market/models"
)

// TestContents runs the contents contract on GridFS, each subtest in a
// database of its own.
func TestContents(t *testing.T) {
	storetest.RunContents(t, func(tb testing.TB) store.Contents {
		return mongotest.Open(tb).Contents(tb.TempDir())
	})
}

// TestContentsGridFS checks what GridFS holds: one file per content named
// by its hash, under an ObjectID, with its chunks; none left by a failed
// upload or after Remove, which deletes every copy; and that a missing
// chunk is an error, not shorter content.
func TestContentsGridFS(t *testing.T) {
	ctx := testContext(t, time.Minute)
	c, raw := openContents(t)
	tempDir := t.TempDir()
	contents := c.Contents(tempDir)
	files, chunks := raw.Collection("documents.files"), raw.Collection("documents.chunks")
	count := func(col *driver.Collection, filter any, want int64) {
		t.Helper()
		if n, err := col.CountDocuments(ctx, filter); err != nil || n != want {
			t.Errorf("%s holds %d documents matching %v (%v); want %d", col.Name(), n, filter, err, want)
		}
	}

	data := randomContent(600<<10, 1) // three chunks of 255 KiB
	sum := hexSum(data)
	staged := stage(t, contents, data)
	if dir := filepath.Dir(staged.Name()); dir != tempDir {
		t.Errorf("staged in %s; want %s", dir, tempDir)
	}
	if created, err := contents.Keep(ctx, staged, sum, int64(len(data))); err != nil || !created {
		t.Fatalf("Keep = %v, %v", created, err)
	}
	var doc struct {
		ID       any    `bson:"_id"`
		Filename string `bson:"filename"`
		Length   int64  `bson:"length"`
	}
	if err := files.FindOne(ctx, bson.D{}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.ID.(bson.ObjectID); !ok || doc.Filename != sum || doc.Length != int64(len(data)) {
		t.Errorf("files document %+v; want an ObjectID, filename %s, length %d", doc, sum, len(data))
	}
	count(chunks, bson.D{{Key: "files_id", Value: doc.ID}}, 3)

	// Kept again, or failing: nothing more stored.
	keepOK(t, contents, data, false)
	if _, err := contents.Keep(ctx, stage(t, contents, data), sum, int64(len(data))+1); err == nil {
		t.Error("Keep with the wrong size: no error")
	}
	// An upload cut short by its deadline leaves none of its chunks.
	big := randomContent(20<<20, 2)
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if created, err := contents.Keep(short, stage(t, contents, big), hexSum(big), int64(len(big))); err == nil {
		t.Logf("20 MiB kept within 200 ms (created %v): the failed upload is not checked", created)
		if err := contents.Remove(ctx, hexSum(big)); err != nil {
			t.Fatal(err)
		}
	} else {
		t.Logf("an upload cut short: %v", err)
	}
	count(files, bson.D{}, 1)
	count(chunks, bson.D{}, 3)

	// A second copy, as a racing Keep would store: Open reads the newest
	// (here different, to tell them apart), Remove deletes both.
	newer := []byte("the newer copy")
	bucket := raw.GridFSBucket(options.GridFSBucket().SetName("documents"))
	time.Sleep(5 * time.Millisecond) // uploadDate has millisecond precision
	if _, err := bucket.UploadFromStream(ctx, sum, strings.NewReader(string(newer))); err != nil {
		t.Fatal(err)
	}
	r, err := contents.Open(ctx, sum)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(r); err != nil || string(got) != string(newer) || r.Size() != int64(len(newer)) {
		t.Errorf("Open of two copies read %d bytes (size %d), %v; want the newer copy", len(got), r.Size(), err)
	}
	_ = r.Close()
	if err := contents.Remove(ctx, sum); err != nil {
		t.Fatal(err)
	}
	count(files, bson.D{}, 0)
	count(chunks, bson.D{}, 0)
	if _, err := contents.Open(ctx, sum); models.ErrorCode(err) != models.ENOTFOUND {
		t.Errorf("Open after Remove: %v; want %s", err, models.ENOTFOUND)
	}

	// A missing chunk: an error once the reader gets there.
	keepOK(t, contents, data, true)
	if err := files.FindOne(ctx, bson.D{}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if _, err := chunks.DeleteOne(ctx, bson.D{{Key: "files_id", Value: doc.ID}, {Key: "n", Value: 1}}); err != nil {
		t.Fatal(err)
	}
	r, err = contents.Open(ctx, sum)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, err := io.ReadAll(r); err == nil {
		t.Errorf("content missing a chunk read %d bytes without an error", len(got))
	}
	if _, err := r.Seek(int64(len(data))-10, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(r); err != nil || string(got) != string(data[len(data)-10:]) {
		t.Errorf("the chunk after the missing one: %q, %v", got, err)
	}
}

// TestContentsLarge keeps and reads back a 50 MiB file, which must not run
// into the client's 10-second operation timeout, and reads a range at its
// end. With the race detector, which slows the embedded FerretDB server to
// about a megabyte a second, the file is 24 MiB: still two of the driver's
// 16 MiB upload batches, and longer to keep than 10 seconds.
func TestContentsLarge(t *testing.T) {
	size := int64(50 << 20)
	if raceEnabled() {
		size = 24 << 20
	}
	ctx := testContext(t, 5*time.Minute)
	db := mongotest.Open(t)
	contents := db.Contents(t.TempDir())
	staged, err := contents.Stage()
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(staged, h), io.LimitReader(rand.NewChaCha8([32]byte{9}), size)); err != nil {
		store.Discard(staged)
		t.Fatal(err)
	}
	sum := hex.EncodeToString(h.Sum(nil))

	// Without a deadline, as a request's context, so that Keep sets one
	// from the size; under -race, nearly as slow as that allows, with a
	// deadline of the test's, which Keep must keep.
	keepCtx := t.Context()
	if raceEnabled() {
		keepCtx = ctx
	}
	start := time.Now()
	if created, err := contents.Keep(keepCtx, staged, sum, size); err != nil || !created {
		t.Fatalf("Keep of %d MiB = %v, %v", size>>20, created, err)
	}
	kept := time.Since(start)
	start = time.Now()
	r, err := contents.Open(ctx, sum)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	h.Reset()
	if n, err := io.Copy(h, r); err != nil || n != size || hex.EncodeToString(h.Sum(nil)) != sum {
		t.Fatalf("read back %d bytes, %v; want %d bytes of sha256 %s", n, err, size, sum)
	}
	t.Logf("%d MiB: Keep %v, read %v", size>>20, kept.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	tail := make([]byte, 1000)
	if _, err := r.Seek(-1000, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(r, tail); err != nil {
		t.Fatal(err)
	}
	want := make([]byte, size)
	_, _ = rand.NewChaCha8([32]byte{9}).Read(want)
	if string(tail) != string(want[size-1000:]) {
		t.Error("the last 1000 bytes differ")
	}
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// openContents opens a store on a new database of the test server, with a
// connection of the test's own to look at that database's collections.
func openContents(t *testing.T) (*mongo.DB, *driver.Database) {
	t.Helper()
	name := mongotest.DatabaseName(t)
	ctx := testContext(t, 30*time.Second)
	db, err := mongo.Open(ctx, mongotest.URI(), name)
	if err != nil {
		t.Fatal(err)
	}
	client, err := driver.Connect(options.Client().ApplyURI(mongotest.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = db.Close(ctx)
		_ = client.Disconnect(ctx)
		if err := mongotest.Drop(ctx, name); err != nil {
			t.Error(err)
		}
	})
	return db, client.Database(name)
}

// stage stages data in contents.
func stage(t *testing.T, contents store.Contents, data []byte) *os.File {
	t.Helper()
	f, err := contents.Stage()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		store.Discard(f)
		t.Fatal(err)
	}
	return f
}

// keepOK stages and keeps data, expecting created.
func keepOK(t *testing.T, contents store.Contents, data []byte, created bool) {
	t.Helper()
	got, err := contents.Keep(testContext(t, time.Minute), stage(t, contents, data), hexSum(data), int64(len(data)))
	if err != nil || got != created {
		t.Fatalf("Keep = %v, %v; want %v", got, err, created)
	}
}

// testContext returns a context for the test's calls, ended after d.
func testContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// hexSum is the lowercase hex SHA-256 of data.
func hexSum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// randomContent returns n pseudo-random bytes, the same for the same seed.
func randomContent(n int, seed byte) []byte {
	b := make([]byte, n)
	_, _ = rand.NewChaCha8([32]byte{seed}).Read(b)
	return b
}
