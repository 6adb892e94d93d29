package app

import (
	"fmt"
	"math/bits"
	"strings"
	"time"

	"market/models"
)

// Ranking scores every verified provider for a listing (or every open
// listing for a provider): thousands of pairs per request. Spelling out
// each pair's reasons, with their labels, costs microseconds; ranking
// instead computes the score from features of each provider's profile
// (bits per vocabulary code, and the vocabulary terms its texts name) and
// a query of each listing (bits of its codes), each computed once per
// stored version, and spells out the reasons of the page shown only
// (matchIndex.match). Features and queries hold no pointer to follow but
// in rare listings, so that a ranking reads them in one pass over an
// array. fastScore must give the score of the rule as first written
// (scoreMatch, in match_reference_test.go) for every pair, admits with the
// IDs' check eligible's answer, and match scoreMatch's match: tests check
// them on random inputs.

// maxCaseStudies fits the two bits per scenario that features count case
// studies in: a larger cap would not compile.
const _ uint = 3 - maxCaseStudies

// matchIndex numbers the vocabulary's codes for the features' bits.
type matchIndex struct {
	vocab models.Vocabularies
	// lower is vocab with its labels in lower case, for mentionsLower.
	lower                       models.Vocabularies
	capability, scenario, place map[string]uint
	citywide                    uint
}

// newMatchIndex numbers the current vocabularies, which must fit the
// features' 64 bits: at most 64 capabilities and districts and 32
// scenarios (two bits each), each code once in its list.
func newMatchIndex() (*matchIndex, error) {
	v := models.AllVocabularies()
	if len(v.Capabilities) > 64 || len(v.Districts) > 64 || len(v.Scenarios) > 32 {
		return nil, fmt.Errorf("match features hold at most 64 capabilities and districts and 32 scenarios, the vocabularies have %d, %d and %d",
			len(v.Capabilities), len(v.Districts), len(v.Scenarios))
	}
	var dup error
	number := func(terms []models.Term) map[string]uint {
		m := make(map[string]uint, len(terms))
		for i, t := range terms {
			if _, ok := m[t.Code]; ok {
				dup = fmt.Errorf("the vocabulary lists %q twice", t.Code)
			}
			m[t.Code] = uint(i)
		}
		return m
	}
	lower := func(terms []models.Term) []models.Term {
		out := make([]models.Term, len(terms))
		for i, t := range terms {
			out[i] = models.Term{Code: t.Code, ZH: strings.ToLower(t.ZH), EN: strings.ToLower(t.EN)}
		}
		return out
	}
	ix := &matchIndex{vocab: v, lower: models.Vocabularies{Capabilities: lower(v.Capabilities), Scenarios: lower(v.Scenarios)},
		capability: number(v.Capabilities), scenario: number(v.Scenarios), place: number(v.Districts)}
	if dup != nil {
		return nil, dup
	}
	ix.citywide = ix.place[models.DistrictCitywide]
	return ix, nil
}

// idHash hashes an organisation's ID (32-bit FNV-1a), so that a ranking
// compares a provider with a listing's buyer without reading either's ID
// but when the hashes are equal.
func idHash(id string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h ^= uint32(id[i])
		h *= 16777619
	}
	return h
}

// matchFeatures is what ranking needs of a provider.
type matchFeatures struct {
	// capabilities and districts have a bit per code the profile lists.
	capabilities, districts uint64
	// summaryCapabilities and summaryScenarios have a bit per term the
	// profile's summary names.
	summaryCapabilities, summaryScenarios uint64
	// caseStudies counts, in bits 2i and 2i+1 for scenario i, the case
	// studies that name the scenario, up to maxCaseStudies.
	caseStudies uint64
	// id is the provider's ID, hashed (idHash).
	id uint32
	// sme is 1 for an SME, 0 otherwise.
	sme uint8
	// matchable says that it is a verified provider with a profile, which
	// eligible asks whatever the listing.
	matchable bool
}

// hasProfile reports whether p has told buyers anything about itself.
func hasProfile(p *models.Organization) bool {
	return len(p.Profile.Capabilities) > 0 || p.Profile.Summary != "" || len(p.Profile.CaseStudies) > 0
}

