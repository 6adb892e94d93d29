package api

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"market/app"
	"market/models"
)

// summaryCacheLimit is how many listings' JSON one generation of the
// summary cache holds (the cache holds at most twice as many, about 1.5 KB each).
const summaryCacheLimit = 10_000

// summaryCache holds the JSON of listings as search results show them, so
// that a page of results is written without encoding its listings again.
// A search result is a function of the stored listing alone: it shows no
// bid count, nothing that depends on the caller or the time. Every stored
// change of a listing raises its version and sets its update time (a
// repair stores the snapshot its event recorded for that version), so an
// entry is found by the listing's ID, version and update time, and a
// changed listing simply misses. Two generations bound its size: when the
// current one is full it becomes the previous one, and entries found there
// move back to the current one.
type summaryCache struct {
	mu        sync.Mutex
	limit     int
	cur, prev map[summaryKey][]byte
}

// summaryKey names one stored version of a listing.
type summaryKey struct {
	id      string
	version int
	updated int64 // Unix ns
}

// keyOf returns the key of o's stored version.
func keyOf(o *models.Opportunity) summaryKey {
	return summaryKey{id: o.ID, version: o.Version, updated: o.UpdatedAt.UnixNano()}
}

// newSummaryCache returns an empty cache of limit entries per generation.
func newSummaryCache(limit int) *summaryCache {
	return &summaryCache{limit: limit, cur: map[summaryKey][]byte{}}
}

// get returns the JSON of o's search result, if it is held.
func (c *summaryCache) get(o *models.Opportunity) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := keyOf(o)
	if b, ok := c.cur[k]; ok {
		return b, true
	}
	b, ok := c.prev[k]
	if ok {
		c.store(k, b)
	}
	return b, ok
}

// put holds b as the JSON of o's search result.
func (c *summaryCache) put(o *models.Opportunity, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.store(keyOf(o), b)
}

// store adds an entry to the current generation, starting a new one first
// when it is full. The caller holds mu.
func (c *summaryCache) store(k summaryKey, b []byte) {
	if len(c.cur) >= c.limit {
		c.prev, c.cur = c.cur, make(map[summaryKey][]byte, c.limit)
	}
	c.cur[k] = b
}

// items writes a page's listings as a JSON array of
// opportunitySummaryBody. Search results, which show no bid count, come
// from the summary cache; lists from the database show bid counts, which
// depend on the caller and the time, and are encoded each time.
func (c *summaryCache) items(list *app.OpportunityList, actor models.Actor, now time.Time) (json.RawMessage, error) {
	b := append(make([]byte, 0, 1536*len(list.Items)+2), '[')
	for i, o := range list.Items {
		view, err := c.view(o, actor, now, list.BidsCounted)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		var h highlightBody
		if hl := list.Highlights[i]; hl != nil {
			h = highlightBody{Title: hl["title"], Description: hl["description"]}
		}
		// The highlight is the last member of the object, where encoding
		// opportunitySummaryBody puts it.
		b = append(append(b, view[:len(view)-1]...), `,"highlight":`...)
		if b, err = appendJSON(b, h); err != nil {
			return nil, fmt.Errorf("encoding a highlight: %w", err)
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// view returns the JSON object of o as a list shows it to actor at now.
// A search result, without bid count, is built as anyone sees it, since
// the cache shares it: nothing the caller alone may see can be passed on.
func (c *summaryCache) view(o *models.Opportunity, actor models.Actor, now time.Time, bidsCounted bool) ([]byte, error) {
	if bidsCounted {
		return encodeView(newOpportunityBody(o, actor, now))
	}
	if view, ok := c.get(o); ok {
		return view, nil
	}
	v := newOpportunityBody(o, models.Actor{}, now)
	v.BidCount = nil
	view, err := encodeView(v)
	if err == nil {
		c.put(o, view)
	}
	return view, err
}

// encodeView returns the JSON of a listing's view.
func encodeView(v *opportunityBody) ([]byte, error) {
	b, err := appendJSON(nil, v)
	if err != nil {
		return nil, fmt.Errorf("encoding listing %s: %w", v.ID, err)
	}
	return b, nil
}
