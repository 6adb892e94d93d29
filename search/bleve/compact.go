package bleve

import (
	"context"
	"fmt"
	"time"

	blevelib "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Every batch becomes a segment, and an index filled by a catch-up or a
// reindex is left in dozens of segments. A query pays for every segment
// (its dictionaries, postings and bitmaps): at a hundred thousand
// listings, one segment answers in about half the time fourteen take. So
// scorch is told to merge large segments less while batches come (see
// bleveConfig: merging the same documents again and again cost a reindex
// a tenth of its time), and once an index has had no write for a while and
// a tenth of its documents or more lie outside its largest segment (after
// a catch-up, a reindex, or many changes), the warmer merges every segment
// into one: a compaction. Single changes add small segments, which scorch
// merges among themselves as it writes them to disk.

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
func (ix *bleveIndex) write(batch *blevelib.Batch) error {
	ix.writing.Add(1)
	defer func() {
		ix.noteWrite()
		ix.writing.Add(-1)
	}()
	return ix.index.Batch(batch)
}

// compactionPlan returns the merge a compaction of the snapshot would ask
// scorch for, or nil when none is due (the index being idle aside).
func (ix *bleveIndex) compactionPlan(snap *scorch.IndexSnapshot) *mergeplan.MergePlanOptions {
	segs := snap.Segments()
	var live, largest uint64
	for _, s := range segs {
		n := s.Count() // live documents
		live += n
		largest = max(largest, n)
	}
	switch {
	case live < ix.compaction.minDocs || len(segs) < 2:
		return nil
	case live-largest >= live/10:
		plan := mergeplan.SingleSegmentMergePlanOptions
		return &plan
	}
	return nil
}

// compact merges the index's segments as compactionPlan says, if the
// index is idle; it returns when the merge is done or the index closed.
// Scorch merges only the segments already on disk, so it merges again
// while a merge is still due and the last one made fewer segments.
func (ix *bleveIndex) compact() error {
	adv, err := ix.index.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if ix.writing.Load() > 0 || time.Since(time.Unix(0, ix.lastWrite.Load())) < ix.compaction.idle {
		return nil
	}
	plan := func() (*mergeplan.MergePlanOptions, int, error) {
		snap, err := ix.snapshot()
		if err != nil {
			return nil, 0, err
		}
		defer snap.Close()
		return ix.compactionPlan(snap), len(snap.Segments()), nil
	}
	p, n, err := plan()
	// Scorch merges what is on disk.
	if err != nil || p == nil || !persisted(s) {
		return err
	}
	ix.compacting.Store(true)
	defer ix.compacting.Store(false)
	for round := 0; p != nil && round < 4; round++ {
		if err := s.ForceMerge(context.Background(), p); err != nil {
			return err
		}
		var after int
		if p, after, err = plan(); err != nil {
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
	// Segments is how many segments the index has now.
	Segments int
	// Compactions is how many compactions the index has had since it was
	// opened; Pending says that one is under way, or will be once the
	// index is idle.
	Compactions int64
	Pending     bool
}

// Stats returns the state of an index.
func (b *Engine) Stats(index string) (BleveStats, error) {
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
		Pending: ix.compacting.Load() || ix.compactionPlan(snap) != nil}
	return st, nil
}
