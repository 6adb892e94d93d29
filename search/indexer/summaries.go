package indexer

import "sync"

// Summaries are the indexed documents by ID, as result pages show them,
// safe for concurrent use. They are filled as pages need them and kept up
// to date by every write this process indexes; each entry keeps the
// version it was read at, so that a page that read an older copy cannot
// replace a newer one.
type Summaries[T any] struct {
	mu sync.RWMutex
	m  map[string]summary[T]
}

// summary is one document's entry: nil when it is not in the index at
// that version (withdrawn, or gone from the database).
type summary[T any] struct {
	doc     *T
	version int
}

// newSummaries returns empty summaries.
func newSummaries[T any]() *Summaries[T] { return &Summaries[T]{m: map[string]summary[T]{}} }

// Put stores the summary of id at version (nil: not indexed at that
// version), unless a later version is known.
func (c *Summaries[T]) Put(id string, version int, v *T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[id]; ok && old.version > version {
		return
	}
	c.m[id] = summary[T]{doc: v, version: version}
}

// Get returns the entries of ids that are known (nil for a document not
// indexed), and the IDs that are not.
func (c *Summaries[T]) Get(ids []string) (map[string]*T, []string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	found, missing := make(map[string]*T, len(ids)), []string(nil)
	for _, id := range ids {
		if e, ok := c.m[id]; ok {
			found[id] = e.doc
		} else {
			missing = append(missing, id)
		}
	}
	return found, missing
}

// reset forgets every summary.
func (c *Summaries[T]) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = map[string]summary[T]{}
}
