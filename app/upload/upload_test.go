package upload

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"market/app/store"
	"market/models"
)

// recording wraps a stage function and remembers the names of the files it made.
type recording struct {
	stage func() (*os.File, error)
	names []string
}

// Stage makes a file and records its name.
func (r *recording) Stage() (*os.File, error) {
	f, err := r.stage()
	if f != nil {
		r.names = append(r.names, f.Name())
	}
	return f, err
}

// wantGone fails t unless every file r made is gone.
func (r *recording) wantGone(t *testing.T) {
	t.Helper()
	for _, name := range r.names {
		if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("staged file %s: %v, want it removed", name, err)
		}
	}
}

// counting counts the bytes read through it.
type counting struct {
	r io.Reader
	n int64
}

// Read reads from r.
func (c *counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestDefaultLimits(t *testing.T) {
	if l := DefaultLimits(); l.MaxBytes != 50<<20 || l.MaxExpandedBytes != 1<<30 || l.MaxEntries != 10_000 {
		t.Errorf("DefaultLimits() = %+v", l)
	}
	if l := (Limits{MaxBytes: 10}).withDefaults(); l.MaxBytes != 10 || l.MaxExpandedBytes != 1<<30 || l.MaxEntries != 10_000 {
		t.Errorf("withDefaults() = %+v", l)
	}
}

func TestReceiveSize(t *testing.T) {
	const header, body = "%PDF-1.7\n", "0123456789abcdef\n"
	tests := []struct {
		name    string
		size    int64 // of the upload; -1 for endless
		max     int64
		message string // of the payload_too_large error; "" when accepted
	}{
		{"exactly the limit", 1 << 20, 1 << 20, ""},
		{"one byte over", 1<<20 + 1, 1 << 20, "at most 1 MiB"},
		{"endless", -1, 1 << 20, "at most 1 MiB"},
		{"odd limit", 3 << 19, 3<<19 - 1, "at most 1.50 MiB"},
		{"tiny limit", 1000, 999, "at most 999 bytes"},
		{"default limit, one byte over", 50<<20 + 1, 0, "at most 50 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stage, dir := stager(t)
			rec := &recording{stage: stage}
			var src io.Reader = &pattern{header: []byte(header), body: []byte(body)}
			if tt.size >= 0 {
				src = io.LimitReader(src, tt.size)
			}
			cr := &counting{r: src}
			got, err := Receive(context.Background(), cr, rec.Stage, Limits{MaxBytes: tt.max})
			limit := tt.max
			if limit == 0 {
				limit = DefaultLimits().MaxBytes
			}
			if cr.n > limit+1 {
				t.Errorf("read %d bytes, want at most %d", cr.n, limit+1)
			}
			if tt.message == "" {
				if err != nil {
					t.Fatal(err)
				}
				defer store.Discard(got.File)
				if got.Size != tt.size || got.Format != TypePDF {
					t.Errorf("got %d bytes of %s", got.Size, got.Format)
				}
				return
			}
			if got != nil {
				t.Fatalf("accepted %d bytes", got.Size)
			}
			me := wantCode(t, err, models.ETOOLARGE)
			if !strings.Contains(me.Message, tt.message) {
				t.Errorf("message %q, want it to hold %q", me.Message, tt.message)
			}
			rec.wantGone(t)
			wantEmptyDir(t, dir)
		})
	}
}

func TestReceiveEmpty(t *testing.T) {
	got, dir, err := receive(t, nil, DefaultLimits())
	if got != nil {
		t.Fatal("accepted an empty file")
	}
	me := wantCode(t, err, models.EVALIDATION)
	if len(me.Fields) != 1 || me.Fields[0] != (models.FieldError{Location: "body", Message: "the file is empty"}) {
		t.Errorf("fields %+v", me.Fields)
	}
	wantEmptyDir(t, dir)
}

func TestReceiveCutOff(t *testing.T) {
	errReset := errors.New("connection reset by peer")
	tooLarge := models.Errorf(models.ETOOLARGE, "the request body is too large")
	tests := []struct {
		name  string
		cause error
		code  string
	}{
		{"unexpected EOF", io.ErrUnexpectedEOF, models.EMALFORMED},
		{"any read error", errReset, models.EMALFORMED},
		{"a models error", tooLarge, models.ETOOLARGE},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stage, dir := stager(t)
			rec := &recording{stage: stage}
			got, err := Receive(context.Background(), &failing{n: 1 << 20, err: tt.cause}, rec.Stage, DefaultLimits())
			if got != nil {
				t.Fatal("accepted")
			}
			me := wantCode(t, err, tt.code)
			if tt.code == models.EMALFORMED && !strings.Contains(me.Message, "cut off") {
				t.Errorf("message %q", me.Message)
			}
			if !errors.Is(err, tt.cause) {
				t.Errorf("error %v does not wrap %v", err, tt.cause)
			}
			if len(rec.names) != 1 {
				t.Fatalf("staged %d files", len(rec.names))
			}
			rec.wantGone(t)
			wantEmptyDir(t, dir)
		})
	}
}

