package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// TamperEvent sets one stored field of event seq of stream to value, behind
// the audit trail's back, without resealing it, as MongoDB's $set would:
// field is the stored name, such as "summary" or "changes.0.after". The
// event's columns follow its document when it still decodes as an event.
// It exists for tests and operators' drills of `market verify-audit`; the
// application never calls it.
func (db *DB) TamperEvent(ctx context.Context, stream string, seq int, field string, value any) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var id string
		var doc []byte
		if err := db.txQueryRow(ctx, tx, "SELECT id, doc FROM events WHERE stream = ? AND seq = ?", stream, seq).Scan(&id, &doc); err != nil {
			if err = wrap(err); models.ErrorCode(err) == models.ENOTFOUND {
				return models.Errorf(models.ENOTFOUND, "no event %s#%d", stream, seq)
			}
			return err
		}
		doc, err := patch(doc, bson.E{Key: field, Value: value})
		if err != nil {
			return err
		}
		var e models.Event
		if bson.Unmarshal(doc, &e) != nil {
			_, err = db.exec(ctx, tx, "UPDATE events SET doc = ? WHERE id = ?", doc, id)
			return err
		}
		// The columns of the changed document, but its ID, which names the row.
		_, err = db.exec(ctx, tx, "UPDATE events SET stream = ?, seq = ?, type = ?, at = ?, public = ?, doc = ? WHERE id = ?",
			e.Stream, e.Seq, e.Type, ms(e.At), boolInt(e.Public), doc, id)
		return conflictIfUnique(err)
	})
	db.cache.forgetEvents()
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND {
			return err
		}
		return fmt.Errorf("tampering with event %s#%d: %w", stream, seq, err)
	}
	return nil
}

// RemoveEvent deletes event seq of stream, leaving a gap in its chain.
// Like TamperEvent it exists for tests and operators' drills only.
func (db *DB) RemoveEvent(ctx context.Context, stream string, seq int) error {
	res, err := db.exec(ctx, nil, "DELETE FROM events WHERE stream = ? AND seq = ?", stream, seq)
	db.cache.forgetEvents()
	if err != nil {
		return fmt.Errorf("removing event %s#%d: %w", stream, seq, err)
	}
	if affected(res) == 0 {
		return models.Errorf(models.ENOTFOUND, "no event %s#%d", stream, seq)
	}
	return nil
}

// AppendEvent appends e alone, without storing its document (see
// store.Tamperer): the state a MongoDB commit interrupted between its
// writes leaves. A taken (stream, seq) gives store.Conflict().
func (db *DB) AppendEvent(ctx context.Context, e *models.Event) error {
	db.cache.forgetEvents()
	_, err := db.appendEvent(ctx, nil, e)
	return err
}
