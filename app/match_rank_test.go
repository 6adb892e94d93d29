package app

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"market/models"
)

// eligible reports whether provider p may be matched with listing o at
// all: a verified provider with a profile, not the buyer, an SME for
// SME-only listings. Ranking asks it of matchQuery.admits and the IDs.
func eligible(o *models.Opportunity, p *models.Organization) bool {
	hasProfile := len(p.Profile.Capabilities) > 0 || p.Profile.Summary != "" || len(p.Profile.CaseStudies) > 0
	return p.IsProvider() && p.Verification == models.VerificationVerified && hasProfile &&
		p.ID != o.Buyer.ID && (!o.Eligibility.SMEOnly || p.SME)
}

// testMatchIndex returns a matchIndex over the current vocabularies.
func testMatchIndex(tb testing.TB) *matchIndex {
	tb.Helper()
	ix, err := newMatchIndex()
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// residentApp is an App whose resident sets load the providers and
// listings given, as a process that is its store's only writer keeps
// them, and whose clock stops at now.
func residentApp(tb testing.TB, providers []*models.Organization, listings []*models.Opportunity, now time.Time) *App {
	ix := testMatchIndex(tb)
	return &App{now: func() time.Time { return now }, matchFeatures: newMatchFeatureCache(ix), residents: residents{
		providers:    newProviderSet(ix, func(context.Context) ([]*models.Organization, error) { return providers, nil }),
		openListings: newOpenListingSet(ix, func(context.Context) ([]*models.Opportunity, error) { return listings, nil }),
	}}
}

// rankedProviders ranks providers for o and spells out every match, as a
// page holding them all shows them, both as a process that keeps them
// resident ranks them and as one that reads them from the store does; the
// two must agree.
func rankedProviders(t *testing.T, o *models.Opportunity, providers []*models.Organization) []ProviderMatch {
	t.Helper()
	ix := testMatchIndex(t)
	q := ix.query(o)
	read := providerMatches(ix, o, rankProviders(ix, o, &q, providers, newMatchFeatureCache(ix).providers(providers), math.MaxInt).all())
	ranked, err := residentApp(t, providers, nil, time.Now()).rankedProviders(context.Background(), o, math.MaxInt)
	if err != nil {
		t.Fatal(err)
	}
	if resident := providerMatches(ix, o, ranked.all()); !reflect.DeepEqual(resident, read) {
		t.Fatalf("resident providers ranked\n%+v\nproviders read\n%+v", resident, read)
	}
	return read
}

// rankedListings is rankedProviders for the listings ranked for p, whose
// deadlines (left zero by tests) are after year 0.
func rankedListings(t *testing.T, p *models.Organization, listings []*models.Opportunity) []ListingMatch {
	t.Helper()
	ix := testMatchIndex(t)
	f := ix.features(p)
	read := listingMatches(ix, p, &f, rankListings(ix, p, &f, listings, newMatchFeatureCache(ix).listings(listings),
		instant{sec: math.MinInt64}, math.MaxInt).all())
	ranked, err := residentApp(t, nil, listings, time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)).rankedListings(context.Background(), p, &f, math.MaxInt)
	if err != nil {
		t.Fatal(err)
	}
	if resident := listingMatches(ix, p, &f, ranked.all()); !reflect.DeepEqual(resident, read) {
		t.Fatalf("resident listings ranked\n%+v\nlistings read\n%+v", resident, read)
	}
	return read
}

// rankFixture is a listing and four providers with chosen profiles.
func rankFixture() (*models.Opportunity, []*models.Organization) {
	o := &models.Opportunity{ID: "l1", Kind: models.KindGovernmentNeed, District: "xuhui",
		Capabilities: []string{"iot", "gis", "cloud", "ai"}, Scenarios: []string{"smart_transport"},
		Buyer: models.OrgRef{ID: "buyer"}}
	org := func(id, name string, sme bool, p models.Profile) *models.Organization {
		return &models.Organization{ID: id, Name: name, Kind: models.OrgEnterprise, SME: sme,
			Verification: models.VerificationVerified, Profile: p}
	}
	alpha := org("a", "Alpha", false, models.Profile{Summary: "专注物联网平台", Capabilities: []string{"cloud", "gis", "iot"},
		DistrictsServed: []string{"xuhui"}, CaseStudies: []models.CaseStudy{
			{Title: "徐汇智慧交通信号优化", Year: 2024}, {Title: "Bus data", Summary: "A smart transport dashboard", Year: 2023},
			{Title: "医院挂号系统", Year: 2022}}})
	beta := org("b", "Beta", false, models.Profile{Capabilities: []string{"ai", "iot", "gis", "cloud", "big_data"},
		DistrictsServed: []string{"citywide"}})
	gamma := org("c", "Gamma", true, models.Profile{Capabilities: []string{"cloud"}, DistrictsServed: []string{"pudong"},
		CaseStudies: []models.CaseStudy{{Title: "Smart transport ticketing", Year: 2024}}})
	unverified := org("d", "Delta", false, models.Profile{Capabilities: []string{"iot", "gis", "cloud", "ai"}})
	unverified.Verification = models.VerificationUnverified
	buyer := org("buyer", "Buyer", false, models.Profile{Capabilities: []string{"iot"}})
	empty := org("e", "Empty", false, models.Profile{})
	nothing := org("f", "Nothing", false, models.Profile{Capabilities: []string{"erp_crm"}})
	return o, []*models.Organization{gamma, unverified, alpha, buyer, empty, nothing, beta}
}

