package sqlite

import (
	"context"
	"fmt"
	"sync"

	"market/models"
)

// docCache keeps, during a bulk load, the stored form (BSON) of the
// documents the application reads again and again by ID: organisations,
// listings, bids and questions, and each stream's last event, which every
// change reads to chain its own. The bulk load's one connection is the
// bottleneck of a load, so a read that needs no SQL is a read the other
// writers do not wait for. The cache learns a document when it is read
// or committed, and forgets it when anything else might change it
// (Restore stores the new form; tampering with events forgets them all). A nil cache (every store but a bulk load's) caches nothing.
type docCache struct {
	mu     sync.Mutex
	docs   map[docKey][]byte
	events map[string]cachedEvent
}

// docKey names a document: its table and ID.
type docKey struct{ table, id string }

// cachedEvent is a stream's last event known.
type cachedEvent struct {
	seq int
	doc []byte
}

// Bounds of the cache: beyond them, an entry is dropped for each one
// added (documents of finished listings are read no more).
const (
	maxCachedDocs   = 100_000
	maxCachedEvents = 50_000
)

// newDocCache returns an empty cache.
func newDocCache() *docCache {
	return &docCache{docs: map[docKey][]byte{}, events: map[string]cachedEvent{}}
}

// get returns the stored form of a document, if known.
func (c *docCache) get(table, id string) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	doc, ok := c.docs[docKey{table, id}]
	return doc, ok
}

// put records the stored form of a document.
func (c *docCache) put(table, id string, doc []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.docs) >= maxCachedDocs {
		for k := range c.docs { // an arbitrary one: Go's map order is random
			delete(c.docs, k)
			break
		}
	}
	c.docs[docKey{table, id}] = doc
}

// event returns the stored form of event seq of stream, if it is the
// stream's last one known.
func (c *docCache) event(stream string, seq int) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.events[stream]
	if !ok || e.seq != seq {
		return nil, false
	}
	return e.doc, true
}

// putEvent records a stream's last event.
func (c *docCache) putEvent(stream string, seq int, doc []byte) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.events[stream]; ok && e.seq > seq {
		return // an earlier event read after a later one was committed
	}
	if len(c.events) >= maxCachedEvents {
		for k := range c.events {
			delete(c.events, k)
			break
		}
	}
	c.events[stream] = cachedEvent{seq: seq, doc: doc}
}

// forgetEvents forgets every event: tampering may move one to another stream.
func (c *docCache) forgetEvents() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.events)
}

// readByID returns the document of table with the given ID, through the
// cache: what names it in errors.
func readByID[T any](ctx context.Context, db *DB, table, what, id string) (*T, error) {
	if doc, ok := db.cache.get(table, id); ok {
		return decode[T](doc, what)
	}
	var doc []byte
	if err := db.queryRow(ctx, "SELECT doc FROM "+table+" WHERE id = ?", id).Scan(&doc); err != nil {
		if err = wrap(err); models.ErrorCode(err) == models.ENOTFOUND {
			return nil, notFound(what)
		}
		return nil, fmt.Errorf("reading %s %s: %w", what, id, err)
	}
	v, err := decode[T](doc, what)
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", what, id, err)
	}
	db.cache.put(table, id, doc)
	return v, nil
}
