package api_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"market/app/api"
)

// listing is what the lifecycle tests read back of a listing.
type listing struct {
	ID, Code, Kind, Status, Title, Description, DescriptionHTML, Reason string
	Version                                                             int
	BidDeadline                                                         time.Time
	BidCount                                                            *int
	Criteria                                                            []struct {
		ID     string
		Name   string
		Weight int
	}
	Buyer struct{ ID, Name string }
}

// market is a test world: a verified government buyer, an SME and an operator.
type market struct {
	*env
	buyer, sme, provider, op session
}

func newMarket(t testing.TB) *market {
	return newMarketOn(t, newEnv(t, api.LoginLimits{}))
}

// newMarketOn makes newMarket's accounts on e's server.
func newMarketOn(t testing.TB, e *env) *market {
	m := &market{env: e, buyer: e.register("buyer@gov.example", "government", false),
		sme: e.register("sme@example.com", "enterprise", true), provider: e.register("p@example.com", "enterprise", false)}
	m.op = e.operator()
	for _, s := range []session{m.buyer, m.sme, m.provider} {
		if r := e.do("POST", "/api/v1/admin/organizations/"+s.OrgID+"/verify", nil, m.op.bearer()...); r.Status != 200 {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}
	}
	return m
}

// advance moves the clock and signs everyone in again, as access tokens
// last 15 minutes.
func (m *market) advance(d time.Duration) {
	m.t.Helper()
	m.clock.Advance(d)
	for _, s := range []*session{&m.buyer, &m.sme, &m.provider} {
		*s = m.login(s.Email, "correct horse battery")
	}
	m.op = m.login(m.op.Email, "operator password")
}

// draftBody is a complete listing body.
func (m *market) draftBody(kind string) map[string]any {
	return map[string]any{
		"kind": kind, "title": "徐汇区“一网统管”城运平台升级 City operations platform upgrade",
		"description": "建设数字孪生底座。\n\nBuild a digital twin base.",
		"domain":      "governance", "district": "xuhui", "scenarios": []string{"one_network_operations"},
		"capabilities": []string{"digital_twin", "iot"}, "budget": map[string]any{"minFen": 50_000_000, "maxFen": 120_000_000},
		"bidDeadline": m.clock.Now().Add(10 * 24 * time.Hour).Format(time.RFC3339),
		"criteria":    []map[string]any{{"name": "技术方案", "weight": 60}, {"name": "价格", "weight": 40}},
	}
}

