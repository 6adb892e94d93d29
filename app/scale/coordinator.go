package scale

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"market/app"
	"market/app/mail"
	"market/models"
)

// coordinator is the one App that delivers alerts and makes the alerts'
// subscriptions (saved searches, follows) and the verification
// withdrawals. It follows the slowest shard: it handles a moment once
// every shard has played every step up to it, so that what it does is the
// same whatever the shards' pace. At each barrier the shards wait for it.
type coordinator struct {
	g       *generator
	planner *planner
	shards  []*shard
	app     *app.App
	clock   *clock
	opts    app.AlertOptions
	release []chan struct{}
	sample  *sample
	// searches and follows are the subscriptions due at each barrier.
	searches, follows [][]subscription
	followed          map[[2]string]bool
	// waiting is set while the coordinator waits for the shards, which
	// then wake it through wake.
	waiting atomic.Bool
	wake    chan struct{}
	// daily counts the saved searches with daily digests; lastMail is when
	// email was last sent.
	daily    int
	lastMail time.Time
}

// newCoordinator returns the coordinator of the shards. Its App keeps the
// saved searches in memory (SearchOptions.Exclusive), which is exact: it
// is the only App that makes them.
func (g *generator) newCoordinator(p *planner, shards []*shard) (*coordinator, error) {
	c := newClock(g.tl.start)
	a, err := g.newApp(c, true)
	if err != nil {
		return nil, err
	}
	co := &coordinator{g: g, planner: p, shards: shards, app: a, clock: c, followed: map[[2]string]bool{}, wake: make(chan struct{}, 1),
		opts:     app.AlertOptions{Mailer: countingMailer{&g.counts.mail}, Holder: "market-generate", PublicURL: "https://market.example"},
		release:  make([]chan struct{}, len(g.tl.barriers)),
		searches: planSubscriptions(g.cfg.Seed, "search", g.sizes.savedSearches, g.tl),
		follows:  planSubscriptions(g.cfg.Seed, "follow", g.sizes.follows, g.tl),
		sample:   p.newSample(g.sizes.listings)}
	for i := range co.release {
		co.release[i] = make(chan struct{})
	}
	return co, nil
}

// countingMailer sends nothing and counts what it is given: the generated
// accounts' addresses are not real.
type countingMailer struct{ sent *atomic.Int64 }

// Send counts m.
func (m countingMailer) Send(context.Context, mail.Message) error {
	m.sent.Add(1)
	return nil
}

// released returns the channel closed when the shards may go on past barrier k.
func (co *coordinator) released(k int) <-chan struct{} { return co.release[k] }

// alertInterval is how often, in simulated time, the coordinator delivers
// alerts and sends email; at Shanghai midnight it also sends the digests.
// (A server's alert worker looks every 2 s; what it would find is the
// same, only sent a few hours later in simulated time.)
const alertInterval = 12 * time.Hour

// run delivers alerts as the shards move on, and does each barrier's work
// once every shard has reached it.
func (co *coordinator) run(ctx context.Context) error {
	tl := co.g.tl
	actx := context.WithoutCancel(ctx) // see shard.run
	// Moments aligned on Shanghai midnight (16:00 UTC).
	t := tl.start.Truncate(day).Add(16 * time.Hour)
	for k, b := range tl.barriers {
		for ; t.Before(b); t = t.Add(alertInterval) {
			if !t.After(tl.start) || !co.subscribed() {
				continue // nobody to alert yet: the barrier clears the markers
			}
			if err := co.waitFor(ctx, t); err != nil {
				return err
			}
			if err := co.deliver(actx, t, t.Sub(t.Truncate(day)) == 16*time.Hour); err != nil {
				return err
			}
		}
		if err := co.waitFor(ctx, b); err != nil {
			return err
		}
		if err := co.deliver(actx, b, false); err != nil {
			return err
		}
		if err := co.barrier(actx, k, b); err != nil {
			return fmt.Errorf("barrier at %s: %w", b.Format(time.RFC3339), err)
		}
		if k+1 == len(tl.barriers) || tl.barriers[k+1].In(shanghai()).Year() != b.In(shanghai()).Year() {
			co.yearDone(b.In(shanghai()).Year())
		}
		close(co.release[k])
	}
	return nil
}

// subscribed reports whether any saved search or follow exists yet:
// before, alerts reach nobody and there is no email to send.
func (co *coordinator) subscribed() bool {
	return co.g.counts.savedSearches.Load()+co.g.counts.follows.Load() > 0
}

// shanghai is the city's time zone, in which years and days begin.
func shanghai() *time.Location { return time.FixedZone("CST", 8*3600) }

// yearDone reports the progress at the end of a year of history (or at
// its end), while every shard waits.
func (co *coordinator) yearDone(year int) {
	started := 0
	for _, s := range co.shards {
		started += s.started
	}
	c := &co.g.counts
	co.g.progress("%d: %d listings begun, %d bids, %d questions, %d saved searches, %d follows, %d emails; %s",
		year, started, c.bids.Load(), c.questions.Load(), c.savedSearches.Load(), c.follows.Load(), c.mail.Load(),
		time.Since(co.g.started).Round(time.Second))
}

