package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// The sealing test: before the deadline nothing of bidder A's bid (its id,
// price, proposal, team) and not even the fact that A bid (its organisation's
// name or id) may reach the buyer, another bidder, an anonymous caller or an
// operator, through any route of the API. The routes are read from the
// OpenAPI document, so that a route added later is probed too.

// Bidder A's distinctive content: prices of 9 digits so that no id, token
// or metric could contain them by chance.
const (
	sealAOrgName    = "甲乙隐秘科技 Zephyrquartz Holdings"
	sealAEmail      = "zq-bidder@sealing.example"
	sealAProposal   = "ZEPHYRQUARTZ-PROPOSAL-7Q：量子格栅飞轮方案，三期交付。"
	sealAToken      = "ZEPHYRQUARTZ-PROPOSAL-7Q"
	sealATeamName   = "Zephyrina Quartzfield"
	sealAPrice      = int64(735_198_461)
	sealAAmended    = int64(735_198_472)
	sealAPriceL2    = int64(846_213_579)
	sealARebidL2    = int64(846_213_591)
	sealBOrgName    = "丙丁开放数据 Borealis Civic Ltd"
	sealBPrice      = int64(612_345_787)
	sealBProposal   = "BOREALIS-PROPOSAL：开放数据中台。"
	sealAKey        = "seal-key-a"
	sealPassword    = "correct horse battery"
	sealProbeReason = "sealing probe 封标探测"
	sealADocName    = "ZEPHYRDOCNAME-量子格栅方案书.pdf"
	sealADocText    = "ZEPHYRDOC-CONTENT-9X"
)

// sealBid is a bid body with bidder A's or B's content.
func sealBid(price int64, proposal, teamName string) map[string]any {
	return map[string]any{"priceFen": price, "durationDays": 180, "proposal": proposal,
		"team": []map[string]string{{"name": teamName, "role": "项目经理"}}}
}

// sealRegister registers an enterprise with a chosen organisation name.
func sealRegister(e *env, email, orgName string) session {
	e.t.Helper()
	body := registration(email, "enterprise", false)
	body["organization"].(map[string]any)["name"] = orgName
	r := e.do("POST", "/api/v1/auth/register", body)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("register %s: %d %s", email, r.Status, r.Body)
	}
	return sessionOf(e.t, r)
}

// sealWorld is the sealing test's market: bidders A and B on listing L
// (which stays open) and on listing L2 (which the buyer cancels during the
// probe), and the ids the probes fill path parameters with.
type sealWorld struct {
	*market
	a, b           session
	l, l2          string
	aBids, bBids   []string // A's bid ids (L, L2 withdrawn, L2 again); B's (L, L2)
	aBidL, bBidL   string
	questions      []string // asked by A (answered) and by B (open)
	aNotes, bNotes []string
	// docs are document ids: A's bid's, B's bid's and one of listing L's.
	docs   []string
	aDoc   docView
	probes int
	regs   int
}

// sealNeedle is something of A's bid that must not leak; org marks A's
// identity, which A's own organisation pages legitimately show.
type sealNeedle struct {
	what, value string
	org         bool
}

func (w *sealWorld) needles() []sealNeedle {
	ns := []sealNeedle{
		{"A's organisation name", sealAOrgName, true},
		{"A's organisation id", w.a.OrgID, true},
		{"A's user id", w.a.UserID, true},
		{"A's email", sealAEmail, true},
		{"A's proposal", sealAProposal, false},
		{"A's proposal token", sealAToken, false},
		{"A's team member", sealATeamName, false},
	}
	for _, id := range w.aBids {
		ns = append(ns, sealNeedle{"A's bid id", id, false})
	}
	ns = append(ns, sealNeedle{"A's document's name", sealADocName, false}, sealNeedle{"A's document's id", w.aDoc.ID, false},
		sealNeedle{"A's document's hash", w.aDoc.SHA256, false}, sealNeedle{"A's document's content", sealADocText, false})
	for _, p := range []int64{sealAPrice, sealAAmended, sealAPriceL2, sealARebidL2} {
		ns = append(ns, sealNeedle{"A's price in fen", strconv.FormatInt(p, 10), false},
			sealNeedle{"A's price in yuan", fmt.Sprintf("%d.%02d", p/100, p%100), false})
	}
	return ns
}

