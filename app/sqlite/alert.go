package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"market/app/store"
)

// alertQueueTable stores the alert markers of listing versions.
func alertQueueTable() table[store.AlertMarker] {
	return table[store.AlertMarker]{name: "alert_queue", columns: []string{"id", "opportunity_id", "version", "at"},
		values: func(m *store.AlertMarker) []any { return []any{m.ID, m.OpportunityID, m.Version, ms(m.At)} }}
}

// alertDigestTable stores saved-search matches waiting for their digest.
func alertDigestTable() table[store.DigestItem] {
	return table[store.DigestItem]{name: "alert_digest", columns: []string{"id", "at"},
		values: func(it *store.DigestItem) []any { return []any{it.ID, ms(it.At)} }}
}

// MarkAlert inserts the alert marker of a listing's version; marking it
// twice is harmless.
func (db *DB) MarkAlert(ctx context.Context, opportunityID string, version int, at time.Time) error {
	if err := db.markAlert(ctx, nil, opportunityID, version, at); err != nil {
		return fmt.Errorf("marking alerts of %s@%d: %w", opportunityID, version, err)
	}
	return nil
}

// markAlert inserts an alert marker, in tx when not nil, ignoring a duplicate.
func (db *DB) markAlert(ctx context.Context, tx *sql.Tx, opportunityID string, version int, at time.Time) error {
	t := alertQueueTable()
	row, err := t.row(&store.AlertMarker{ID: store.AlertMarkerID(opportunityID, version), OpportunityID: opportunityID,
		Version: version, At: at})
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, tx, t.insertSQL("INSERT OR IGNORE"), row...)
	return err
}

// AlertMarkers returns up to limit markers, oldest first (ties by ID).
func (db *DB) AlertMarkers(ctx context.Context, limit int) ([]store.AlertMarker, error) {
	list, err := readAll[store.AlertMarker](ctx, db, "alert marker", "SELECT doc FROM alert_queue ORDER BY at, id LIMIT ?", limitOrAll(limit))
	if err != nil {
		return nil, fmt.Errorf("reading alert markers: %w", err)
	}
	out := make([]store.AlertMarker, len(list))
	for i, m := range list {
		out[i] = *m
	}
	return out, nil
}

// ClearAlertMarker deletes one marker by ID.
func (db *DB) ClearAlertMarker(ctx context.Context, id string) error {
	if _, err := db.exec(ctx, nil, "DELETE FROM alert_queue WHERE id = ?", id); err != nil {
		return fmt.Errorf("clearing alert marker %s: %w", id, err)
	}
	return nil
}

// CountAlertMarkers returns how many markers wait.
func (db *DB) CountAlertMarkers(ctx context.Context) (int, error) {
	n, err := db.count(ctx, "SELECT count(*) FROM alert_queue")
	if err != nil {
		return 0, fmt.Errorf("counting alert markers: %w", err)
	}
	return n, nil
}

// Deliver stores deliveries, each once by its ID, all in one transaction.
func (db *DB) Deliver(ctx context.Context, d store.Deliveries) error {
	mail, err := rowsOf(mailQueueTable(), d.Mail)
	if err != nil {
		return fmt.Errorf("delivering alerts: %w", err)
	}
	digest, err := rowsOf(alertDigestTable(), d.Digest)
	if err != nil {
		return fmt.Errorf("delivering alerts: %w", err)
	}
	notices, err := rowsOf(notificationsTable(), d.Notifications)
	if err != nil {
		return fmt.Errorf("delivering alerts: %w", err)
	}
	if len(mail)+len(digest)+len(notices) == 0 {
		return nil
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		for _, w := range []struct {
			t    rawTable
			rows [][]any
		}{{mailQueueTable(), mail}, {alertDigestTable(), digest}, {notificationsTable(), notices}} {
			if len(w.rows) == 0 {
				continue
			}
			if err := db.insertRows(ctx, tx, w.t, "INSERT OR IGNORE", w.rows); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delivering %d emails, %d digest items and %d notifications: %w", len(mail), len(digest), len(notices), err)
	}
	return nil
}

// rowsOf returns the insert rows of docs in t.
func rowsOf[T any](t table[T], docs []*T) ([][]any, error) {
	rows := make([][]any, len(docs))
	for i, d := range docs {
		row, err := t.row(d)
		if err != nil {
			return nil, err
		}
		rows[i] = row
	}
	return rows, nil
}

// DigestItemsBefore returns the matches stored before t, oldest first (ties by ID).
func (db *DB) DigestItemsBefore(ctx context.Context, t time.Time) ([]*store.DigestItem, error) {
	out, err := readAll[store.DigestItem](ctx, db, "digest item", "SELECT doc FROM alert_digest WHERE at < ? ORDER BY at, id", ms(t))
	if err != nil {
		return nil, fmt.Errorf("reading digest items: %w", err)
	}
	return out, nil
}

// ClearDigestItems deletes digest items by ID.
func (db *DB) ClearDigestItems(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := db.exec(ctx, nil, "DELETE FROM alert_digest WHERE id IN (SELECT value FROM json_each(?))", jsonList(ids)); err != nil {
		return fmt.Errorf("clearing %d digest items: %w", len(ids), err)
	}
	return nil
}

// limitOrAll is a LIMIT: a limit below 1 reads everything, as MongoDB
// reads a limit of 0.
func limitOrAll(limit int) int {
	if limit < 1 {
		return -1
	}
	return limit
}
