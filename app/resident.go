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
//
// The members are held in one array, in no order, with a value derived
// from each (what ranking needs of it) in a second array at the same
// place, so that a request scans them without a map lookup or a copy; an
// index by ID finds a member's place, and removing one moves the last
// member to its place.
type resident[T, F any] struct {
	// load reads every member from the store.
	load func(ctx context.Context) ([]*T, error)
	// key returns a document's ID and version.
	key func(doc *T) (string, int)
	// member reports whether a document belongs to the set.
	member func(doc *T) bool
	// derive computes a member's derived value; nil leaves it zero.
	derive func(doc *T) F

	mu     sync.RWMutex
	loaded bool
	// docs are the members and derived[i] is derive(docs[i]).
	docs    []*T
	derived []F
	// known holds, by ID, each member's place in docs and version, and
	// the version of each document known not to be a member (place -1),
	// so that an older version never replaces a later one.
	known map[string]residentPlace
}

// residentPlace is where a document is in a resident set (-1 for a
// document known not to be a member), at which version.
type residentPlace struct {
	at, version int
}

// all returns the members, in no order, loading them on first use.
// Callers must not change them.
func (r *resident[T, F]) all(ctx context.Context) ([]*T, error) {
	if err := r.ensure(ctx); err != nil {
		return nil, err
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]*T(nil), r.docs...), nil
}

// view calls fn with the members, in no order, and their derived values
// (derived[i] is docs[i]'s), loading them on first use. fn runs under the
// set's read lock: it must be quick, must not write to the set, and must
// neither change nor keep the slices (the members themselves it may keep).
func (r *resident[T, F]) view(ctx context.Context, fn func(docs []*T, derived []F)) error {
	if err := r.ensure(ctx); err != nil {
		return err
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	fn(r.docs, r.derived)
	return nil
}

// ensure loads the set once. Writes that come while it loads wait for it.
func (r *resident[T, F]) ensure(ctx context.Context) error {
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
	r.docs, r.derived = make([]*T, 0, len(docs)), make([]F, 0, len(docs))
	r.known = make(map[string]residentPlace, len(docs))
	for _, d := range docs {
		id, v := r.key(d)
		r.set(id, v, d, r.deriveOf(d), true)
	}
	r.loaded = true
	return nil
}

// deriveOf returns doc's derived value.
func (r *resident[T, F]) deriveOf(doc *T) F {
	var f F
	if r.derive != nil {
		f = r.derive(doc)
	}
	return f
}

// put records a stored document (a copy the caller no longer changes):
// added or replaced if it is a member, removed if not, unless the set
// already has a later version. Before the set is loaded it does nothing:
// loading reads the store.
func (r *resident[T, F]) put(doc *T) {
	id, v := r.key(doc)
	in := r.member(doc)
	var f F
	if in {
		f = r.deriveOf(doc) // outside the lock, which readers wait for
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loaded {
		r.set(id, v, doc, f, in)
	}
}

// set records version v of document id, doc, with derived value f, as a
// member or (in false) not, unless the set has a later version. r.mu is
// held for writing.
func (r *resident[T, F]) set(id string, v int, doc *T, f F, in bool) {
	old, ok := r.known[id]
	switch {
	case ok && old.version > v:
		return
	case in && ok && old.at >= 0:
		r.docs[old.at], r.derived[old.at] = doc, f
		r.known[id] = residentPlace{at: old.at, version: v}
	case in:
		r.known[id] = residentPlace{at: len(r.docs), version: v}
		r.docs, r.derived = append(r.docs, doc), append(r.derived, f)
	default:
		if ok && old.at >= 0 {
			r.drop(old.at)
		}
		r.known[id] = residentPlace{at: -1, version: v}
	}
}

// drop takes the member at place at out of the arrays, moving the last
// member there; the caller updates the dropped member's entry in known.
// r.mu is held for writing.
func (r *resident[T, F]) drop(at int) {
	last := len(r.docs) - 1
	if at != last {
		moved := r.docs[last]
		r.docs[at], r.derived[at] = moved, r.derived[last]
		id, _ := r.key(moved)
		p := r.known[id]
		p.at = at
		r.known[id] = p
	}
	var zero F
	r.docs[last], r.derived[last] = nil, zero // nothing kept alive past the end
	r.docs, r.derived = r.docs[:last], r.derived[:last]
}

// remove forgets a deleted document.
func (r *resident[T, F]) remove(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.known[id]; ok && p.at >= 0 {
		r.drop(p.at)
	}
	delete(r.known, id)
}