// sealActor is one caller of the probe.
type sealActor struct {
	name   string
	s      *session // nil: anonymous
	writes bool     // also probe the writing routes
}

func (a sealActor) headers() []string {
	if a.s == nil {
		return nil
	}
	return a.s.bearer()
}

func TestBidSealing(t *testing.T) {
	w := &sealWorld{market: newMarket(t)}
	w.a = sealRegister(w.env, sealAEmail, sealAOrgName)
	w.b = sealRegister(w.env, "borealis@sealing.example", sealBOrgName)
	for _, s := range []session{w.a, w.b} {
		if r := w.do("POST", "/api/v1/admin/organizations/"+s.OrgID+"/verify", nil, w.op.bearer()...); r.Status != 200 {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}
	}
	w.l, w.l2 = w.published().ID, w.published().ID

	bid := func(who session, listing string, body map[string]any, headers ...string) string {
		t.Helper()
		r := w.do("POST", "/api/v1/opportunities/"+listing+"/bids", body, append(who.bearer(), headers...)...)
		if r.Status != 201 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
		var v bidView
		r.decode(t, &v)
		return v.ID
	}
	w.aBidL = bid(w.a, w.l, sealBid(sealAPrice, sealAProposal, sealATeamName), "Idempotency-Key", sealAKey)
	w.bBidL = bid(w.b, w.l, sealBid(sealBPrice, sealBProposal, "Bo Realis"))
	aWithdrawn := bid(w.a, w.l2, sealBid(sealAPriceL2, sealAProposal, sealATeamName))
	if r := w.do("POST", "/api/v1/bids/"+aWithdrawn+"/withdraw", nil, w.a.bearer()...); r.Status != 200 {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	aRebid := bid(w.a, w.l2, sealBid(sealARebidL2, sealAProposal, sealATeamName))
	w.aBids = []string{w.aBidL, aWithdrawn, aRebid}
	w.bBids = []string{w.bBidL, bid(w.b, w.l2, sealBid(sealBPrice+1, sealBProposal, "Bo Realis"))}
	if r := w.do("PATCH", "/api/v1/bids/"+w.aBidL, map[string]any{"version": 1, "priceFen": sealAAmended}, w.a.bearer()...); r.Status != 200 {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}

	// Documents: A's and B's bids carry one each, and the listing one.
	w.aDoc, _ = created[bidDocs](t, w.uploadBid(w.a, w.aBidL, 2, sealADocName, minimalPDF(sealADocText)), "bid")
	bDoc, _ := created[bidDocs](t, w.uploadBid(w.b, w.bBidL, 1, "borealis.pdf", minimalPDF("borealis")), "bid")
	spec := w.ok(w.do("GET", "/api/v1/opportunities/"+w.l, nil, w.buyer.bearer()...))
	lDoc, _ := created[listingDocs](t, w.uploadListing(w.buyer, w.l, spec.Version, "规范.pdf", minimalPDF("spec"), "amendmentReason", "补充规范"), "opportunity")
	w.docs = []string{w.aDoc.ID, bDoc.ID, lDoc.ID}

	// Questions: A's is answered (public), B's stays open.
	for _, who := range []session{w.a, w.b} {
		r := w.do("POST", "/api/v1/opportunities/"+w.l+"/questions", map[string]string{"text": "交付物是否包含源代码？"}, who.bearer()...)
		if r.Status != 201 {
			t.Fatalf("ask: %d %s", r.Status, r.Body)
		}
		var q struct{ ID string }
		r.decode(t, &q)
		w.questions = append(w.questions, q.ID)
	}
	if r := w.do("POST", "/api/v1/opportunities/"+w.l+"/questions/"+w.questions[0]+"/answer", map[string]string{"text": "包含。"}, w.buyer.bearer()...); r.Status != 200 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	// An amendment notifies the bidders.
	cur := w.ok(w.do("GET", "/api/v1/opportunities/"+w.l, nil, w.buyer.bearer()...))
	w.ok(w.do("PATCH", "/api/v1/opportunities/"+w.l, map[string]any{"version": cur.Version, "title": "修订后的标题 Amended title",
		"amendmentReason": "澄清范围"}, w.buyer.bearer()...))
	w.aNotes, w.bNotes = w.noteIDs(w.a), w.noteIDs(w.b)
	if len(w.aNotes) == 0 || len(w.bNotes) == 0 {
		t.Fatalf("bidders were not notified of the amendment: A %v, B %v", w.aNotes, w.bNotes)
	}

	// Positive control: A itself sees every sealNeedle of its bids, so a clean
	// probe below means the needles were looked for where they would be.
	var own strings.Builder
	for _, id := range w.aBids {
		own.Write(w.do("GET", "/api/v1/bids/"+id, nil, w.a.bearer()...).Body)
	}
	own.Write(w.do("GET", "/api/v1/me/bids", nil, w.a.bearer()...).Body)
	own.Write(w.do("GET", "/api/v1/me", nil, w.a.bearer()...).Body)
	for _, n := range w.needles() {
		if n.what == "A's email" || n.what == "A's user id" || strings.Contains(n.what, "yuan") || n.what == "A's document's content" ||
			n.value == strconv.FormatInt(sealAPrice, 10) {
			continue // not part of a bid's body, or amended since
		}
		if !strings.Contains(own.String(), n.value) {
			t.Fatalf("positive control: A's own reads lack %s %q", n.what, n.value)
		}
	}

	// Explicit sealing answers before the deadline.
	for _, id := range []string{w.aBidL, aRebid} {
		p := w.do("GET", "/api/v1/bids/"+id, nil, w.buyer.bearer()...).problem(t, 403, "sealed")
		w.do("GET", "/api/v1/bids/"+id, nil, w.op.bearer()...).problem(t, 403, "sealed")
		w.do("GET", "/api/v1/bids/"+id, nil, w.b.bearer()...).problem(t, 404, "not_found")
		w.do("GET", "/api/v1/bids/"+id, nil).problem(t, 401, "unauthenticated")
		if d := fmt.Sprint(p["detail"]); strings.Contains(d, id) {
			t.Errorf("the sealed answer echoes the bid id: %s", d)
		}
	}
	w.do("GET", "/api/v1/opportunities/"+w.l+"/bids", nil, w.buyer.bearer()...).problem(t, 403, "sealed")
	w.do("GET", "/api/v1/opportunities/"+w.l+"/bids", nil, w.op.bearer()...).problem(t, 403, "sealed")
	w.do("GET", "/api/v1/opportunities/"+w.l+"/bids", nil, w.b.bearer()...).problem(t, 403, "forbidden")
	if l := w.ok(w.do("GET", "/api/v1/opportunities/"+w.l, nil, w.buyer.bearer()...)); l.BidCount == nil || *l.BidCount != 2 {
		t.Fatalf("the buyer's bid count: %v, want 2", l.BidCount)
	}
	for name, s := range map[string][]string{"bidder B": w.b.bearer(), "anonymous": nil} {
		if l := w.ok(w.do("GET", "/api/v1/opportunities/"+w.l, nil, s...)); l.BidCount != nil {
			t.Errorf("%s sees a bid count before the deadline: %d", name, *l.BidCount)
		}
	}

	// Every route, as everyone but A: reads, then writes, then reads again
	// (the writes made new notifications, history and a cancellation).
	readers := []sealActor{{"buyer", &w.buyer, true}, {"bidder B", &w.b, true}, {"anonymous", nil, true}, {"operator", &w.op, false}}
	w.probe(readers, false)
	w.probe(readers, true)
	w.aNotes, w.bNotes = w.noteIDs(w.a), w.noteIDs(w.b)
	w.probe(readers, false)
	t.Logf("%d probes", w.probes)

	// After the deadline the buyer sees both bids on L, with A's amended price.
	w.advance(40 * 24 * time.Hour)
	w.a, w.b = w.login(sealAEmail, sealPassword), w.login(w.b.Email, sealPassword)
	r := w.do("GET", "/api/v1/opportunities/"+w.l+"/bids", nil, w.buyer.bearer()...)
	if r.Status != 200 {
		t.Fatalf("buyer's bids after the deadline: %d %s", r.Status, r.Body)
	}
	var all struct{ Items []bidView }
	r.decode(t, &all)
	got := map[string]int64{}
	for _, b := range all.Items {
		got[b.ID] = b.PriceFen
	}
	if len(all.Items) != 2 || got[w.aBidL] != sealAAmended || got[w.bBidL] == 0 {
		t.Fatalf("after the deadline the buyer sees %+v, want A's %s at %d and B's %s", all.Items, w.aBidL, sealAAmended, w.bBidL)
	}
	for _, id := range []string{w.aBidL, w.bBidL} {
		var v bidView
		r := w.do("GET", "/api/v1/bids/"+id, nil, w.buyer.bearer()...)
		if r.Status != 200 {
			t.Fatalf("buyer's GET /bids/%s after the deadline: %d %s", id, r.Status, r.Body)
		}
		r.decode(t, &v)
		if v.ID != id || v.PriceFen != got[id] {
			t.Fatalf("bid %s: %+v", id, v)
		}
	}
	var anon listing
	w.do("GET", "/api/v1/opportunities/"+w.l, nil).decode(t, &anon)
	if anon.BidCount == nil || *anon.BidCount != 2 {
		t.Fatalf("the public bid count after the deadline: %v", anon.BidCount)
	}
}

// noteIDs lists an organisation's notification ids.
func (w *sealWorld) noteIDs(s session) []string {
	w.t.Helper()
	var l struct{ Items []struct{ ID string } }
	r := w.do("GET", "/api/v1/me/notifications?pageSize=100", nil, s.bearer()...)
	if r.Status != 200 {
		w.t.Fatalf("notifications: %d %s", r.Status, r.Body)
	}
	r.decode(w.t, &l)
	var ids []string
	for _, n := range l.Items {
		ids = append(ids, n.ID)
	}
	return ids
}

// sealOp is one operation of the OpenAPI document.
type sealOp struct {
	method, template string
	op               *huma.Operation
}

// operations lists the document's operations, sorted, plus the routes
// served outside it.
func (w *sealWorld) operations() []sealOp {
	var ops []sealOp
	for template, item := range w.srv.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put,
			"PATCH": item.Patch, "DELETE": item.Delete} {
			if op != nil {
				ops = append(ops, sealOp{method, template, op})
			}
		}
	}
	for _, extra := range []string{"/api/openapi.json", "/api/openapi.yaml", "/api/openapi-3.0.json", "/api/openapi-3.0.yaml", "/api/docs", "/"} {
		ops = append(ops, sealOp{"GET", extra, nil})
	}
	slices.SortFunc(ops, func(a, b sealOp) int {
		return strings.Compare(a.template+" "+a.method, b.template+" "+b.method)
	})
	return ops
}

