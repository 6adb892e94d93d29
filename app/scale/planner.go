package scale

import (
	"fmt"
	"slices"
	"time"

	"market/app"
	"market/models"
)

// planner plans listings: each from its own random source, so that a
// listing's history depends on the seed and its index only.
type planner struct {
	seed  uint64
	tl    *timeline
	v     *vocab
	pools *pools
	fateW []float64
	// smeShare is the chance that a listing whose fate allows it is an SME
	// help request.
	smeShare float64
}

// newPlanner returns the planner of a generation.
func newPlanner(seed uint64, tl *timeline, v *vocab, orgs []*orgPlan) *planner {
	w := fateWeights()
	open := 0.0
	for f, x := range w {
		if !fate(f).governmentOnly() {
			open += x
		}
	}
	return &planner{seed: seed, tl: tl, v: v, pools: newPools(orgs, v), fateW: w, smeShare: smeHelpShare * 100 / open}
}

// listing plans listing idx: its fate, times, owner, content, bids,
// questions and steps. It returns nil when no organisation could own it
// (only possible in a store far smaller than any test makes).
func (p *planner) listing(idx int) *listingPlan {
	r, f, gov, s := p.head(idx)
	l := &listingPlan{idx: idx, fate: f, kind: models.KindGovernmentNeed}
	from := p.buyers
	if !gov {
		l.kind, from = models.KindSMEHelp, p.owners
	}
	l.buyer = from().drawAny(r, s.created, func(o *orgPlan) bool {
		return o.regAt.After(s.created) || slices.ContainsFunc(s.submits, func(t time.Time) bool { return !o.activeAt(t) })
	})
	if l.buyer == nil {
		return nil
	}
	if gov {
		l.in = governmentNeed(r, p.v, l, s)
	} else {
		l.in = smeHelp(r, p.v, l, s)
	}
	p.edits(r, l, s)
	steps := &stepList{}
	steps.add(s.created, stCreate, 0)
	for i, t := range s.edits {
		steps.add(t, stEdit, i)
	}
	for i, t := range s.submits {
		steps.add(t, stSubmit, i)
	}
	if !s.rejected.IsZero() {
		steps.add(s.rejected, stReject, 0)
	}
	if f.published() {
		if gov {
			steps.add(s.published, stApprove, 0)
		}
		if !s.amendAt.IsZero() {
			steps.add(s.amendAt, stAmend, len(s.edits))
		}
		if !s.extendAt.IsZero() {
			l.deadlines = append(l.deadlines, s.extendTo)
			steps.add(s.extendAt, stExtend, 0)
		}
		p.bids(r, l, s, steps)
		p.questions(r, l, s, steps)
		if s.cancelled.IsZero() || s.cancelled.After(s.final) {
			// The deadline job's first tick after the deadline, as a server's would.
			steps.add(s.final.Add(r.span(500*time.Millisecond, 5*time.Second)), stClose, 0)
		}
		p.evaluation(r, l, s, steps)
	}
	if !s.cancelled.IsZero() {
		steps.add(s.cancelled, stCancel, 0)
	}
	l.steps = steps.sorted()
	return l
}

// head draws the first part of listing idx's plan: its random source,
// fate, kind and skeleton.
func (p *planner) head(idx int) (*rng, fate, bool, *skeleton) {
	r := newRNG(p.seed, "listing", idx)
	f := fate(r.weighted(p.fateW))
	if idx < int(fateCount) {
		f = fate(idx) // every fate once, whatever the size
	}
	gov := f.governmentOnly() || !r.chance(p.smeShare)
	return r, f, gov, planSkeleton(r, f, gov, p.tl).roundDeadlines()
}

// startOf returns when listing idx's history begins, without planning the rest.
func (p *planner) startOf(idx int) time.Time {
	_, _, _, s := p.head(idx)
	return s.created.UTC().Truncate(time.Millisecond)
}

// buyers and owners are the pools of government buyers and of SMEs.
func (p *planner) buyers() *pool { return p.pools.buyers }
func (p *planner) owners() *pool { return p.pools.smeOwners }

// edits plans the changes of the draft (a line added to the description
// each time) and the amendment, if any, which comes last in l.edits.
func (p *planner) edits(r *rng, l *listingPlan, s *skeleton) {
	desc := *l.in.Description
	for range s.edits {
		desc += "\n\n" + pick(r, p.v.reasons.listingEdits)
		d := desc
		in := app.OpportunityInput{Description: &d}
		if r.chance(0.2) {
			b := *l.in.Budget
			b.MaxFen = b.MaxFen / 100 * 110
			in.Budget = &b
		}
		l.edits = append(l.edits, in)
	}
	if s.amendAt.IsZero() {
		return
	}
	d := desc + "\n\n【变更公告 Amendment】" + pick(r, p.v.reasons.amendmentReasons)
	in := app.OpportunityInput{Description: &d}
	if !s.amendTo.IsZero() {
		t := s.amendTo
		in.BidDeadline = &t
	}
	l.edits = append(l.edits, in)
}

// stepList collects a listing's steps.
type stepList struct{ steps []step }

// add adds a step at a time.
func (l *stepList) add(at time.Time, kind stepKind, n int) {
	l.steps = append(l.steps, step{at: at.UTC().Truncate(time.Millisecond), kind: kind, n: n})
}

// sorted returns the steps in time order; steps at the same time keep the
// order they were added in, which follows cause and effect.
func (l *stepList) sorted() []step {
	slices.SortStableFunc(l.steps, func(a, b step) int { return a.at.Compare(b.at) })
	return l.steps
}

// idempotencyKey returns a key as clients make them: a random UUID.
func idempotencyKey(r *rng) string {
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff,
		0x8000|r.Uint32()&0x3fff, r.Uint64()&0xffffffffffff)
}
