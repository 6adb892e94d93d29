package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// Collections of outgoing email.
const (
	// colMailQueue holds every email to send, by a key naming what it is
	// about, so that one is queued once however often it is queued.
	colMailQueue = "mail_queue"
	// colMailClaims holds one document per attempt to send an email
	// ("<key>#<attempt>"): inserting it is the right to make that attempt.
	colMailClaims = "mail_claims"
)

// EnqueueMail stores m to be sent; queueing the same key twice is harmless.
func (db *DB) EnqueueMail(ctx context.Context, m *store.QueuedMail) error {
	_, err := db.db.Collection(colMailQueue).InsertOne(ctx, m)
	if err = wrap(err); err != nil && models.ErrorCode(err) != models.ECONFLICT {
		return fmt.Errorf("queueing mail %s: %w", m.ID, err)
	}
	return nil
}

// DueMail returns up to limit unsent emails whose next attempt is due at now, oldest first.
func (db *DB) DueMail(ctx context.Context, now time.Time, limit int) ([]*store.QueuedMail, error) {
	cur, err := db.db.Collection(colMailQueue).Find(ctx, bson.D{
		{Key: "sentAt", Value: bson.D{{Key: "$exists", Value: false}}},
		{Key: "gaveUp", Value: false},
		{Key: "nextAt", Value: bson.D{{Key: "$lte", Value: now}}},
	}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("reading the mail queue: %w", wrap(err))
	}
	out := []*store.QueuedMail{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("decoding the mail queue: %w", wrap(err))
	}
	return out, nil
}

// MailByIDs returns the queued emails of ids that exist, in no order.
func (db *DB) MailByIDs(ctx context.Context, ids []string) ([]*store.QueuedMail, error) {
	out := []*store.QueuedMail{}
	if len(ids) == 0 {
		return out, nil
	}
	cur, err := db.db.Collection(colMailQueue).Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return nil, fmt.Errorf("reading %d queued emails: %w", len(ids), wrap(err))
	}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("decoding queued emails: %w", wrap(err))
	}
	return out, nil
}

// ClaimMailAttempts takes, for each attempt given, the right to make it:
// for each attempt, exactly one caller across every process wins (the
// claim's unique _id). One that does not win learns when the attempt was
// claimed, so that it may move an email whose claimer died on to its next
// attempt.
func (db *DB) ClaimMailAttempts(ctx context.Context, attempts []store.MailAttempt, holder string, now time.Time) ([]store.MailClaim, error) {
	col := db.db.Collection(colMailClaims)
	out := make([]store.MailClaim, len(attempts))
	for i, a := range attempts {
		key := store.MailClaimID(a)
		_, err := col.InsertOne(ctx, bson.D{{Key: "_id", Value: key}, {Key: "holder", Value: holder}, {Key: "at", Value: now}})
		switch err = wrap(err); {
		case err == nil:
			out[i] = store.MailClaim{Won: true, At: now}
			continue
		case models.ErrorCode(err) != models.ECONFLICT:
			return nil, fmt.Errorf("claiming mail attempt %s: %w", key, err)
		}
		var claim struct {
			At time.Time `bson:"at"`
		}
		if err := col.FindOne(ctx, bson.D{{Key: "_id", Value: key}}).Decode(&claim); err != nil {
			return nil, fmt.Errorf("reading mail claim %s: %w", key, wrap(err))
		}
		out[i] = store.MailClaim{At: claim.At}
	}
	return out, nil
}

// MailSent records that the emails ids were sent. Only the holder of each
// one's current attempt writes it, so the update needs no atomicity.
func (db *DB) MailSent(ctx context.Context, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := db.db.Collection(colMailQueue).UpdateMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "sentAt", Value: at}}}}); err != nil {
		return fmt.Errorf("recording %d emails sent: %w", len(ids), wrap(err))
	}
	return nil
}

// MailFailed records a failed attempt: the email's attempt count, when to
// try again, and whether to give up.
func (db *DB) MailFailed(ctx context.Context, id string, attempts int, next time.Time, gaveUp bool, why string) error {
	return db.updateMail(ctx, id, bson.D{{Key: "attempts", Value: attempts}, {Key: "nextAt", Value: next},
		{Key: "gaveUp", Value: gaveUp}, {Key: "lastError", Value: why}})
}

// updateMail sets fields of a queued email.
func (db *DB) updateMail(ctx context.Context, id string, set bson.D) error {
	if _, err := db.db.Collection(colMailQueue).UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: set}}); err != nil {
		return fmt.Errorf("updating mail %s: %w", id, wrap(err))
	}
	return nil
}

// SweepMail deletes the emails sent (or given up) before t and the claims
// made before t: the queue is read whole on every pass, so it must not grow.
func (db *DB) SweepMail(ctx context.Context, t time.Time) error {
	queue := db.db.Collection(colMailQueue)
	for _, f := range []bson.D{
		{{Key: "sentAt", Value: bson.D{{Key: "$lt", Value: t}}}},
		{{Key: "gaveUp", Value: true}, {Key: "nextAt", Value: bson.D{{Key: "$lt", Value: t}}}},
	} {
		if _, err := queue.DeleteMany(ctx, f); err != nil {
			return fmt.Errorf("sweeping the mail queue: %w", wrap(err))
		}
	}
	if _, err := db.db.Collection(colMailClaims).DeleteMany(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: t}}}}); err != nil {
		return fmt.Errorf("sweeping mail claims: %w", wrap(err))
	}
	return nil
}