// waitFor waits until every shard has played every step up to t.
func (co *coordinator) waitFor(ctx context.Context, t time.Time) error {
	ms := t.UnixMilli()
	passed := func() bool {
		for _, s := range co.shards {
			if s.done.Load() <= ms {
				return false
			}
		}
		return true
	}
	for !passed() {
		// Ask the shards to wake this goroutine as they move on, then look
		// again, so that a move made meanwhile is not missed.
		co.waiting.Store(true)
		if passed() {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-co.wake:
		case <-time.After(50 * time.Millisecond):
		}
	}
	co.waiting.Store(false)
	return nil
}

// moved is called by a shard that has moved on: it wakes the coordinator
// if it waits.
func (co *coordinator) moved() {
	if co.waiting.Load() {
		select {
		case co.wake <- struct{}{}:
		default:
		}
	}
}

// deliver delivers the alerts waiting at t, sends the digests when t is
// midnight, and sends the email due.
func (co *coordinator) deliver(ctx context.Context, t time.Time, digests bool) error {
	co.clock.set(t)
	sent := co.g.counts.mail.Load()
	if err := co.app.DeliverAlerts(ctx, co.opts); err != nil {
		return fmt.Errorf("delivering alerts at %s: %w", t.Format(time.RFC3339), err)
	}
	if co.g.counts.mail.Load() > sent {
		co.lastMail = t
	}
	// The daily job has digests to send only once there are daily saved
	// searches, and old email to sweep only for a week after email was sent.
	if !digests || (co.daily == 0 && t.Sub(co.lastMail) > 8*day) {
		return nil
	}
	if err := co.app.SendDigests(ctx, co.opts); err != nil {
		return fmt.Errorf("sending digests at %s: %w", t.Format(time.RFC3339), err)
	}
	if err := co.app.DeliverAlerts(ctx, co.opts); err != nil {
		return fmt.Errorf("sending digests at %s: %w", t.Format(time.RFC3339), err)
	}
	return nil
}

// barrier does the work of barrier k at b, while every shard waits:
// verification withdrawals due then, the week's saved searches and
// follows, and clearing the search index markers written so far.
func (co *coordinator) barrier(ctx context.Context, k int, b time.Time) error {
	co.clock.set(b)
	for _, o := range co.g.orgs {
		if o.withdrawnAt.Equal(b) {
			r := newRNG(co.g.cfg.Seed, "withdraw", o.idx)
			if _, err := co.app.RejectOrganization(ctx, co.g.operator(o.idx, 3), o.id, pick(r, co.g.v.reasons.orgWithdrawals)); err != nil {
				return fmt.Errorf("withdrawing the verification of organisation %d: %w", o.idx, err)
			}
		}
	}
	for _, sub := range co.searches[k] {
		org := co.planner.pools.bidders.draw(sub.r, b, nil)
		if org == nil {
			co.later(co.searches, k, sub) // no provider yet
			continue
		}
		u := org.member(sub.r, b)
		in := co.savedSearch(sub.r, org, b)
		if _, err := co.app.CreateSavedSearch(ctx, u.actor(org), in); err != nil {
			return fmt.Errorf("saving a search of %s: %w", u.email, err)
		}
		co.g.counts.savedSearches.Add(1)
		if in.Digest == models.DigestDaily {
			co.daily++
		}
	}
	if err := co.follow(ctx, k, b); err != nil {
		return err
	}
	return co.g.clearIndexMarkers(ctx)
}

// later moves a subscription that barrier k could not make to the next
// barrier (the last barrier's are dropped).
func (co *coordinator) later(subs [][]subscription, k int, sub subscription) {
	if k+1 < len(subs) {
		subs[k+1] = append(subs[k+1], sub)
	}
}

// follow makes barrier k's follows: providers follow listings open for
// bids that need what they offer.
func (co *coordinator) follow(ctx context.Context, k int, b time.Time) error {
	if len(co.follows[k]) == 0 {
		return nil
	}
	var open []*listingRun
	for _, s := range co.shards {
		for _, l := range s.open {
			open = append(open, l)
		}
	}
	slices.SortFunc(open, func(a, b *listingRun) int { return a.plan.idx - b.plan.idx })
	for _, sub := range co.follows[k] {
		if len(open) == 0 {
			co.later(co.follows, k, sub) // nothing open this week
			continue
		}
		l := pick(sub.r, open)
		org := co.planner.pools.provider(sub.r, b, l.plan, nil)
		if org == nil {
			co.later(co.follows, k, sub)
			continue
		}
		u := org.member(sub.r, b)
		if co.followed[[2]string{u.id, l.id}] {
			co.later(co.follows, k, sub)
			continue
		}
		co.followed[[2]string{u.id, l.id}] = true
		if err := co.app.FollowOpportunity(ctx, u.actor(org), l.id); err != nil {
			return fmt.Errorf("following listing %s: %w", l.id, err)
		}
		co.g.counts.follows.Add(1)
	}
	return nil
}
