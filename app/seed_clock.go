package app

import (
	"sync"
	"time"
)

// SeedSpan is how far back a seeded market's history starts: Seed replays
// it forward from there to the real time.
const SeedSpan = 120 * 24 * time.Hour

// SeedClock is the clock Seed moves. The App it seeds reads the same clock
// (Config.Now), which starts some time before the real time; Seed advances
// it step by step as it replays the market's history, and at the end to
// the real time.
type SeedClock interface {
	// Advance moves the application's clock forward by d, never past the
	// real time.
	Advance(d time.Duration)
	// Real returns the real time, where the replay ends.
	Real() time.Time
}

// ReplayClock is a SeedClock running at a (shrinking) offset behind the
// real time: it starts SeedSpan behind, moves forward when advanced, and
// once caught up is the real time itself. Pass its Now as Config.Now.
type ReplayClock struct {
	mu     sync.Mutex
	real   func() time.Time
	offset time.Duration // <= 0
}

var _ SeedClock = (*ReplayClock)(nil)

// NewReplayClock returns a clock SeedSpan behind real (time.Now if nil).
func NewReplayClock(real func() time.Time) *ReplayClock {
	if real == nil {
		real = time.Now
	}
	return &ReplayClock{real: real, offset: -SeedSpan}
}

// Now returns the clock's time.
func (c *ReplayClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.real().Add(c.offset)
}

// Advance moves the clock forward by d, at most up to the real time.
func (c *ReplayClock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = min(c.offset+d, 0)
}

// Real returns the real time.
func (c *ReplayClock) Real() time.Time { return c.real() }
