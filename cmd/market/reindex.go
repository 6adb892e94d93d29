package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// reindex rebuilds the search indexes from the database: it empties both
// indexes and writes every public listing and verified provider again, then
// prints the counts and the time taken.
func reindex(ctx context.Context, cfg *config, stdout, logs io.Writer) error {
	sys, err := openWithSearch(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer sys.close(context.Background())
	start := time.Now()
	r, err := sys.app.Reindex(ctx)
	if err != nil {
		return fmt.Errorf("reindexing: %w", err)
	}
	fmt.Fprintf(stdout, "reindexed %d listings and %d providers in %s (%d drafts, unpublished listings and non-providers left out)\n",
		r.Listings, r.Providers, time.Since(start).Round(time.Millisecond), r.Removed)
	return nil
}
