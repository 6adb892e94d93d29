package api_test

import (
	"context"
	"testing"
	"time"
)

// find returns the listing id as the search shows it to anonymous callers
// asking for the given statuses, or nil when it is not there.
func (w *world) find(t *testing.T, id string, statuses ...string) *hit {
	t.Helper()
	query := []string{"pageSize", "100"}
	for _, s := range statuses {
		query = append(query, "status", s)
	}
	for _, h := range w.search(t, q(query...)).Items {
		if h.ID == id {
			return &h
		}
	}
	return nil
}

// everyPublicStatus lists the statuses anyone may list.
func everyPublicStatus() []string {
	return []string{"published", "closed", "awarded", "completed", "cancelled", "unsuccessful"}
}

// TestSearchFollowsTheLifecycle: amendments, extensions, cancellation, the
// deadline, the award, completion and failure all reach the index at once.
func TestSearchFollowsTheLifecycle(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()

	// An amendment changes what is found.
	l1 := w.ok(w.do("GET", "/api/v1/opportunities/"+w.L1.ID, nil))
	w.ok(w.do("PATCH", "/api/v1/opportunities/"+w.L1.ID, map[string]any{"version": l1.Version,
		"title": "浦东新区城市大脑升级", "district": "jingan", "amendmentReason": "范围调整"}, w.buyer.bearer()...))
	if got := w.search(t, q("q", "城市大脑")); !sameIDs(got.ids(), w.L1.ID) {
		t.Errorf("amended title not found: %v", got.ids())
	}
	if got := w.search(t, q("q", "运行管理平台")); len(got.Items) != 0 {
		t.Errorf("the old title is still found: %v", got.ids())
	}
	if got := w.search(t, q("district", "jingan")); !sameIDs(got.ids(), w.L1.ID) || got.Items[0].Title != "浦东新区城市大脑升级" {
		t.Errorf("amended district: %+v", got.Items)
	}

	// An extension moves the deadline in sorts and filters.
	newDeadline := w.clock.Now().Add(40 * 24 * time.Hour)
	w.ok(w.act(w.buyer, w.L3.ID, "extend", map[string]any{"bidDeadline": newDeadline.Format(time.RFC3339), "reason": "more time"}))
	if h := w.find(t, w.L3.ID); h == nil || !h.BidDeadline.Equal(newDeadline) {
		t.Errorf("extended listing: %+v", h)
	}
	if got := w.search(t, q("sort", "-deadline", "pageSize", "1")); !sameIDs(got.ids(), w.L3.ID) {
		t.Errorf("latest deadline after the extension: %v", got.ids())
	}

	// Cancellation: gone from the published list, listed as cancelled.
	w.ok(w.act(w.buyer, w.L5.ID, "cancel", map[string]string{"reason": "预算取消"}))
	if h := w.find(t, w.L5.ID); h != nil {
		t.Errorf("a cancelled listing is still listed as published: %+v", h)
	}
	if h := w.find(t, w.L5.ID, "cancelled"); h == nil || h.Status != "cancelled" {
		t.Errorf("the cancelled listing with status=cancelled: %+v", h)
	}

	// A bid, then the deadline: the clock closes the listing in the index.
	r := w.do("POST", "/api/v1/opportunities/"+w.L1.ID+"/bids", bidBody(90_000_000), w.provider.bearer()...)
	if r.Status != 201 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	var bid bidView
	r.decode(t, &bid)
	w.advance(11 * 24 * time.Hour) // past L1's deadline (10 days), before L2's (20 days)
	if _, err := w.app.CloseDue(ctx); err != nil {
		t.Fatal(err)
	}
	if h := w.find(t, w.L1.ID, everyPublicStatus()...); h == nil || h.Status != "closed" {
		t.Errorf("after the deadline: %+v", h)
	}
	if got := w.search(t, q("status", "closed")); !sameIDs(got.ids(), w.L1.ID) {
		t.Errorf("closed listings: %v", got.ids())
	}

	// Award, then completion.
	w.do("PUT", "/api/v1/bids/"+bid.ID+"/scores", map[string]any{"scores": map[string]int{"c1": 90, "c2": 70}}, w.buyer.bearer()...)
	w.ok(w.act(w.buyer, w.L1.ID, "award", map[string]string{"bidId": bid.ID, "reason": "综合得分最高"}))
	if h := w.find(t, w.L1.ID, "awarded"); h == nil || h.Status != "awarded" {
		t.Errorf("after the award: %+v", h)
	}
	w.ok(w.act(w.buyer, w.L1.ID, "complete", nil))
	if h := w.find(t, w.L1.ID, "completed"); h == nil || h.Status != "completed" {
		t.Errorf("after completion: %+v", h)
	}

	// A closed listing without an acceptable bid.
	w.advance(10 * 24 * time.Hour) // past L2's deadline
	if _, err := w.app.CloseDue(ctx); err != nil {
		t.Fatal(err)
	}
	w.ok(w.act(w.buyer, w.L2.ID, "unsuccessful", map[string]string{"reason": "无有效投标"}))
	if h := w.find(t, w.L2.ID, "unsuccessful"); h == nil || h.Status != "unsuccessful" {
		t.Errorf("after failure: %+v", h)
	}

	// The index agrees with the database on every listing.
	for _, id := range append(w.publicIDs(), w.draft.ID, w.pending.ID) {
		stored := w.ok(w.do("GET", "/api/v1/opportunities/"+id, nil, w.op.bearer()...))
		h := w.find(t, id, everyPublicStatus()...)
		switch public := stored.Status != "draft" && stored.Status != "pending_review"; {
		case public && (h == nil || h.Status != stored.Status || h.Title != stored.Title):
			t.Errorf("%s is %s %q in the database, %+v in the index", id, stored.Status, stored.Title, h)
		case !public && h != nil:
			t.Errorf("%s is %s but indexed", id, stored.Status)
		}
	}
}
