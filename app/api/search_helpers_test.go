package api_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// hit is what the search tests read of a listing in a list.
type hit struct {
	ID, Code, Kind, Status, Title, Description, Domain, District string
	Capabilities                                                 []string
	Budget                                                       struct{ MinFen, MaxFen int64 }
	BidDeadline                                                  time.Time
	PublishedAt                                                  *time.Time
	BidCount                                                     *int
	Highlight                                                    struct{ Title, Description string }
}

// searchPage is a decoded GET /opportunities response.
type searchPage struct {
	Items    []hit
	Total    int
	Page     int
	PageSize int
	Facets   map[string]map[string]int
}

// ids returns the page's listing IDs in order.
func (p searchPage) ids() []string {
	out := []string{}
	for _, h := range p.Items {
		out = append(out, h.ID)
	}
	return out
}

// search lists listings with the given query string as who (anonymous
// without a session), failing the test unless the answer is 200.
func (e *env) search(t testing.TB, query string, who ...string) searchPage {
	t.Helper()
	r := e.do("GET", "/api/v1/opportunities?"+query, nil, who...)
	if r.Status != 200 {
		t.Fatalf("GET /opportunities?%s: %d %s", query, r.Status, r.Body)
	}
	var p searchPage
	r.decode(t, &p)
	return p
}

// q builds a query string from name, value pairs (names may repeat).
func q(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v.Encode()
}

// sameIDs reports whether got holds exactly want, in any order.
func sameIDs(got []string, want ...string) bool {
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	return slices.Equal(g, w)
}

// world is a market with published listings of every kind the search tests
// need, a draft and a listing under review. Listings are published a minute
// apart, in order, so that -published sorts them L5 first.
type world struct {
	*market
	// L1..L5 are published; draft and pending are not.
	L1, L2, L3, L4, L5, draft, pending listing
}

// fen converts yuan to fen.
func fen(yuan int64) int64 { return yuan * 100 }

// publish drafts a listing as who with the fields of body overridden,
// submits it and, for a government need, approves it.
func (m *market) publish(who session, kind string, fields map[string]any) listing {
	m.t.Helper()
	body := m.draftBody(kind)
	for k, v := range fields {
		body[k] = v
	}
	r := m.do("POST", "/api/v1/opportunities", body, who.bearer()...)
	if r.Status != 201 {
		m.t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var l listing
	r.decode(m.t, &l)
	l = m.ok(m.act(who, l.ID, "submit", nil))
	if l.Status == "pending_review" {
		l = m.ok(m.act(m.op, l.ID, "approve", nil))
	}
	if l.Status != "published" {
		m.t.Fatalf("publish: status %s", l.Status)
	}
	return l
}

// newWorld builds the search tests' world.
func newWorld(t *testing.T) *world {
	m := newMarket(t)
	w := &world{market: m}
	days := func(n int) string { return m.clock.Now().Add(time.Duration(n) * 24 * time.Hour).Format(time.RFC3339) }
	budget := func(lo, hi int64) map[string]any { return map[string]any{"minFen": fen(lo), "maxFen": fen(hi)} }
	w.L1 = m.publish(m.buyer, "government_need", map[string]any{
		"title":       "浦东新区智慧城市运行管理平台",
		"description": "建设城市运行“一网统管”平台，覆盖物联网感知与数据治理。",
		"domain":      "governance", "district": "pudong", "capabilities": []string{"iot", "data_governance"},
		"scenarios": []string{"one_network_operations"}, "budget": budget(1_000_000, 5_000_000), "bidDeadline": days(10),
	})
	m.clock.Advance(time.Minute)
	w.L2 = m.publish(m.buyer, "government_need", map[string]any{
		"title":       "Data governance platform for Xuhui health records",
		"description": "Consolidate hospital records with data quality checks and lineage.",
		"domain":      "life", "district": "xuhui", "capabilities": []string{"data_governance", "big_data"},
		"scenarios": []string{"smart_health"}, "budget": budget(200_000, 800_000), "bidDeadline": days(20),
		"eligibility": map[string]any{"verifiedOnly": true, "smeOnly": true},
	})
	m.clock.Advance(time.Minute)
	w.L3 = m.publish(m.buyer, "government_need", map[string]any{
		"title":       "Smart transport signal optimisation",
		"description": "Deploy IoT sensors at junctions in Minhang and tune signal timing with machine learning.",
		"domain":      "governance", "district": "minhang", "capabilities": []string{"ai"},
		"scenarios": []string{"smart_transport"}, "budget": budget(3_000_000, 9_000_000), "bidDeadline": days(5),
	})
	m.clock.Advance(time.Minute)
	w.L4 = m.publish(m.sme, "sme_help", map[string]any{
		"title":       "中小企业ERP上云咨询",
		"description": "帮助我们把ERP系统迁移到云计算平台，并培训员工。",
		"domain":      "economy", "district": "songjiang", "capabilities": []string{"cloud"},
		"scenarios": []string{"smart_manufacturing"}, "budget": budget(50_000, 100_000), "bidDeadline": days(15),
	})
	m.clock.Advance(time.Minute)
	w.L5 = m.publish(m.buyer, "government_need", map[string]any{
		"title":       "Elderly care platform <b>beta</b> & more 智慧养老",
		"description": strings.Repeat("社区养老服务需要长期运营和细致的需求调研。", 20) + " The platform must support elderly residents' care requests.",
		"domain":      "life", "district": "xuhui", "capabilities": []string{"ai", "mobile_apps"},
		"scenarios": []string{"elderly_care"}, "budget": budget(1_000_000, 2_000_000), "bidDeadline": days(30),
	})
	w.draft = m.create(m.buyer, "government_need")
	m.ok(m.do("PATCH", "/api/v1/opportunities/"+w.draft.ID, map[string]any{"version": w.draft.Version,
		"title": "智慧城市 机密草稿 secret draft"}, m.buyer.bearer()...))
	w.pending = m.create(m.buyer, "government_need")
	w.pending = m.ok(m.do("PATCH", "/api/v1/opportunities/"+w.pending.ID, map[string]any{"version": w.pending.Version,
		"title": "智慧城市 待审 pending review"}, m.buyer.bearer()...))
	m.ok(m.act(m.buyer, w.pending.ID, "submit", nil))
	return w
}

// publicIDs returns the IDs of the five published listings.
func (w *world) publicIDs() []string {
	return []string{w.L1.ID, w.L2.ID, w.L3.ID, w.L4.ID, w.L5.ID}
}
