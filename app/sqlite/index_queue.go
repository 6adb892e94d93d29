package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"market/app/store"
)

// indexQueueTable stores the search index's dirty markers.
func indexQueueTable() table[store.IndexMarker] {
	return table[store.IndexMarker]{name: "index_queue", columns: []string{"id", "key", "version", "at"},
		values: func(m *store.IndexMarker) []any { return []any{m.ID, m.Key, m.Version, ms(m.At)} }}
}

// MarkDirty records that the document named by key was stored at
// version; marking it twice is harmless.
func (db *DB) MarkDirty(ctx context.Context, key string, version int, at time.Time) error {
	if err := db.markDirty(ctx, nil, key, version, at); err != nil {
		return fmt.Errorf("marking %s@%d for the search index: %w", key, version, err)
	}
	return nil
}

// markDirty inserts an index marker, in tx when not nil, ignoring a duplicate.
func (db *DB) markDirty(ctx context.Context, tx *sql.Tx, key string, version int, at time.Time) error {
	t := indexQueueTable()
	row, err := t.row(&store.IndexMarker{ID: store.IndexMarkerID(key, version), Key: key, Version: version, At: at})
	if err != nil {
		return err
	}
	_, err = db.exec(ctx, tx, t.insertSQL("INSERT OR IGNORE"), row...)
	return err
}

// DirtyMarkers returns up to limit markers, oldest first (ties by ID).
func (db *DB) DirtyMarkers(ctx context.Context, limit int) ([]store.IndexMarker, error) {
	list, err := readAll[store.IndexMarker](ctx, db, "index marker", "SELECT doc FROM index_queue ORDER BY at, id LIMIT ?", limitOrAll(limit))
	if err != nil {
		return nil, fmt.Errorf("reading search index markers: %w", err)
	}
	out := make([]store.IndexMarker, len(list))
	for i, m := range list {
		out[i] = *m
	}
	return out, nil
}

// ClearMarkers deletes the markers with the given IDs.
func (db *DB) ClearMarkers(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := db.exec(ctx, nil, "DELETE FROM index_queue WHERE id IN (SELECT value FROM json_each(?))", jsonList(ids)); err != nil {
		return fmt.Errorf("clearing %d search index markers: %w", len(ids), err)
	}
	return nil
}

// CountMarkers returns how many markers wait.
func (db *DB) CountMarkers(ctx context.Context) (int, error) {
	n, err := db.count(ctx, "SELECT count(*) FROM index_queue")
	if err != nil {
		return 0, fmt.Errorf("counting search index markers: %w", err)
	}
	return n, nil
}
