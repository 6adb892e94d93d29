package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"market/app/sqlite"
)

// TestGroupedWrites queues many writes behind one that holds the writer,
// so that they share transactions: a write whose function fails leaves
// nothing and gets its own error, one whose request ended first is not
// run, and every other is committed. A write that aborts the shared
// transaction makes the others of its group run again alone, not fail;
// one that panics fails alone.
func TestGroupedWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "market.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "CREATE TABLE grouped (n INTEGER PRIMARY KEY)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	insert := func(tx *sql.Tx, n int) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO grouped (n) VALUES (?)", n)
		return err
	}
	ended, cancel := context.WithCancel(ctx)
	cancel()
	refused, poison := errors.New("refused"), errors.New("poison")

	const n = 200
	errs := make([]error, n)
	holding, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		errs[0] = db.Write(ctx, func(tx *sql.Tx) error {
			close(holding)
			<-release
			return insert(tx, 0)
		})
	})
	<-holding
	for i := 1; i < n; i++ {
		wg.Go(func() {
			switch {
			case i%50 == 10: // panics: an error, not the end of the process
				errs[i] = db.Write(ctx, func(tx *sql.Tx) error {
					if err := insert(tx, i); err != nil {
						return err
					}
					panic("a bug")
				})
			case i%50 == 25: // aborts the shared transaction
				errs[i] = db.Write(ctx, func(tx *sql.Tx) error {
					if err := insert(tx, i); err != nil {
						return err
					}
					_, _ = tx.ExecContext(ctx, "ROLLBACK")
					return poison
				})
			case i%7 == 0:
				errs[i] = db.Write(ended, func(tx *sql.Tx) error { return insert(tx, i) })
			case i%3 == 0:
				errs[i] = db.Write(ctx, func(tx *sql.Tx) error {
					if err := insert(tx, i); err != nil {
						return err
					}
					return refused
				})
			default:
				errs[i] = db.Write(ctx, func(tx *sql.Tx) error { return insert(tx, i) })
			}
		})
	}
	close(release)
	wg.Wait()

	stored := map[int]bool{}
	if err := db.Write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT n FROM grouped")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k int
			if err := rows.Scan(&k); err != nil {
				return err
			}
			stored[k] = true
		}
		return rows.Err()
	}); err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		var want error
		switch {
		case i%50 == 10:
			if err == nil || !strings.Contains(err.Error(), "panicked") {
				t.Errorf("write %d panicked: %v, want an error saying so", i, err)
			}
			if stored[i] {
				t.Errorf("write %d panicked but is stored", i)
			}
			continue
		case i%50 == 25:
			want = poison
		case i%7 == 0 && i > 0:
			want = context.Canceled
		case i%3 == 0 && i > 0:
			want = refused
		}
		if !errors.Is(err, want) && !(want == nil && err == nil) {
			t.Errorf("write %d: %v, want %v", i, err, want)
		}
		if stored[i] != (want == nil) {
			t.Errorf("write %d (error %v): stored %t", i, err, stored[i])
		}
	}
	if got := db.SharedWrites(); got == 0 {
		t.Errorf("no write shared a transaction")
	} else {
		t.Logf("%d of %d writes shared a transaction", got, n)
	}
}
