// Package search finds listings and providers: the Engine interface, behind
// which sit the embedded Bleve engine (package search/bleve, the default) and
// Meilisearch (package search/meili, production).
//
// Both engines take the same IndexSpec, the same documents and the same
// queries and must give the same answers; one contract test suite
// (search/searchtest) checks each. They read documents and queries through
// this package (Normalize, PlanQuery) and segment query text alike
// (search/internal/querytext).
//
// Queries are structured: filter values, facet and sort names are data, never
// query syntax, and text queries are matched word by word with no operators.
package search

import (
	"context"
	"errors"
	"time"
)

// Errors an engine wraps (with Unavailable) so that callers can tell what
// went wrong.
var (
	// ErrIndexLost says that the engine no longer holds an index it was
	// given (a server restarted on an empty database): the caller must
	// ensure it again and fill it.
	ErrIndexLost = errors.New("the engine lost the index")
	// ErrAccessDenied says that the engine refused the credentials.
	ErrAccessDenied = errors.New("the engine refused the API key")
)

// Engine indexes documents and answers structured queries over them. Every
// implementation is safe for concurrent use.
type Engine interface {
	// Ping reports whether the engine answers and still holds the indexes
	// ensured so far (else an error wrapping ErrIndexLost).
	Ping(ctx context.Context) error
	// EnsureIndex creates the index if needed and applies the spec's settings;
	// calling it again with the same spec changes nothing. It must be called
	// once per process before the index is used. fresh reports that the index
	// is new or was emptied because its layout changed: the caller must fill it.
	EnsureIndex(ctx context.Context, spec IndexSpec) (fresh bool, err error)
	// Upsert adds documents to an index or replaces those with the same ID.
	Upsert(ctx context.Context, index string, docs []Document) error
	// Delete removes documents by ID; unknown IDs are not an error.
	Delete(ctx context.Context, index string, ids []string) error
	// DeleteAll removes every document of an index, keeping its settings.
	DeleteAll(ctx context.Context, index string) error
	// Search runs a query against an index.
	Search(ctx context.Context, index string, q Query) (*Result, error)
	// Flush returns once every change written before it is durable: it
	// survives a crash of this process. Callers forget what they indexed
	// (the database's markers) only after it.
	Flush(ctx context.Context) error
	// Close releases the engine's resources.
	Close() error
}

// Document is one indexed record: an ID and its fields. Values follow the
// field's type in the IndexSpec: string or []string for Text and Keyword,
// bool for Bool, any Go integer or float for Number, time.Time for Time.
// A nil value or a missing field means "no value".
type Document struct {
	ID     string
	Fields map[string]any
}

// Filter keeps documents whose Field equals one of Values (several values are
// ORed), or, when Values is empty, whose numeric or time Field lies within
// [Min, Max] (either bound may be nil). Values are data, never query syntax:
// every engine passes them on as literals.
type Filter struct {
	Field  string
	Values []string
	Min    *float64
	Max    *float64
}

// Terms returns a filter keeping documents whose field equals any of values.
func Terms(field string, values ...string) Filter {
	return Filter{Field: field, Values: values}
}

// Between returns a filter keeping documents whose Number field lies within
// [min, max]; a nil bound is open.
func Between(field string, minValue, maxValue *float64) Filter {
	return Filter{Field: field, Min: minValue, Max: maxValue}
}

// TimeBetween returns a filter keeping documents whose Time field lies
// within [from, to]; a nil bound is open.
func TimeBetween(field string, from, to *time.Time) Filter {
	f := Filter{Field: field}
	if from != nil {
		v := TimeValue(*from)
		f.Min = &v
	}
	if to != nil {
		v := TimeValue(*to)
		f.Max = &v
	}
	return f
}

// TimeValue is how a Time field is indexed: milliseconds since the Unix epoch.
func TimeValue(t time.Time) float64 { return float64(t.UnixMilli()) }

// Query is a full-text query with filters, facets, sort and pagination.
type Query struct {
	// Text is matched word by word (every word must match, with typo
	// tolerance, synonyms, and the last word as a prefix); runs of Chinese
	// characters must appear as written. Empty matches every document.
	Text string
	// Filters are ANDed.
	Filters []Filter
	// Facets names Keyword or Bool fields to count values of over all matches.
	Facets []string
	// Sort names sortable fields; a leading "-" sorts descending. Empty
	// sorts by relevance.
	Sort []string
	// Highlight names Text fields to return highlighted.
	Highlight []string
	// Crop, when its Length is positive, cuts highlights longer than that
	// to an excerpt around their first match.
	Crop Crop
	// Page counts from 1; zero means 1.
	Page int
	// PageSize is at most MaxPageSize; zero means DefaultPageSize.
	PageSize int
}

// Crop is how a long highlight is cut: to Length characters, from Before
// characters ahead of its first match, with "…" where text was cut.
type Crop struct{ Length, Before int }

// Pagination bounds.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// Hit is one matching document with its highlighted fields: HTML-escaped
// text with <mark> around matches and no other markup, safe to insert as HTML.
type Hit struct {
	ID         string
	Highlights map[string]string
}

// Result is one page of hits, the total number of matches and the facet
// counts (field → value → count) over all matches.
type Result struct {
	Hits   []Hit
	Total  int
	Facets map[string]map[string]int
}
