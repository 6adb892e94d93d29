package app

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"market/models"
)

// rankProvidersBench is a listing and n verified providers with profiles
// like those at scale: a few capabilities and districts (each once, as
// validation has it), case studies and a summary in both languages.
func rankProvidersBench(n int) (*models.Opportunity, []*models.Organization) {
	v := models.AllVocabularies()
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(terms []models.Term, k int) []string {
		out := make([]string, 0, k)
		for _, i := range r.Perm(len(terms))[:k] {
			out = append(out, terms[i].Code)
		}
		return out
	}
	o := &models.Opportunity{ID: "l", Kind: models.KindGovernmentNeed, District: "xuhui",
		Capabilities: pick(v.Capabilities, 3), Scenarios: pick(v.Scenarios, 2), Buyer: models.OrgRef{ID: "buyer"}}
	providers := make([]*models.Organization, n)
	for i := range providers {
		sc := v.Scenarios[r.IntN(len(v.Scenarios))]
		providers[i] = &models.Organization{ID: fmt.Sprintf("p%06d", i), Name: fmt.Sprintf("Provider %d", i), Kind: models.OrgEnterprise,
			SME: i%2 == 0, Verification: models.VerificationVerified, Profile: models.Profile{
				Summary:         "我们专注于" + sc.ZH + "与数据治理。We build " + sc.EN + " platforms for districts and enterprises.",
				Capabilities:    pick(v.Capabilities, 2+r.IntN(4)),
				DistrictsServed: pick(v.Districts, 1+r.IntN(3)),
				CaseStudies: []models.CaseStudy{{Title: sc.ZH + "项目", Summary: "为区政府建设" + sc.ZH + "平台。Delivered a " + sc.EN + " platform.", Year: 2024},
					{Title: "Cloud migration", Summary: "Moved an ERP to the cloud for a manufacturer.", Year: 2023}}}}
	}
	return o, providers
}

// BenchmarkRankProviders ranks 15,000 providers (about scale S's verified
// providers) for one listing and spells out a page of twenty, as GET
// /opportunities/{id}/matches does in a process that keeps them resident.
func BenchmarkRankProviders(b *testing.B) {
	o, providers := rankProvidersBench(15_000)
	a := residentApp(b, providers, nil, time.Now())
	ctx := context.Background()
	if _, err := a.rankedProviders(ctx, o, 20); err != nil { // loads the set, deriving the features
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ranked, err := a.rankedProviders(ctx, o, 20)
		if err != nil {
			b.Fatal(err)
		}
		providerMatches(a.matchFeatures.ix, o, ranked.page(1, 20))
	}
}

// BenchmarkRankProvidersRead is BenchmarkRankProviders in a process that
// reads the providers from the store at each request (without the
// reading): their features come from the cache.
func BenchmarkRankProvidersRead(b *testing.B) {
	o, providers := rankProvidersBench(15_000)
	c := newMatchFeatureCache(testMatchIndex(b))
	c.providers(providers) // the features are computed once per provider version
	b.ReportAllocs()
	for b.Loop() {
		q := c.ix.query(o)
		providerMatches(c.ix, o, rankProviders(c.ix, o, &q, providers, c.providers(providers), 20).page(1, 20))
	}
}

