package app

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"market/app/auth"
)

// TestPasswordHashesTakeTurns runs many checks at once and finds no more
// of them running together than there are slots; a check still waiting
// for its turn when its request ends gives up with the request's error.
func TestPasswordHashesTakeTurns(t *testing.T) {
	t.Parallel()
	a := &App{argon2: auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}, hashSlots: make(chan struct{}, 2)}
	ctx := context.Background()
	hash, _, err := a.hashPassword(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	var running, most atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			release, err := a.hashTurn(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			n := running.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Millisecond)
			running.Add(-1)
			release()
		})
	}
	wg.Wait()
	if most.Load() > 2 {
		t.Errorf("%d hashes ran at once, want at most 2", most.Load())
	}
	if ok, took, err := a.checkPassword(ctx, "correct horse battery", hash); !ok || err != nil || took <= 0 {
		t.Errorf("right password: %t after %v, %v", ok, took, err)
	}

	a.hashSlots <- struct{}{}
	a.hashSlots <- struct{}{}
	ended, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := a.checkPassword(ended, "correct horse battery", hash); !errors.Is(err, context.Canceled) {
		t.Errorf("a check whose request ended while waiting: %v, want context.Canceled", err)
	}
}