// create drafts a listing as who and returns it.
func (m *market) create(who session, kind string) listing {
	m.t.Helper()
	r := m.do("POST", "/api/v1/opportunities", m.draftBody(kind), who.bearer()...)
	if r.Status != 201 {
		m.t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var l listing
	r.decode(m.t, &l)
	return l
}

// act posts an action and returns the response.
func (m *market) act(who session, id, action string, body any) *response {
	return m.do("POST", "/api/v1/opportunities/"+id+"/"+action, body, who.bearer()...)
}

// ok asserts a 200 and returns the listing.
func (m *market) ok(r *response) listing {
	m.t.Helper()
	if r.Status != 200 {
		m.t.Fatalf("status %d: %s", r.Status, r.Body)
	}
	var l listing
	r.decode(m.t, &l)
	return l
}

// published drafts, submits and approves a government listing.
func (m *market) published() listing {
	l := m.create(m.buyer, "government_need")
	m.ok(m.act(m.buyer, l.ID, "submit", nil))
	return m.ok(m.act(m.op, l.ID, "approve", nil))
}

func TestGovernmentListingLifecycle(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	if l.Status != "draft" || l.Version != 1 || !regexp.MustCompile(`^SH-\d{4}-\d{6}$`).MatchString(l.Code) {
		t.Fatalf("new listing: %+v", l)
	}
	if len(l.Criteria) != 2 || l.Criteria[0].ID != "c1" || l.Criteria[1].Weight != 40 {
		t.Fatalf("criteria: %+v", l.Criteria)
	}
	// Drafts cannot be approved, cancelled, extended, closed out or completed.
	m.act(m.op, l.ID, "approve", nil).problem(t, 409, "invalid_state")
	m.act(m.buyer, l.ID, "cancel", map[string]string{"reason": "x"}).problem(t, 409, "invalid_state")
	m.act(m.buyer, l.ID, "unsuccessful", map[string]string{"reason": "x"}).problem(t, 409, "invalid_state")
	m.act(m.buyer, l.ID, "complete", nil).problem(t, 409, "invalid_state")
	m.act(m.buyer, l.ID, "extend", map[string]any{"bidDeadline": m.clock.Now().Add(20 * 24 * time.Hour), "reason": "x"}).problem(t, 409, "invalid_state")

	l = m.ok(m.act(m.buyer, l.ID, "submit", nil))
	if l.Status != "pending_review" {
		t.Fatalf("submitted: %s", l.Status)
	}
	m.act(m.buyer, l.ID, "submit", nil).problem(t, 409, "invalid_state")
	m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": l.Version, "title": "x"}, m.buyer.bearer()...).problem(t, 409, "invalid_state")

	l = m.ok(m.act(m.op, l.ID, "reject", map[string]string{"reason": "预算说明不足"}))
	if l.Status != "rejected" || l.Reason != "预算说明不足" {
		t.Fatalf("rejected: %+v", l)
	}
	// Back with the owner: edit and submit again.
	l = m.ok(m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": l.Version, "description": "补充预算说明。"}, m.buyer.bearer()...))
	l = m.ok(m.act(m.buyer, l.ID, "submit", nil))
	l = m.ok(m.act(m.op, l.ID, "approve", nil))
	if l.Status != "published" {
		t.Fatalf("approved: %s", l.Status)
	}
	m.act(m.op, l.ID, "approve", nil).problem(t, 409, "invalid_state")
	m.act(m.op, l.ID, "reject", map[string]string{"reason": "x"}).problem(t, 409, "invalid_state")
	m.act(m.buyer, l.ID, "unsuccessful", map[string]string{"reason": "x"}).problem(t, 409, "invalid_state")

	// Extend, then the clock closes it.
	newDeadline := l.BidDeadline.Add(48 * time.Hour)
	l = m.ok(m.act(m.buyer, l.ID, "extend", map[string]any{"bidDeadline": newDeadline, "reason": "应供应商要求延期"}))
	if !l.BidDeadline.Equal(newDeadline) {
		t.Fatalf("deadline %s, want %s", l.BidDeadline, newDeadline)
	}
	m.act(m.buyer, l.ID, "extend", map[string]any{"bidDeadline": newDeadline.Add(-time.Hour), "reason": "earlier"}).problem(t, 422, "validation_failed")
	m.advance(13 * 24 * time.Hour)
	l = m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil))
	if l.Status != "closed" || l.BidCount == nil || *l.BidCount != 0 {
		t.Fatalf("after the deadline: %+v", l)
	}
	m.act(m.buyer, l.ID, "extend", map[string]any{"bidDeadline": m.clock.Now().Add(time.Hour * 100), "reason": "too late"}).problem(t, 409, "invalid_state")
	m.act(m.buyer, l.ID, "complete", nil).problem(t, 409, "invalid_state")
	l = m.ok(m.act(m.buyer, l.ID, "unsuccessful", map[string]string{"reason": "无有效投标"}))
	if l.Status != "unsuccessful" {
		t.Fatalf("unsuccessful: %s", l.Status)
	}
	m.act(m.buyer, l.ID, "cancel", map[string]string{"reason": "x"}).problem(t, 409, "invalid_state")

	// The public history tells the story, chained.
	var h struct {
		Items []struct {
			Seq            int
			Type, PrevHash string
			Hash           string
			Actor          struct{ OrganizationName, Role string }
		}
	}
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/history", nil).decode(t, &h)
	var types []string
	for _, it := range h.Items {
		types = append(types, it.Type)
	}
	if got := strings.Join(types, ","); got != "opportunity.published,opportunity.extended,opportunity.closed,opportunity.unsuccessful" {
		t.Fatalf("public history: %s", got)
	}
	var full struct {
		Items []struct {
			Seq            int
			Type, PrevHash string
			Hash           string
		}
	}
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/history", nil, m.buyer.bearer()...).decode(t, &full)
	for i, it := range full.Items {
		if it.Seq != i+1 || (i > 0 && it.PrevHash != full.Items[i-1].Hash) || (i == 0 && it.PrevHash != "") {
			t.Fatalf("history link %d broken: %+v", i, full.Items)
		}
	}
	if full.Items[len(full.Items)-1].Seq != l.Version {
		t.Fatalf("last seq %d, version %d", full.Items[len(full.Items)-1].Seq, l.Version)
	}
}

