package api_test

import (
	"strings"
	"testing"
	"time"

	"market/models"
)

func TestFollowNotifiesChangesWithBeforeAndAfter(t *testing.T) {
	w := newAlertWorld(t)
	l := w.listingWith(w.buyer, "government_need", nil)
	w.do("POST", "/api/v1/opportunities/"+l.ID+"/follow", nil).problem(t, 401, "unauthenticated")
	w.do("POST", "/api/v1/opportunities/no-such-listing/follow", nil, w.sme.bearer()...).problem(t, 404, "not_found")
	draft := w.create(w.buyer, "government_need")
	w.do("POST", "/api/v1/opportunities/"+draft.ID+"/follow", nil, w.sme.bearer()...).problem(t, 404, "not_found")
	for range 2 { // following twice is following once
		if r := w.do("POST", "/api/v1/opportunities/"+l.ID+"/follow", nil, w.sme.bearer()...); r.Status != 204 {
			t.Fatalf("follow: %d %s", r.Status, r.Body)
		}
	}
	r := w.do("GET", "/api/v1/me/follows", nil, w.sme.bearer()...)
	var follows struct {
		Items []struct{ OpportunityID, Code string }
	}
	r.decode(t, &follows)
	if r.Status != 200 || len(follows.Items) != 1 || follows.Items[0].OpportunityID != l.ID || follows.Items[0].Code != l.Code {
		t.Fatalf("follows: %d %s", r.Status, r.Body)
	}

	before := l.Title
	l = w.amend(l, "徐汇区城运平台升级（第二版）")
	w.deliver()
	notes := w.notes(w.sme, models.NoticeFollowedChange)
	if len(notes) != 1 {
		t.Fatalf("after the amendment: %+v", notes)
	}
	want := []models.Change{{Field: "title", Before: before, After: "徐汇区城运平台升级（第二版）"}}
	if c := notes[0].Changes; len(c) != 1 || c[0] != want[0] {
		t.Fatalf("changes %+v, want %+v", c, want)
	}
	mails := w.emails()
	if len(mails) != 1 || mails[0].Subject != "【"+l.Code+"】您关注的商机已修改 | A listing you follow was amended" ||
		!strings.Contains(mails[0].Body, "title: "+before+" → 徐汇区城运平台升级（第二版）") || mails[0].To != "<sme@example.com>" {
		t.Fatalf("emails %+v", mails)
	}

	// An extension too; after unfollowing, nothing more.
	r = w.act(w.buyer, l.ID, "extend", map[string]any{"bidDeadline": l.BidDeadline.Add(5 * 24 * time.Hour).Format(time.RFC3339), "reason": "更多时间"})
	l = w.ok(r)
	w.deliver()
	if notes = w.notes(w.sme, models.NoticeFollowedChange); len(notes) != 2 {
		t.Fatalf("after the extension: %+v", notes)
	}
	if r := w.do("DELETE", "/api/v1/opportunities/"+l.ID+"/follow", nil, w.sme.bearer()...); r.Status != 204 {
		t.Fatalf("unfollow: %d %s", r.Status, r.Body)
	}
	w.amend(l, "徐汇区城运平台升级（第三版）")
	w.deliver()
	if n, m := len(w.notes(w.sme, models.NoticeFollowedChange)), len(w.emails()); n != 2 || m != 2 {
		t.Fatalf("after unfollowing: %d notifications and %d emails, want 2 and 2", n, m)
	}
}

// TestAlertsNeverRevealSealedBids: a follower and a saved search on a
// listing with bids hear about its amendment, extension and close, and
// nothing they are told names a bidder or a price before the deadline.
func TestAlertsNeverRevealSealedBids(t *testing.T) {
	w := newAlertWorld(t)
	follower := w.register("watcher@example.com", "enterprise", false)
	l := w.listingWith(w.buyer, "government_need", nil)
	w.saveSearch(follower, map[string]any{"name": "everything", "query": map[string]any{}})
	if r := w.do("POST", "/api/v1/opportunities/"+l.ID+"/follow", nil, follower.bearer()...); r.Status != 204 {
		t.Fatalf("follow: %d %s", r.Status, r.Body)
	}
	const price, proposal = 987_654_321, "密封投标方案 SEALED-PROPOSAL-XYZZY"
	r := w.do("POST", "/api/v1/opportunities/"+l.ID+"/bids", map[string]any{"priceFen": price, "durationDays": 90,
		"proposal": proposal, "team": []map[string]string{{"name": "Zed Sealed", "role": "lead"}}}, w.provider.bearer()...)
	if r.Status != 201 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	l = w.amend(l, "徐汇区城运平台升级（修订）")
	w.ok(w.act(w.buyer, l.ID, "extend", map[string]any{"bidDeadline": l.BidDeadline.Add(24 * time.Hour).Format(time.RFC3339), "reason": "延期"}))
	w.deliver()
	var seen strings.Builder
	r = w.do("GET", "/api/v1/me/notifications?pageSize=100", nil, follower.bearer()...)
	seen.Write(r.Body)
	for _, m := range w.emails() {
		seen.WriteString(m.Subject + m.Body)
	}
	if n := len(w.emails()); n < 3 { // published (saved search), amended (both), extended (follow)
		t.Fatalf("only %d emails", n)
	}
	needles := []string{"987654321", "9876543", "SEALED-PROPOSAL", "Zed Sealed", "组织 p@example.com", w.provider.OrgID, "bidCount", "1 bids"}
	for _, n := range needles {
		if strings.Contains(seen.String(), n) {
			t.Errorf("an alert reveals %q before the deadline:\n%s", n, seen.String())
		}
	}
	// At the deadline followers hear that bidding closed, still without who or how much.
	w.advance(12 * 24 * time.Hour)
	follower = w.login(follower.Email, "correct horse battery")
	w.ok(w.do("GET", "/api/v1/opportunities/"+l.ID, nil, w.buyer.bearer()...)) // closes it
	w.deliver()
	notes := w.notes(follower, models.NoticeFollowedChange)
	last := notes[len(notes)-1]
	if len(notes) != 3 || strings.Contains(last.Summary, "1") || last.Changes[0].After != "closed" {
		t.Fatalf("close notification %+v", notes)
	}
}
