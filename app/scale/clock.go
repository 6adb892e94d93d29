package scale

import (
	"sync"
	"time"
)

// clock is the simulated time of one App: the generator sets it before
// each use case, and the App reads it through Config.Now. Each goroutine
// drives its own clock; the mutex only keeps the race detector content
// when another goroutine reads it (see shard.now).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

// newClock returns a clock at t.
func newClock(t time.Time) *clock { return &clock{t: t} }

// Now returns the clock's time; it is the App's Config.Now.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// set moves the clock to t, which may be earlier than before only for the
// set-up of organisations (each one's own timeline).
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC().Truncate(time.Millisecond)
	c.mu.Unlock()
}