// TestFastScoreIsScoreMatchScore: ranking's score from a listing's query
// and a provider's features (fastScore, or counting codes one by one for
// a listing that names a code twice) is scoreMatch's, its eligibility
// eligible's, and the match it spells out for a page scoreMatch's, for
// random listings and profiles that name random vocabulary terms in both
// languages and in other case, up to seven times.
func TestFastScoreIsScoreMatchScore(t *testing.T) {
	v := models.AllVocabularies()
	r := rand.New(rand.NewPCG(3, 4))
	ix := testMatchIndex(t)
	pick := func(terms []models.Term, k int) []string {
		out := make([]string, 0, k)
		for range k {
			out = append(out, terms[r.IntN(len(terms))].Code)
		}
		return out
	}
	text := func() string {
		var b strings.Builder
		for range r.IntN(4) {
			terms := v.Scenarios
			if r.IntN(2) == 0 {
				terms = v.Capabilities
			}
			t := terms[r.IntN(len(terms))]
			switch r.IntN(3) {
			case 0:
				b.WriteString(t.ZH)
			case 1:
				b.WriteString(strings.ToUpper(t.EN))
			default:
				b.WriteString("其他 other words")
			}
			b.WriteString("；")
		}
		return b.String()
	}
	oneOf := func(s ...string) string { return s[r.IntN(len(s))] }
	var repeats, plain, admitted int
	for i := range 20_000 {
		kind := models.KindGovernmentNeed
		if i%3 == 0 {
			kind = models.KindSMEHelp
		}
		o := &models.Opportunity{Kind: kind, District: v.Districts[r.IntN(len(v.Districts))].Code,
			Capabilities: pick(v.Capabilities, r.IntN(7)), Scenarios: pick(v.Scenarios, r.IntN(5)),
			Buyer: models.OrgRef{ID: oneOf("a", "b", "c")}, Eligibility: models.Eligibility{SMEOnly: r.IntN(4) == 0}}
		if r.IntN(20) == 0 { // codes outside the vocabularies count for nothing but the share of capabilities
			o.District, o.Capabilities, o.Scenarios = "atlantis", append(o.Capabilities, "telepathy"), append(o.Scenarios, "moon_base")
		}
		p := &models.Organization{ID: oneOf("a", "b", "c", "d"), Version: 1, SME: r.IntN(2) == 0,
			Kind:         oneOf(models.OrgEnterprise, models.OrgEnterprise, models.OrgGovernment),
			Verification: oneOf(models.VerificationVerified, models.VerificationVerified, models.VerificationUnverified),
			Profile:      models.Profile{Capabilities: pick(v.Capabilities, r.IntN(6)), DistrictsServed: pick(v.Districts, r.IntN(3))}}
		switch r.IntN(8) {
		case 0:
		case 1, 2: // long enough to name more terms than count
			p.Profile.Summary = text() + text() + text() + text()
		default:
			p.Profile.Summary = text()
		}
		for range r.IntN(8) {
			p.Profile.CaseStudies = append(p.Profile.CaseStudies, models.CaseStudy{Title: text(), Summary: text()})
		}
		q, f := ix.query(o), ix.features(p)
		want := scoreMatch(o, p)
		if got := score(ix, o, &q, &f); got != want.Score {
			t.Fatalf("listing %+v, profile %+v: fast score %d, scoreMatch %d", o, p.Profile, got, want.Score)
		}
		if got := ix.match(o, p, &f); !reflect.DeepEqual(got, want) {
			t.Fatalf("listing %+v, profile %+v:\nmatch      %+v\nscoreMatch %+v", o, p.Profile, got, want)
		}
		if got, want := q.admits(&f) && (f.id != q.buyer || p.ID != o.Buyer.ID), eligible(o, p); got != want {
			t.Fatalf("listing %+v, provider %+v: admitted %v, eligible %v", o, p, got, want)
		}
		if q.repeats {
			repeats++
		} else {
			plain++
		}
		if eligible(o, p) {
			admitted++
		}
	}
	if repeats < 1000 || plain < 1000 || admitted < 1000 || admitted > 19_000 {
		t.Fatalf("%d listings naming a code twice, %d not, %d pairs eligible: too few of one kind", repeats, plain, admitted)
	}
}

// score is a pair's score as ranking computes it.
func score(ix *matchIndex, o *models.Opportunity, q *matchQuery, f *matchFeatures) int {
	if q.repeats {
		return ix.repeatedScore(o, q, f)
	}
	return fastScore(q, f)
}

// rankListingsBench is n open listings like those at scale (two different
// capabilities, as validation has it), with deadlines in the month after now.
func rankListingsBench(n int, now time.Time) []*models.Opportunity {
	v := models.AllVocabularies()
	r := rand.New(rand.NewPCG(7, 8))
	listings := make([]*models.Opportunity, n)
	for i := range listings {
		c := r.IntN(len(v.Capabilities))
		listings[i] = &models.Opportunity{ID: fmt.Sprintf("l%06d", i), Kind: models.KindGovernmentNeed, Status: models.StatusPublished,
			District:     v.Districts[r.IntN(len(v.Districts))].Code,
			Capabilities: []string{v.Capabilities[c].Code, v.Capabilities[(c+1+r.IntN(len(v.Capabilities)-1))%len(v.Capabilities)].Code},
			Scenarios:    []string{v.Scenarios[r.IntN(len(v.Scenarios))].Code}, Buyer: models.OrgRef{ID: "buyer"},
			BidDeadline: now.Add(time.Duration(1+r.IntN(30*24)) * time.Hour)}
	}
	return listings
}

// BenchmarkRankListings ranks 20,000 open listings (about scale S's) for
// one provider and spells out a page of twenty, as GET /me/recommendations
// does in a process that keeps them resident.
func BenchmarkRankListings(b *testing.B) {
	_, providers := rankProvidersBench(1)
	now := time.Now()
	a := residentApp(b, nil, rankListingsBench(20_000, now), now)
	ctx := context.Background()
	f := a.matchFeatures.ix.features(providers[0])
	if _, err := a.rankedListings(ctx, providers[0], &f, 20); err != nil { // loads the set, deriving the queries
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		f := a.matchFeatures.ix.features(providers[0])
		ranked, err := a.rankedListings(ctx, providers[0], &f, 20)
		if err != nil {
			b.Fatal(err)
		}
		listingMatches(a.matchFeatures.ix, providers[0], &f, ranked.page(1, 20))
	}
}

// BenchmarkRankListingsRead is BenchmarkRankListings in a process that
// reads the listings from the store at each request (without the
// reading): their queries come from the cache.
func BenchmarkRankListingsRead(b *testing.B) {
	_, providers := rankProvidersBench(1)
	listings := rankListingsBench(20_000, time.Now())
	c := newMatchFeatureCache(testMatchIndex(b))
	c.listings(listings)
	b.ReportAllocs()
	for b.Loop() {
		f := c.ix.features(providers[0])
		listingMatches(c.ix, providers[0], &f, rankListings(c.ix, providers[0], &f, listings, c.listings(listings),
			instant{sec: math.MinInt64}, 20).page(1, 20))
	}
}
