package store

import (
	"context"
	"time"
)

// Leases give one holder among every process sharing the store a named
// job's time slot.
type Leases interface {
	// TryLease claims the named job's slot for holder: exactly one caller
	// gets true for a given name and slot. Leases older than a day are swept.
	TryLease(ctx context.Context, name string, slot time.Time, holder string) (bool, error)
}
