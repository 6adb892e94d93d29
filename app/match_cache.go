package app

import (
	"sync"

	"market/models"
)

// matchFeatureCache keeps providers' features and listings' queries by ID,
// each for the version it was computed from. Ranking uses it when the
// process reads providers and listings from the store at each request (it
// is not the store's only writer); the resident sets derive them otherwise.
type matchFeatureCache struct {
	ix       *matchIndex
	mu       sync.Mutex
	features map[string]versioned[matchFeatures]
	queries  map[string]versioned[matchQuery]
}

// versioned is what was computed from a document's version.
type versioned[V any] struct {
	version int
	value   V
}

// newMatchFeatureCache returns an empty cache over ix.
func newMatchFeatureCache(ix *matchIndex) *matchFeatureCache {
	return &matchFeatureCache{ix: ix, features: map[string]versioned[matchFeatures]{}, queries: map[string]versioned[matchQuery]{}}
}

// providers returns the features of providers, in their order, computing
// those whose version is new.
func (c *matchFeatureCache) providers(providers []*models.Organization) []matchFeatures {
	return cached(c, c.features, providers, func(p *models.Organization) (string, int) { return p.ID, p.Version }, c.ix.features)
}

// listings returns the queries of listings, in their order, computing
// those whose version is new.
func (c *matchFeatureCache) listings(listings []*models.Opportunity) []matchQuery {
	return cached(c, c.queries, listings, func(o *models.Opportunity) (string, int) { return o.ID, o.Version }, c.ix.query)
}

// cached returns what compute makes of each doc, from m when m holds it
// for the doc's version; c.mu guards m.
func cached[D, V any](c *matchFeatureCache, m map[string]versioned[V], docs []*D, key func(*D) (string, int), compute func(*D) V) []V {
	out := make([]V, len(docs))
	var stale []int
	c.mu.Lock()
	for i, d := range docs {
		id, v := key(d)
		if got, ok := m[id]; ok && got.version == v {
			out[i] = got.value
		} else {
			stale = append(stale, i)
		}
	}
	c.mu.Unlock()
	if len(stale) == 0 {
		return out
	}
	for _, i := range stale {
		out[i] = compute(docs[i])
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, i := range stale {
		id, v := key(docs[i])
		if old, ok := m[id]; !ok || old.version <= v {
			m[id] = versioned[V]{version: v, value: out[i]}
		}
	}
	return out
}