// candidates are the values a path parameter is filled with, by the
// segment before it: listings, bids, organisations, notifications,
// questions; anything else (a route added later) gets every id.
func (w *sealWorld) candidates(prev, name string) []string {
	switch {
	case name == "questionId":
		return w.questions
	case name == "docId":
		return w.docs
	case prev == "opportunities":
		return []string{w.l, w.l2}
	case prev == "bids":
		return append(append([]string{}, w.aBids...), w.bBids...)
	case prev == "organizations":
		return []string{w.a.OrgID, w.b.OrgID, w.buyer.OrgID}
	case prev == "notifications":
		return append(append([]string{}, w.aNotes...), w.bNotes...)
	}
	all := []string{w.l, w.l2, w.a.OrgID, w.b.OrgID, w.buyer.OrgID}
	all = append(append(all, w.aBids...), w.bBids...)
	all = append(append(all, w.aNotes...), w.bNotes...)
	return append(all, w.questions...)
}

// expand fills a path template's parameters with every combination of candidates.
func (w *sealWorld) expand(template string) []string {
	paths := []string{""}
	segs := strings.Split(strings.TrimPrefix(template, "/"), "/")
	for i, seg := range segs {
		vals := []string{seg}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			prev := ""
			if i > 0 {
				prev = segs[i-1]
			}
			vals = w.candidates(prev, strings.Trim(seg, "{}"))
		}
		var next []string
		for _, p := range paths {
			for _, v := range vals {
				next = append(next, p+"/"+v)
			}
		}
		paths = next
	}
	return paths
}

