package app

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"market/models"
)

// rankProvidersBench is a listing and n verified providers with profiles
// like those at scale: a few capabilities and districts, case studies and
// a summary in both languages.
func rankProvidersBench(n int) (*models.Opportunity, []*models.Organization) {
	v := models.AllVocabularies()
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(terms []models.Term, k int) []string {
		out := make([]string, 0, k)
		for range k {
			out = append(out, terms[r.IntN(len(terms))].Code)
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
// providers) for one listing, as GET /opportunities/{id}/matches does.
func BenchmarkRankProviders(b *testing.B) {
	o, providers := rankProvidersBench(15_000)
	c := newMatchFeatureCache(newMatchIndex())
	rankProviders(c, o, providers) // the features are computed once per provider version
	for b.Loop() {
		providerMatches(o, rankProviders(c, o, providers).page(1, 20))
	}
}

// TestFastScoreIsScoreMatchScore: ranking's score from a provider's
// features is scoreMatch's, for random listings and profiles that name
// random vocabulary terms in both languages and in other case.
func TestFastScoreIsScoreMatchScore(t *testing.T) {
	v := models.AllVocabularies()
	r := rand.New(rand.NewPCG(3, 4))
	ix := newMatchIndex()
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
	for i := range 5000 {
		kind := models.KindGovernmentNeed
		if i%3 == 0 {
			kind = models.KindSMEHelp
		}
		o := &models.Opportunity{Kind: kind, District: v.Districts[r.IntN(len(v.Districts))].Code,
			Capabilities: pick(v.Capabilities, r.IntN(5)), Scenarios: pick(v.Scenarios, r.IntN(4))}
		p := &models.Organization{ID: fmt.Sprint(i), Version: 1, SME: r.IntN(2) == 0, Profile: models.Profile{
			Summary: text(), Capabilities: pick(v.Capabilities, r.IntN(6)), DistrictsServed: pick(v.Districts, r.IntN(3))}}
		for range r.IntN(5) {
			p.Profile.CaseStudies = append(p.Profile.CaseStudies, models.CaseStudy{Title: text(), Summary: text()})
		}
		if got, want := fastScore(ix.query(o), p, ix.features(p)), scoreMatch(o, p).Score; got != want {
			t.Fatalf("listing %+v, profile %+v: fast score %d, scoreMatch %d", o, p.Profile, got, want)
		}
	}
}

// BenchmarkRankListings ranks 20,000 open listings (about scale S's) for
// one provider, as GET /me/recommendations does.
func BenchmarkRankListings(b *testing.B) {
	_, providers := rankProvidersBench(1)
	v := models.AllVocabularies()
	r := rand.New(rand.NewPCG(7, 8))
	listings := make([]*models.Opportunity, 20_000)
	for i := range listings {
		listings[i] = &models.Opportunity{ID: fmt.Sprintf("l%06d", i), Kind: models.KindGovernmentNeed,
			District:     v.Districts[r.IntN(len(v.Districts))].Code,
			Capabilities: []string{v.Capabilities[r.IntN(len(v.Capabilities))].Code, v.Capabilities[r.IntN(len(v.Capabilities))].Code},
			Scenarios:    []string{v.Scenarios[r.IntN(len(v.Scenarios))].Code}, Buyer: models.OrgRef{ID: "buyer"}}
	}
	c := newMatchFeatureCache(newMatchIndex())
	for b.Loop() {
		listingMatches(providers[0], rankListings(c, providers[0], listings).page(1, 20))
	}
}
