package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"market/app"
)

// seed fills an empty store with the demo market. The application runs on
// a clock that starts app.SeedSpan in the past: the seed replays the
// market's history forward on it, up to the real time.
// It refuses to run with MARKET_ENV=production: its accounts share a
// published password.
func seed(ctx context.Context, cfg *config, stdout, logs io.Writer) error {
	if cfg.Env == "production" {
		return errors.New("seed makes demo accounts with a published password; it refuses to run with MARKET_ENV=production")
	}
	clock := app.NewReplayClock(time.Now)
	sys, err := openAt(ctx, cfg, logs, clock.Now)
	if err != nil {
		return err
	}
	defer sys.close(context.Background())
	done, err := sys.app.Seed(ctx, clock)
	if err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	if !done {
		fmt.Fprintln(stdout, "the store already has accounts; nothing seeded")
		return nil
	}
	fmt.Fprintln(stdout, "seeded the demo market: organisations, accounts and listings; see README.md for their sign-ins")
	return nil
}