// sealQueries are the query strings a read is also tried with.
func sealQueries(o sealOp) []string {
	qs := []string{""}
	if o.op == nil {
		return qs
	}
	for _, p := range o.op.Parameters {
		if p.In == "query" {
			qs = append(qs, "?q=Zephyr&mine=true&pageSize=100",
				"?status=published&status=closed&status=cancelled&status=draft&verification=verified&pageSize=100")
			break
		}
	}
	return qs
}

// protected reports a write the probe must not make, because it would end
// the scenario rather than probe it: cancelling L (L2 is cancelled
// instead) and B withdrawing its bid on L.
func (w *sealWorld) protected(template, path string) bool {
	switch {
	case strings.HasSuffix(template, "/cancel") && strings.Contains(path, "/"+w.l+"/"):
		return true
	case strings.HasSuffix(template, "/withdraw") && path == "/api/v1/bids/"+w.bBidL+"/withdraw":
		return true
	}
	return false
}

// body returns a plausible body for a write: hand-written for the routes
// known today, else a sample of the required fields from the schema.
func (w *sealWorld) body(a sealActor, o sealOp, path string) any {
	now := w.clock.Now()
	switch o.method + " " + o.template {
	case "POST /api/v1/auth/register":
		w.regs++
		return registration(fmt.Sprintf("seal-probe-%d@example.com", w.regs), "enterprise", false)
	case "POST /api/v1/auth/login":
		if a.s == nil {
			return map[string]string{"email": sealAEmail, "password": "wrong password!"}
		}
		return map[string]string{"email": a.s.Email, "password": sealPassword}
	case "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout":
		return map[string]string{"refreshToken": "not-a-refresh-token"}
	case "POST /api/v1/opportunities":
		return w.draftBody("government_need")
	case "PATCH /api/v1/opportunities/{id}":
		return map[string]any{"version": 1, "title": "探测标题", "amendmentReason": sealProbeReason}
	case "POST /api/v1/opportunities/{id}/extend":
		return map[string]any{"bidDeadline": now.Add(20 * 24 * time.Hour).Format(time.RFC3339), "reason": sealProbeReason}
	case "POST /api/v1/opportunities/{id}/award":
		return map[string]string{"bidId": w.aBidL, "reason": sealProbeReason}
	case "POST /api/v1/opportunities/{id}/bids":
		return sealBid(444_444_444, "探测投标 probe bid", "Probe")
	case "POST /api/v1/opportunities/{id}/questions", "POST /api/v1/opportunities/{id}/questions/{questionId}/answer":
		return map[string]string{"text": "探测问题 probe"}
	case "PATCH /api/v1/bids/{id}":
		return map[string]any{"version": 1, "priceFen": 555_555_555}
	case "PUT /api/v1/bids/{id}/scores":
		return map[string]any{"scores": map[string]int{"c1": 50, "c2": 50}}
	case "POST /api/v1/me/saved-searches":
		return map[string]any{"name": "探测订阅 probe", "query": map[string]any{"q": "Zephyr"}}
	case "PUT /api/v1/organizations/{id}/profile":
		return map[string]any{"summary": "探测 probe", "capabilities": []string{}, "caseStudies": []any{}, "districtsServed": []string{}}
	}
	if o.op == nil || o.op.RequestBody == nil {
		return nil
	}
	mt := o.op.RequestBody.Content["application/json"]
	if mt == nil {
		return nil
	}
	return sealSample(w.srv.OpenAPI().Components.Schemas, mt.Schema, 0)
}

