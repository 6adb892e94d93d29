package api_test

import (
	"reflect"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/models"
)

// matchWorld is a market with three hand-made providers and one left unverified.
type matchWorld struct {
	*alertWorld
	alpha, beta, gamma, delta session
}

// newMatchWorld makes a matchWorld on a server that keeps the providers
// and open listings resident (the store's only writer), or (shared) on one
// that reads them from the store at each request, as one of several does.
func newMatchWorld(t *testing.T, shared bool) *matchWorld {
	m := newMarket(t)
	if shared {
		m = newMarketOn(t, newEnvWith(t, api.LoginLimits{}, envOptions{search: &app.SearchOptions{
			PollInterval: 200 * time.Millisecond, MaxBackoff: 500 * time.Millisecond}}))
	}
	w := &matchWorld{alertWorld: newAlertWorldOn(t, m)}
	profile := func(who session, verify bool, p map[string]any) {
		t.Helper()
		if verify {
			if r := w.do("POST", "/api/v1/admin/organizations/"+who.OrgID+"/verify", nil, w.op.bearer()...); r.Status != 200 {
				t.Fatalf("verify: %d %s", r.Status, r.Body)
			}
		}
		if r := w.do("PUT", "/api/v1/organizations/"+who.OrgID+"/profile", p, who.bearer()...); r.Status != 200 {
			t.Fatalf("profile: %d %s", r.Status, r.Body)
		}
	}
	cs := func(title, summary string, year int) map[string]any {
		return map[string]any{"title": title, "summary": summary, "year": year}
	}
	w.alpha = w.register("alpha@example.com", "enterprise", false)
	profile(w.alpha, true, map[string]any{"summary": "专注物联网平台", "capabilities": []string{"cloud", "gis", "iot"},
		"districtsServed": []string{"xuhui"}, "caseStudies": []any{cs("徐汇智慧交通信号优化", "", 2024),
			cs("Bus data", "A smart transport dashboard", 2023), cs("医院挂号系统", "", 2022)}})
	w.beta = w.register("beta@example.com", "enterprise", false)
	profile(w.beta, true, map[string]any{"summary": "", "capabilities": []string{"ai", "iot", "gis", "cloud", "big_data"},
		"districtsServed": []string{"citywide"}, "caseStudies": []any{}})
	w.gamma = w.register("gamma@example.com", "enterprise", true)
	profile(w.gamma, true, map[string]any{"summary": "", "capabilities": []string{"cloud"}, "districtsServed": []string{"pudong"},
		"caseStudies": []any{cs("Smart transport ticketing", "", 2024)}})
	w.delta = w.register("delta@example.com", "enterprise", false) // unverified: never matched
	profile(w.delta, false, map[string]any{"summary": "", "capabilities": []string{"iot", "gis", "cloud", "ai"},
		"districtsServed": []string{"xuhui"}, "caseStudies": []any{}})
	return w
}

// matchView is a ranked result as the API shows it.
type matchView struct {
	Provider    struct{ ID, Name string }
	Opportunity struct{ ID string }
	Score       int
	Reasons     []models.MatchReason
	Explanation models.Explanation
}

