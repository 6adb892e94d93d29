package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// edgeBid submits a bid and returns the response.
func (m *market) edgeBid(who session, listingID string, price int64, headers ...string) *response {
	return m.do("POST", "/api/v1/opportunities/"+listingID+"/bids", bidBody(price), append(who.bearer(), headers...)...)
}

// edgeCreated asserts a 201 and returns the bid.
func (m *market) edgeCreated(r *response) bidView {
	m.t.Helper()
	if r.Status != 201 {
		m.t.Fatalf("bid: %d %s, want 201", r.Status, r.Body)
	}
	var b bidView
	r.decode(m.t, &b)
	return b
}

// edgeStatus asserts a status and returns the bid in the body.
func (m *market) edgeStatus(r *response, status int) bidView {
	m.t.Helper()
	if r.Status != status {
		m.t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	var b bidView
	r.decode(m.t, &b)
	return b
}

// edgeProvider registers and verifies another provider organisation.
func (m *market) edgeProvider(email string, sme bool) session {
	m.t.Helper()
	s := m.register(email, "enterprise", sme)
	if r := m.do("POST", "/api/v1/admin/organizations/"+s.OrgID+"/verify", nil, m.op.bearer()...); r.Status != 200 {
		m.t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	return s
}

func TestBidDeadlineEdges(t *testing.T) {
	m := newMarket(t)
	l := m.published()
	late := m.edgeProvider("late@example.com", false)
	latest := m.edgeProvider("latest@example.com", false)
	amended := m.edgeCreated(m.edgeBid(m.provider, l.ID, 90_000_000))
	withdrawn := m.edgeCreated(m.edgeBid(m.sme, l.ID, 80_000_000))
	if until := l.BidDeadline.Sub(m.clock.Now()); until != 10*24*time.Hour {
		t.Fatalf("the deadline is %s away, want 10 days", until)
	}

	// 1 ms before the deadline: a new bid, an amendment and a withdrawal all pass.
	m.advance(l.BidDeadline.Sub(m.clock.Now()) - time.Millisecond)
	late = m.login(late.Email, "correct horse battery")
	latest = m.login(latest.Email, "correct horse battery")
	lastMinute := m.edgeCreated(m.edgeBid(late, l.ID, 70_000_000))
	if !lastMinute.Receipt.IssuedAt.Equal(l.BidDeadline.Add(-time.Millisecond)) {
		t.Fatalf("receipt issued at %s, want 1 ms before the deadline %s", lastMinute.Receipt.IssuedAt, l.BidDeadline)
	}
	a := m.edgeStatus(m.do("PATCH", "/api/v1/bids/"+amended.ID, map[string]any{"version": 1, "priceFen": 85_000_000}, m.provider.bearer()...), 200)
	if a.Version != 2 || a.PriceFen != 85_000_000 {
		t.Fatalf("amended 1 ms before the deadline: %+v", a)
	}
	if w := m.edgeStatus(m.do("POST", "/api/v1/bids/"+withdrawn.ID+"/withdraw", nil, m.sme.bearer()...), 200); w.Status != "withdrawn" {
		t.Fatalf("withdrawn 1 ms before the deadline: %+v", w)
	}
	if got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...)); got.Status != "published" {
		t.Fatalf("1 ms before the deadline the listing is %s", got.Status)
	}

	// At the deadline, and after it: 409 deadline_passed for each.
	for _, step := range []time.Duration{time.Millisecond, time.Second} {
		m.advance(step)
		late = m.login(late.Email, "correct horse battery")
		latest = m.login(latest.Email, "correct horse battery")
		when := fmt.Sprintf("%s after the deadline", m.clock.Now().Sub(l.BidDeadline))
		t.Log(when)
		m.edgeBid(latest, l.ID, 60_000_000).problem(t, 409, "deadline_passed")
		m.do("PATCH", "/api/v1/bids/"+amended.ID, map[string]any{"version": 2, "priceFen": 1_000}, m.provider.bearer()...).problem(t, 409, "deadline_passed")
		m.do("POST", "/api/v1/bids/"+lastMinute.ID+"/withdraw", nil, late.bearer()...).problem(t, 409, "deadline_passed")
		// The withdrawn bid may not be revived by a new one either.
		m.edgeBid(m.sme, l.ID, 60_000_000).problem(t, 409, "deadline_passed")
	}

	// What was accepted before the deadline stands, unchanged by the refused calls.
	var all struct{ Items []bidView }
	r := m.do("GET", "/api/v1/opportunities/"+l.ID+"/bids", nil, m.buyer.bearer()...)
	if r.Status != 200 {
		t.Fatalf("bids after the deadline: %d %s", r.Status, r.Body)
	}
	r.decode(t, &all)
	got := map[string]bidView{}
	for _, b := range all.Items {
		got[b.ID] = b
	}
	if len(all.Items) != 2 || got[amended.ID].PriceFen != 85_000_000 || got[amended.ID].Version != 2 ||
		got[lastMinute.ID].Status != "submitted" {
		t.Fatalf("after the deadline the buyer sees %+v", all.Items)
	}
}

