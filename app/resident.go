package app

import (
	"context"
	"sync"
)

// resident is a set of documents that requests read whole (matching ranks
// every provider or every open listing; alerts match every saved search),
// kept in memory when this process is the store's only writer: filled from
// the store on first use, then kept up to date by every write, which
// passes through this process. Without it such a request would read and
// decode thousands of documents each time.
type resident[T any] struct {
	// load reads every member from the store.
	load func(ctx context.Context) ([]*T, error)
	// key returns a document's ID and version.
	key func(doc *T) (string, int)
	// member reports whether a document belongs to the set.
	member func(doc *T) bool

	mu     sync.RWMutex
	loaded bool
	docs   map[string]residentDoc[T]
}

// residentDoc is a member, or (doc nil) a document known not to be one, at
// a version.
type residentDoc[T any] struct {
	doc     *T
	version int
}

// all returns the members, in no order, loading them on first use.
// Callers must not change them.
func (r *resident[T]) all(ctx context.Context) ([]*T, error) {
	if err := r.ensure(ctx); err != nil {
		return nil, err
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]*T, 0, len(r.docs))
	for _, d := range r.docs {
		if d.doc != nil {
			out = append(out, d.doc)
		}
	}
	return out, nil
}

// ensure loads the set once. Writes that come while it loads wait for it.
func (r *resident[T]) ensure(ctx context.Context) error {
	r.mu.RLock()
	loaded := r.loaded
	r.mu.RUnlock()
	if loaded {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loaded {
		return nil
	}
	docs, err := r.load(ctx)
	if err != nil {
		return err
	}
	r.docs = make(map[string]residentDoc[T], len(docs))
	for _, d := range docs {
		id, v := r.key(d)
		r.docs[id] = residentDoc[T]{doc: d, version: v}
	}
	r.loaded = true
	return nil
}

// put records a stored document (a copy the caller no longer changes):
// added or replaced if it is a member, removed if not, unless the set
// already has a later version. Before the set is loaded it does nothing:
// loading reads the store.
func (r *resident[T]) put(doc *T) {
	id, v := r.key(doc)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.loaded {
		return
	}
	if old, ok := r.docs[id]; ok && old.version > v {
		return
	}
	if r.member(doc) {
		r.docs[id] = residentDoc[T]{doc: doc, version: v}
	} else {
		r.docs[id] = residentDoc[T]{version: v}
	}
}

// remove forgets a deleted document.
func (r *resident[T]) remove(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.docs, id)
}