// matches reads a ranked list.
func (w *matchWorld) matches(path string, who session) ([]matchView, int) {
	w.t.Helper()
	r := w.do("GET", path, nil, who.bearer()...)
	if r.Status != 200 {
		w.t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var l struct {
		Items []matchView
		Total int
	}
	r.decode(w.t, &l)
	return l.Items, l.Total
}

// forEachMatchMode runs test on a resident matchWorld and on a shared one.
func forEachMatchMode(t *testing.T, test func(t *testing.T, w *matchWorld)) {
	for _, shared := range []bool{false, true} {
		t.Run(map[bool]string{false: "resident", true: "shared"}[shared], func(t *testing.T) { test(t, newMatchWorld(t, shared)) })
	}
}

func TestMatchProvidersForAListing(t *testing.T) { forEachMatchMode(t, testMatchProvidersForAListing) }

func testMatchProvidersForAListing(t *testing.T, w *matchWorld) {
	l := w.listingWith(w.buyer, "government_need", map[string]any{"capabilities": []string{"iot", "gis", "cloud", "ai"},
		"scenarios": []string{"smart_transport"}, "district": "xuhui"})
	items, total := w.matches("/api/v1/opportunities/"+l.ID+"/matches", w.buyer)
	if total != 3 || len(items) != 3 {
		t.Fatalf("%d matches of %d, want 3: %+v", len(items), total, items)
	}
	want := []matchView{
		{Score: 70, Reasons: []models.MatchReason{
			{Kind: "capabilities", Covered: []string{"iot", "gis", "cloud", "ai"}, Required: 4, Points: 50},
			{Kind: "district", District: "citywide", Points: 20}},
			Explanation: models.Explanation{ZH: "覆盖4项所需能力中的4项：物联网、时空信息/GIS、云计算、人工智能；服务全市",
				EN: "covers 4 of 4 required capabilities: IoT, Spatio-temporal / GIS, Cloud, AI; serves Citywide"}},
		{Score: 68, Reasons: []models.MatchReason{
			{Kind: "capabilities", Covered: []string{"iot", "gis", "cloud"}, Required: 4, Points: 37},
			{Kind: "district", District: "xuhui", Points: 20},
			{Kind: "caseStudies", Count: 2, Scenario: "smart_transport", Points: 10},
			{Kind: "profile", Covered: []string{"iot"}, Points: 1}},
			Explanation: models.Explanation{ZH: "覆盖4项所需能力中的3项：物联网、时空信息/GIS、云计算；服务徐汇区；2个智慧交通案例；简介提及物联网",
				EN: "covers 3 of 4 required capabilities: IoT, Spatio-temporal / GIS, Cloud; serves Xuhui; 2 case studies in Smart transport; profile mentions IoT"}},
		{Score: 17, Reasons: []models.MatchReason{
			{Kind: "capabilities", Covered: []string{"cloud"}, Required: 4, Points: 12},
			{Kind: "caseStudies", Count: 1, Scenario: "smart_transport", Points: 5}},
			Explanation: models.Explanation{ZH: "覆盖4项所需能力中的1项：云计算；1个智慧交通案例",
				EN: "covers 1 of 4 required capabilities: Cloud; 1 case study in Smart transport"}},
	}
	for i, id := range []string{w.beta.OrgID, w.alpha.OrgID, w.gamma.OrgID} {
		got := items[i]
		if got.Provider.ID != id {
			t.Fatalf("place %d: %s, want %s", i+1, got.Provider.Name, id)
		}
		got.Provider, got.Opportunity = want[i].Provider, want[i].Opportunity
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("place %d:\n got %+v\nwant %+v", i+1, got, want[i])
		}
	}
	// Pages, and who may ask.
	if page, total := w.matches("/api/v1/opportunities/"+l.ID+"/matches?page=2&pageSize=1", w.op); total != 3 || len(page) != 1 || page[0].Provider.ID != w.alpha.OrgID {
		t.Fatalf("page 2: %+v of %d", page, total)
	}
	w.do("GET", "/api/v1/opportunities/"+l.ID+"/matches", nil).problem(t, 401, "unauthenticated")
	w.do("GET", "/api/v1/opportunities/"+l.ID+"/matches", nil, w.provider.bearer()...).problem(t, 403, "forbidden")
	w.do("GET", "/api/v1/opportunities/"+l.ID+"/matches?pageSize=101", nil, w.buyer.bearer()...).problem(t, 422, "validation_failed")
	draft := w.create(w.buyer, "government_need")
	w.do("GET", "/api/v1/opportunities/"+draft.ID+"/matches", nil, w.provider.bearer()...).problem(t, 404, "not_found")
	if _, total := w.matches("/api/v1/opportunities/"+draft.ID+"/matches", w.buyer); total == 0 {
		t.Fatal("the buyer's draft matched no provider")
	}

	// An SME-only listing matches SMEs only.
	smeOnly := w.listingWith(w.buyer, "government_need", map[string]any{"capabilities": []string{"cloud"},
		"eligibility": map[string]any{"verifiedOnly": true, "smeOnly": true}})
	if items, _ := w.matches("/api/v1/opportunities/"+smeOnly.ID+"/matches", w.buyer); len(items) != 1 || items[0].Provider.ID != w.gamma.OrgID {
		t.Fatalf("SME-only listing matched %+v", items)
	}
}

func TestRecommendListingsForAProvider(t *testing.T) {
	forEachMatchMode(t, testRecommendListingsForAProvider)
}

func testRecommendListingsForAProvider(t *testing.T, w *matchWorld) {
	l := w.listingWith(w.buyer, "government_need", map[string]any{"capabilities": []string{"iot", "gis", "cloud", "ai"},
		"scenarios": []string{"smart_transport"}, "district": "xuhui"})
	help := w.listingWith(w.sme, "sme_help", map[string]any{"capabilities": []string{"cloud"}, "scenarios": []string{"digital_commerce"}})
	smeOnly := w.listingWith(w.buyer, "government_need", map[string]any{"capabilities": []string{"cloud"}, "scenarios": []string{},
		"district": "jinshan", "eligibility": map[string]any{"verifiedOnly": true, "smeOnly": true}})
	w.listingWith(w.buyer, "government_need", map[string]any{"capabilities": []string{"blockchain"}, "district": "jinshan"})
	w.create(w.buyer, "government_need") // a draft is never recommended

	type rec struct {
		id    string
		score int
		en    string
	}
	check := func(who session, want []rec) {
		t.Helper()
		items, total := w.matches("/api/v1/me/recommendations", who)
		if total != len(want) || len(items) != len(want) {
			t.Fatalf("%d recommendations: %+v", total, items)
		}
		for i, r := range want {
			if got := items[i]; got.Opportunity.ID != r.id || got.Score != r.score || got.Explanation.EN != r.en {
				t.Errorf("place %d: %s %d %q, want %s %d %q", i+1, got.Opportunity.ID, got.Score, got.Explanation.EN, r.id, r.score, r.en)
			}
		}
	}
	check(w.alpha, []rec{
		{help.ID, 70, "covers 1 of 1 required capabilities: Cloud; serves Xuhui"},
		{l.ID, 68, "covers 3 of 4 required capabilities: IoT, Spatio-temporal / GIS, Cloud; serves Xuhui; 2 case studies in Smart transport; profile mentions IoT"},
	})
	check(w.gamma, []rec{
		{help.ID, 60, "covers 1 of 1 required capabilities: Cloud; an SME, suited to an SME help request"},
		{smeOnly.ID, 50, "covers 1 of 1 required capabilities: Cloud"},
		{l.ID, 17, "covers 1 of 4 required capabilities: Cloud; 1 case study in Smart transport"},
	})
	w.do("GET", "/api/v1/me/recommendations", nil).problem(t, 401, "unauthenticated")
	w.do("GET", "/api/v1/me/recommendations", nil, w.buyer.bearer()...).problem(t, 403, "forbidden")
	w.do("GET", "/api/v1/me/recommendations", nil, w.op.bearer()...).problem(t, 403, "forbidden")
}
