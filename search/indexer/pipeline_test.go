package indexer

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
)

// readInts returns an each function over 0..n-1 in batches of the size asked.
func readInts(n int) func(context.Context, int, func([]*int) error) error {
	return func(ctx context.Context, size int, fn func([]*int) error) error {
		for start := 0; start < n; start += size {
			var b []*int
			for i := start; i < min(start+size, n); i++ {
				b = append(b, &i)
			}
			if err := fn(b); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestPipelinedAppliesEveryDocumentOnce checks that concurrent batches
// apply every document once, and that prepare sees them in reading order.
func TestPipelinedAppliesEveryDocumentOnce(t *testing.T) {
	var mu sync.Mutex
	var applied, prepared []int
	err := pipelined(context.Background(), readInts(10_007), 100, 1000, func(b []*int) {
		for _, v := range b {
			prepared = append(prepared, *v)
		}
	}, func(b []*int) error {
		mu.Lock()
		defer mu.Unlock()
		for _, v := range b {
			applied = append(applied, *v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(prepared) != 10_007 || !slices.IsSorted(prepared) {
		t.Fatalf("prepared %d documents, sorted %v", len(prepared), slices.IsSorted(prepared))
	}
	slices.Sort(applied)
	if !slices.Equal(applied, prepared) {
		t.Fatalf("applied %d documents, not each once", len(applied))
	}
}

// TestPipelinedStopsAtFirstError checks that an apply error is returned and stops the reading.
func TestPipelinedStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	err := pipelined(context.Background(), readInts(100_000), 100, 1000, func([]*int) {}, func(b []*int) error {
		if *b[0] >= 3000 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
}
