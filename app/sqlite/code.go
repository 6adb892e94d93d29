package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// codeDoc is a reserved public code, shaped as app/mongo stores it.
type codeDoc struct {
	ID   string `bson:"_id"`
	Year int    `bson:"year"`
}

// codesTable stores reserved codes with their number, so that the next one
// is the largest of the year plus one, read from an index.
func codesTable() table[codeDoc] {
	return table[codeDoc]{name: "codes", columns: []string{"id", "year", "n"},
		values: func(c *codeDoc) []any { return []any{c.ID, c.Year, codeNumber(c.ID)} }}
}

// codeNumber is the number at the end of a code such as SH-2026-000123,
// or 0 for a code not so shaped.
func codeNumber(code string) int {
	n, err := strconv.Atoi(code[strings.LastIndexByte(code, '-')+1:])
	if err != nil {
		return 0
	}
	return n
}

// maxCodeAttempts bounds the search for a free code past the largest.
const maxCodeAttempts = 1000

// NextCode reserves the next public code of the year, such as SH-2026-000123:
// the largest of the year plus one, in a write transaction, so codes are
// distinct and sequential across every process sharing the file.
func (db *DB) NextCode(ctx context.Context, year int) (string, error) {
	t := codesTable()
	var code string
	err := db.write(ctx, func(tx *sql.Tx) error {
		var last int
		if err := db.txQueryRow(ctx, tx, "SELECT coalesce(max(n), 0) FROM codes WHERE year = ?", year).Scan(&last); err != nil {
			return fmt.Errorf("reading the last code: %w", wrap(err))
		}
		for i := last + 1; i <= last+maxCodeAttempts; i++ {
			code = fmt.Sprintf("SH-%d-%06d", year, i)
			row, err := t.row(&codeDoc{ID: code, Year: year})
			if err != nil {
				return err
			}
			res, err := db.exec(ctx, tx, t.insertSQL("INSERT OR IGNORE"), row...)
			if err != nil {
				return err
			}
			if affected(res) == 1 {
				return nil
			}
		}
		return fmt.Errorf("no free code after %d attempts", maxCodeAttempts)
	})
	if err != nil {
		return "", fmt.Errorf("reserving a code of %d: %w", year, err)
	}
	return code, nil
}