func TestBidWithdrawThenBidAgain(t *testing.T) {
	m := newMarket(t)
	l := m.published()
	first := m.edgeCreated(m.edgeBid(m.provider, l.ID, 90_000_000, "Idempotency-Key", "first"))
	m.edgeBid(m.provider, l.ID, 91_000_000).problem(t, 409, "conflict")
	// Only the bidder withdraws.
	m.do("POST", "/api/v1/bids/"+first.ID+"/withdraw", nil, m.sme.bearer()...).problem(t, 404, "not_found")
	m.do("POST", "/api/v1/bids/"+first.ID+"/withdraw", nil, m.buyer.bearer()...).problem(t, 403, "sealed")
	if w := m.edgeStatus(m.do("POST", "/api/v1/bids/"+first.ID+"/withdraw", nil, m.provider.bearer()...), 200); w.Status != "withdrawn" {
		t.Fatalf("withdrawn: %+v", w)
	}
	// A withdrawn bid can be neither withdrawn again nor amended.
	m.do("POST", "/api/v1/bids/"+first.ID+"/withdraw", nil, m.provider.bearer()...).problem(t, 409, "invalid_state")
	m.do("PATCH", "/api/v1/bids/"+first.ID, map[string]any{"version": 2, "priceFen": 1_000}, m.provider.bearer()...).problem(t, 409, "invalid_state")
	if got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...)); got.BidCount == nil || *got.BidCount != 0 {
		t.Fatalf("bid count after the withdrawal: %v", got.BidCount)
	}

	second := m.edgeCreated(m.edgeBid(m.provider, l.ID, 88_000_000, "Idempotency-Key", "second"))
	if second.ID == first.ID || second.Status != "submitted" || second.Version != 1 {
		t.Fatalf("the new bid: %+v (the withdrawn one was %s)", second, first.ID)
	}
	m.edgeBid(m.provider, l.ID, 87_000_000).problem(t, 409, "conflict")
	var mine struct{ Items []bidView }
	m.do("GET", "/api/v1/me/bids", nil, m.provider.bearer()...).decode(t, &mine)
	statuses := map[string]string{}
	for _, b := range mine.Items {
		statuses[b.ID] = b.Status
	}
	if len(mine.Items) != 2 || statuses[first.ID] != "withdrawn" || statuses[second.ID] != "submitted" {
		t.Fatalf("my bids: %+v", mine.Items)
	}

	// After the deadline the buyer sees the new bid only.
	m.advance(11 * 24 * time.Hour)
	var all struct{ Items []bidView }
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/bids", nil, m.buyer.bearer()...).decode(t, &all)
	if len(all.Items) != 1 || all.Items[0].ID != second.ID || all.Items[0].PriceFen != 88_000_000 {
		t.Fatalf("after the deadline the buyer sees %+v, want only %s", all.Items, second.ID)
	}
}

