package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/store"
)

// mailQueueTable stores outgoing email by the key naming what it is about.
func mailQueueTable() table[store.QueuedMail] {
	return table[store.QueuedMail]{name: "mail_queue", columns: []string{"id", "at", "next_at", "sent_at", "gave_up"},
		values: func(m *store.QueuedMail) []any {
			return []any{m.ID, ms(m.At), ms(m.NextAt), msOrNull(m.SentAt), boolInt(m.GaveUp)}
		}}
}

// mailClaim is the right to make one attempt at sending an email, shaped
// as app/mongo stores it: its ID is the email's + "#" + the attempt.
type mailClaim struct {
	ID     string    `bson:"_id"`
	Holder string    `bson:"holder"`
	At     time.Time `bson:"at"`
}

// mailClaimsTable stores attempt claims; the unique ID lets one caller claim an attempt.
func mailClaimsTable() table[mailClaim] {
	return table[mailClaim]{name: "mail_claims", columns: []string{"id", "at"},
		values: func(c *mailClaim) []any { return []any{c.ID, ms(c.At)} }}
}

// EnqueueMail stores m to be sent; queueing the same ID twice is harmless.
func (db *DB) EnqueueMail(ctx context.Context, m *store.QueuedMail) error {
	t := mailQueueTable()
	row, err := t.row(m)
	if err == nil {
		_, err = db.exec(ctx, nil, t.insertSQL("INSERT OR IGNORE"), row...)
	}
	if err != nil {
		return fmt.Errorf("queueing mail %s: %w", m.ID, err)
	}
	return nil
}

// dueMailSQL reads the due emails, oldest first, walking the index
// mail_queue_due in its order.
const dueMailSQL = "SELECT doc FROM mail_queue WHERE sent_at IS NULL AND gave_up = 0 AND next_at <= ? ORDER BY at, id LIMIT ?"

// DueMail returns up to limit unsent emails, not given up, whose next
// attempt is due at now, oldest first (ties by ID).
func (db *DB) DueMail(ctx context.Context, now time.Time, limit int) ([]*store.QueuedMail, error) {
	out, err := readAll[store.QueuedMail](ctx, db, "mail", dueMailSQL, ms(now), limitOrAll(limit))
	if err != nil {
		return nil, fmt.Errorf("reading the mail queue: %w", err)
	}
	return out, nil
}

// MailByIDs returns the queued emails of ids that exist, in no order.
func (db *DB) MailByIDs(ctx context.Context, ids []string) ([]*store.QueuedMail, error) {
	out, err := readAll[store.QueuedMail](ctx, db, "mail", "SELECT doc FROM mail_queue WHERE id IN (SELECT value FROM json_each(?))", jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("reading %d queued emails: %w", len(ids), err)
	}
	return out, nil
}

// ClaimMailAttempts takes, for each attempt given, the right to make it:
// for each attempt, exactly one caller across every process wins. A caller
// that does not win learns when the attempt was claimed. One transaction
// claims them all.
func (db *DB) ClaimMailAttempts(ctx context.Context, attempts []store.MailAttempt, holder string, now time.Time) ([]store.MailClaim, error) {
	t := mailClaimsTable()
	rows := make([][]any, len(attempts))
	for i, a := range attempts {
		row, err := t.row(&mailClaim{ID: store.MailClaimID(a), Holder: holder, At: now})
		if err != nil {
			return nil, fmt.Errorf("claiming mail attempts: %w", err)
		}
		rows[i] = row
	}
	out := make([]store.MailClaim, len(attempts))
	err := db.write(ctx, func(tx *sql.Tx) error {
		for i, a := range attempts {
			res, err := db.exec(ctx, tx, t.insertSQL("INSERT OR IGNORE"), rows[i]...)
			if err != nil {
				return err
			}
			if affected(res) == 1 {
				out[i] = store.MailClaim{Won: true, At: now}
				continue
			}
			key := store.MailClaimID(a)
			c, err := txReadOne[mailClaim](ctx, db, tx, "mail claim", "SELECT doc FROM mail_claims WHERE id = ?", key)
			if err != nil {
				return err
			}
			if c == nil {
				return fmt.Errorf("mail claim %s neither inserted nor found", key)
			}
			out[i] = store.MailClaim{At: c.At}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claiming %d mail attempts: %w", len(attempts), err)
	}
	return out, nil
}

// MailSent records that the emails ids were sent, in one transaction.
func (db *DB) MailSent(ctx context.Context, ids []string, at time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := db.patchRow(ctx, tx, "mail_queue", id, "sent_at = ?", []any{ms(at)}, bson.E{Key: "sentAt", Value: at}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("recording %d emails sent: %w", len(ids), err)
	}
	return nil
}

// MailFailed records a failed attempt: the attempt count, when to try
// again, whether to give up, and why.
func (db *DB) MailFailed(ctx context.Context, id string, attempts int, next time.Time, gaveUp bool, why string) error {
	return db.updateMail(ctx, id, "next_at = ?, gave_up = ?", []any{ms(next), boolInt(gaveUp)},
		bson.E{Key: "attempts", Value: attempts}, bson.E{Key: "nextAt", Value: next},
		bson.E{Key: "gaveUp", Value: gaveUp}, bson.E{Key: "lastError", Value: why})
}

// updateMail sets fields of a queued email (an unknown one is left alone,
// as MongoDB's UpdateOne leaves it).
func (db *DB) updateMail(ctx context.Context, id, columns string, args []any, sets ...bson.E) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := db.patchRow(ctx, tx, "mail_queue", id, columns, args, sets...)
		return err
	})
	if err != nil {
		return fmt.Errorf("updating mail %s: %w", id, err)
	}
	return nil
}

// SweepMail deletes the emails sent (or given up) before t and the
// attempt claims made before t.
func (db *DB) SweepMail(ctx context.Context, t time.Time) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			"DELETE FROM mail_queue WHERE sent_at IS NOT NULL AND sent_at < ?",
			"DELETE FROM mail_queue WHERE gave_up = 1 AND next_at < ?",
			"DELETE FROM mail_claims WHERE at < ?",
		} {
			if _, err := db.exec(ctx, tx, q, ms(t)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sweeping the mail queue: %w", err)
	}
	return nil
}
