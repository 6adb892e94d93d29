package main

import (
	"context"
	"fmt"
	"io"
)

// seed fills an empty store with the demo data.
func seed(ctx context.Context, cfg *config, stdout, logs io.Writer) error {
	sys, err := open(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer sys.close(context.Background())
	done, err := sys.app.Seed(ctx)
	if err != nil {
		return fmt.Errorf("seeding: %w", err)
	}
	if !done {
		fmt.Fprintln(stdout, "the store already has accounts; nothing seeded")
		return nil
	}
	fmt.Fprintln(stdout, "seeded demo organisations and accounts; see README.md for their sign-ins")
	return nil
}
