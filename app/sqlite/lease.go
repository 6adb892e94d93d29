package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// leaseDoc is a job's time slot taken by a holder, shaped as app/mongo
// stores it: its ID is name + "@" + the slot's Unix milliseconds.
type leaseDoc struct {
	ID     string    `bson:"_id"`
	Name   string    `bson:"name"`
	Slot   time.Time `bson:"slot"`
	Holder string    `bson:"holder"`
}

// leasesTable stores leases; the unique ID lets one holder take a slot.
func leasesTable() table[leaseDoc] {
	return table[leaseDoc]{name: "leases", columns: []string{"id", "name", "slot"},
		values: func(l *leaseDoc) []any { return []any{l.ID, l.Name, ms(l.Slot)} }}
}

// TryLease claims the named job's slot for holder: exactly one caller
// gets true for a given name and slot. The winner sweeps the job's leases
// older than a day, in the same transaction.
func (db *DB) TryLease(ctx context.Context, name string, slot time.Time, holder string) (bool, error) {
	t := leasesTable()
	row, err := t.row(&leaseDoc{ID: fmt.Sprintf("%s@%d", name, slot.UnixMilli()), Name: name, Slot: slot, Holder: holder})
	if err != nil {
		return false, fmt.Errorf("claiming lease %s: %w", name, err)
	}
	won := false
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := db.exec(ctx, tx, t.insertSQL("INSERT OR IGNORE"), row...)
		if err != nil || affected(res) == 0 {
			return err
		}
		won = true
		_, err = db.exec(ctx, tx, "DELETE FROM leases WHERE name = ? AND slot < ?", name, ms(slot.Add(-24*time.Hour)))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claiming lease %s: %w", name, err)
	}
	return won, nil
}
