package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"market/app/store"
	"market/app/upload"
	"market/models"
)

// DocumentLimits bound the documents of listings and bids.
type DocumentLimits struct {
	// File bounds each file: its size, and what a ZIP-based file expands to.
	File upload.Limits
	// MaxFiles is the most current documents a listing, or a bid, may have.
	MaxFiles int
	// MaxBidBytes is the most a bid's current documents may hold together.
	MaxBidBytes int64
}

// DefaultDocumentLimits returns the defaults: 50 MiB per file, 30 files per
// listing and per bid, 200 MiB per bid.
func DefaultDocumentLimits() DocumentLimits {
	return DocumentLimits{File: upload.DefaultLimits(), MaxFiles: 30, MaxBidBytes: 200 << 20}
}

// DocumentLimits returns the limits on documents.
func (a *App) DocumentLimits() DocumentLimits { return a.docLimits }

// maxVersionsPerFile bounds how many entries (current, superseded and
// removed) a listing's document list may reach, as a multiple of MaxFiles.
const maxVersionsPerFile = 3

// DocumentUpload is one file sent to a listing or a bid: what the uploader
// says about it and its content, read once, as it streams.
type DocumentUpload struct {
	models.DocumentInput
	// Version is the version of the listing or bid the uploader read.
	Version int
	// AmendmentReason is required while a listing is published.
	AmendmentReason string
	// Replaces names the listing's document this one is a new version of, or "".
	Replaces string
	// Body is the content; Length its declared length, or -1 if unknown.
	Body   io.Reader
	Length int64
}

// DocumentRemoval names a document to remove from a listing or a bid.
type DocumentRemoval struct {
	DocumentID      string
	Version         int
	AmendmentReason string
}

// Download is a document with its content, open for reading; the caller
// closes Content.
type Download struct {
	Document *models.Document
	Content  store.Content
}

// contents returns the content store, or unavailable when none is configured.
func (a *App) contents() (store.Contents, error) {
	if a.files == nil {
		return nil, models.Errorf(models.EUNAVAILABLE, "documents cannot be stored: no content store is configured")
	}
	return a.files, nil
}

// receive checks the declared length, then streams the upload's body into a
// staged file and checks its content (see upload.Receive).
func (a *App) receive(ctx context.Context, up *DocumentUpload) (*upload.Received, error) {
	files, err := a.contents()
	if err != nil {
		return nil, err
	}
	if up.Length > a.docLimits.File.MaxBytes {
		return nil, upload.TooLarge(a.docLimits.File.MaxBytes)
	}
	if up.Length == 0 {
		return nil, models.Invalid(models.FieldError{Location: "body", Message: "the file is empty"})
	}
	got, err := upload.Receive(ctx, up.Body, files.Stage, a.docLimits.File)
	if err != nil {
		return nil, err
	}
	if up.Length >= 0 && got.Size != up.Length {
		// The stream ended early: the client went away midway.
		store.Discard(got.File)
		return nil, models.Errorf(models.EMALFORMED, "the upload was cut off: %d of %d bytes arrived", got.Size, up.Length)
	}
	return got, nil
}

// keepAndRecord keeps a received file's content and records it with
// record, under a lock on the content's hash so that a failed record's
// removal of content it has just created cannot race another upload of the
// same content. The staged file is gone in every case.
func (a *App) keepAndRecord(ctx context.Context, got *upload.Received, record func() error) error {
	unlock := a.locks.lock(lockKey{kindContent, got.SHA256})
	defer unlock()
	created, err := a.files.Keep(ctx, got.File, got.SHA256, got.Size)
	if err != nil {
		return fmt.Errorf("keeping a document's content: %w", err)
	}
	if err := record(); err != nil {
		if created {
			if rmErr := a.files.Remove(context.WithoutCancel(ctx), got.SHA256); rmErr != nil {
				a.log.WarnContext(ctx, "removing the content of an unrecorded document", "sha256", got.SHA256, "err", rmErr)
			}
		}
		return err
	}
	return nil
}

// newDocument describes a received file.
func newDocument(in models.DocumentInput, got *upload.Received, now time.Time) models.Document {
	return models.Document{ID: models.NewID(), Title: in.Title, FileName: in.FileName, Type: in.Type, Language: in.Language,
		Format: got.Format, Size: got.Size, SHA256: got.SHA256, Status: models.DocumentCurrent, UploadedAt: now, ModifiedAt: now}
}

// documentChange describes a document's arrival or departure in an event:
// its name and the full hash of its content.
func documentChange(before, after *models.Document) models.Change {
	describe := func(d *models.Document) string {
		if d == nil {
			return ""
		}
		return fmt.Sprintf("%s (%s, %d bytes, sha256 %s)", d.FileName, d.Type, d.Size, d.SHA256)
	}
	return models.Change{Field: "documents", Before: describe(before), After: describe(after)}
}

// findDocument returns the document id of docs, or nil.
func findDocument(docs []models.Document, id string) *models.Document {
	for i := range docs {
		if docs[i].ID == id {
			return &docs[i]
		}
	}
	return nil
}

// countCurrent returns the number and total size of the current documents.
func countCurrent(docs []models.Document) (n int, size int64) {
	for i := range docs {
		if docs[i].Current() {
			n++
			size += docs[i].Size
		}
	}
	return n, size
}

// amendmentReason trims and checks the reason an amendment needs.
func amendmentReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > maxReasonLength {
		return "", models.Invalid(models.FieldError{Location: "query.amendmentReason",
			Message: "a change of a published listing's documents is an amendment and needs a reason (1 to 2000 characters)"})
	}
	return reason, nil
}

// openDocument opens the content of d.
func (a *App) openDocument(ctx context.Context, d *models.Document) (*Download, error) {
	files, err := a.contents()
	if err != nil {
		return nil, err
	}
	c, err := files.Open(ctx, d.SHA256)
	if err != nil {
		return nil, fmt.Errorf("opening document %s: %w", d.ID, err)
	}
	doc := *d
	return &Download{Document: &doc, Content: c}, nil
}
