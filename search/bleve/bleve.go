package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	blevelib "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"market/search"
)

// Engine is the embedded engine: one Bleve index per name under a directory
// (DATA_DIR/search/<index>), opened once and shared by every goroutine.
type Engine struct {
	dir string
	// compaction is when the indexes are compacted (see compact.go);
	// enVectors keeps term vectors in enAll (tests, see newBleveAnalyzers).
	compaction compaction
	enVectors  bool

	mu      sync.RWMutex
	closed  bool
	indexes map[string]*bleveIndex
}

// bleveIndex is one open index with what its documents and queries need.
type bleveIndex struct {
	spec      search.IndexSpec
	index     blevelib.Index
	text      *textAnalyzer
	analyzers bleveAnalyzers
	columns   *columnCache
	lev       *levBuilders
	// stop ends the warmer, which closes warmed when it has.
	stop, warmed chan struct{}
	// compaction says when the warmer compacts the index (see
	// compact.go); lastWrite is when it was last written to (Unix
	// nanoseconds), writing how many writes are under way, compacting
	// whether a compaction is, compactions how many it has done.
	compaction  compaction
	lastWrite   atomic.Int64
	writing     atomic.Int32
	compacting  atomic.Bool
	compactions atomic.Int64
}

// bleveConfig is the scorch configuration of every index. Batches return
// once their documents are searchable, without waiting for them to reach
// the disk: the database keeps a marker of every change until Flush says
// the index holds it durably. The persister writes to disk at most every
// persisterNap, merging in memory the segments of the batches that came
// meanwhile: one file per nap rather than one per batch, which
// spares the merger most of its work (a writer's change costs half the
// CPU, measured by BenchmarkPublish in app/api). Scorch's own merges wait
// for thirty segments of a size rather than ten, and take a segment of
// fewer than 100 documents for one of 100 (not of 2,000): a small index
// is then not merged whole again and again as changes come (a third of
// what was left of the merger's CPU); a compaction merges the segments
// once writes stop (see compact.go).
func bleveConfig() map[string]any {
	return map[string]any{"unsafe_batch": true, "scorchMergePlanOptions": map[string]any{"MaxSegmentsPerTier": 30, "FloorSegmentSize": 100},
		"scorchPersisterOptions": map[string]any{"PersisterNapTimeMSec": persisterNap.Milliseconds(), "PersisterNapUnderNumFiles": 1000}}
}

// persisterNap is how long scorch's persister waits between two writes to
// disk (while the index has fewer than a thousand files).
const persisterNap = 200 * time.Millisecond

// settleTimeout bounds how long closing an index waits for the documents
// already indexed to reach the disk.
const settleTimeout = 30 * time.Second

// settle waits until every document indexed so far has been written to
// disk (with unsafe batches, a batch returns before), or until
// settleTimeout; a later start catches the index up anyway.
func settle(idx blevelib.Index) {
	adv, err := idx.Advanced()
	if err != nil {
		return
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return
	}
	// The current root holds every batch so far; wait until it, or a
	// later one, has been persisted.
	root, _ := epochs(s)
	for deadline := time.Now().Add(settleTimeout); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if _, done := epochs(s); done >= root {
			return
		}
	}
}

// persisted reports whether the index's current root, which holds every
// batch so far, has been written to disk.
func persisted(s *scorch.Scorch) bool {
	root, done := epochs(s)
	return done >= root
}

// epochs returns the epoch of the index's current root and of the last
// one written to disk, read atomically from scorch's counters (its
// StatsMap would walk the index's directory for them).
func epochs(s *scorch.Scorch) (root, written uint64) {
	st, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return 0, 0
	}
	return atomic.LoadUint64(&st.CurRootEpoch), atomic.LoadUint64(&st.LastPersistedEpoch)
}

// close stops the warmer, settles the index and closes it. Closing the
// index ends a compaction under way, so the warmer is waited for last.
func (ix *bleveIndex) close(settled bool) error {
	close(ix.stop)
	if settled {
		settle(ix.index)
	}
	err := ix.index.Close()
	<-ix.warmed
	return err
}

