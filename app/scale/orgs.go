package scale

import (
	"fmt"
	"math"
	"strings"
	"time"

	"market/models"
)

// orgKind is what an organisation is, for the generator.
type orgKind int

// The kinds of organisation.
const (
	orgGov       orgKind = iota // a government body: posts government needs
	orgTech                     // a digital enterprise (not an SME): bids
	orgTechSME                  // a digital SME: bids, sometimes on set-asides
	orgTradeSME                 // an SME that makes or sells things: posts help requests
	orgKindCount                //
)

// Verification outcomes of an organisation.
const (
	verifyOK        = iota // verified
	verifyNever            // left unverified
	verifyRejected         // rejected
	verifyWithdrawn        // verified, later withdrawn (rejected) at a barrier
)

// orgPlan is one organisation: who it is, when it registered and was
// verified, its members and, once registered, its ID.
type orgPlan struct {
	idx        int
	kind       orgKind
	name       string
	creditCode string
	district   string
	regAt      time.Time
	outcome    int
	// active is when it may post and bid: from its verification until its
	// withdrawal (zero: never).
	verifiedAt, withdrawnAt time.Time
	rejectedAt              time.Time
	weight                  float64 // how busy it is, relative to others
	caps                    []string
	users                   []*userPlan
	id                      string // set once registered
}

// userPlan is one member of an organisation.
type userPlan struct {
	at     time.Time
	person person
	email  string
	id     string // set once created
}

// provider reports whether the organisation may bid (an enterprise).
func (o *orgPlan) provider() bool { return o.kind != orgGov }

// sme reports whether the organisation is an SME.
func (o *orgPlan) sme() bool { return o.kind == orgTechSME || o.kind == orgTradeSME }

// activeAt reports whether the organisation is verified at t.
func (o *orgPlan) activeAt(t time.Time) bool {
	if o.verifiedAt.IsZero() || t.Before(o.verifiedAt) {
		return false
	}
	return o.withdrawnAt.IsZero() || t.Before(o.withdrawnAt)
}

// member returns a member who existed at t (the first one always did, once registered).
func (o *orgPlan) member(r *rng, t time.Time) *userPlan {
	n := 0
	for n < len(o.users) && !o.users[n].at.After(t) {
		n++
	}
	return o.users[r.IntN(max(n, 1))]
}

// actor is the member as the App's actor.
func (u *userPlan) actor(o *orgPlan) models.Actor {
	return models.Actor{UserID: u.id, OrganizationID: o.id, Role: models.RoleMember}
}

// planOrgs plans n organisations over the timeline.
func planOrgs(seed uint64, n int, tl *timeline, v *vocab) []*orgPlan {
	names := map[string]bool{}
	orgs := make([]*orgPlan, n)
	for i := range orgs {
		r := newRNG(seed, "org", i)
		o := &orgPlan{idx: i}
		switch {
		case r.chance(govShare):
			o.kind = orgGov
		case !r.chance(smeShare):
			o.kind = orgTech
		case r.chance(techSMEShare):
			o.kind = orgTechSME
		default:
			o.kind = orgTradeSME
		}
		if i < int(orgKindCount) { // one of each, whatever the size
			o.kind = orgKind(i)
		}
		p := v.places[r.weighted(v.districtW)]
		o.district = p.code
		o.name = uniqueName(r, names, func() string { return orgName(r, o, &p, v) })
		if o.district == models.DistrictCitywide && o.kind != orgGov {
			o.district = "pudong" // a company is registered in a district
		}
		o.creditCode = creditCode(o, v.place(o.district).division)
		planOrgTimes(r, o, i, n, tl)
		o.weight = math.Exp(0.8 * r.NormFloat64())
		if o.kind == orgGov && strings.HasSuffix(o.name, "大数据中心") {
			o.weight *= 4 // the districts' data centres post the most
		}
		o.caps = providerCaps(r, o)
		planMembers(seed, o, tl)
		orgs[i] = o
	}
	return orgs
}

// planOrgTimes sets when an organisation registered, and how and when it
// was verified. One in twelve joined at the launch; the rest as the market grew.
func planOrgTimes(r *rng, o *orgPlan, i, n int, tl *timeline) {
	if i < max(int(orgKindCount), n/12) {
		o.regAt = tl.start.Add(r.span(time.Hour, 30*day))
	} else {
		o.regAt = growth(r, tl.start.Add(30*day), tl.end.Add(-14*day))
	}
	o.regAt = o.regAt.Truncate(time.Second)
	outcome := r.weighted([]float64{88, 6, 5, 1})
	if o.kind == orgGov {
		outcome = r.weighted([]float64{97, 2, 1, 0})
	}
	if i < int(orgKindCount) {
		outcome = verifyOK
	}
	o.outcome = outcome
	switch outcome {
	case verifyOK, verifyWithdrawn:
		o.verifiedAt = o.regAt.Add(r.logSpan(2*time.Hour, 12*day))
		if outcome == verifyWithdrawn {
			// Withdrawn at a barrier, when no shard is running (see coordinator).
			planned := o.verifiedAt.Add(time.Duration(r.Float64() * float64(tl.end.Sub(o.verifiedAt))))
			if o.withdrawnAt = tl.barrierAfter(planned); !o.withdrawnAt.Before(tl.end) {
				o.outcome, o.withdrawnAt = verifyOK, time.Time{}
			}
		}
	case verifyRejected:
		o.rejectedAt = o.regAt.Add(r.logSpan(day, 20*day))
	}
}

