package filestore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"market/app/filestore"
	"market/app/store"
	"market/app/store/storetest"
	"market/models"
)

// TestContract runs the contents contract on a directory of the test's own.
func TestContract(t *testing.T) {
	storetest.RunContents(t, func(tb testing.TB) store.Contents { return open(tb, tb.TempDir()) })
}

// TestOpenRemovesLeftovers checks that Open removes what a crash left in
// the staging directory, and only that.
func TestOpenRemovesLeftovers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "files")
	s := open(t, dir)
	data := []byte("kept before the crash")
	sum := keep(t, s, data)
	crashed, err := s.Stage() // an upload a crash interrupted
	if err != nil {
		t.Fatal(err)
	}
	if _, err := crashed.WriteString("half an upl"); err != nil {
		t.Fatal(err)
	}
	_ = crashed.Close()
	other := filepath.Join(dir, "tmp", "upload-stray")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "x"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}

	s = open(t, dir)
	entries, err := os.ReadDir(filepath.Join(dir, "tmp"))
	if err != nil || len(entries) != 0 {
		t.Errorf("the staging directory after Open holds %d entries (%v); want none", len(entries), err)
	}
	r, err := s.Open(t.Context(), sum)
	if err != nil {
		t.Fatalf("content kept before the crash: %v", err)
	}
	defer r.Close()
	if got, err := io.ReadAll(r); err != nil || string(got) != string(data) {
		t.Errorf("content kept before the crash reads %q, %v", got, err)
	}
}

// TestLayout checks where content is kept and with which modes.
func TestLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "files")
	s := open(t, dir)
	sum := keep(t, s, []byte("bill of quantities"))
	for _, c := range []struct {
		path string
		mode fs.FileMode
	}{
		{dir, fs.ModeDir | 0o700},
		{filepath.Join(dir, "tmp"), fs.ModeDir | 0o700},
		{filepath.Join(dir, sum[:2]), fs.ModeDir | 0o700},
		{filepath.Join(dir, sum[:2], sum), 0o600},
	} {
		info, err := os.Stat(c.path)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if info.Mode() != c.mode {
			t.Errorf("%s has mode %v; want %v", c.path, info.Mode(), c.mode)
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, "tmp"))
	if err != nil || len(entries) != 0 {
		t.Errorf("the staging directory after Keep holds %d entries (%v); want none", len(entries), err)
	}
	// A file removed behind the store's back is not found, not an error.
	if err := os.Remove(filepath.Join(dir, sum[:2], sum)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(t.Context(), sum); models.ErrorCode(err) != models.ENOTFOUND {
		t.Errorf("Open of a missing file: %v; want %s", err, models.ENOTFOUND)
	}
}

// TestMalformedSumsStayInside checks that a malformed sum never reaches
// the file system: a file outside the store, named by a path, is neither
// read, written nor removed.
func TestMalformedSumsStayInside(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "files")
	s := open(t, dir)
	victim := filepath.Join(root, "secret")
	if err := os.WriteFile(victim, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, bad := range []string{"../secret", "../../" + filepath.Base(root) + "/secret", victim} {
		if _, err := s.Open(ctx, bad); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("Open(%q): %v; want %s", bad, err, models.ENOTFOUND)
		}
		if err := s.Remove(ctx, bad); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("Remove(%q): %v; want %s", bad, err, models.ENOTFOUND)
		}
		staged, err := s.Stage()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Keep(ctx, staged, bad, 0); err == nil {
			t.Errorf("Keep(%q): no error", bad)
		}
	}
	if got, err := os.ReadFile(victim); err != nil || string(got) != "secret" {
		t.Errorf("the file outside the store: %q, %v", got, err)
	}
	entries, err := os.ReadDir(root)
	if err != nil || len(entries) != 2 {
		t.Errorf("the directory around the store holds %d entries (%v); want files and secret", len(entries), err)
	}
}

// TestOpenFails checks that Open reports a directory it cannot create.
func TestOpenFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := filestore.Open(filepath.Join(file, "files")); err == nil {
		t.Error("Open under a regular file: no error")
	}
}

// TestKeepClosedStaged checks that Keep of a staged file the caller closed
// already fails and still removes it.
func TestKeepClosedStaged(t *testing.T) {
	s := open(t, t.TempDir())
	staged, err := s.Stage()
	if err != nil {
		t.Fatal(err)
	}
	_ = staged.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := s.Keep(ctx, staged, sumOf(nil), 0); err == nil {
		t.Error("Keep of a closed file: no error")
	}
	if _, err := os.Stat(staged.Name()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the staged file is still there: %v", err)
	}
}

// open opens a store in dir, failing the test on an error.
func open(tb testing.TB, dir string) *filestore.Store {
	tb.Helper()
	s, err := filestore.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// keep stages and keeps data, returning its sum.
func keep(t *testing.T, s *filestore.Store, data []byte) string {
	t.Helper()
	staged, err := s.Stage()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := staged.Write(data); err != nil {
		t.Fatal(err)
	}
	sum := sumOf(data)
	if created, err := s.Keep(t.Context(), staged, sum, int64(len(data))); err != nil || !created {
		t.Fatalf("Keep = %v, %v", created, err)
	}
	return sum
}

// sumOf is the lowercase hex SHA-256 of data.
func sumOf(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}
