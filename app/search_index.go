package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"market/models"
	"market/search/indexer"
)

// The search index synchroniser lives in package search/indexer; the App
// holds one (App.search) and these are its entry points for the commands,
// the HTTP layer and the use cases.

// SearchOptions tunes the search index synchroniser; zero values take the
// defaults (see indexer.Options).
type SearchOptions = indexer.Options

// SearchStats describes the synchroniser's progress, for metrics.
type SearchStats = indexer.Stats

// IndexReport counts what a catch-up or a reindex did.
type IndexReport = indexer.Report

// newSearchIndex returns the application's search state; its engine may be
// nil.
func (a *App) newSearchIndex(c Config) *indexer.Indexer {
	return indexer.New(indexer.Config{Engine: c.Search, Store: c.DB, Options: c.SearchOptions, Logger: a.log, Now: a.Now,
		ListingSummary: opportunitySummary})
}

// indexOpportunity is called by every write that stored a listing.
func (a *App) indexOpportunity(ctx context.Context, o *models.Opportunity) {
	a.search.IndexOpportunity(ctx, o)
}

// indexProvider is called by every write that stored an organisation.
func (a *App) indexProvider(ctx context.Context, o *models.Organization) {
	a.search.IndexProvider(ctx, o)
}

// RunSearchSync keeps the search index in step with the database until ctx
// ends (see indexer.Indexer.Run). Without an engine it returns at once.
func (a *App) RunSearchSync(ctx context.Context) { a.search.Run(ctx) }

// SyncSearch indexes every change marked so far and returns when none is
// left, or with the first error; tests and tools use it to wait for the
// index. It catches up first if the synchroniser has not yet.
func (a *App) SyncSearch(ctx context.Context) error { return a.search.Sync(ctx) }

// SearchReady reports whether the search engine answers and its indexes
// are ready; /readyz runs it. Its error's message (a *models.Error) says
// what is wrong; the engine's own error is wrapped for the log.
func (a *App) SearchReady(ctx context.Context) error { return a.search.Ready(ctx) }

// SearchStats returns the synchroniser's progress.
func (a *App) SearchStats() SearchStats { return a.search.Stats() }

// Reindex rebuilds both indexes from the database: it empties them, then
// writes every public listing and verified provider again. Searches find
// fewer results until it finishes; should it stop half way, the next start
// finishes it (the full pass stays marked due until it is done).
func (a *App) Reindex(ctx context.Context) (*IndexReport, error) { return a.search.Reindex(ctx) }

// IndexOpportunities indexes listings as given, in batches as large as a
// catch-up's, without reading or marking the database: for imports and
// benchmarks that fill an index directly. A later catch-up or reindex
// replaces them with what the database holds.
func (a *App) IndexOpportunities(ctx context.Context, list []*models.Opportunity) error {
	return a.search.IndexOpportunities(ctx, list)
}

// MarkFullPass marks a full pass of the search indexes due: the next start
// of the synchroniser fills them from the database. A migration that
// brought documents into a store behind the application's back uses it.
func MarkFullPass(ctx context.Context, db indexer.Queue) error { return indexer.MarkFullPass(ctx, db) }

// SummaryDescriptionLength is how many characters of its description a
// listing shows in lists.
const SummaryDescriptionLength = 280

// opportunitySummary returns what lists show of a listing: a copy with the
// description cut to SummaryDescriptionLength characters.
func opportunitySummary(o *models.Opportunity) *models.Opportunity {
	s := *o
	s.Description = excerpt(o.Description, SummaryDescriptionLength)
	return &s
}

// excerpt returns the first n characters of text, with "…" if it was longer.
func excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	i := 0
	for k := range text {
		if i == n {
			return strings.TrimSpace(text[:k]) + "…"
		}
		i++
	}
	return text
}
