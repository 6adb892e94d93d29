package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"market/app/store"
	"market/models"
)

// RunContents runs the contract suite of store.Contents, each subtest
// against a new, empty store from open, which must arrange for its cleanup.
func RunContents(t *testing.T, open func(tb testing.TB) store.Contents) {
	tests := contentTests()
	for _, name := range sortedKeys(tests) {
		test := tests[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, open(t))
		})
	}
}

// contentKeepers is how many goroutines keep identical content at once.
const contentKeepers = 8

// contentTests check store.Contents.
func contentTests() map[string]func(*testing.T, store.Contents) {
	return map[string]func(*testing.T, store.Contents){
		"round_trip": func(t *testing.T, c store.Contents) {
			for _, data := range [][]byte{[]byte("Tender documents, volume 1.\n"), randomBytes(5<<20, 1)} {
				if created := keepContent(t, c, data); !created {
					t.Errorf("Keep of new content (%d bytes): created = false", len(data))
				}
				wantContent(t, c, sumOf(data), data)
			}
		},
		"empty": func(t *testing.T, c store.Contents) {
			sum := sumOf(nil)
			if sum != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
				t.Fatalf("sum of nothing = %s", sum)
			}
			if created := keepContent(t, c, nil); !created {
				t.Error("Keep of empty content: created = false")
			}
			wantContent(t, c, sum, nil)
			r := openContent(t, c, sum)
			if pos, err := r.Seek(0, io.SeekEnd); pos != 0 || err != nil {
				t.Errorf("Seek(0, SeekEnd) of empty content = %d, %v", pos, err)
			}
			if n, err := r.Read(make([]byte, 8)); n != 0 || err != io.EOF {
				t.Errorf("Read of empty content = %d, %v; want 0, EOF", n, err)
			}
			if created := keepContent(t, c, nil); created {
				t.Error("Keep of empty content again: created = true")
			}
		},
		"kept_again": func(t *testing.T, c store.Contents) {
			data := randomBytes(300<<10, 2)
			if created := keepContent(t, c, data); !created {
				t.Error("first Keep: created = false")
			}
			for range 2 {
				if created := keepContent(t, c, data); created {
					t.Error("Keep of identical content: created = true")
				}
			}
			wantContent(t, c, sumOf(data), data)
		},
		"seek": func(t *testing.T, c store.Contents) {
			// Over a megabyte, so that ranges cross the boundaries of the
			// pieces a store may keep it in.
			data := randomBytes(1<<20+12345, 3)
			keepContent(t, c, data)
			r := openContent(t, c, sumOf(data))
			end := int64(len(data))
			steps := []struct {
				offset int64
				whence int
				pos    int64 // where Seek must land
				n      int   // how many bytes to read there
			}{
				{0, io.SeekStart, 0, 100},                // the start
				{0, io.SeekCurrent, 100, 50},             // tell, then go on reading
				{300_000, io.SeekStart, 300_000, 70_000}, // the middle, across a boundary
				{-20_000, io.SeekCurrent, 350_000, 10},   // backwards
				{500_000, io.SeekCurrent, 850_010, 4096}, // forwards past chunks
				{-10, io.SeekEnd, end - 10, 10},          // the end
				{-700_000, io.SeekEnd, end - 700_000, 1}, // back from the end
				{5, io.SeekStart, 5, 1 << 20},            // then a long read
				{0, io.SeekStart, 0, len(data)},          // and all of it again
			}
			for _, s := range steps {
				pos, err := r.Seek(s.offset, s.whence)
				if err != nil || pos != s.pos {
					t.Fatalf("Seek(%d, %d) = %d, %v; want %d", s.offset, s.whence, pos, err, s.pos)
				}
				got := make([]byte, s.n)
				if _, err := io.ReadFull(r, got); err != nil {
					t.Fatalf("reading %d bytes at %d: %v", s.n, pos, err)
				}
				if want := data[pos : pos+int64(s.n)]; string(got) != string(want) {
					t.Fatalf("the %d bytes at %d differ from the content's", s.n, pos)
				}
			}
			if n, err := r.Read(make([]byte, 10)); n != 0 || err != io.EOF {
				t.Errorf("Read at the end = %d, %v; want 0, EOF", n, err)
			}
			if pos, err := r.Seek(10, io.SeekEnd); err != nil || pos != end+10 {
				t.Errorf("Seek past the end = %d, %v; want %d", pos, err, end+10)
			}
			if n, err := r.Read(make([]byte, 10)); n != 0 || err != io.EOF {
				t.Errorf("Read past the end = %d, %v; want 0, EOF", n, err)
			}
			if _, err := r.Seek(-1, io.SeekStart); err == nil {
				t.Error("Seek to a negative offset: no error")
			}
			if _, err := r.Seek(-end-1, io.SeekEnd); err == nil {
				t.Error("Seek before the start from the end: no error")
			}
		},
		"readers_are_independent": func(t *testing.T, c store.Contents) {
			data := randomBytes(600<<10, 4)
			keepContent(t, c, data)
			a, b := openContent(t, c, sumOf(data)), openContent(t, c, sumOf(data))
			head := make([]byte, 1000)
			if _, err := a.Seek(400_000, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(b, head); err != nil || string(head) != string(data[:1000]) {
				t.Fatalf("the second reader does not read from the start: %v", err)
			}
			if _, err := io.ReadFull(a, head); err != nil || string(head) != string(data[400_000:401_000]) {
				t.Fatalf("the first reader does not read where it sought: %v", err)
			}
		},
		"outlives_open_context": func(t *testing.T, c store.Contents) {
			data := randomBytes(600<<10, 5)
			keepContent(t, c, data)
			ctx, cancel := context.WithCancel(ctxOf(t))
			r, err := c.Open(ctx, sumOf(data))
			cancel()
			must(t, err)
			defer r.Close()
			got, err := io.ReadAll(r)
			if err != nil || string(got) != string(data) {
				t.Fatalf("reading after Open's context ended: %d bytes, %v", len(got), err)
			}
		},
		"not_found": func(t *testing.T, c store.Contents) {
			ctx := ctxOf(t)
			data := []byte("kept")
			keepContent(t, c, data)
			sum := sumOf(data)
			for _, bad := range []string{
				sumOf([]byte("never kept")), "", "../../etc/passwd", strings.ToUpper(sum), sum[:63], sum + "0",
				sum[:2] + "/" + sum[3:], "../" + sum[3:], sum[:62] + "\x00a", " " + sum[1:],
			} {
				r, err := c.Open(ctx, bad)
				if code := models.ErrorCode(err); code != models.ENOTFOUND {
					t.Errorf("Open(%q): %v; want %s", bad, err, models.ENOTFOUND)
				}
				if r != nil {
					t.Errorf("Open(%q) returned content", bad)
					_ = r.Close()
				}
			}
			for _, bad := range []string{"", "../../etc/passwd", strings.ToUpper(sum), "../" + sum[3:]} {
				if code := models.ErrorCode(c.Remove(ctx, bad)); code != models.ENOTFOUND {
					t.Errorf("Remove(%q): code %q; want %s", bad, code, models.ENOTFOUND)
				}
			}
			wantContent(t, c, sum, data) // nothing above touched it
		},
		"remove": func(t *testing.T, c store.Contents) {
			ctx := ctxOf(t)
			data, other := randomBytes(400<<10, 6), []byte("another document")
			keepContent(t, c, data)
			keepContent(t, c, other)
			sum := sumOf(data)
			must(t, c.Remove(ctx, sum))
			if _, err := c.Open(ctx, sum); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("Open after Remove: %v; want %s", err, models.ENOTFOUND)
			}
			must(t, c.Remove(ctx, sum))
			must(t, c.Remove(ctx, sumOf([]byte("never kept"))))
			wantContent(t, c, sumOf(other), other)
			if created := keepContent(t, c, data); !created {
				t.Error("Keep after Remove: created = false")
			}
			wantContent(t, c, sum, data)
		},
		"failed_keep": func(t *testing.T, c store.Contents) {
			ctx := ctxOf(t)
			data := []byte("a bid's commercial proposal")
			sum := sumOf(data)
			fail := func(keepCtx context.Context, what, sum string, size int64) {
				t.Helper()
				staged := stageContent(t, c, data)
				name := staged.Name()
				if created, err := c.Keep(keepCtx, staged, sum, size); err == nil || created {
					t.Errorf("Keep with %s = %v, %v; want an error", what, created, err)
				}
				wantGone(t, name)
				if _, err := c.Open(ctx, sum); models.ErrorCode(err) != models.ENOTFOUND {
					t.Errorf("Open after a Keep with %s failed: %v; want %s", what, err, models.ENOTFOUND)
				}
			}
			fail(ctx, "a malformed sum", "../../etc/passwd", int64(len(data)))
			fail(ctx, "an empty sum", "", int64(len(data)))
			fail(ctx, "an uppercase sum", strings.ToUpper(sum), int64(len(data)))
			fail(ctx, "the wrong size", sum, int64(len(data))+1)
			ended, cancel := context.WithCancel(ctx)
			cancel()
			fail(ended, "an ended context", sum, int64(len(data)))
			// Staged and discarded: nothing kept, nothing left.
			staged := stageContent(t, c, data)
			store.Discard(staged)
			wantGone(t, staged.Name())
		},
		"concurrent_identical": func(t *testing.T, c store.Contents) {
			ctx := ctxOf(t)
			data := randomBytes(700<<10, 7)
			sum := sumOf(data)
			staged := make([]*os.File, contentKeepers)
			for i := range staged {
				staged[i] = stageContent(t, c, data)
			}
			var created atomic.Int32
			var wg sync.WaitGroup
			start := make(chan struct{})
			for _, f := range staged {
				wg.Go(func() {
					<-start
					ok, err := c.Keep(ctx, f, sum, int64(len(data)))
					if err != nil {
						t.Errorf("a concurrent Keep: %v", err)
					}
					if ok {
						created.Add(1)
					}
				})
			}
			close(start)
			wg.Wait()
			t.Logf("%d of %d concurrent Keeps of identical new content reported created", created.Load(), contentKeepers)
			if created.Load() < 1 {
				t.Error("no concurrent Keep of new content reported created")
			}
			for _, f := range staged {
				wantGone(t, f.Name())
			}
			wantContent(t, c, sum, data)
			if again := keepContent(t, c, data); again {
				t.Error("Keep after the concurrent ones: created = true")
			}
			must(t, c.Remove(ctx, sum))
			if _, err := c.Open(ctx, sum); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("Open after removing concurrently kept content: %v; want %s", err, models.ENOTFOUND)
			}
		},
	}
}