func TestBidEligibility(t *testing.T) {
	m := newMarket(t)
	verifiedOnly := m.published()
	unverified := m.register("unverified@example.com", "enterprise", false)
	m.edgeBid(unverified, verifiedOnly.ID, 90_000_000).problem(t, 403, "forbidden")

	// An SME set-aside refuses a non-SME and accepts an SME.
	body := m.draftBody("government_need")
	body["eligibility"] = map[string]bool{"verifiedOnly": true, "smeOnly": true}
	r := m.do("POST", "/api/v1/opportunities", body, m.buyer.bearer()...)
	var setAside listing
	r.decode(t, &setAside)
	m.ok(m.act(m.buyer, setAside.ID, "submit", nil))
	m.ok(m.act(m.op, setAside.ID, "approve", nil))
	m.edgeBid(m.provider, setAside.ID, 90_000_000).problem(t, 403, "forbidden")
	m.edgeBid(unverified, setAside.ID, 90_000_000).problem(t, 403, "forbidden")
	m.edgeCreated(m.edgeBid(m.sme, setAside.ID, 90_000_000))

	// A listing open to unverified providers accepts one.
	body = m.draftBody("government_need")
	body["eligibility"] = map[string]bool{"verifiedOnly": false, "smeOnly": false}
	r = m.do("POST", "/api/v1/opportunities", body, m.buyer.bearer()...)
	var open listing
	r.decode(t, &open)
	m.ok(m.act(m.buyer, open.ID, "submit", nil))
	m.ok(m.act(m.op, open.ID, "approve", nil))
	m.edgeCreated(m.edgeBid(unverified, open.ID, 90_000_000))

	// Government bodies, the buyer itself included, and operators do not bid;
	// anonymous callers must sign in.
	gov := m.register("other-gov@gov.example", "government", false)
	if r := m.do("POST", "/api/v1/admin/organizations/"+gov.OrgID+"/verify", nil, m.op.bearer()...); r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	m.edgeBid(gov, verifiedOnly.ID, 90_000_000).problem(t, 403, "forbidden")
	m.edgeBid(m.buyer, verifiedOnly.ID, 90_000_000).problem(t, 403, "forbidden")
	m.edgeBid(m.op, verifiedOnly.ID, 90_000_000).problem(t, 403, "forbidden")
	m.do("POST", "/api/v1/opportunities/"+verifiedOnly.ID+"/bids", bidBody(90_000_000)).problem(t, 401, "unauthenticated")

	// An SME's help request: the SME cannot bid on its own need; a provider can.
	help := m.create(m.sme, "sme_help")
	if got := m.ok(m.act(m.sme, help.ID, "submit", nil)); got.Status != "published" {
		t.Fatalf("help request: %s", got.Status)
	}
	m.edgeBid(m.sme, help.ID, 9_000_000).problem(t, 403, "forbidden")
	m.edgeCreated(m.edgeBid(m.provider, help.ID, 9_000_000))

	// Listings outsiders cannot see do not exist for them; a cancelled one
	// is not open for bids.
	draft := m.create(m.buyer, "government_need")
	pending := m.create(m.buyer, "government_need")
	m.ok(m.act(m.buyer, pending.ID, "submit", nil))
	rejected := m.create(m.buyer, "government_need")
	m.ok(m.act(m.buyer, rejected.ID, "submit", nil))
	m.ok(m.act(m.op, rejected.ID, "reject", map[string]string{"reason": "补充材料"}))
	for name, id := range map[string]string{"draft": draft.ID, "pending_review": pending.ID, "rejected": rejected.ID, "unknown": "nosuchlisting"} {
		if r := m.edgeBid(m.provider, id, 90_000_000); r.Status != 404 {
			t.Errorf("bid on a %s listing: %d %s, want 404", name, r.Status, r.Body)
		} else {
			r.problem(t, 404, "not_found")
		}
	}
	cancelled := m.published()
	m.ok(m.act(m.buyer, cancelled.ID, "cancel", map[string]string{"reason": "需求取消"}))
	m.edgeBid(m.provider, cancelled.ID, 90_000_000).problem(t, 409, "invalid_state")

	// Validation: every field is checked.
	p := m.do("POST", "/api/v1/opportunities/"+verifiedOnly.ID+"/bids", map[string]any{"priceFen": 0, "durationDays": 0, "proposal": "  "},
		m.provider.bearer()...).problem(t, 422, "validation_failed")
	if s := fmt.Sprint(p["errors"]); !strings.Contains(s, "body.priceFen") || !strings.Contains(s, "body.durationDays") {
		t.Fatalf("errors: %s", s)
	}
	m.do("POST", "/api/v1/opportunities/"+verifiedOnly.ID+"/bids", map[string]any{"priceFen": 1, "durationDays": 1, "proposal": "   "},
		m.provider.bearer()...).problem(t, 422, "validation_failed")
}

// A submission that fails frees its Idempotency-Key, so that the client may
// retry with the same key once the cause is gone (app.SubmitBid: "let the
// client retry with the same key").
func TestBidIdempotencyKeyFreedAfterFailure(t *testing.T) {
	m := newMarket(t)
	l := m.published()

	// Refused as unverified; verified; the retry with the same key succeeds.
	newcomer := m.register("newcomer@example.com", "enterprise", false)
	m.edgeBid(newcomer, l.ID, 90_000_000, "Idempotency-Key", "retry-me").problem(t, 403, "forbidden")
	if r := m.do("POST", "/api/v1/admin/organizations/"+newcomer.OrgID+"/verify", nil, m.op.bearer()...); r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	if r := m.edgeBid(newcomer, l.ID, 90_000_000, "Idempotency-Key", "retry-me"); r.Status != 201 {
		t.Errorf("retrying a refused submission with its key after the cause is gone: %d %s, want 201", r.Status, r.Body)
	}

	// Refused while another bid is active; that bid withdrawn; the retry succeeds.
	active := m.edgeCreated(m.edgeBid(m.provider, l.ID, 80_000_000, "Idempotency-Key", "first"))
	m.edgeBid(m.provider, l.ID, 79_000_000, "Idempotency-Key", "second").problem(t, 409, "conflict")
	m.edgeStatus(m.do("POST", "/api/v1/bids/"+active.ID+"/withdraw", nil, m.provider.bearer()...), 200)
	if r := m.edgeBid(m.provider, l.ID, 79_000_000, "Idempotency-Key", "second"); r.Status != 201 {
		t.Errorf("retrying a conflicting submission with its key after the withdrawal: %d %s, want 201", r.Status, r.Body)
	}
}
