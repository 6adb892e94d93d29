package scale

import (
	"slices"
	"sort"
	"time"
)

// pool is a set of organisations to draw from at a time: sorted by when
// they were verified, with cumulative weights, so that a draw among those
// verified by t is a binary search.
type pool struct {
	orgs []*orgPlan
	cum  []float64
}

// newPool returns the pool of the organisations keep accepts among those
// ever verified, each drawn in proportion to weight(o).
func newPool(orgs []*orgPlan, keep func(*orgPlan) bool, weight func(*orgPlan) float64) *pool {
	p := &pool{}
	for _, o := range orgs {
		if !o.verifiedAt.IsZero() && keep(o) {
			p.orgs = append(p.orgs, o)
		}
	}
	slices.SortStableFunc(p.orgs, func(a, b *orgPlan) int { return a.verifiedAt.Compare(b.verifiedAt) })
	total := 0.0
	for _, o := range p.orgs {
		total += weight(o)
		p.cum = append(p.cum, total)
	}
	return p
}

// draw returns an organisation active at t, other than those in skip, or
// nil when it finds none in a few tries.
func (p *pool) draw(r *rng, t time.Time, skip func(*orgPlan) bool) *orgPlan {
	n := sort.Search(len(p.orgs), func(i int) bool { return p.orgs[i].verifiedAt.After(t) })
	if n == 0 {
		return nil
	}
	for range 12 {
		x := r.Float64() * p.cum[n-1]
		o := p.orgs[sort.SearchFloat64s(p.cum[:n], x)]
		if o.activeAt(t) && (skip == nil || !skip(o)) {
			return o
		}
	}
	return nil
}

// pools are the organisations the listings draw their buyers, bidders and
// askers from.
type pools struct {
	buyers    *pool // government bodies
	smeOwners *pool // SMEs asking for help: mostly those that make or sell things
	bidders   *pool // every provider, digital firms far more than others
	smeBidder *pool // SMEs, for listings set aside for SMEs
	byCap     map[string]*pool
}

// newPools sorts the organisations into pools.
func newPools(orgs []*orgPlan, v *vocab) *pools {
	busy := func(o *orgPlan) float64 { return o.weight }
	bidWeight := func(o *orgPlan) float64 {
		switch o.kind {
		case orgTech:
			return 3 * o.weight
		case orgTechSME:
			return o.weight
		}
		return 0.04 * o.weight
	}
	p := &pools{
		buyers:    newPool(orgs, func(o *orgPlan) bool { return o.kind == orgGov }, busy),
		smeOwners: newPool(orgs, func(o *orgPlan) bool { return o.sme() }, func(o *orgPlan) float64 { return map[bool]float64{true: 3, false: 1}[o.kind == orgTradeSME] }),
		bidders:   newPool(orgs, func(o *orgPlan) bool { return o.provider() }, bidWeight),
		smeBidder: newPool(orgs, func(o *orgPlan) bool { return o.sme() }, bidWeight),
		byCap:     map[string]*pool{},
	}
	for _, t := range v.terms.Capabilities {
		p.byCap[t.Code] = newPool(orgs, func(o *orgPlan) bool { return o.provider() && slices.Contains(o.caps, t.Code) }, bidWeight)
	}
	return p
}

// provider draws a provider for a listing at t: mostly one offering one of
// its capabilities, SMEs only for a set-aside, never the buyer nor one in skip.
func (p *pools) provider(r *rng, t time.Time, l *listingPlan, skip func(*orgPlan) bool) *orgPlan {
	notBuyer := func(o *orgPlan) bool { return o == l.buyer || (skip != nil && skip(o)) }
	if l.smeOnly {
		return p.smeBidder.draw(r, t, notBuyer)
	}
	if len(l.caps) > 0 && r.chance(0.7) {
		if o := p.byCap[pick(r, l.caps)].draw(r, t, notBuyer); o != nil {
			return o
		}
	}
	return p.bidders.draw(r, t, notBuyer)
}

// drawAny is draw, falling back to the first organisation active at t that
// skip does not exclude, so that a listing finds its buyer even among few.
func (p *pool) drawAny(r *rng, t time.Time, skip func(*orgPlan) bool) *orgPlan {
	if o := p.draw(r, t, skip); o != nil {
		return o
	}
	for _, o := range p.orgs {
		if o.verifiedAt.After(t) {
			break
		}
		if o.activeAt(t) && (skip == nil || !skip(o)) {
			return o
		}
	}
	return nil
}