// newBleveIndex prepares an open index for use.
func newBleveIndex(spec *search.IndexSpec, idx blevelib.Index, c compaction, enVectors bool) (*bleveIndex, error) {
	text, err := newTextAnalyzer(idx, spec)
	if err != nil {
		return nil, err
	}
	analyzers, err := newBleveAnalyzers(idx.Mapping(), spec, enVectors)
	if err != nil {
		return nil, err
	}
	lev, err := newLevBuilders()
	if err != nil {
		return nil, err
	}
	ix := &bleveIndex{spec: *spec, index: idx, text: text, analyzers: analyzers, columns: newColumnCache(spec), lev: lev,
		stop: make(chan struct{}), warmed: make(chan struct{}), compaction: c}
	ix.noteWrite()
	go ix.warm()
	return ix, nil
}

// Compile-time check that Engine is a search.Engine.
var _ search.Engine = (*Engine)(nil)

// New returns an engine keeping its indexes under dir, which it creates
// (mode 0700) if needed.
func New(dir string) (*Engine, error) {
	if dir == "" {
		return nil, errors.New("search: bleve: no directory given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("search: bleve: create %s: %w", dir, err)
	}
	return &Engine{dir: dir, compaction: defaultCompaction(), indexes: map[string]*bleveIndex{}}, nil
}

// Ping reports whether the engine is open.
func (b *Engine) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: bleve: ping: %w", err)
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return search.Unavailable("bleve: ping", errors.New("engine closed"))
	}
	return nil
}

// EnsureIndex opens the index, or creates it when it does not exist or was
// built for another layout (then fresh is true and the index is empty).
func (b *Engine) EnsureIndex(ctx context.Context, spec search.IndexSpec) (bool, error) {
	if err := spec.Validate(); err != nil {
		return false, err
	}
	spec = spec.WithDefaults()
	hash, err := bleveLayoutHash(&spec)
	if err != nil {
		return false, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false, search.Unavailable("bleve: ensure index "+spec.Name, errors.New("engine closed"))
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("search: bleve: ensure index %s: %w", spec.Name, err)
	}
	if old, ok := b.indexes[spec.Name]; ok {
		if err := old.close(true); err != nil {
			return false, fmt.Errorf("search: bleve: reopen %s: %w", spec.Name, err)
		}
		delete(b.indexes, spec.Name)
	}
	idx, fresh, err := b.open(&spec, hash)
	if err != nil {
		return false, err
	}
	ix, err := newBleveIndex(&spec, idx, b.compaction, b.enVectors)
	if err != nil {
		_ = idx.Close()
		return false, err
	}
	b.indexes[spec.Name] = ix
	return fresh, nil
}

// open opens the index on disk if its layout hash matches, else rebuilds it.
func (b *Engine) open(spec *search.IndexSpec, hash string) (blevelib.Index, bool, error) {
	path := filepath.Join(b.dir, spec.Name)
	// A missing, unreadable or outdated index is rebuilt empty: the caller
	// refills it from the database, which is the source of truth.
	if idx, err := blevelib.OpenUsing(path, bleveConfig()); err == nil {
		got, gerr := idx.GetInternal([]byte(bleveSpecKey))
		if gerr == nil && string(got) == hash {
			return idx, false, nil
		}
		if cerr := idx.Close(); cerr != nil {
			return nil, false, fmt.Errorf("search: bleve: close outdated %s: %w", spec.Name, cerr)
		}
	}
	idx, err := b.create(spec, hash)
	return idx, true, err
}

// create removes whatever is at the index's path and builds an empty index.
func (b *Engine) create(spec *search.IndexSpec, hash string) (blevelib.Index, error) {
	path := filepath.Join(b.dir, spec.Name)
	if err := os.RemoveAll(path); err != nil {
		return nil, fmt.Errorf("search: bleve: remove %s: %w", path, err)
	}
	idx, err := blevelib.NewUsing(path, bleveMapping(spec), blevelib.Config.DefaultIndexType, blevelib.Config.DefaultKVStore, bleveConfig())
	if err != nil {
		return nil, fmt.Errorf("search: bleve: create %s: %w", path, err)
	}
	if err := idx.SetInternal([]byte(bleveSpecKey), []byte(hash)); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: bleve: record layout of %s: %w", spec.Name, err)
	}
	return idx, nil
}

