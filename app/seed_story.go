package app

import (
	"context"
	"fmt"
	"sort"
	"time"

	"market/models"
)

const seedDay = 24 * time.Hour

// seedStep is one action of the replayed history, done at its time.
type seedStep struct {
	at   time.Time
	seq  int
	what string
	do   func(ctx context.Context) error
}

// seedMember is a seeded account and what the stories need of its organisation.
type seedMember struct {
	actor    models.Actor
	email    string
	org      demoOrg
	provider bool // a verified enterprise with a profile
}

// seedPlan is the seeded market's history, planned up front and replayed
// in time order through the use cases.
type seedPlan struct {
	a          *App
	start, end time.Time
	operator   models.Actor
	members    map[string]*seedMember
	providers  []*seedMember // in registration order
	steps      []seedStep
}

// seedRun is one listing while its story is replayed.
type seedRun struct {
	l       seedListing
	i       int
	owner   models.Actor
	id      string
	bidders []*seedMember
	bids    []*models.Bid
}

// add schedules an action; it is an error to plan one after the end.
func (p *seedPlan) add(at time.Time, what string, do func(ctx context.Context) error) {
	p.steps = append(p.steps, seedStep{at: at, seq: len(p.steps), what: what, do: do})
}

// replay runs the planned steps in time order, moving the clock to each.
func (p *seedPlan) replay(ctx context.Context, clock SeedClock) error {
	sort.SliceStable(p.steps, func(i, j int) bool { return p.steps[i].at.Before(p.steps[j].at) })
	for _, s := range p.steps {
		if s.at.After(p.end) {
			return fmt.Errorf("seed plan: %s is planned after the end (%s)", s.what, s.at.Format(time.RFC3339))
		}
		clock.Advance(s.at.Sub(p.a.Now()))
		if err := s.do(ctx); err != nil {
			return fmt.Errorf("seeding: %s: %w", s.what, err)
		}
	}
	return nil
}

// cityDay returns t's date in Shanghai at the given hour.
func cityDay(t time.Time, hour int) time.Time {
	c := t.In(shanghai())
	return time.Date(c.Year(), c.Month(), c.Day(), hour, 0, 0, 0, shanghai()).UTC()
}

// days is d days as a duration (fractions allowed).
func days(d float64) time.Duration { return time.Duration(d * float64(seedDay)) }

// storyTimes are when one listing is created and its bids close.
type storyTimes struct {
	created, deadline time.Time
}

// times chooses a listing's creation and deadline so that, replayed to the
// end, it lands in its state; i varies them from listing to listing.
func (p *seedPlan) times(i int, l seedListing) storyTimes {
	ago := func(d float64) time.Time { return p.end.Add(-days(d)) }
	var t storyTimes
	switch l.state {
	case stDraft:
		t.created = ago(float64(1 + i%10))
	case stPending:
		t.created, t.deadline = ago(float64(2+i%4)), cityDay(p.end.Add(days(float64(20+i%15))), 17)
	case stRejected:
		t.created = ago(float64(25 + i%30))
		t.deadline = cityDay(t.created.Add(days(45)), 17)
	case stPublished:
		t.created, t.deadline = ago(float64(7+i%18)), cityDay(p.end.Add(days(float64(8+i%25))), 17)
	case stClosed:
		t.deadline = cityDay(ago(float64(2+i%6)), 10)
		t.created = t.deadline.Add(-days(24))
	case stAwarded:
		t.deadline = cityDay(ago(float64(12+i%35)), 10)
		t.created = t.deadline.Add(-days(25))
	case stCompleted:
		t.deadline = cityDay(ago(float64(80+i%12)), 10)
		t.created = t.deadline.Add(-days(22))
	case stUnsuccessful:
		t.deadline = cityDay(ago(float64(15+i%20)), 10)
		t.created = t.deadline.Add(-days(24))
	case stCancelled:
		t.created = ago(float64(30 + i%20))
		t.deadline = cityDay(t.created.Add(days(21)), 17)
	}
	if l.demo {
		t.created = ago(5)
		if l.state == stDraft {
			t.created = ago(2)
		}
		if l.openDays > 0 {
			t.deadline = p.end.Add(days(float64(l.openDays))).Truncate(time.Hour)
		}
	}
	return t
}