// sealSample builds a value with the required fields of schema s.
func sealSample(reg huma.Registry, s *huma.Schema, depth int) any {
	if s == nil || depth > 8 {
		return nil
	}
	if s.Ref != "" {
		s = reg.SchemaFromRef(s.Ref)
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch s.Type {
	case "object":
		out := map[string]any{}
		for _, name := range s.Required {
			out[name] = sealSample(reg, s.Properties[name], depth+1)
		}
		return out
	case "array":
		return []any{}
	case "string":
		switch s.Format {
		case "date-time":
			return time.Now().Add(30 * 24 * time.Hour).UTC().Format(time.RFC3339)
		case "email":
			return "probe@example.com"
		}
		return sealProbeReason
	case "integer", "number":
		if s.Minimum != nil {
			return *s.Minimum
		}
		return 1
	case "boolean":
		return false
	}
	return nil
}

// sealCall is one probe to make.
type sealCall struct {
	a       sealActor
	o       sealOp
	path    string
	body    any
	headers []string
}

// probe calls every operation (reads, or writes) as each actor and checks
// that no answer carries anything of A's bids. Reads of the document's
// routes run four at a time; writes one after the other, in order.
func (w *sealWorld) probe(actors []sealActor, writes bool) {
	w.t.Helper()
	needles := w.needles()
	var calls []sealCall
	for _, o := range w.operations() {
		if (o.method != "GET") != writes {
			continue
		}
		for _, a := range actors {
			if writes && !a.writes {
				continue
			}
			for _, path := range w.expand(o.template) {
				if writes && w.protected(o.template, path) {
					continue
				}
				if writes {
					calls = append(calls, sealCall{a, o, path, w.body(a, o, path), append(a.headers(), "Idempotency-Key", sealAKey)})
					continue
				}
				for _, q := range sealQueries(o) {
					calls = append(calls, sealCall{a, o, path + q, nil, a.headers()})
				}
			}
		}
	}
	call := func(c sealCall) {
		r := w.do(c.o.method, c.path, c.body, c.headers...)
		if r.Status >= 500 {
			w.t.Errorf("%s %s %s: %d %s", c.a.name, c.o.method, c.path, r.Status, r.Body)
		}
		w.inspect(c.a, c.o, c.path, r, needles)
	}
	// Huma renders the OpenAPI document lazily, racing on concurrent first
	// requests: the routes outside the document go first, one at a time.
	var parallel []sealCall
	for _, c := range calls {
		if c.o.op == nil || writes {
			call(c)
		} else {
			parallel = append(parallel, c)
		}
	}
	burstPool(len(parallel), 4, func(i int) { call(parallel[i]) })
	w.probes += len(calls)
}

// inspect looks for the needles in an answer's body and headers. A's
// organisation pages (and the operators' organisation directory) may name
// A, but must carry nothing of its bids.
func (w *sealWorld) inspect(a sealActor, o sealOp, path string, r *response, needles []sealNeedle) {
	w.t.Helper()
	// Operators are shown who asked a question (API.md, "Questions"):
	// asking is not bidding.
	orgPage := strings.HasPrefix(o.template, "/api/v1/organizations/") || strings.HasPrefix(o.template, "/api/v1/admin/organizations") ||
		strings.HasPrefix(o.template, "/api/v1/providers") || (a.name == "operator" && strings.Contains(o.template, "/questions"))
	var hay strings.Builder
	hay.Write(r.Body)
	for k, vs := range r.Header {
		hay.WriteString("\n" + k + ": " + strings.Join(vs, ", "))
	}
	text := hay.String()
	for _, n := range needles {
		if n.org && orgPage {
			continue
		}
		if i := strings.Index(text, n.value); i >= 0 {
			lo, hi := max(0, i-120), min(len(text), i+len(n.value)+120)
			w.t.Errorf("LEAK: %s %s %s → %d carries %s %q: …%s…", a.name, o.method, path, r.Status, n.what, n.value, text[lo:hi])
		}
	}
}

// A listing cancelled before its deadline keeps its bids sealed: the
// deadline never passed, so neither the buyer nor an operator may open them
// (API.md: "GET /opportunities/{id}/bids → owner organisation and operators
// after the deadline; before → 403 sealed").
func TestBidsStaySealedWhenCancelledBeforeTheDeadline(t *testing.T) {
	m := newMarket(t)
	l := m.published()
	r := m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", sealBid(sealAPrice, sealAProposal, sealATeamName), m.provider.bearer()...)
	if r.Status != 201 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	var b bidView
	r.decode(t, &b)
	if c := m.ok(m.act(m.buyer, l.ID, "cancel", map[string]string{"reason": "需求调整"})); c.Status != "cancelled" {
		t.Fatalf("cancel: %+v", c)
	}
	for name, who := range map[string]session{"buyer": m.buyer, "operator": m.op} {
		if r := m.do("GET", "/api/v1/opportunities/"+l.ID+"/bids", nil, who.bearer()...); r.Status != 403 || strings.Contains(string(r.Body), sealAToken) {
			t.Errorf("%s: GET /opportunities/{id}/bids on a listing cancelled before its deadline: %d %s, want 403 sealed", name, r.Status, r.Body)
		}
		if r := m.do("GET", "/api/v1/bids/"+b.ID, nil, who.bearer()...); r.Status != 403 || strings.Contains(string(r.Body), sealAToken) {
			t.Errorf("%s: GET /bids/{id} on a listing cancelled before its deadline: %d %s, want 403 sealed", name, r.Status, r.Body)
		}
	}
	// The bidder still reads its own bid.
	if r := m.do("GET", "/api/v1/bids/"+b.ID, nil, m.provider.bearer()...); r.Status != 200 {
		t.Fatalf("the bidder's own bid: %d %s", r.Status, r.Body)
	}
}
