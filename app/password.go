package app

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"market/app/auth"
)

// Passwords are hashed with argon2id, which costs tens of milliseconds of
// a core and megabytes of memory on purpose. Run many at once and each
// takes as much longer, all of them holding their memory meanwhile (eight
// sign-ins at once on two cores: some waited a second, collecting the
// garbage of the others), and every other request waits for a core behind
// them (on two cores, the rest of a sign-in itself waited up to 70 ms at
// p99). So hashes take turns, in order of arrival, on every core but one,
// which stays free for the rest of the market's work: a rush of sign-ins
// queues for its hashes without slowing searches and bids.

// newHashSlots returns the slots of the hashes that run at once: one per
// core but one, and at least one.
func newHashSlots() chan struct{} { return make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1)) }

// hashTurn waits for a hashing slot and returns its release, or ctx's error.
func (a *App) hashTurn(ctx context.Context) (func(), error) {
	select {
	case a.hashSlots <- struct{}{}:
		return func() { <-a.hashSlots }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting to check a password: %w", ctx.Err())
	}
}

// checkPassword reports whether password matches hash, in its turn, and
// how long that took with the wait for the turn.
func (a *App) checkPassword(ctx context.Context, password, hash string) (bool, time.Duration, error) {
	start := time.Now()
	release, err := a.hashTurn(ctx)
	if err != nil {
		return false, time.Since(start), err
	}
	defer release()
	ok, err := auth.CheckPassword(password, hash)
	return ok, time.Since(start), err
}

// hashPassword hashes password with the App's argon2 cost, in its turn,
// and returns how long that took with the wait for the turn.
func (a *App) hashPassword(ctx context.Context, password string) (string, time.Duration, error) {
	start := time.Now()
	release, err := a.hashTurn(ctx)
	if err != nil {
		return "", time.Since(start), err
	}
	defer release()
	hash, err := auth.HashPassword(password, a.argon2)
	return hash, time.Since(start), err
}
