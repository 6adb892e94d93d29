package sqlite

import (
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// table describes how documents of type T are stored: the table (named as
// the MongoDB collection), its columns (id first, doc left out: it is
// always last) and how to read their values from a document.
type table[T any] struct {
	name    string
	columns []string
	values  func(*T) []any
}

// insertSQL returns the statement that inserts a row, with verb such as
// "INSERT" or "INSERT OR IGNORE".
func (t table[T]) insertSQL(verb string) string { return t.insertRowsSQL(verb, 1) }

// insertRowsSQL returns the statement that inserts n rows.
func (t table[T]) insertRowsSQL(verb string, n int) string {
	row := "(" + strings.Repeat("?, ", len(t.columns)) + "?)"
	var b strings.Builder
	fmt.Fprintf(&b, "%s INTO %s (%s, doc) VALUES %s", verb, t.name, strings.Join(t.columns, ", "), row)
	for range n - 1 {
		b.WriteString(", ")
		b.WriteString(row)
	}
	return b.String()
}

// width is how many values a row has: its columns and doc.
func (t table[T]) width() int { return len(t.columns) + 1 }

// updateSQL returns the statement that stores a row over the one with the
// same id if its version is still the one given last (see updateArgs).
func (t table[T]) updateSQL() string {
	set := make([]string, 0, len(t.columns))
	for _, c := range t.columns[1:] {
		set = append(set, c+" = ?")
	}
	return fmt.Sprintf("UPDATE %s SET %s, doc = ? WHERE id = ? AND version = ?", t.name, strings.Join(set, ", "))
}

// row returns the values of an insert of v: its columns, then its BSON.
func (t table[T]) row(v *T) ([]any, error) {
	doc, err := bson.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding a %s document: %w", t.name, err)
	}
	return append(t.values(v), doc), nil
}

// rawRow returns the values of an insert of a stored MongoDB document: the
// columns of its decoded form, then the document's own bytes.
func (t table[T]) rawRow(raw bson.Raw) ([]any, error) {
	var v T
	if err := bson.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("decoding a %s document: %w", t.name, err)
	}
	return append(t.values(&v), []byte(raw)), nil
}

// updateArgs returns the arguments of updateSQL storing a row (as row
// returns it) over the one at version prev.
func updateArgs(row []any, prev int) []any {
	// row is id, the other columns, doc: the statement wants the other
	// columns, doc, id, prev.
	return append(append(make([]any, 0, len(row)+1), row[1:]...), row[0], prev)
}

// ms is a time as stored in a column: Unix milliseconds, the precision
// MongoDB keeps.
func ms(t time.Time) int64 { return t.UnixMilli() }

// msOrNull is an optional time as stored in a column: NULL when missing.
func msOrNull(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

// boolInt is a flag as stored in a column.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// decode reads a stored document.
func decode[T any](doc []byte, what string) (*T, error) {
	v := new(T)
	if err := bson.Unmarshal(doc, v); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", what, err)
	}
	return v, nil
}