func TestCancelFromEachAllowedState(t *testing.T) {
	m := newMarket(t)
	pending := m.create(m.buyer, "government_need")
	m.ok(m.act(m.buyer, pending.ID, "submit", nil))
	published := m.published()
	closed := m.published()
	m.advance(11 * 24 * time.Hour)
	for name, id := range map[string]string{"pending": pending.ID, "published": published.ID, "closed": closed.ID} {
		l := m.ok(m.act(m.buyer, id, "cancel", map[string]string{"reason": "需求调整 " + name}))
		if l.Status != "cancelled" {
			t.Fatalf("%s: %s", name, l.Status)
		}
		m.act(m.buyer, id, "cancel", map[string]string{"reason": "again"}).problem(t, 409, "invalid_state")
	}
	// A listing cancelled before publication stays private; after, it stays public.
	m.do("GET", "/api/v1/opportunities/"+pending.ID, nil).problem(t, 404, "not_found")
	if r := m.do("GET", "/api/v1/opportunities/"+published.ID, nil); r.Status != 200 {
		t.Fatalf("cancelled after publication: %d", r.Status)
	}
}

func TestSubmitRules(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.buyer, "government_need")
	m.ok(m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": l.Version,
		"criteria": []map[string]any{{"name": "a", "weight": 50}, {"name": "b", "weight": 30}}}, m.buyer.bearer()...))
	p := m.act(m.buyer, l.ID, "submit", nil).problem(t, 422, "validation_failed")
	if !strings.Contains(fmt.Sprint(p["errors"]), "body.criteria") {
		t.Fatalf("errors: %v", p["errors"])
	}
	l2 := m.create(m.buyer, "government_need")
	m.advance(11 * 24 * time.Hour)
	m.act(m.buyer, l2.ID, "submit", nil).problem(t, 422, "validation_failed")

	// An unverified organisation cannot submit.
	gov := m.register("new-gov@example.com", "government", false)
	l3 := m.create(gov, "government_need")
	m.act(gov, l3.ID, "submit", nil).problem(t, 403, "forbidden")

	// Unknown vocabulary codes are refused.
	body := m.draftBody("government_need")
	body["capabilities"] = []string{"iot", "mind_reading"}
	body["district"] = "gotham"
	p = m.do("POST", "/api/v1/opportunities", body, m.buyer.bearer()...).problem(t, 422, "validation_failed")
	if s := fmt.Sprint(p["errors"]); !strings.Contains(s, "body.capabilities[1]") || !strings.Contains(s, "body.district") {
		t.Fatalf("errors: %v", p["errors"])
	}
}

func TestSMEHelpRequestPublishesDirectly(t *testing.T) {
	m := newMarket(t)
	l := m.create(m.sme, "sme_help")
	l = m.ok(m.act(m.sme, l.ID, "submit", nil))
	if l.Status != "published" || l.Kind != "sme_help" {
		t.Fatalf("SME help request: %+v", l)
	}
	m.do("POST", "/api/v1/opportunities", m.draftBody("sme_help"), m.buyer.bearer()...).problem(t, 403, "forbidden")
	m.do("POST", "/api/v1/opportunities", m.draftBody("government_need"), m.sme.bearer()...).problem(t, 403, "forbidden")
	m.do("POST", "/api/v1/opportunities", m.draftBody("government_need"), m.provider.bearer()...).problem(t, 403, "forbidden")
	m.do("POST", "/api/v1/opportunities", m.draftBody("government_need"), m.op.bearer()...).problem(t, 403, "forbidden")
	m.do("POST", "/api/v1/opportunities", m.draftBody("government_need")).problem(t, 401, "unauthenticated")
}

