package search

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Every batch becomes a segment, and scorch merges segments in tiers, so an
// index filled by a catch-up or a reindex is left in a dozen segments or
// more. A query pays for every segment (its dictionaries, postings and
// bitmaps): at a hundred thousand listings, one segment answers in about
// half the time fourteen take. So once an index has had no write for a
// while and a tenth of its documents or more lie outside its largest
// segment, the warmer merges them all into one (a compaction). Later
// writes add small segments beside the large one, which scorch's own
// merges keep few; a compaction comes again only once they hold a tenth of
// the documents, or after a reindex.

// compaction decides when an index is compacted.
type compaction struct {
	// idle is how long the index must go without a write.
	idle time.Duration
	// minDocs is the smallest index compacted: merging small segments
	// gains little.
	minDocs uint64
}

// defaultCompaction is every index's, except in tests.
func defaultCompaction() compaction {
	return compaction{idle: 3 * time.Second, minDocs: 10_000}
}

// noteWrite records that the index was just written to.
func (ix *bleveIndex) noteWrite() { ix.lastWrite.Store(time.Now().UnixNano()) }

// write applies a batch, noting the write for compactions.
func (ix *bleveIndex) write(batch *bleve.Batch) error {
	ix.writing.Add(1)
	defer func() {
		ix.noteWrite()
		ix.writing.Add(-1)
	}()
	return ix.index.Batch(batch)
}

// compactDue reports whether the index should be compacted now: whether
// it has been idle long enough and is fragmented.
func (ix *bleveIndex) compactDue(snap *scorch.IndexSnapshot) bool {
	if ix.writing.Load() > 0 || time.Since(time.Unix(0, ix.lastWrite.Load())) < ix.compaction.idle {
		return false
	}
	return ix.fragmented(snap)
}

// fragmented reports whether a tenth of the index's documents or more lie
// outside its largest segment.
func (ix *bleveIndex) fragmented(snap *scorch.IndexSnapshot) bool {
	var live, largest uint64
	for _, s := range snap.Segments() {
		n := s.Count() // live documents
		live += n
		largest = max(largest, n)
	}
	return live >= ix.compaction.minDocs && live-largest >= live/10
}

// compact merges the index's segments into one, if due; it returns when
// the merge is done or the index closed. Scorch merges only the segments
// already on disk, so it merges again while that leaves several.
func (ix *bleveIndex) compact() error {
	adv, err := ix.index.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	due := false
	count := func(check bool) (int, error) {
		snap, err := ix.snapshot()
		if err != nil {
			return 0, err
		}
		defer snap.Close()
		if check {
			due = epoch(s, "LastPersistedEpoch") >= epoch(s, "CurRootEpoch") && ix.compactDue(snap)
		}
		return len(snap.Segments()), nil
	}
	n, err := count(true)
	if err != nil || !due {
		return err
	}
	ix.compacting.Store(true)
	defer ix.compacting.Store(false)
	plan := mergeplan.SingleSegmentMergePlanOptions
	for round := 0; n > 1 && round < 4; round++ {
		if err := s.ForceMerge(context.Background(), &plan); err != nil {
			return err
		}
		after, err := count(false)
		if err != nil {
			return err
		}
		if after >= n {
			break
		}
		n = after
	}
	ix.compactions.Add(1)
	return nil
}

// BleveStats describes one index of the embedded engine.
type BleveStats struct {
	// Segments is how many segments the index has now, Documents how many
	// live documents they hold.
	Segments  int
	Documents uint64
	// Compactions is how many compactions the index has had since it was
	// opened; Pending says that one is under way, or will be once the
	// index is idle.
	Compactions int64
	Pending     bool
}

// Stats returns the state of an index.
func (b *Bleve) Stats(index string) (BleveStats, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	ix, err := b.get(index)
	if err != nil {
		return BleveStats{}, err
	}
	snap, err := ix.snapshot()
	if err != nil {
		return BleveStats{}, fmt.Errorf("search: bleve: stats of %s: %w", index, err)
	}
	defer snap.Close()
	st := BleveStats{Segments: len(snap.Segments()), Compactions: ix.compactions.Load(),
		Pending: ix.compacting.Load() || ix.fragmented(snap)}
	for _, s := range snap.Segments() {
		st.Documents += s.Count()
	}
	return st, nil
}
