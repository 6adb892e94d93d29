package api_test

import (
	"testing"
	"time"

	"market/models"
)

// bidBody is a complete bid.
func bidBody(price int64) map[string]any {
	return map[string]any{"priceFen": price, "durationDays": 120, "proposal": "我们的方案：数字孪生底座 + 物联感知。",
		"team": []map[string]string{{"name": "张工", "role": "架构师"}}}
}

type bidView struct {
	ID, Status, OpportunityID string
	Version                   int
	PriceFen                  int64
	Receipt                   struct {
		SHA256   string
		IssuedAt time.Time
	}
	TotalScore *float64
	Bidder     struct{ ID, Name string }
}

func TestBidLifecycleToAward(t *testing.T) {
	m := newMarket(t)
	l := m.published()
	second := m.register("p2@example.com", "enterprise", false)
	m.do("POST", "/api/v1/admin/organizations/"+second.OrgID+"/verify", nil, m.op.bearer()...)

	r := m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(90_000_000), append(m.provider.bearer(), "Idempotency-Key", "k1")...)
	if r.Status != 201 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	var b1 bidView
	r.decode(t, &b1)
	if b1.Status != "submitted" || len(b1.Receipt.SHA256) != 64 || b1.Bidder.ID != m.provider.OrgID {
		t.Fatalf("bid: %+v", b1)
	}
	// The same key again: the same bid.
	var again bidView
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(1), append(m.provider.bearer(), "Idempotency-Key", "k1")...).decode(t, &again)
	if again.ID != b1.ID || again.PriceFen != 90_000_000 {
		t.Fatalf("replay gave %+v", again)
	}
	// Another key while a bid is active: conflict. The buyer cannot bid.
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(1), m.provider.bearer()...).problem(t, 409, "conflict")
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(1), m.buyer.bearer()...).problem(t, 403, "forbidden")

	var b2 bidView
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(80_000_000), second.bearer()...).decode(t, &b2)
	// Sealed: the buyer sees a count only.
	m.do("GET", "/api/v1/bids/"+b1.ID, nil, m.buyer.bearer()...).problem(t, 403, "sealed")
	m.do("GET", "/api/v1/bids/"+b1.ID, nil, second.bearer()...).problem(t, 404, "not_found")
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/bids", nil, m.buyer.bearer()...).problem(t, 403, "sealed")
	got := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil, m.buyer.bearer()...))
	if got.BidCount == nil || *got.BidCount != 2 {
		t.Fatalf("buyer's bid count: %v", got.BidCount)
	}
	if anon := m.ok(m.do("GET", "/api/v1/opportunities/"+l.ID, nil)); anon.BidCount != nil {
		t.Fatalf("anonymous sees a bid count before the deadline: %d", *anon.BidCount)
	}

	// Amend: new version, new receipt.
	var amended bidView
	m.do("PATCH", "/api/v1/bids/"+b1.ID, map[string]any{"version": 1, "priceFen": 85_000_000}, m.provider.bearer()...).decode(t, &amended)
	if amended.Version != 2 || amended.PriceFen != 85_000_000 || amended.Receipt.SHA256 == b1.Receipt.SHA256 {
		t.Fatalf("amended: %+v", amended)
	}

	// An amendment of the listing notifies the bidders.
	m.ok(m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": got.Version, "title": "修订标题", "amendmentReason": "澄清"}, m.buyer.bearer()...))
	var notes struct {
		Items  []struct{ ID, Type string }
		Unread int
	}
	m.do("GET", "/api/v1/me/notifications", nil, m.provider.bearer()...).decode(t, &notes)
	if len(notes.Items) != 1 || notes.Items[0].Type != models.NoticeAmended || notes.Unread != 1 {
		t.Fatalf("bidder notifications: %+v", notes)
	}
	if r := m.do("POST", "/api/v1/me/notifications/"+notes.Items[0].ID+"/read", nil, m.provider.bearer()...); r.Status != 204 {
		t.Fatalf("read: %d %s", r.Status, r.Body)
	}
	m.do("POST", "/api/v1/me/notifications/"+notes.Items[0].ID+"/read", nil, second.bearer()...).problem(t, 404, "not_found")

	// The deadline passes.
	m.advance(11 * 24 * time.Hour)
	second = m.login(second.Email, "correct horse battery")
	m.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", bidBody(1), m.sme.bearer()...).problem(t, 409, "deadline_passed")
	m.do("PATCH", "/api/v1/bids/"+b1.ID, map[string]any{"version": 2, "priceFen": 1}, m.provider.bearer()...).problem(t, 409, "deadline_passed")
	m.do("POST", "/api/v1/bids/"+b2.ID+"/withdraw", nil, second.bearer()...).problem(t, 409, "deadline_passed")
	var all struct{ Items []bidView }
	m.do("GET", "/api/v1/opportunities/"+l.ID+"/bids", nil, m.buyer.bearer()...).decode(t, &all)
	if len(all.Items) != 2 {
		t.Fatalf("buyer after the deadline sees %d bids", len(all.Items))
	}
	m.do("GET", "/api/v1/me/notifications", nil, m.buyer.bearer()...).decode(t, &notes)
	if len(notes.Items) != 1 || notes.Items[0].Type != models.NoticeDeadlinePassed {
		t.Fatalf("buyer notifications: %+v", notes)
	}

	// Score, disqualify, award.
	var scored bidView
	m.do("PUT", "/api/v1/bids/"+b1.ID+"/scores", map[string]any{"scores": map[string]int{"c1": 90, "c2": 70}}, m.buyer.bearer()...).decode(t, &scored)
	if scored.TotalScore == nil || *scored.TotalScore != 82 {
		t.Fatalf("total score %v, want 0.6*90+0.4*70 = 82", scored.TotalScore)
	}
	m.do("PUT", "/api/v1/bids/"+b1.ID+"/scores", map[string]any{"scores": map[string]int{"c1": 101, "c2": 70}}, m.buyer.bearer()...).problem(t, 422, "validation_failed")
	m.do("PUT", "/api/v1/bids/"+b1.ID+"/scores", map[string]any{"scores": map[string]int{"c1": 90}}, m.buyer.bearer()...).problem(t, 422, "validation_failed")
	m.do("POST", "/api/v1/bids/"+b2.ID+"/disqualify", map[string]string{"reason": "资质不符"}, m.buyer.bearer()...)
	m.act(m.buyer, l.ID, "award", map[string]string{"bidId": b2.ID, "reason": "x"}).problem(t, 422, "validation_failed")
	awarded := m.ok(m.act(m.buyer, l.ID, "award", map[string]string{"bidId": b1.ID, "reason": "综合得分最高"}))
	if awarded.Status != "awarded" {
		t.Fatalf("award: %+v", awarded)
	}
	m.act(m.buyer, l.ID, "award", map[string]string{"bidId": b1.ID, "reason": "again"}).problem(t, 409, "invalid_state")
	var pub struct {
		Award struct {
			BidID    string
			PriceFen int64
			BidCount int
			Supplier struct {
				ID  string
				SME bool
			}
		}
	}
	m.do("GET", "/api/v1/opportunities/"+l.ID, nil).decode(t, &pub)
	if pub.Award.BidID != b1.ID || pub.Award.PriceFen != 85_000_000 || pub.Award.BidCount != 1 || pub.Award.Supplier.ID != m.provider.OrgID {
		t.Fatalf("public award notice: %+v", pub.Award)
	}
	var mine struct{ Items []bidView }
	m.do("GET", "/api/v1/me/bids", nil, m.provider.bearer()...).decode(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].Status != "awarded" {
		t.Fatalf("winner's bids: %+v", mine.Items)
	}
	m.do("GET", "/api/v1/me/notifications", nil, m.provider.bearer()...).decode(t, &notes)
	if notes.Items[0].Type != models.NoticeWon {
		t.Fatalf("winner's latest notification: %+v", notes.Items[0])
	}
	m.ok(m.act(m.buyer, l.ID, "complete", nil))
}
