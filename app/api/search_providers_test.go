package api_test

import (
	"strings"
	"testing"

	"market/app/api"
)

// providerPage is a decoded GET /providers response.
type providerPage struct {
	Items []struct {
		ID, Name, Verification string
		SME                    bool
		Highlight              struct{ Name, Summary string }
	}
	Total  int
	Facets map[string]map[string]int
}

func (p providerPage) ids() []string {
	out := []string{}
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out
}

// TestSearchProviders: only verified enterprises are in the directory,
// searched by name, summary, capability (in either language) and case
// study, filtered by capability, district and SME, with facets.
func TestSearchProviders(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	op := e.operator()
	twin := e.register("twin@example.com", "enterprise", false)
	cloud := e.register("cloud@example.com", "enterprise", true)
	unverified := e.register("new@example.com", "enterprise", true)
	gov := e.register("gov@example.com", "government", false)
	profile := func(s session, summary string, caps, districts []string, cases ...string) {
		t.Helper()
		cs := []map[string]any{}
		for _, c := range cases {
			cs = append(cs, map[string]any{"title": c, "summary": "", "year": 2024})
		}
		r := e.do("PUT", "/api/v1/organizations/"+s.OrgID+"/profile", map[string]any{"summary": summary,
			"capabilities": caps, "districtsServed": districts, "caseStudies": cs}, s.bearer()...)
		if r.Status != 200 {
			t.Fatalf("profile: %d %s", r.Status, r.Body)
		}
	}
	profile(twin, "城市数字孪生与物联感知 <script>x</script>", []string{"digital_twin", "iot"}, []string{"pudong", "jingan"}, "徐汇区城运中心数字孪生底座")
	profile(cloud, "Cloud migration for manufacturers", []string{"cloud", "cybersecurity"}, []string{"songjiang"}, "ERP to the cloud for a precision parts maker")
	profile(unverified, "物联网 cloud 数字孪生", []string{"iot", "cloud"}, nil)
	list := func(query string) providerPage {
		t.Helper()
		r := e.do("GET", "/api/v1/providers?"+query, nil)
		if r.Status != 200 {
			t.Fatalf("GET /providers?%s: %d %s", query, r.Status, r.Body)
		}
		var p providerPage
		r.decode(t, &p)
		return p
	}
	if p := list(""); p.Total != 0 {
		t.Fatalf("providers before any verification: %v", p.ids())
	}
	for _, s := range []session{twin, cloud, gov} {
		if r := e.do("POST", "/api/v1/admin/organizations/"+s.OrgID+"/verify", nil, op.bearer()...); r.Status != 200 {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}
	}
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", []string{twin.OrgID, cloud.OrgID}},
		{q("q", "物联网"), []string{twin.OrgID}},
		{q("q", "IoT"), []string{twin.OrgID}},
		{q("q", "云计算"), []string{cloud.OrgID}},
		{q("q", "manufacturer"), []string{cloud.OrgID}},
		{q("q", "城运中心"), []string{twin.OrgID}},
		{q("q", "cloud@example.com"), []string{cloud.OrgID}},
		{q("capability", "cybersecurity"), []string{cloud.OrgID}},
		{q("district", "jingan"), []string{twin.OrgID}},
		{q("district", "xuhui"), []string{twin.OrgID, cloud.OrgID}}, // where both are based
		{q("sme", "true"), []string{cloud.OrgID}},
		{q("sme", "false"), []string{twin.OrgID}},
	} {
		if got := list(c.query); !sameIDs(got.ids(), c.want...) || got.Total != len(c.want) {
			t.Errorf("?%s: %v, want %v", c.query, got.ids(), c.want)
		}
	}
	all := list("")
	if all.Facets["sme"]["true"] != 1 || all.Facets["capability"]["iot"] != 1 || all.Facets["district"]["xuhui"] != 2 {
		t.Errorf("facets: %v", all.Facets)
	}
	if p := list(q("q", "孪生")); len(p.Items) != 1 || !strings.Contains(p.Items[0].Highlight.Summary, "<mark>孪生</mark>") ||
		!strings.Contains(p.Items[0].Highlight.Summary, "&lt;script&gt;") {
		t.Errorf("highlighted summary: %+v", p.Items)
	}
	// A profile change and a withdrawn verification reach the directory.
	profile(cloud, "Now offering AI too", []string{"ai"}, nil)
	if got := list(q("capability", "ai")); !sameIDs(got.ids(), cloud.OrgID) {
		t.Errorf("after the profile change: %v", got.ids())
	}
	e.do("POST", "/api/v1/admin/organizations/"+twin.OrgID+"/reject", map[string]string{"reason": "资质过期"}, op.bearer()...)
	if got := list(""); !sameIDs(got.ids(), cloud.OrgID) {
		t.Errorf("after withdrawing a verification: %v", got.ids())
	}
	e.do("GET", "/api/v1/providers?district=nowhere", nil).problem(t, 422, "validation_failed")
}
