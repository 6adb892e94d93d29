// Package search finds listings and providers: the Engine interface, behind
// which sit the embedded Bleve engine (the default) and Meilisearch (production).
package search

import "context"

// Engine indexes documents and answers structured queries over them. Every
// implementation must give the same results for the same documents and
// query; one contract test suite checks each.
type Engine interface {
	// Ping reports whether the engine answers.
	Ping(ctx context.Context) error
	// Upsert adds documents to an index or replaces those with the same ID.
	Upsert(ctx context.Context, index string, docs []Document) error
	// Delete removes documents by ID; unknown IDs are not an error.
	Delete(ctx context.Context, index string, ids []string) error
	// Search runs a query against an index.
	Search(ctx context.Context, index string, q Query) (*Result, error)
	// Close releases the engine's resources.
	Close() error
}

// Document is one indexed record: an ID and its fields (strings, numbers,
// booleans, times, or lists of strings).
type Document struct {
	ID     string
	Fields map[string]any
}

// Filter keeps documents whose Field equals one of Values, or lies within
// [Min, Max] for a range. Values are data, never query syntax: every engine
// escapes them.
type Filter struct {
	Field  string
	Values []string
	Min    *float64
	Max    *float64
}

// Query is a full-text query with filters, facets, sort and pagination.
type Query struct {
	Text      string
	Filters   []Filter
	Facets    []string
	Sort      []string // field names; a leading "-" sorts descending
	Highlight []string // fields to return highlighted
	Page      int      // from 1
	PageSize  int
}

// Hit is one matching document with its highlighted fields (HTML-escaped
// text with <mark> around matches).
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
