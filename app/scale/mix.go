package scale

import (
	"math"
	"time"
)

// The mix of scale S, per listing: every count the generator makes is
// Listings times one of these (rounded), so that a smaller or larger
// store keeps S's proportions. Bids, questions, events and notifications
// follow from the listings' histories (see plan.go), tuned so that scale S
// lands near its targets.
const (
	// orgsPerListing: 20,000 organisations for 100,000 listings.
	orgsPerListing = 0.2
	// govShare of organisations are government bodies; smeShare of the
	// enterprises are SMEs, techSMEShare of those digital firms (the rest
	// make or sell things, post help requests and rarely bid).
	govShare     = 0.15
	smeShare     = 0.70
	techSMEShare = 0.45
	// savedSearchesPerListing and followsPerListing: the alerts' subscribers.
	savedSearchesPerListing = 0.03
	followsPerListing       = 0.06
	// listingsPerOperator: one platform operator per 12,500 listings, at least two.
	listingsPerOperator = 12_500
	// years of history, ending now.
	years = 10
)

// sizes are the counts a generation makes directly.
type sizes struct {
	listings, orgs, operators, savedSearches, follows int
}

// sizesFor returns the counts for n listings.
func sizesFor(n int) sizes {
	round := func(x float64) int { return int(math.Round(x)) }
	return sizes{
		listings:      n,
		orgs:          max(12, round(float64(n)*orgsPerListing)),
		operators:     max(2, round(float64(n)/listingsPerOperator)),
		savedSearches: max(3, round(float64(n)*savedSearchesPerListing)),
		follows:       max(5, round(float64(n)*followsPerListing)),
	}
}

// fate is a listing's status at the end of the history, as planned.
type fate int

// The fates, with cancellation split by the status it came from.
const (
	fateDraft fate = iota
	fatePending
	fateRejected
	fateOpen
	fateClosed
	fateAwarded
	fateCompleted
	fateUnsuccessful
	fateCancelledInReview
	fateCancelledOpen
	fateCancelledClosed
	fateCount
)

// fateWeights are the shares of the fates, in percent of all listings.
func fateWeights() []float64 {
	w := make([]float64, fateCount)
	w[fateDraft], w[fatePending], w[fateRejected] = 3, 2, 1
	w[fateOpen], w[fateClosed] = 10, 3
	w[fateAwarded], w[fateCompleted], w[fateUnsuccessful] = 40, 25, 6
	w[fateCancelledInReview], w[fateCancelledOpen], w[fateCancelledClosed] = 2.5, 6, 1.5
	return w
}

// governmentOnly reports whether only a government need can end so: SME
// help requests are published without review.
func (f fate) governmentOnly() bool {
	return f == fatePending || f == fateRejected || f == fateCancelledInReview
}

// published reports whether a listing of this fate is published at some time.
func (f fate) published() bool {
	switch f {
	case fateDraft, fatePending, fateRejected, fateCancelledInReview:
		return false
	}
	return true
}

// smeHelpShare is the share of SME help requests among listings; since
// some fates are for government needs only, the share among the others
// is higher so that the total comes out at it.
const smeHelpShare = 0.20

// day is a calendar day of simulated time.
const day = 24 * time.Hour

// timeline is the simulated history: from start to end (the real current
// time), with the barriers at which every shard stops so that alert
// subscriptions start at one moment for all (see coordinator).
type timeline struct {
	start, end time.Time
	barriers   []time.Time // ascending; the last is end
}

// newTimeline returns the history ending at end, with a barrier about
// every week (at a random time of day, so that subscriptions are not all
// made at one hour).
func newTimeline(end time.Time, seed uint64) *timeline {
	end = end.UTC().Truncate(time.Millisecond)
	t := &timeline{start: end.AddDate(-years, 0, 0), end: end}
	r := newRNG(seed, "barriers", 0)
	for b := t.start.Add(7 * day); ; b = b.Add(7 * day) {
		at := b.Add(r.span(0, day)).Truncate(time.Second)
		if !at.Before(end.Add(-time.Hour)) {
			break
		}
		t.barriers = append(t.barriers, at)
	}
	t.barriers = append(t.barriers, end)
	return t
}

// barrierAfter returns the first barrier at or after at (end if none).
func (t *timeline) barrierAfter(at time.Time) time.Time {
	for _, b := range t.barriers {
		if !b.Before(at) {
			return b
		}
	}
	return t.end
}

// growth returns a time in [from, to) drawn so that the density rises
// linearly, from 0.3 at from to 1.3 at to: the market grows over the decade.
func growth(r *rng, from, to time.Time) time.Time {
	u := r.Float64()
	x := (-0.3 + math.Sqrt(0.09+1.6*u)) // inverse of F(x) = (0.3x + x²/2) / 0.8 on [0, 1]
	return from.Add(time.Duration(x * float64(to.Sub(from))))
}
