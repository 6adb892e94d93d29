package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"runtime/debug"
	"time"

	"market/app"
	"market/app/scale"
	"market/app/sqlite"
	"market/models"
)

// generateUsage is the usage of market generate.
const generateUsage = "usage: market generate [--listings N] [--seed N] [--shards N] [--operator EMAIL]"

// generate fills an empty embedded store with a generated history for
// benchmarks: scale S (100,000 listings) by default, or a fraction or a
// multiple of it. Its accounts all have scale.Password, hashed with a
// cheap argon2 cost; with --operator it also creates an operator with the
// password read from stdin (or a generated one, shown once).
func generate(ctx context.Context, cfg *config, args []string, stdin io.Reader, stdout, logs io.Writer) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	listings := fs.Int("listings", scale.DefaultListings, "how many listings; every other count is in proportion")
	seed := fs.Uint64("seed", 1, "the history to generate; a seed gives the same counts every time")
	shards := fs.Int("shards", 4, "how many histories to play at once")
	operator := fs.String("operator", "", "also create an operator with this email (password from stdin)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *listings < 1 || *shards < 1 {
		return &usageError{generateUsage}
	}
	switch {
	case cfg.MongoURI != "":
		return errors.New("generate writes the embedded store only; unset MONGODB_URI to generate into DATA_DIR")
	case cfg.Env == "production":
		return errors.New("generate makes benchmark data with a known password; it refuses to run with MARKET_ENV=production")
	}
	password := ""
	if *operator != "" {
		var err error
		if password, err = readPassword(stdin); err != nil {
			return err
		}
	}
	log := newLogger(cfg, logs)
	db, err := openBulk(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close(context.Background())
	// The generation allocates much and keeps little: collecting less often
	// saves a tenth of its time.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	started := time.Now()
	rep, err := scale.Generate(ctx, db, scale.Config{Listings: *listings, Seed: *seed, Shards: *shards, Logger: log,
		Progress: func(format string, a ...any) { fmt.Fprintf(stdout, format+"\n", a...) }})
	switch {
	case errors.Is(err, scale.ErrNotEmpty):
		return errors.New("the store in DATA_DIR already has accounts; generate into an empty DATA_DIR")
	case err != nil:
		return fmt.Errorf("generating (delete DATA_DIR's %s before trying again): %w", storeFile, err)
	}
	if *operator != "" {
		a, err := app.New(app.Config{DB: db, Logger: log})
		if err != nil {
			return err
		}
		u, generated, err := a.CreateOperator(ctx, *operator, password, "Benchmark operator")
		if err != nil {
			return fmt.Errorf("creating operator: %w", err)
		}
		fmt.Fprintf(stdout, "created operator %s (id %s)\n", u.Email, u.ID)
		if password == "" {
			fmt.Fprintf(stdout, "password (shown once): %s\n", generated)
		}
	}
	if err := db.Sync(ctx); err != nil {
		return err
	}
	return printCounts(ctx, db, rep, time.Since(started), stdout)
}

// openBulk opens the embedded store in DATA_DIR for a bulk load, as
// openStore opens it to serve (migrating an earlier release's first).
func openBulk(ctx context.Context, cfg *config, log *slog.Logger) (*sqlite.DB, error) {
	if err := prepareDataDir(ctx, cfg, log); err != nil {
		return nil, err
	}
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := sqlite.OpenWith(octx, filepath.Join(cfg.DataDir, storeFile), sqlite.Options{BulkLoad: true})
	if err != nil {
		return nil, err
	}
	log.Info("embedded store opened for a bulk load", "data_dir", cfg.DataDir)
	return db, nil
}

// printCounts prints what the generation did, one line per collection
// with its count, then the summary.
func printCounts(ctx context.Context, db *sqlite.DB, rep *scale.Report, elapsed time.Duration, stdout io.Writer) error {
	counts, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listings by status:")
	for _, s := range []string{models.StatusDraft, models.StatusPendingReview, models.StatusRejected, models.StatusPublished,
		models.StatusClosed, models.StatusAwarded, models.StatusCompleted, models.StatusUnsuccessful, models.StatusCancelled} {
		fmt.Fprintf(stdout, " %s %d (%.1f%%)", s, rep.Statuses[s], 100*float64(rep.Statuses[s])/float64(max(rep.Listings, 1)))
	}
	fmt.Fprintf(stdout, "; by kind: %s %d, %s %d\n", models.KindGovernmentNeed, rep.Kinds[models.KindGovernmentNeed],
		models.KindSMEHelp, rep.Kinds[models.KindSMEHelp])
	fmt.Fprintf(stdout, "bids %d (%d replayed with their Idempotency-Key, %d amended, %d withdrawn), questions %d (%d answered)\n",
		rep.Bids, rep.BidReplays, rep.BidAmendments, rep.BidWithdrawals, rep.Questions, rep.AnsweredQuestions)
	fmt.Fprintf(stdout, "amendments %d, extensions %d, closes %d, cancellations %d; bids scored %d, disqualified %d; "+
		"awards %d, unsuccessful %d, completions %d\n", rep.Amendments, rep.Extensions, rep.Closes, rep.Cancellations,
		rep.Scored, rep.Disqualified, rep.Awards, rep.Unsuccessful, rep.Completions)
	fmt.Fprintf(stdout, "saved searches %d, follows %d, emails sent %d; %d shards; setup %s, histories %s, finish %s\n",
		rep.SavedSearches, rep.Follows, rep.Mail, rep.Shards, rep.Setup.Round(time.Millisecond),
		rep.Histories.Round(time.Millisecond), rep.Finish.Round(time.Millisecond))
	n := map[string]int{}
	for _, c := range counts {
		n[c.Collection] = c.Documents
		fmt.Fprintf(stdout, "  %-18s %9d\n", c.Collection, c.Documents)
	}
	name := "scale S"
	if rep.Planned != scale.DefaultListings {
		name = fmt.Sprintf("scale S × %g", float64(rep.Planned)/scale.DefaultListings)
	}
	fmt.Fprintf(stdout, "generated %s: %d listings, %d events, %d bids, %d questions, %d notifications, %d organisations, %d users in %s\n",
		name, n["opportunities"], n["events"], n["bids"], n["questions"], n["notifications"], n["organizations"], n["users"],
		elapsed.Round(time.Second))
	return nil
}