// cancelling cancels a context once n bytes have been read through it.
type cancelling struct {
	r      io.Reader
	n      int64
	cancel context.CancelFunc
}

// Read reads from r, then cancels once past n bytes.
func (c *cancelling) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= int64(n); c.n <= 0 {
		c.cancel()
	}
	return n, err
}

func TestReceiveCancelled(t *testing.T) {
	t.Run("before", func(t *testing.T) {
		stage, dir := stager(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Receive(ctx, strings.NewReader("hello"), stage, DefaultLimits())
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v", err)
		}
		wantEmptyDir(t, dir)
	})
	t.Run("while copying", func(t *testing.T) {
		stage, dir := stager(t)
		rec := &recording{stage: stage}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r := &cancelling{r: sized("%PDF-1.7\n", "0123456789\n", 10<<20), n: 1 << 20, cancel: cancel}
		_, err := Receive(ctx, r, rec.Stage, DefaultLimits())
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v", err)
		}
		rec.wantGone(t)
		wantEmptyDir(t, dir)
	})
	t.Run("while checking", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		for _, data := range [][]byte{zeroBomb(t, "zeros.bin", 20, -1), []byte("plain text")} {
			f, err := os.Open(writeTemp(t, "staged", data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := check(ctx, f, int64(len(data)), DefaultLimits(), make([]byte, bufSize)); !errors.Is(err, context.Canceled) {
				t.Errorf("error %v", err)
			}
		}
	})
}

func TestReceiveStageFails(t *testing.T) {
	errFull := errors.New("no space left on device")
	_, err := Receive(context.Background(), strings.NewReader("hello"),
		func() (*os.File, error) { return nil, errFull }, DefaultLimits())
	if !errors.Is(err, errFull) || models.ErrorCode(err) != models.EINTERNAL {
		t.Fatalf("error %v", err)
	}
}

// upload50MiB returns a reader of a 50 MiB upload of the given kind.
func upload50MiB(t testing.TB, kind string) io.Reader {
	const size = 50 << 20
	switch kind {
	case "pdf":
		return sized("%PDF-1.7\n", "0123456789abcdef\x00\x01\x02\xff\n", size)
	case "text":
		return sized("", "招标文件 tender document for lot 3: road works\n", size)
	case "zip":
		f, err := os.Create(t.TempDir() + "/big.zip")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		w := zip.NewWriter(f)
		stored, err := w.CreateHeader(&zip.FileHeader{Name: "scan.pdf", Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(stored, sized("%PDF-1.7\n", "0123456789abcdef\x00\x01\x02\xff\n", size-(1<<20))); err != nil {
			t.Fatal(err)
		}
		deflated, err := w.Create("prices.csv")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(deflated, sized("item,price\n", "asphalt,10\n", 2<<20)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		return f
	}
	t.Fatalf("unknown kind %s", kind)
	return nil
}

// TestReceiveMemory checks that receiving 50 MiB allocates a small bounded
// amount, whatever the type's checks: the upload is never in memory.
func TestReceiveMemory(t *testing.T) {
	for _, kind := range []string{"pdf", "text", "zip"} {
		t.Run(kind, func(t *testing.T) {
			r := upload50MiB(t, kind)
			stage, _ := stager(t)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			got, err := Receive(context.Background(), r, stage, DefaultLimits())
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			defer store.Discard(got.File)
			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("%s: %d bytes received as %s, %d KiB allocated", kind, got.Size, got.Format, allocated>>10)
			if allocated > 8<<20 {
				t.Errorf("allocated %d bytes receiving %d", allocated, got.Size)
			}
			if got.Size < 45<<20 {
				t.Errorf("received %d bytes only", got.Size)
			}
		})
	}
}

// TestReceiveHash checks the hash of a large upload against crypto/sha256.
func TestReceiveHash(t *testing.T) {
	h := sha256.New()
	n, err := io.Copy(h, sized("%PDF-1.7\n", "0123456789\n", 3<<20+17))
	if err != nil {
		t.Fatal(err)
	}
	stage, _ := stager(t)
	got, err := Receive(context.Background(), sized("%PDF-1.7\n", "0123456789\n", n), stage, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Discard(got.File)
	if want := hex.EncodeToString(h.Sum(nil)); got.SHA256 != want || got.Size != n {
		t.Errorf("got %s, %d bytes; want %s, %d bytes", got.SHA256, got.Size, want, n)
	}
}

// BenchmarkReceive50MiB receives a 50 MiB PDF into a staged file.
func BenchmarkReceive50MiB(b *testing.B) {
	stage, _ := stager(b)
	b.SetBytes(50 << 20)
	b.ReportAllocs()
	for b.Loop() {
		got, err := Receive(context.Background(), upload50MiB(b, "pdf"), stage, DefaultLimits())
		if err != nil {
			b.Fatal(err)
		}
		store.Discard(got.File)
	}
}