func TestRankProvidersOrderAndReasons(t *testing.T) {
	o, providers := rankFixture()
	got := rankedProviders(t, o, providers)
	var names []string
	for _, m := range got {
		names = append(names, m.Provider.Name)
	}
	if !reflect.DeepEqual(names, []string{"Beta", "Alpha", "Gamma"}) {
		t.Fatalf("order %v, want Beta, Alpha, Gamma", names)
	}
	want := []models.Match{
		{Score: 70, Reasons: []models.MatchReason{
			{Kind: "capabilities", Covered: []string{"iot", "gis", "cloud", "ai"}, Required: 4, Points: 50},
			{Kind: "district", District: "citywide", Points: 20}},
			Explanation: models.Explanation{
				ZH: "覆盖4项所需能力中的4项：物联网、时空信息/GIS、云计算、人工智能；服务全市",
				EN: "covers 4 of 4 required capabilities: IoT, Spatio-temporal / GIS, Cloud, AI; serves Citywide"}},
		{Score: 68, Reasons: []models.MatchReason{
			{Kind: "capabilities", Covered: []string{"iot", "gis", "cloud"}, Required: 4, Points: 37},
			{Kind: "district", District: "xuhui", Points: 20},
			{Kind: "caseStudies", Count: 2, Scenario: "smart_transport", Points: 10},
			{Kind: "profile", Covered: []string{"iot"}, Points: 1}},
			Explanation: models.Explanation{
				ZH: "覆盖4项所需能力中的3项：物联网、时空信息/GIS、云计算；服务徐汇区；2个智慧交通案例；简介提及物联网",
				EN: "covers 3 of 4 required capabilities: IoT, Spatio-temporal / GIS, Cloud; serves Xuhui; 2 case studies in Smart transport; profile mentions IoT"}},
		{Score: 17, Reasons: []models.MatchReason{
			{Kind: "capabilities", Covered: []string{"cloud"}, Required: 4, Points: 12},
			{Kind: "caseStudies", Count: 1, Scenario: "smart_transport", Points: 5}},
			Explanation: models.Explanation{
				ZH: "覆盖4项所需能力中的1项：云计算；1个智慧交通案例",
				EN: "covers 1 of 4 required capabilities: Cloud; 1 case study in Smart transport"}},
	}
	for i, m := range got {
		if !reflect.DeepEqual(m.Match, want[i]) {
			t.Errorf("%s:\n got %+v\nwant %+v", m.Provider.Name, m.Match, want[i])
		}
	}
}

func TestRankProvidersSMEFit(t *testing.T) {
	o, providers := rankFixture()
	o.Eligibility.SMEOnly = true
	got := rankedProviders(t, o, providers)
	if len(got) != 1 || got[0].Provider.Name != "Gamma" {
		t.Fatalf("an SME-only listing matched %+v, want Gamma alone", got)
	}
	o.Eligibility.SMEOnly, o.Kind = false, models.KindSMEHelp
	for _, m := range rankedProviders(t, o, providers) {
		if m.Provider.Name != "Gamma" {
			continue
		}
		last := m.Reasons[len(m.Reasons)-1]
		if m.Score != 27 || m.Reasons[1].Kind != models.ReasonSME || m.Reasons[1].Points != 10 || last.Kind != models.ReasonCaseStudies {
			t.Fatalf("an SME on an SME help request: %+v", m.Match)
		}
		if m.Explanation.EN != "covers 1 of 4 required capabilities: Cloud; an SME, suited to an SME help request; 1 case study in Smart transport" {
			t.Fatalf("explanation %q", m.Explanation.EN)
		}
	}
}

func TestRankListingsForAProvider(t *testing.T) {
	o, providers := rankFixture()
	alpha := providers[2]
	other := &models.Opportunity{ID: "l2", Kind: models.KindSMEHelp, District: "xuhui", Capabilities: []string{"cloud"},
		Buyer: models.OrgRef{ID: "sme"}}
	own := &models.Opportunity{ID: "l3", District: "xuhui", Capabilities: []string{"cloud"}, Buyer: models.OrgRef{ID: alpha.ID}}
	smeOnly := &models.Opportunity{ID: "l4", District: "xuhui", Capabilities: []string{"cloud"}, Buyer: models.OrgRef{ID: "x"},
		Eligibility: models.Eligibility{SMEOnly: true}}
	unrelated := &models.Opportunity{ID: "l5", District: "pudong", Capabilities: []string{"blockchain"}, Buyer: models.OrgRef{ID: "x"}}
	got := rankedListings(t, alpha, []*models.Opportunity{o, own, smeOnly, unrelated, other})
	if len(got) != 2 || got[0].Opportunity.ID != "l2" || got[0].Score != 70 || got[1].Opportunity.ID != "l1" || got[1].Score != 68 {
		t.Fatalf("recommendations %+v", got)
	}
}
