package scale

import (
	"math"
	"slices"
	"time"

	"market/app"
	"market/models"
)

// Saved searches are sized so that each brings about matchesPerSearchYear
// alerts per year of its life, whatever the size of the store: a user
// narrows a search until it brings a manageable flow (in a larger market,
// a narrower search). The generator estimates a search's matches on a
// sample of the planned listings.
const (
	matchesPerSearchYear = 45.0
	sampleSize           = 1500
)

// sample is some planned listings, as alerts would see them, and when
// each was published or amended.
type sample struct {
	listings []*models.Opportunity
	alerts   [][]time.Time
	scale    float64 // listings per sampled listing
}

// newSample plans every step-th listing.
func (p *planner) newSample(listings int) *sample {
	step := max(1, listings/sampleSize)
	s := &sample{scale: float64(step)}
	for idx := 0; idx < listings; idx += step {
		l := p.listing(idx)
		if l == nil {
			continue
		}
		var times []time.Time
		for _, st := range l.steps {
			if st.kind == stApprove || st.kind == stAmend || (st.kind == stSubmit && l.kind == models.KindSMEHelp) {
				times = append(times, st.at)
			}
		}
		if len(times) == 0 {
			continue
		}
		in := l.in
		s.listings = append(s.listings, &models.Opportunity{Kind: l.kind, Title: *in.Title, Description: *in.Description,
			Domain: *in.Domain, District: *in.District, Scenarios: *in.Scenarios, Capabilities: *in.Capabilities,
			Budget: *in.Budget, Eligibility: *in.Eligibility, Buyer: models.OrgRef{Name: l.buyer.name}})
		s.alerts = append(s.alerts, times)
	}
	return s
}

// expected estimates how many alerts a saved search made at t brings.
func (s *sample) expected(q app.OpportunityQuery, t time.Time) float64 {
	sq := models.SavedQuery{Text: q.Text, Kinds: q.Kinds, Domains: q.Domains, Districts: q.Districts,
		Capabilities: q.Capabilities, Scenarios: q.Scenarios, BudgetMinFen: q.BudgetMinFen}
	n := 0
	for i, o := range s.listings {
		later := 0
		for _, at := range s.alerts[i] {
			if at.After(t) {
				later++
			}
		}
		if later > 0 && sq.Matches(o) {
			n += later
		}
	}
	return float64(n) * s.scale
}

// searchKeywords are words people save searches for.
func searchKeywords() []string {
	return []string{"平台", "系统", "智慧", "数据", "数字孪生", "养老", "社区", "交通", "监测", "一网", "小程序",
		"上云", "platform", "cloud", "AI", "ERP", "digital twin", "监管", "服务"}
}

// savedSearch drafts a saved search by a member of org made at t: a first
// filter of interest, then narrower ones until it should bring about as
// many alerts as the user wants over the rest of the history.
func (co *coordinator) savedSearch(r *rng, org *orgPlan, t time.Time) app.SavedSearchInput {
	v := co.g.v
	years := co.g.tl.end.Sub(t).Hours() / 24 / 365
	want := matchesPerSearchYear * years * math.Exp(0.5*r.NormFloat64()-0.125)
	var q app.OpportunityQuery
	name := ""
	narrow := []func(){}
	switch r.weighted([]float64{40, 20, 15, 10, 15}) {
	case 0:
		c := pick(r, append(org.caps, "big_data"))
		q.Capabilities, name = []string{c}, label(v.terms.Capabilities, c).zh
	case 1:
		sc := pick(r, v.scenarios).code
		q.Scenarios, name = []string{sc}, label(v.terms.Scenarios, sc).zh
	case 2:
		d := pick(r, []string{"economy", "life", "governance"})
		q.Domains, name = []string{d}, label(v.terms.Domains, d).zh
	case 3:
		q.Kinds, name = []string{models.KindSMEHelp}, "中小企业求助"
	default:
		q.Text = pick(r, searchKeywords())
		name = "“" + q.Text + "”"
	}
	district := org.district
	if district == models.DistrictCitywide || r.chance(0.3) {
		district = v.places[r.IntN(len(v.places)-1)].code
	}
	narrow = append(narrow, func() { q.Districts = []string{district}; name = v.place(district).zh + name })
	narrow = append(narrow, func() {
		if q.Domains == nil {
			d := pick(r, []string{"economy", "life", "governance"})
			q.Domains = []string{d}
		} else {
			floor := int64(1_000_000_00) // a million yuan
			q.BudgetMinFen = &floor
			name += "（百万元以上）"
		}
	})
	narrow = append(narrow, func() {
		if q.Text == "" {
			q.Text = pick(r, searchKeywords())
			name += "·" + q.Text
		} else if len(org.caps) > 0 {
			q.Capabilities = []string{pick(r, org.caps)}
		}
	})
	// Of the search at each step of narrowing, keep the one whose
	// expected alerts are nearest (by ratio) to what the user wants.
	best, bestName, bestGap := q, name, math.Inf(1)
	for i := 0; ; i++ {
		if gap := math.Abs(math.Log((co.sample.expected(q, t) + 1) / (want + 1))); gap < bestGap {
			best, bestName, bestGap = q, name, gap
		}
		if i == len(narrow) {
			break
		}
		narrow[i]()
	}
	q, name = best, bestName
	digest := models.DigestDaily
	if r.chance(0.4) {
		digest = models.DigestInstant
	}
	if len([]rune(name)) > models.MaxSavedSearchName-4 {
		name = string([]rune(name)[:models.MaxSavedSearchName-4])
	}
	return app.SavedSearchInput{Name: name + "需求", Query: q, Digest: digest}
}

// subscription is a saved search or a follow to be made at a barrier.
type subscription struct {
	r *rng
}

// planSubscriptions spreads n subscriptions of a kind over the barriers,
// more as the market grows; each has its own random source.
func planSubscriptions(seed uint64, kind string, n int, tl *timeline) [][]subscription {
	out := make([][]subscription, len(tl.barriers))
	for i := range n {
		r := newRNG(seed, kind, i)
		at := growth(r, tl.start.Add(60*day), tl.end.Add(-7*day))
		k, _ := slices.BinarySearchFunc(tl.barriers, at, func(b, t time.Time) int { return b.Compare(t) })
		out[min(k, len(out)-1)] = append(out[min(k, len(out)-1)], subscription{r: r})
	}
	return out
}
