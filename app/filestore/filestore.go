// Package filestore keeps the content of documents as files in a directory,
// each named by the hex SHA-256 of its bytes: the embedded default of
// store.Contents (the application passes DATA_DIR/files).
//
// Layout: the content whose hash is sum is the file <dir>/<sum[0:2]>/<sum>
// (mode 0600, directories 0700); uploads are staged in <dir>/tmp, which
// holds nothing else, so that Open removes what a crash left there. A
// staged file is synced, then hard-linked under its hash: the link either
// appears whole or not at all, and a link that already exists means
// identical content is kept already.
package filestore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"market/app/store"
	"market/models"
)

// The compile-time check that Store keeps contents.
var _ store.Contents = (*Store)(nil)

// dirMode is the mode of the directories the store creates; its files
// have os.CreateTemp's mode, 0600.
const dirMode = 0o700

// tmpDir is the subdirectory that holds staged uploads and nothing else.
const tmpDir = "tmp"

// Store keeps contents in a directory. It is safe for concurrent use,
// also by several processes sharing the directory.
type Store struct {
	dir string
}

// Open opens the store in dir, creating dir and its staging directory if
// needed and removing the staged uploads a crash left behind.
func Open(dir string) (*Store, error) {
	tmp := filepath.Join(dir, tmpDir)
	if err := os.MkdirAll(tmp, dirMode); err != nil {
		return nil, fmt.Errorf("creating the content directory: %w", err)
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return nil, fmt.Errorf("listing staged uploads: %w", err)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(tmp, e.Name())); err != nil {
			return nil, fmt.Errorf("removing a staged upload left by a crash: %w", err)
		}
	}
	return &Store{dir: dir}, nil
}

// Stage creates an empty temporary file, mode 0600, in the staging directory.
func (s *Store) Stage() (*os.File, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, tmpDir), "upload-*")
	if err != nil {
		return nil, fmt.Errorf("staging an upload: %w", err)
	}
	return f, nil
}

// Keep syncs staged and links it under sum, then removes the staged name,
// in every case. created is false when the link exists already, that is
// when identical content was kept before (or by a racing Keep). It fails,
// keeping nothing, when sum is not a lowercase hex SHA-256 or staged does
// not hold size bytes; it does not hash the bytes again. A staged name
// that cannot be removed is left to the next Open.
func (s *Store) Keep(ctx context.Context, staged *os.File, sum string, size int64) (created bool, err error) {
	created, err = s.link(ctx, staged, sum, size)
	store.Discard(staged)
	if err != nil {
		return false, fmt.Errorf("keeping content %q: %w", sum, err)
	}
	if err := syncDir(filepath.Join(s.dir, sum[:2])); err != nil {
		return false, fmt.Errorf("keeping content %s: %w", sum, err)
	}
	return created, nil
}

// link checks, syncs and closes staged, and hard-links it under sum.
func (s *Store) link(ctx context.Context, staged *os.File, sum string, size int64) (created bool, err error) {
	if !models.IsSHA256(sum) {
		return false, errors.New("not a lowercase hex SHA-256")
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	info, err := staged.Stat()
	if err != nil {
		return false, err
	}
	if info.Size() != size {
		return false, fmt.Errorf("the staged file holds %d bytes, not %d", info.Size(), size)
	}
	if err := staged.Sync(); err != nil {
		return false, fmt.Errorf("syncing the staged file: %w", err)
	}
	if err := staged.Close(); err != nil {
		return false, fmt.Errorf("closing the staged file: %w", err)
	}
	sub := filepath.Join(s.dir, sum[:2])
	switch err := os.Mkdir(sub, dirMode); {
	case err == nil:
		if err := syncDir(s.dir); err != nil {
			return false, err
		}
	case !errors.Is(err, os.ErrExist):
		return false, err
	}
	switch err := os.Link(staged.Name(), filepath.Join(sub, sum)); {
	case err == nil:
		return true, nil
	case os.IsExist(err):
		return false, nil
	default:
		return false, err
	}
}

// Open opens the content kept under sum for reading. The Content is the
// file itself (so copying it to a network connection may use sendfile); it
// does not depend on ctx.
func (s *Store) Open(_ context.Context, sum string) (store.Content, error) {
	path, ok := s.path(sum)
	if !ok {
		return nil, notFound()
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, notFound()
	} else if err != nil {
		return nil, fmt.Errorf("opening content %s: %w", sum, err)
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("opening content %s: %w", sum, err)
	}
	return &content{File: f, size: info.Size()}, nil
}

// Remove deletes the content kept under sum, if any; a malformed sum is
// not found. The removal is not synced: should a crash undo it, the
// content is kept unused, which is harmless.
func (s *Store) Remove(_ context.Context, sum string) error {
	path, ok := s.path(sum)
	if !ok {
		return notFound()
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing content %s: %w", sum, err)
	}
	return nil
}

// path returns the file of the content whose hash is sum, and false when
// sum is not a lowercase hex SHA-256 (so that no other path can be built).
func (s *Store) path(sum string) (string, bool) {
	if !models.IsSHA256(sum) {
		return "", false
	}
	return filepath.Join(s.dir, sum[:2], sum), true
}

// content is a kept file open for reading.
type content struct {
	*os.File
	size int64
}

// Size is the file's length in bytes when it was opened (kept content
// never changes).
func (c *content) Size() int64 { return c.size }

// notFound is the error of content that is not kept.
func notFound() error {
	return models.Errorf(models.ENOTFOUND, "document content not found")
}

// syncDir fsyncs a directory, so that the names created in it are durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