// features computes p's features.
func (ix *matchIndex) features(p *models.Organization) matchFeatures {
	f := matchFeatures{id: idHash(p.ID), sme: bit(p.SME),
		matchable: p.IsProvider() && p.Verification == models.VerificationVerified && hasProfile(p)}
	for _, c := range p.Profile.Capabilities {
		if i, ok := ix.capability[c]; ok {
			f.capabilities |= 1 << i
		}
	}
	for _, d := range p.Profile.DistrictsServed {
		if i, ok := ix.place[d]; ok {
			f.districts |= 1 << i
		}
	}
	summary := strings.ToLower(p.Profile.Summary)
	for i, t := range ix.lower.Capabilities {
		if mentionsLower(summary, t) {
			f.summaryCapabilities |= 1 << i
		}
	}
	for i, t := range ix.lower.Scenarios {
		if mentionsLower(summary, t) {
			f.summaryScenarios |= 1 << i
		}
	}
	for _, cs := range p.Profile.CaseStudies {
		text := strings.ToLower(cs.Title + "\n" + cs.Summary)
		for i, t := range ix.lower.Scenarios {
			if f.caseStudies>>(2*i)&3 < maxCaseStudies && mentionsLower(text, t) {
				f.caseStudies += 1 << (2 * i)
			}
		}
	}
	return f
}

// mentionsLower reports whether lower, a text in lower case, names term t
// (whose labels are in lower case too), in Chinese or English.
func mentionsLower(lower string, t models.Term) bool {
	return strings.Contains(lower, t.ZH) || strings.Contains(lower, t.EN)
}

// matchQuery is what ranking needs of a listing: its vocabulary codes as
// bits, and what eligibility and the deadline ask.
type matchQuery struct {
	// capabilities and scenarios have a bit per known code the listing
	// lists; caseStudyScenarios has the two bits of each scenario in
	// matchFeatures.caseStudies.
	capabilities, scenarios, caseStudyScenarios uint64
	// districts has the bits of the listing's district and citywide.
	districts uint64
	// deadlineSec and deadlineNsec are the listing's bid deadline (an
	// instant, held apart so that the fields pack in 56 bytes).
	deadlineSec int64
	// capabilityShare is capabilityPoints' multiplier for the listing's
	// number of capabilities.
	capabilityShare uint32
	deadlineNsec    int32
	// buyer is the buyer's ID, hashed (idHash).
	buyer uint32
	// smeHelp is 1 for an SME help request, 0 otherwise.
	smeHelp uint8
	// smeOnly says that only SMEs may be matched with the listing.
	smeOnly bool
	// repeats says that the listing lists a known code more than once (or
	// more capabilities than capabilityShare divides by), which the masks
	// cannot count: matchIndex.repeatedScore then counts its codes one by
	// one, as scoreMatch does. Valid listings never do.
	repeats bool
}

// shareBits and maxShared let fastScore divide by a listing's number of
// capabilities n by multiplying by capabilityShare(n) instead, a pair of
// instructions instead of a division of tens of cycles. With x =
// pointsCapabilities*covered at most pointsCapabilities*n and
// capabilityShare(n) = (2^shareBits + e)/n, e < n, x*capabilityShare(n) >>
// shareBits is x/n as long as x*e < 2^shareBits, which
// pointsCapabilities*n*n < 2^shareBits ensures: n up to maxShared.
// Valid listings list at most models.MaxTags capabilities.
const (
	shareBits = 24
	maxShared = 500
)

// The multipliers fit 32 bits, and maxShared the bound above.
const (
	_ uint32 = 1 << shareBits
	_ uint   = 1<<shareBits - pointsCapabilities*maxShared*maxShared
)

// capabilityShare returns the multiplier for n capabilities (1 to maxShared), 0 for none.
func capabilityShare(n int) uint32 {
	if n == 0 {
		return 0
	}
	return uint32((1<<shareBits + n - 1) / n)
}

// capabilityPoints is pointsCapabilities*covered/n, for a listing whose
// capabilityShare is share.
func capabilityPoints(covered int, share uint32) int {
	return int(uint64(pointsCapabilities*covered) * uint64(share) >> shareBits)
}

