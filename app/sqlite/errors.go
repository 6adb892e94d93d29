package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"

	"market/models"
)

// SQLite's primary result codes that this package tells apart
// (https://www.sqlite.org/rescode.html).
const (
	codeBusy       = 5
	codeLocked     = 6
	codeNoMem      = 7
	codeReadOnly   = 8
	codeInterrupt  = 9
	codeIOErr      = 10
	codeCorrupt    = 11
	codeFull       = 13
	codeCantOpen   = 14
	codeProtocol   = 15
	codeConstraint = 19
	codeNotADB     = 26
)

// wrap turns driver errors into application errors where the caller can act
// on them, as app/mongo's wrap does: a missing row is not_found, an error
// that means the database cannot be used is unavailable; a unique
// constraint is left to the caller (see uniqueViolation), which knows what
// it means.
func wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return models.Errorf(models.ENOTFOUND, "not found")
	case unavailable(err):
		return fmt.Errorf("%w (%w)", models.Errorf(models.EUNAVAILABLE, "the database is unavailable; nothing was written"), err)
	}
	return err
}

// unavailable reports whether err means that the database cannot be used
// now: an I/O error, a full disk, a lock held past the busy timeout, a
// closed database, a deadline passed.
func unavailable(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case codeBusy, codeLocked, codeNoMem, codeReadOnly, codeInterrupt, codeIOErr, codeCorrupt,
			codeFull, codeCantOpen, codeProtocol, codeNotADB:
			return true
		}
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	// database/sql's errors for a closed DB or statement are not exported.
	msg := err.Error()
	return strings.Contains(msg, "sql: database is closed") || strings.Contains(msg, "sql: statement is closed")
}

// busy reports whether err is SQLite's SQLITE_BUSY: a lock another
// connection holds, which SQLite refused to wait for or waited for in vain.
func busy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == codeBusy
}

// uniqueViolation reports whether err is a unique (or primary key)
// constraint failure and returns the constrained columns as SQLite names
// them, such as "events.stream, events.seq".
func uniqueViolation(err error) (columns string, ok bool) {
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != codeConstraint {
		return "", false
	}
	msg := se.Error()
	const marker = "UNIQUE constraint failed: "
	i := strings.Index(msg, marker)
	if i < 0 {
		return "", false
	}
	columns = msg[i+len(marker):]
	if j := strings.Index(columns, " ("); j >= 0 {
		columns = columns[:j]
	}
	return columns, true
}

// isUnique reports whether err is a unique constraint failure.
func isUnique(err error) bool {
	_, ok := uniqueViolation(err)
	return ok
}

// alreadyExists is the conflict of an insert whose key is taken, worded as
// app/mongo's wrap words a duplicate key.
func alreadyExists() error {
	return &models.Error{Code: models.ECONFLICT, Message: "already exists"}
}

// notFound returns the not_found error naming what, as app/mongo's byID does.
func notFound(what string) error {
	return models.Errorf(models.ENOTFOUND, "%s not found", what)
}