// providerCaps returns what a provider offers.
func providerCaps(r *rng, o *orgPlan) []string {
	all := models.AllVocabularies().Capabilities
	codes := make([]string, len(all))
	for i, t := range all {
		codes[i] = t.Code
	}
	switch o.kind {
	case orgTech:
		return pickN(r, codes, r.between(3, 7))
	case orgTechSME:
		return pickN(r, codes, r.between(1, 4))
	case orgTradeSME:
		return pickN(r, []string{"erp_crm", "ecommerce", "low_code", "mobile_apps", "iot"}, r.between(1, 2))
	}
	return nil
}

// planMembers plans an organisation's members: the one who registered it,
// and colleagues who joined later.
func planMembers(seed uint64, o *orgPlan, tl *timeline) {
	r := newRNG(seed, "members", o.idx)
	extra := map[orgKind]float64{orgGov: 3, orgTech: 2.5, orgTechSME: 0.8, orgTradeSME: 0.6}[o.kind]
	n := 1 + r.poisson(extra)
	for k := range n {
		at := o.regAt
		if k > 0 {
			at = o.regAt.Add(time.Duration(r.Float64() * float64(tl.end.Sub(o.regAt)))).Truncate(time.Second)
		}
		p := newPerson(r)
		o.users = append(o.users, &userPlan{at: at, person: p, email: email(p, o.idx, k)})
	}
	// Members in the order they joined, the registering one first.
	for i := 1; i < len(o.users); i++ {
		for j := i; j > 1 && o.users[j].at.Before(o.users[j-1].at); j-- {
			o.users[j], o.users[j-1] = o.users[j-1], o.users[j]
		}
	}
}

// uniqueName draws names until one is new (or, after some tries, numbers it).
func uniqueName(r *rng, seen map[string]bool, draw func() string) string {
	name := draw()
	for try := 0; seen[name] && try < 20; try++ {
		name = draw()
	}
	for n := 2; seen[name]; n++ {
		if !seen[fmt.Sprintf("%s（%d）", name, n)] {
			name = fmt.Sprintf("%s（%d）", name, n)
		}
	}
	seen[name] = true
	return name
}

// orgName draws a name for an organisation of o's kind in place p (which
// a city body changes to the city as a whole).
func orgName(r *rng, o *orgPlan, p *place, v *vocab) string {
	switch o.kind {
	case orgGov:
		return govName(r, o, p, v)
	case orgTech, orgTechSME:
		if r.chance(0.12) {
			a, b := englishWords()
			return fmt.Sprintf("Shanghai %s %s Co., Ltd.", pick(r, a), pick(r, b))
		}
		w := companyWords()
		core := pick(r, w)
		if r.chance(0.6) {
			core += pick(r, w)
		}
		suffix := "有限公司"
		if o.kind == orgTech && r.chance(0.2) {
			suffix = "股份有限公司"
		}
		return "上海" + core + pick(r, techIndustries()) + suffix
	}
	if r.chance(0.08) {
		a, _ := englishWords()
		return fmt.Sprintf("%s %s", pick(r, a), pick(r, smeEnglishWords()))
	}
	city := p.short
	if p.code == models.DistrictCitywide || r.chance(0.4) {
		city = "上海"
	}
	return city + pick(r, companyWords()) + pick(r, smeTrades()) + "有限公司"
}

// govName draws the name of a government body.
func govName(r *rng, o *orgPlan, p *place, v *vocab) string {
	if p.code == models.DistrictCitywide || r.chance(0.08) {
		o.district, *p = models.DistrictCitywide, v.place(models.DistrictCitywide)
		return "上海市" + pick(r, cityAgencies())
	}
	switch r.weighted([]float64{50, 27, 14, 9}) {
	case 0:
		return p.zh + pick(r, districtAgencies())
	case 1:
		unit := pick(r, p.units)
		return p.zh + unit + pick(r, unitBodies(strings.HasSuffix(unit, "镇")))
	case 2:
		inst := pick(r, institutions())
		if r.chance(0.4) {
			return fmt.Sprintf("%s第%s%s", p.zh, pick(r, []string{"一", "二", "三", "四", "五", "六", "七", "八"}), inst)
		}
		return p.zh + inst
	}
	return p.zh + pick(r, p.units) + pick(r, residentialAreas()) + "居民委员会"
}

// creditCode returns a unified social credit code (GB 32100-2015) for o:
// the registering authority and category (11 for a government body, 12
// for a public institution, 91 for a company), the district's division
// code, a body code made unique by o's index, and the check character.
func creditCode(o *orgPlan, division string) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY" // the code's character set
	prefix := "91"
	if o.kind == orgGov {
		prefix = "11"
		if strings.Contains(o.name, "中心") || strings.Contains(o.name, "医院") || strings.Contains(o.name, "学") {
			prefix = "12"
		}
	}
	body := []byte("MA0000000")
	for i, n := len(body)-1, o.idx; n > 0 && i >= 2; i, n = i-1, n/len(chars) {
		body[i] = chars[n%len(chars)]
	}
	first := prefix + division + string(body)
	check, _ := models.CreditCodeCheckChar(first)
	return first + string(check)
}