// query computes o's matchQuery.
func (ix *matchIndex) query(o *models.Opportunity) matchQuery {
	n := len(o.Capabilities)
	deadline := instantOf(o.BidDeadline)
	q := matchQuery{districts: 1 << ix.citywide, buyer: idHash(o.Buyer.ID), deadlineSec: deadline.sec, deadlineNsec: deadline.nsec,
		smeHelp: bit(o.Kind == models.KindSMEHelp), smeOnly: o.Eligibility.SMEOnly}
	repeated := n > maxShared
	if !repeated {
		q.capabilityShare = capabilityShare(n)
	}
	for _, c := range o.Capabilities {
		if i, ok := ix.capability[c]; ok {
			repeated = repeated || q.capabilities&(1<<i) != 0
			q.capabilities |= 1 << i
		}
	}
	for _, s := range o.Scenarios {
		if i, ok := ix.scenario[s]; ok {
			repeated = repeated || q.scenarios&(1<<i) != 0
			q.scenarios |= 1 << i
			q.caseStudyScenarios |= 3 << (2 * i)
		}
	}
	q.repeats = repeated
	if i, ok := ix.place[o.District]; ok {
		q.districts |= 1 << i
	}
	return q
}

// openAfter reports whether the listing's deadline is after t.
func (q *matchQuery) openAfter(t instant) bool {
	return instant{sec: q.deadlineSec, nsec: q.deadlineNsec}.after(t)
}

// admits reports whether eligible(o, p) may hold, from o's query and p's
// features: all but the check that p is not o's buyer, which the caller
// makes when q.buyer == f.id.
func (q *matchQuery) admits(f *matchFeatures) bool {
	return f.matchable && (!q.smeOnly || f.sme != 0)
}

// fastScore is the rule's score, scoreMatch(o, p).Score, from o's query q
// and p's features f, for a listing without repeats (repeatedScore is for
// the others). It has no branch whose outcome a processor could not guess
// from one pair to the next.
func fastScore(q *matchQuery, f *matchFeatures) int {
	named := bits.OnesCount64(q.capabilities&f.summaryCapabilities) + bits.OnesCount64(q.scenarios&f.summaryScenarios)
	return capabilityPoints(bits.OnesCount64(q.capabilities&f.capabilities), q.capabilityShare) + min(named, maxProfileTerms) +
		pointsDistrict*nonZero(f.districts&q.districts) + pointsSME*int(f.sme&q.smeHelp) +
		pointsCaseStudy*bestCaseStudies(f.caseStudies&q.caseStudyScenarios)
}

// repeatedScore is fastScore for a listing o with repeats: it counts each
// of o's codes, repeats again, as scoreMatch does.
func (ix *matchIndex) repeatedScore(o *models.Opportunity, q *matchQuery, f *matchFeatures) int {
	covered, named := 0, 0
	for _, c := range o.Capabilities {
		if i, ok := ix.capability[c]; ok {
			covered += int(f.capabilities >> i & 1)
			named += int(f.summaryCapabilities >> i & 1)
		}
	}
	for _, s := range o.Scenarios {
		if i, ok := ix.scenario[s]; ok {
			named += int(f.summaryScenarios >> i & 1)
		}
	}
	score := min(named, maxProfileTerms) + // the rest as fastScore has it
		pointsDistrict*nonZero(f.districts&q.districts) + pointsSME*int(f.sme&q.smeHelp) +
		pointsCaseStudy*bestCaseStudies(f.caseStudies&q.caseStudyScenarios)
	if covered > 0 {
		score += pointsCapabilities * covered / len(o.Capabilities)
	}
	return score
}

// bestCaseStudies returns the largest of the two-bit counts in c: 3 if a
// count has both bits, else 2 if one has the high bit, else 1 if one is not 0.
func bestCaseStudies(c uint64) int {
	const low = 0x5555555555555555
	return nonZero(c) + nonZero(c&^low) + nonZero(c&(c>>1)&low)
}

// nonZero is 1 if x is not 0, 0 otherwise, without a branch.
func nonZero(x uint64) int { return int((x | -x) >> 63) }

// bit is 1 for true, 0 for false.
func bit(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// instant is a time as seconds and nanoseconds of the Unix epoch, which
// holds no pointer (time.Time holds its location's).
type instant struct {
	sec  int64
	nsec int32
}

// instantOf returns t's instant.
func instantOf(t time.Time) instant { return instant{sec: t.Unix(), nsec: int32(t.Nanosecond())} }

// after reports whether i is after j, as time.Time.After.
func (i instant) after(j instant) bool { return i.sec > j.sec || i.sec == j.sec && i.nsec > j.nsec }
