package store

import (
	"context"
	"io"
	"os"
)

// Contents keeps the content of documents (the files attached to listings
// and bids), addressed by the lowercase hex SHA-256 of their bytes, so that
// identical content is kept once. The embedded default keeps files in a
// directory (app/filestore); production keeps them in MongoDB GridFS
// (app/mongo), shared by every app instance. Both pass the contract suite
// storetest.RunContents.
//
// An upload is written to a staged file (Stage), checked by the caller,
// then kept under its hash (Keep): a crash at any point leaves either the
// whole content under its hash or none of it.
type Contents interface {
	// Stage creates an empty temporary file for an upload to be written to.
	// The caller either hands it to Keep or closes and removes it (Discard).
	Stage() (*os.File, error)
	// Keep stores the content of staged, which holds size bytes whose hex
	// SHA-256 is sum (computed by the caller as it wrote them), under sum,
	// and closes and removes the staged file in every case. created is
	// false when identical content was already kept (nothing is stored
	// again). Concurrent Keeps of identical new content all succeed, and at
	// least one reports created. It fails, keeping nothing, when sum is not
	// a lowercase hex SHA-256 or staged does not hold size bytes; it does
	// not hash the bytes again.
	Keep(ctx context.Context, staged *os.File, sum string, size int64) (created bool, err error)
	// Open returns the content kept under sum for reading; a models error
	// with code not_found when there is none or sum is not a lowercase hex
	// SHA-256. The Content does not depend on ctx once Open returns.
	Open(ctx context.Context, sum string) (Content, error)
	// Remove deletes the content kept under sum, if any (none is not an
	// error; a malformed sum is not_found). The application calls it only
	// for content it has just kept (created) whose recording then failed.
	Remove(ctx context.Context, sum string) error
}

// Content is kept content, open for reading, by one goroutine at a time.
// Seek accepts any position from 0 on; Read past the end gives io.EOF.
type Content interface {
	io.ReadSeekCloser
	// Size is the content's length in bytes.
	Size() int64
}

// Discard closes and removes a staged file that will not be kept.
func Discard(staged *os.File) {
	if staged == nil {
		return
	}
	_ = staged.Close()
	_ = os.Remove(staged.Name())
}