// input is the listing's fields with its deadline and delivery window.
func (l seedListing) input(i int, t storyTimes) OpportunityInput {
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	in := OpportunityInput{Title: str(l.title), Description: str(l.description), Domain: str(l.domain), District: str(l.district),
		Scenarios: tags(l.scenarios), Capabilities: tags(l.caps)}
	if l.maxWan > 0 {
		in.Budget = &models.Budget{MinFen: l.minWan * 1_000_000, MaxFen: l.maxWan * 1_000_000}
	}
	if !t.deadline.IsZero() {
		d := t.deadline
		in.BidDeadline = &d
		if l.kind == models.KindGovernmentNeed {
			start, end := cityDay(d.Add(days(30)), 0), cityDay(d.Add(days(float64(180+30*(i%6)))), 0)
			in.DeliveryStart, in.DeliveryEnd = &start, &end
		}
		cs := l.criteria(i)
		in.Criteria = &cs
	}
	if l.smeOnly {
		in.Eligibility = &models.Eligibility{VerifiedOnly: true, SMEOnly: true}
	}
	return in
}

// story plans one listing's history: drafted, submitted and reviewed,
// questions, an amendment, bids, closing at the deadline, evaluation, award,
// completion, or its other ending.
func (p *seedPlan) story(i int, l seedListing) error {
	owner, ok := p.members[l.owner]
	if !ok {
		return fmt.Errorf("seed listing %q: unknown owner %s", l.title, l.owner)
	}
	r := &seedRun{l: l, i: i, owner: owner.actor}
	t := p.times(i, l)
	name := fmt.Sprintf("listing %d (%s)", i, l.title)
	p.add(t.created, name+": draft", func(ctx context.Context) error {
		o, err := p.a.CreateOpportunity(ctx, r.owner, l.kind, l.input(i, t))
		if err == nil {
			r.id = o.ID
		}
		return err
	})
	if l.state != stDraft || i%2 == 0 {
		p.add(t.created.Add(time.Hour), name+": specification", func(ctx context.Context) error { return p.attachSpecification(ctx, r) })
	}
	if l.state == stDraft {
		return nil
	}
	submitted := t.created.Add(3 * time.Hour)
	p.add(submitted, name+": submit", func(ctx context.Context) error {
		_, err := p.a.SubmitOpportunity(ctx, r.owner, r.id)
		return err
	})
	review := t.created.Add(days(1))
	switch {
	case l.state == stPending:
		return nil
	case l.state == stRejected:
		p.add(review, name+": reject", func(ctx context.Context) error {
			_, err := p.a.RejectOpportunity(ctx, p.operator, r.id, pick(rejectReasons(), i))
			return err
		})
		return nil
	case l.state == stCancelled && l.kind == models.KindGovernmentNeed && i%3 == 1:
		p.add(review, name+": cancel in review", func(ctx context.Context) error {
			_, err := p.a.CancelOpportunity(ctx, r.owner, r.id, pick(cancelReasons(), i))
			return err
		})
		return nil
	}
	pub := submitted
	if l.kind == models.KindGovernmentNeed {
		pub = review
		p.add(pub, name+": approve", func(ctx context.Context) error {
			_, err := p.a.ApproveOpportunity(ctx, p.operator, r.id)
			return err
		})
	}
	p.planQuestions(r, name, pub)
	if !l.demo && (l.state == stPublished && i%2 == 1 || l.state == stClosed && i%3 == 0 || l.state == stAwarded && i%4 == 0) {
		p.add(pub.Add(days(2)+6*time.Hour), name+": amend", func(ctx context.Context) error { return p.amend(ctx, r) })
	}
	if !l.demo {
		r.bidders = p.chooseBidders(i, l, bidCount(i, l.state))
		for k, m := range r.bidders {
			p.add(pub.Add(days(3)+time.Duration(k*3)*time.Hour+30*time.Minute), name+": bid by "+m.org.org.Name, func(ctx context.Context) error {
				b, _, err := p.a.SubmitBid(ctx, m.actor, r.id, "", bidInput(r, k, m))
				if err == nil && k%2 == 0 {
					b, err = p.attachProposal(ctx, m, b)
				}
				if err == nil {
					r.bids = append(r.bids, b)
				}
				return err
			})
		}
	}
	if l.state == stPublished {
		return nil
	}
	if l.state == stCancelled && i%3 != 2 {
		p.add(pub.Add(days(5)), name+": cancel", func(ctx context.Context) error {
			_, err := p.a.CancelOpportunity(ctx, r.owner, r.id, pick(cancelReasons(), i))
			return err
		})
		return nil
	}
	p.add(t.deadline.Add(time.Minute), name+": close at the deadline", func(ctx context.Context) error {
		done, err := p.a.closeIfDue(ctx, r.id)
		if err == nil && !done {
			err = fmt.Errorf("not closed at its deadline")
		}
		return err
	})
	p.planEvaluation(r, name, t.deadline)
	return nil
}

// bidCount is how many providers bid on a listing that ends in state.
func bidCount(i int, state string) int {
	switch state {
	case stPublished:
		return i % 4
	case stClosed, stAwarded:
		return 3 + i%3
	case stCompleted:
		return 2 + i%3
	case stUnsuccessful:
		return i % 3
	case stCancelled:
		return 1 + i%2
	}
	return 0
}
