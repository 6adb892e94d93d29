package app

import (
	"strings"
	"sync"

	"market/models"
)

// Ranking scores every verified provider for a listing (or every open
// listing for a provider): thousands of pairs per request. scoreMatch
// spells out each reason, with its labels, which costs some microseconds a
// pair; ranking instead computes the same score from features of each
// provider's profile (bits per vocabulary code, and the vocabulary terms its
// texts name), computed once per stored version of the provider, and spells
// out the reasons of the page shown only. fastScore must give scoreMatch's
// score for every pair: a test checks it on random profiles.

// matchIndex numbers the vocabulary's codes for the features' bits.
type matchIndex struct {
	vocab                       models.Vocabularies
	capability, scenario, place map[string]uint
	citywide                    uint
}

// newMatchIndex numbers the current vocabularies.
func newMatchIndex() *matchIndex {
	v := models.AllVocabularies()
	number := func(terms []models.Term) map[string]uint {
		m := make(map[string]uint, len(terms))
		for i, t := range terms {
			m[t.Code] = uint(i)
		}
		return m
	}
	ix := &matchIndex{vocab: v, capability: number(v.Capabilities), scenario: number(v.Scenarios), place: number(v.Districts)}
	ix.citywide = ix.place[models.DistrictCitywide]
	return ix
}

// matchFeatures is what scoring needs of a provider's profile.
type matchFeatures struct {
	version int
	// capabilities and districts have a bit per code the profile lists.
	capabilities, districts uint64
	// summaryCapabilities and summaryScenarios have a bit per term the
	// profile's summary names.
	summaryCapabilities, summaryScenarios uint64
	// caseStudies counts, per scenario, the case studies that name it.
	caseStudies []uint8
}

// features computes p's features.
func (ix *matchIndex) features(p *models.Organization) *matchFeatures {
	f := &matchFeatures{version: p.Version, caseStudies: make([]uint8, len(ix.vocab.Scenarios))}
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
	for i, t := range ix.vocab.Capabilities {
		if mentionsLower(summary, t) {
			f.summaryCapabilities |= 1 << i
		}
	}
	for i, t := range ix.vocab.Scenarios {
		if mentionsLower(summary, t) {
			f.summaryScenarios |= 1 << i
		}
	}
	for _, cs := range p.Profile.CaseStudies {
		text := strings.ToLower(cs.Title + "\n" + cs.Summary)
		for i, t := range ix.vocab.Scenarios {
			if mentionsLower(text, t) {
				f.caseStudies[i]++
			}
		}
	}
	return f
}

// mentionsLower is mentions for a text already in lower case.
func mentionsLower(lower string, t models.Term) bool {
	return strings.Contains(lower, strings.ToLower(t.ZH)) || strings.Contains(lower, strings.ToLower(t.EN))
}

// matchQuery is what scoring needs of a listing: its vocabulary codes as
// bit numbers.
type matchQuery struct {
	version int
	// capabilities are the listing's known capabilities, n how many it
	// lists in all.
	capabilities []uint
	n            int
	// districts has the bits of the listing's district and citywide.
	districts uint64
	scenarios []uint
	smeHelp   bool
}

// query computes o's matchQuery.
func (ix *matchIndex) query(o *models.Opportunity) *matchQuery {
	q := &matchQuery{version: o.Version, n: len(o.Capabilities), districts: 1 << ix.citywide, smeHelp: o.Kind == models.KindSMEHelp}
	for _, c := range o.Capabilities {
		if i, ok := ix.capability[c]; ok {
			q.capabilities = append(q.capabilities, i)
		}
	}
	for _, s := range o.Scenarios {
		if i, ok := ix.scenario[s]; ok {
			q.scenarios = append(q.scenarios, i)
		}
	}
	if i, ok := ix.place[o.District]; ok {
		q.districts |= 1 << i
	}
	return q
}

// fastScore is scoreMatch(o, p).Score, from o's query q and p's features f.
func fastScore(q *matchQuery, p *models.Organization, f *matchFeatures) int {
	score, covered, named := 0, 0, 0
	for _, i := range q.capabilities {
		if f.capabilities&(1<<i) != 0 {
			covered++
		}
		if f.summaryCapabilities&(1<<i) != 0 {
			named++
		}
	}
	if covered > 0 {
		score += pointsCapabilities * covered / q.n
	}
	if f.districts&q.districts != 0 {
		score += pointsDistrict
	}
	if p.SME && q.smeHelp {
		score += pointsSME
	}
	best := uint8(0)
	for _, i := range q.scenarios {
		best = max(best, f.caseStudies[i])
		if f.summaryScenarios&(1<<i) != 0 {
			named++
		}
	}
	score += pointsCaseStudy * min(int(best), maxCaseStudies)
	return score + min(named, maxProfileTerms)
}

// matchFeatureCache keeps providers' features and listings' queries by ID,
// each for the version it was computed from.
type matchFeatureCache struct {
	ix       *matchIndex
	mu       sync.Mutex
	features map[string]*matchFeatures
	queries  map[string]*matchQuery
}

// newMatchFeatureCache returns an empty cache over ix.
func newMatchFeatureCache(ix *matchIndex) *matchFeatureCache {
	return &matchFeatureCache{ix: ix, features: map[string]*matchFeatures{}, queries: map[string]*matchQuery{}}
}

// all returns the features of providers, computing those whose version is new.
func (c *matchFeatureCache) all(providers []*models.Organization) []*matchFeatures {
	return cached(c, c.features, providers, func(p *models.Organization) (string, int) { return p.ID, p.Version },
		func(f *matchFeatures) int { return f.version }, c.ix.features)
}

// queriesOf returns the queries of listings, computing those whose version is new.
func (c *matchFeatureCache) queriesOf(listings []*models.Opportunity) []*matchQuery {
	return cached(c, c.queries, listings, func(o *models.Opportunity) (string, int) { return o.ID, o.Version },
		func(q *matchQuery) int { return q.version }, c.ix.query)
}

// cached returns what compute makes of each doc, from m when m holds it
// for the doc's version; c.mu guards m.
func cached[D, V any](c *matchFeatureCache, m map[string]*V, docs []*D, key func(*D) (string, int),
	version func(*V) int, compute func(*D) *V) []*V {
	out := make([]*V, len(docs))
	var stale []int
	c.mu.Lock()
	for i, d := range docs {
		id, v := key(d)
		if got := m[id]; got != nil && version(got) == v {
			out[i] = got
		} else {
			stale = append(stale, i)
		}
	}
	c.mu.Unlock()
	if len(stale) == 0 {
		return out
	}
	for _, i := range stale {
		out[i] = compute(docs[i])
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, i := range stale {
		id, _ := key(docs[i])
		if old := m[id]; old == nil || version(old) <= version(out[i]) {
			m[id] = out[i]
		}
	}
	return out
}
