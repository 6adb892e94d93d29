package app

import (
	"context"
	"time"

	"market/models"
)

// closeJob names the deadline job's lease.
const closeJob = "close-due"

// CloseDue closes every published listing whose deadline has passed and
// returns how many this call closed. A listing closed meanwhile by another
// instance is skipped: its "closed" event can be appended only once.
func (a *App) CloseDue(ctx context.Context) (int, error) {
	ids, err := a.db.DueForClosing(ctx, a.Now())
	if err != nil {
		return 0, err
	}
	closed := 0
	for _, id := range ids {
		done, err := a.closeIfDue(ctx, id)
		switch {
		case models.ErrorCode(err) == models.ECONFLICT:
			continue // another instance closed it first
		case err != nil:
			return closed, err
		case done:
			closed++
		}
	}
	return closed, nil
}

// closeIfDue closes one listing if it is published and past its deadline.
func (a *App) closeIfDue(ctx context.Context, id string) (bool, error) {
	h, err := hold(ctx, a, a.opportunityAggregate(), id)
	if err != nil {
		return false, err
	}
	defer h.release()
	now := a.Now()
	if h.doc.Status != models.StatusPublished || !h.doc.DeadlinePassed(now) {
		return false, nil
	}
	if err := h.commit(ctx, systemActor(), closeChange(h.doc), now, nil); err != nil {
		return false, err
	}
	return true, nil
}

// RunClock closes listings at their deadline until ctx ends, checking every
// interval. With several instances on one database, each interval's work is
// leased to one of them; reads and writes also close a due listing
// themselves, so a late job never lets a late action through.
func (a *App) RunClock(ctx context.Context, interval time.Duration, holder string) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		slot := a.Now().Truncate(interval)
		if ok, err := a.db.TryLease(ctx, closeJob, slot, holder); err != nil {
			a.log.WarnContext(ctx, "deadline job: lease", "err", err)
		} else if ok {
			if n, err := a.CloseDue(ctx); err != nil {
				a.log.WarnContext(ctx, "deadline job", "err", err, "closed", n)
			} else if n > 0 {
				a.log.InfoContext(ctx, "deadline job closed listings", "closed", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
