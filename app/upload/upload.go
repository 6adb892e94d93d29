// Package upload receives one uploaded file, the tender and bid documents of
// the marketplace: it streams the file into a staged temporary file with a
// fixed buffer, hashing it as it goes, then checks it. The checks are the
// size, the content type sniffed from the bytes (never the declared
// Content-Type) against an allow-list, that text is UTF-8, and that a
// ZIP-based file (ZIP, OOXML, OpenDocument) is no zip bomb.
//
// The upload never sits whole in memory: Receive uses one 64 KiB buffer for
// the copy and every later pass over the staged file, whatever the file's
// size.
//
// Content sniffing uses github.com/gabriel-vasile/mimetype, read-only: the
// package never changes its global state (no SetLimit, no Extend).
package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"market/app/store"
	"market/models"
)

// bufSize is the size of the one buffer a Receive call copies and reads with.
const bufSize = 64 << 10

// Limits bound one upload. A zero or negative field takes its default (see
// DefaultLimits).
type Limits struct {
	MaxBytes         int64 // largest file accepted (the app's default is 50 MiB)
	MaxExpandedBytes int64 // most a ZIP-based file (zip, OOXML, OpenDocument) may expand to, all entries together (default 1 GiB)
	MaxEntries       int   // most entries in a ZIP-based file (default 10,000)
}

// DefaultLimits returns the defaults: files of at most 50 MiB; ZIP-based
// files of at most 10,000 entries expanding to at most 1 GiB together.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 50 << 20, MaxExpandedBytes: 1 << 30, MaxEntries: 10_000}
}

// withDefaults returns l with each unset field set to its default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxExpandedBytes <= 0 {
		l.MaxExpandedBytes = d.MaxExpandedBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	return l
}

// Received is an upload written to a staged file and checked.
type Received struct {
	File   *os.File // the staged file, open; hand it to store.Contents.Keep or store.Discard
	SHA256 string   // lowercase hex
	Size   int64
	Format string // media type sniffed from the bytes, without parameters, e.g. "application/pdf"
}

// Receive streams r into a file made by stage, hashing it as it goes, then
// checks it. The returned File is positioned at its start.
//
// The errors are *models.Error values a user can act on:
//   - payload_too_large: r holds more than l.MaxBytes (Receive reads at most
//     l.MaxBytes+1 bytes of it);
//   - validation_failed on "body": the file is empty; or a ZIP-based file is
//     corrupt, encrypted, uses a compression method other than store and
//     deflate, has more than l.MaxEntries entries or expands past
//     l.MaxExpandedBytes;
//   - unsupported_media_type: the sniffed type is not allowed (see Allowed),
//     text is not UTF-8 throughout, or an OOXML file holds macros;
//   - malformed_request: reading r failed (the client cut the upload off);
//     the error also wraps the read error. A read error that is itself a
//     *models.Error is returned as it is, wrapped.
//
// When ctx is done Receive stops between two reads and returns an error
// wrapping ctx.Err(); a read that blocks is the reader's to end. Any other
// error (staging, writing, reading back the staged file) is internal.
//
// On any error the staged file is closed and removed (store.Discard) before
// Receive returns.
func Receive(ctx context.Context, r io.Reader, stage func() (*os.File, error), l Limits) (got *Received, err error) {
	l = l.withDefaults()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("receiving an upload: %w", err)
	}
	f, err := stage()
	if err != nil {
		return nil, fmt.Errorf("receiving an upload: staging a file: %w", err)
	}
	defer func() {
		if err != nil {
			store.Discard(f)
		}
	}()

	buf := make([]byte, bufSize)
	sum, size, err := copyIn(ctx, f, r, l.MaxBytes, buf)
	if err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, invalid("the file is empty")
	}
	format, err := check(ctx, f, size, l, buf)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("receiving an upload: rewinding the staged file: %w", err)
	}
	return &Received{File: f, SHA256: sum, Size: size, Format: format}, nil
}

// copyIn copies r to f through buf, hashing the bytes, until r ends or
// holds more than max bytes; it returns the hex SHA-256 and the size.
func copyIn(ctx context.Context, f *os.File, r io.Reader, max int64, buf []byte) (string, int64, error) {
	limit := max
	if limit < math.MaxInt64 {
		limit++ // one byte more tells a file of exactly max bytes from a larger one
	}
	lr := io.LimitReader(r, limit)
	h := sha256.New()
	var size int64
	for {
		if err := ctx.Err(); err != nil {
			return "", 0, fmt.Errorf("receiving an upload: %w", err)
		}
		n, rerr := lr.Read(buf)
		if n > 0 {
			size += int64(n)
			if size > max {
				return "", 0, TooLarge(max)
			}
			h.Write(buf[:n]) // a hash.Hash never fails to write
			if _, err := f.Write(buf[:n]); err != nil {
				return "", 0, fmt.Errorf("receiving an upload: writing the staged file: %w", err)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return "", 0, cutOff(ctx, rerr)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

// cutOff is the error for a read of the upload that failed with err.
func cutOff(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("receiving an upload: %w (reading: %w)", cerr, err)
	}
	var me *models.Error
	if errors.As(err, &me) {
		return fmt.Errorf("receiving an upload: %w", err)
	}
	return fmt.Errorf("%w: %w", models.Errorf(models.EMALFORMED, "the upload was cut off before the end of the file; send it again"), err)
}

// TooLarge is the error for a file over max bytes.
func TooLarge(max int64) error {
	return models.Errorf(models.ETOOLARGE, "the file is too large: a file may hold at most %s", mib(max))
}

// mib formats a limit of n bytes in MiB, e.g. "50 MiB" or "1.50 MiB"; in
// bytes when it is under 0.01 MiB.
func mib(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= (1<<20)/100:
		return fmt.Sprintf("%.2f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// invalid is the validation error on the body with the given message.
func invalid(format string, args ...any) error {
	return models.Invalid(models.FieldError{Location: "body", Message: fmt.Sprintf(format, args...)})
}
