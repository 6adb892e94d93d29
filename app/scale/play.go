package scale

import (
	"context"
	"fmt"

	"market/app"
)

// play plays every listing's history in the shards, with the coordinator.
func (g *generator) play(ctx context.Context, rep *Report) error {
	p := newPlanner(g.cfg.Seed, g.tl, g.v, g.orgs)
	shards := make([]*shard, g.cfg.Shards)
	for i := range shards {
		s, err := g.newShard(p, i)
		if err != nil {
			return err
		}
		shards[i] = s
	}
	for idx := range g.sizes.listings {
		s := shards[idx%len(shards)]
		s.starts = append(s.starts, start{at: p.startOf(idx), idx: idx})
	}
	for _, s := range shards {
		s.sortStarts()
	}
	co, err := g.newCoordinator(p, shards)
	if err != nil {
		return err
	}
	grp, gctx := newGroup(ctx)
	for _, s := range shards {
		grp.spawn(func() error { return s.run(gctx, co) })
	}
	grp.spawn(func() error { return co.run(gctx) })
	if err := grp.wait(); err != nil {
		return err
	}
	for _, s := range shards {
		rep.Listings += s.started
	}
	return nil
}

// finish leaves the store as a server would find it after the history:
// the alerts delivered and the email sent (the coordinator did both up to
// the end), and no search index marker but the one that asks for a full
// pass, so that the next start fills the index from the store.
func (g *generator) finish(ctx context.Context) error {
	if n, err := g.db.CountAlertMarkers(ctx); err != nil {
		return fmt.Errorf("counting alert markers: %w", err)
	} else if n > 0 {
		return fmt.Errorf("%d alert markers were left undelivered", n)
	}
	if due, err := g.db.DueMail(ctx, g.tl.end, 1); err != nil {
		return fmt.Errorf("reading the mail queue: %w", err)
	} else if len(due) > 0 {
		return fmt.Errorf("email %s was left unsent", due[0].ID)
	}
	if err := g.clearIndexMarkers(ctx); err != nil {
		return err
	}
	if err := app.MarkFullPass(ctx, g.db); err != nil {
		return fmt.Errorf("marking a full pass of the search index due: %w", err)
	}
	return nil
}

// markerBatch is how many search index markers one call clears.
const markerBatch = 5000

// clearIndexMarkers clears the search index markers the Apps wrote with
// their changes: without a search engine, nothing else clears them, and
// the full pass at the next start indexes everything anyway.
func (g *generator) clearIndexMarkers(ctx context.Context) error {
	for {
		markers, err := g.db.DirtyMarkers(ctx, markerBatch)
		if err != nil {
			return fmt.Errorf("reading search index markers: %w", err)
		}
		ids := make([]string, len(markers))
		for i, m := range markers {
			ids[i] = m.ID
		}
		if err := g.db.ClearMarkers(ctx, ids); err != nil {
			return fmt.Errorf("clearing search index markers: %w", err)
		}
		if len(markers) < markerBatch {
			return nil
		}
	}
}