func TestAmendmentRules(t *testing.T) {
	m := newMarket(t)
	l := m.published()
	path := "/api/v1/opportunities/" + l.ID
	// No reason: refused. Stale version: conflict.
	m.do("PATCH", path, map[string]any{"version": l.Version, "title": "新标题"}, m.buyer.bearer()...).problem(t, 422, "validation_failed")
	m.do("PATCH", path, map[string]any{"version": l.Version - 1, "title": "新标题", "amendmentReason": "r"}, m.buyer.bearer()...).problem(t, 409, "conflict")
	a := m.ok(m.do("PATCH", path, map[string]any{"version": l.Version, "title": "新标题 New title", "amendmentReason": "澄清范围"}, m.buyer.bearer()...))
	if a.Version != l.Version+1 || a.Title != "新标题 New title" || a.Status != "published" {
		t.Fatalf("amended: %+v", a)
	}
	// Eight days later the deadline is two days away: an amendment must extend it.
	m.advance(8 * 24 * time.Hour)
	p := m.do("PATCH", path, map[string]any{"version": a.Version, "title": "再次修改", "amendmentReason": "r"}, m.buyer.bearer()...).problem(t, 422, "validation_failed")
	if !strings.Contains(fmt.Sprint(p["errors"]), "body.bidDeadline") {
		t.Fatalf("errors: %v", p["errors"])
	}
	later := m.clock.Now().Add(4 * 24 * time.Hour).Format(time.RFC3339)
	a = m.ok(m.do("PATCH", path, map[string]any{"version": a.Version, "title": "再次修改", "bidDeadline": later, "amendmentReason": "延长截止"}, m.buyer.bearer()...))
	var h struct {
		Items []struct {
			Type    string
			Changes []struct{ Field, Before, After string }
		}
	}
	m.do("GET", path+"/history", nil).decode(t, &h)
	last := h.Items[len(h.Items)-1]
	if last.Type != "opportunity.amended" || len(last.Changes) != 2 || last.Changes[0].Field != "title" || last.Changes[0].Before != "新标题 New title" {
		t.Fatalf("amendment event: %+v", last)
	}
	// Other organisations cannot edit.
	m.do("PATCH", path, map[string]any{"version": a.Version, "title": "x", "amendmentReason": "r"}, m.provider.bearer()...).problem(t, 403, "forbidden")
}

func TestTextRoundTripsAndRendersSafely(t *testing.T) {
	m := newMarket(t)
	body := m.draftBody("government_need")
	title := "智慧城市 “一网通办” — Smart city ✓ <b>bold</b> & 'quotes'"
	desc := "第一段：数据治理。\n第二行 <script>alert('x')</script>\n\nSecond paragraph with <img src=x onerror=alert(1)> & \"quotes\"."
	body["title"], body["description"] = title, desc
	r := m.do("POST", "/api/v1/opportunities", body, m.buyer.bearer()...)
	var l listing
	r.decode(t, &l)
	got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...))
	if got.Title != title || got.Description != desc {
		t.Fatalf("text changed:\n%q\n%q", got.Title, got.Description)
	}
	h := got.DescriptionHTML
	if strings.Contains(h, "<script") || strings.Contains(h, "<img") || strings.Contains(strings.ToLower(h), "onerror=alert(1)>") {
		t.Fatalf("markup survived: %s", h)
	}
	want := "<p>第一段：数据治理。<br>第二行 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p><p>Second paragraph with &lt;img src=x onerror=alert(1)&gt; &amp; &#34;quotes&#34;.</p>"
	if h != want {
		t.Fatalf("descriptionHtml\n got %s\nwant %s", h, want)
	}
}

func TestListVisibility(t *testing.T) {
	m := newMarket(t)
	draft := m.create(m.buyer, "government_need")
	pub := m.published()
	list := func(query string, who ...string) (ids []string) {
		var body struct{ Items []struct{ ID string } }
		r := m.do("GET", "/api/v1/opportunities"+query, nil, who...)
		if r.Status != 200 {
			t.Fatalf("list %s: %d %s", query, r.Status, r.Body)
		}
		r.decode(t, &body)
		for _, it := range body.Items {
			ids = append(ids, it.ID)
		}
		return ids
	}
	if ids := list(""); len(ids) != 1 || ids[0] != pub.ID {
		t.Fatalf("anonymous: %v", ids)
	}
	if ids := list("?status=draft"); len(ids) != 0 {
		t.Fatalf("anonymous drafts: %v", ids)
	}
	if ids := list("?status=draft", m.provider.bearer()...); len(ids) != 0 {
		t.Fatalf("provider drafts: %v", ids)
	}
	if ids := list("?mine=true", m.buyer.bearer()...); len(ids) != 2 {
		t.Fatalf("buyer's own: %v", ids)
	}
	if ids := list("?status=draft", m.op.bearer()...); len(ids) != 1 || ids[0] != draft.ID {
		t.Fatalf("operator drafts: %v", ids)
	}
	m.do("GET", "/api/v1/opportunities?mine=true", nil).problem(t, 401, "unauthenticated")
}
