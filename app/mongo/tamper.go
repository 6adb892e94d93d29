package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// TamperEvent sets one stored field of event seq of stream to value, behind
// the audit trail's back, without resealing it. It exists for tests and for
// operators' drills of `market verify-audit`; the application never calls it.
// field is the stored name, such as "summary" or "changes.0.after".
func (db *DB) TamperEvent(ctx context.Context, stream string, seq int, field string, value any) error {
	res, err := db.db.Collection(colEvents).UpdateOne(ctx, eventKey(stream, seq),
		bson.D{{Key: "$set", Value: bson.D{{Key: field, Value: value}}}})
	if err != nil {
		return fmt.Errorf("tampering with event %s#%d: %w", stream, seq, wrap(err))
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ENOTFOUND, "no event %s#%d", stream, seq)
	}
	return nil
}

// RemoveEvent deletes event seq of stream, leaving a gap in its chain. Like
// TamperEvent it exists for tests and operators' drills only.
func (db *DB) RemoveEvent(ctx context.Context, stream string, seq int) error {
	res, err := db.db.Collection(colEvents).DeleteOne(ctx, eventKey(stream, seq))
	if err != nil {
		return fmt.Errorf("removing event %s#%d: %w", stream, seq, wrap(err))
	}
	if res.DeletedCount == 0 {
		return models.Errorf(models.ENOTFOUND, "no event %s#%d", stream, seq)
	}
	return nil
}

// AppendEvent appends e alone, without storing its document (see
// store.Tamperer); tests use it to leave a document behind its stream.
func (db *DB) AppendEvent(ctx context.Context, e *models.Event) error { return db.appendEvent(ctx, e) }

// eventKey selects one event by its stream and seq.
func eventKey(stream string, seq int) bson.D {
	return bson.D{{Key: "stream", Value: stream}, {Key: "seq", Value: seq}}
}