// get returns an ensured index; the caller holds b.mu (read or write).
func (b *Engine) get(name string) (*bleveIndex, error) {
	if b.closed {
		return nil, search.Unavailable("bleve: index "+name, errors.New("engine closed"))
	}
	ix, ok := b.indexes[name]
	if !ok {
		return nil, fmt.Errorf("search: bleve: index %q not ensured", name)
	}
	return ix, nil
}

// Upsert indexes documents in one batch, replacing those with the same ID.
func (b *Engine) Upsert(ctx context.Context, index string, docs []search.Document) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	ix, err := b.get(index)
	if err != nil {
		return err
	}
	batch := ix.index.NewBatch()
	for _, d := range docs {
		fields, err := search.Normalize(&ix.spec, d)
		if err != nil {
			return err
		}
		if err := batch.IndexAdvanced(bleveDocument(&ix.spec, ix.analyzers, d.ID, fields)); err != nil {
			return fmt.Errorf("search: bleve: index %s/%s: %w", index, d.ID, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: bleve: upsert into %s: %w", index, err)
	}
	if err := ix.write(batch); err != nil {
		return fmt.Errorf("search: bleve: upsert %d documents into %s: %w", len(docs), index, err)
	}
	return nil
}

// Delete removes documents by ID in one batch.
func (b *Engine) Delete(ctx context.Context, index string, ids []string) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	ix, err := b.get(index)
	if err != nil {
		return err
	}
	batch := ix.index.NewBatch()
	for _, id := range ids {
		batch.Delete(id)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: bleve: delete from %s: %w", index, err)
	}
	if err := ix.write(batch); err != nil {
		return fmt.Errorf("search: bleve: delete %d documents from %s: %w", len(ids), index, err)
	}
	return nil
}

// DeleteAll empties an index by rebuilding it.
func (b *Engine) DeleteAll(ctx context.Context, index string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	ix, err := b.get(index)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: bleve: delete all from %s: %w", index, err)
	}
	hash, err := bleveLayoutHash(&ix.spec)
	if err != nil {
		return err
	}
	if err := ix.close(false); err != nil {
		return fmt.Errorf("search: bleve: close %s: %w", index, err)
	}
	delete(b.indexes, index)
	idx, err := b.create(&ix.spec, hash)
	if err != nil {
		return err
	}
	nix, err := newBleveIndex(&ix.spec, idx, b.compaction, b.enVectors)
	if err != nil {
		_ = idx.Close()
		return err
	}
	b.indexes[index] = nix
	return nil
}

// flushPoll is how often Flush looks whether the indexes reached the disk.
const flushPoll = 2 * time.Millisecond

// Flush waits until every batch written so far to any index is on disk
// (batches return once searchable, before; see bleveConfig).
func (b *Engine) Flush(ctx context.Context) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return search.Unavailable("bleve: flush", errors.New("engine closed"))
	}
	for name, ix := range b.indexes {
		adv, err := ix.index.Advanced()
		if err != nil {
			return fmt.Errorf("search: bleve: flush %s: %w", name, err)
		}
		s, ok := adv.(*scorch.Scorch)
		if !ok {
			continue
		}
		root, written := epochs(s)
		for written < root {
			select {
			case <-ctx.Done():
				return fmt.Errorf("search: bleve: flush %s: %w", name, ctx.Err())
			case <-time.After(flushPoll):
			}
			_, written = epochs(s)
		}
	}
	return nil
}

// Close closes every index; the engine answers nothing afterwards.
func (b *Engine) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	var errs []error
	for name, ix := range b.indexes {
		if err := ix.close(true); err != nil {
			errs = append(errs, fmt.Errorf("search: bleve: close %s: %w", name, err))
		}
	}
	b.indexes = nil
	return errors.Join(errs...)
}