// stageContent stages data, as an upload would, and returns the staged file.
func stageContent(t testing.TB, c store.Contents, data []byte) *os.File {
	t.Helper()
	f, err := c.Stage()
	must(t, err)
	if info, err := f.Stat(); err != nil || info.Size() != 0 {
		t.Fatalf("Stage gave a file that is not empty: %v", err)
	}
	if _, err := f.Write(data); err != nil {
		store.Discard(f)
		t.Fatal(err)
	}
	return f
}

// keepContent stages and keeps data, checking that the staged file is gone.
func keepContent(t testing.TB, c store.Contents, data []byte) (created bool) {
	t.Helper()
	f := stageContent(t, c, data)
	created, err := c.Keep(ctxOf(t), f, sumOf(data), int64(len(data)))
	wantGone(t, f.Name())
	must(t, err)
	return created
}

// openContent opens the content kept under sum, closed when the test ends.
func openContent(t testing.TB, c store.Contents, sum string) store.Content {
	t.Helper()
	r, err := c.Open(ctxOf(t), sum)
	must(t, err)
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// wantContent checks that the content kept under sum is data, with its size.
func wantContent(t testing.TB, c store.Contents, sum string, data []byte) {
	t.Helper()
	r, err := c.Open(ctxOf(t), sum)
	must(t, err)
	defer r.Close()
	if r.Size() != int64(len(data)) {
		t.Errorf("Size = %d; want %d", r.Size(), len(data))
	}
	got, err := io.ReadAll(r)
	must(t, err)
	if len(got) != len(data) || sumOf(got) != sum {
		t.Errorf("read %d bytes (sha256 %s); want %d bytes (%s)", len(got), sumOf(got), len(data), sum)
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// wantGone checks that no file is named name any more.
func wantGone(t testing.TB, name string) {
	t.Helper()
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the staged file %s is still there (%v)", name, err)
	}
}

// sumOf is the lowercase hex SHA-256 of data, as contents are addressed.
func sumOf(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// randomBytes returns n pseudo-random bytes, the same for the same seed.
func randomBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	var key [32]byte
	key[0] = byte(seed)
	_, _ = rand.NewChaCha8(key).Read(b)
	return b
}
