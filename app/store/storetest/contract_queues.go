package storetest

import (
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// queueTests check the search index queue, the alert queue and digest,
// and leases.
func queueTests() map[string]func(*testing.T, store.Store) {
	markerID := func(m store.IndexMarker) string { return m.ID }
	alertID := func(m store.AlertMarker) string { return m.ID }
	return map[string]func(*testing.T, store.Store){
		"index_markers": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			must(t, s.MarkDirty(ctx, "opportunity/b", 2, at(time.Hour)))
			must(t, s.MarkDirty(ctx, "opportunity/a", 1, at(time.Hour)))
			must(t, s.MarkDirty(ctx, "provider/x", 5, at(0)))
			must(t, s.MarkDirty(ctx, "opportunity/a", 1, at(2*time.Hour))) // again: harmless
			list, err := s.DirtyMarkers(ctx, 10)
			must(t, err)
			sameIDs(t, "DirtyMarkers", list, markerID, "provider/x@5", "opportunity/a@1", "opportunity/b@2")
			same(t, list[1], store.IndexMarker{ID: "opportunity/a@1", Key: "opportunity/a", Version: 1, At: at(time.Hour)})
			list, err = s.DirtyMarkers(ctx, 2)
			must(t, err)
			sameIDs(t, "DirtyMarkers(2)", list, markerID, "provider/x@5", "opportunity/a@1")
			if n, err := s.CountMarkers(ctx); err != nil || n != 3 {
				t.Errorf("CountMarkers = %d, %v; want 3", n, err)
			}
			must(t, s.ClearMarkers(ctx, []string{"provider/x@5", "opportunity/b@2", "nope"}))
			must(t, s.ClearMarkers(ctx, nil))
			list, err = s.DirtyMarkers(ctx, 10)
			must(t, err)
			sameIDs(t, "after clearing", list, markerID, "opportunity/a@1")
			if n, err := s.CountMarkers(ctx); err != nil || n != 1 {
				t.Errorf("CountMarkers = %d, %v; want 1", n, err)
			}
		},
		"alert_markers": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			must(t, s.MarkAlert(ctx, "l2", 1, at(time.Hour)))
			must(t, s.MarkAlert(ctx, "l1", 3, at(time.Hour)))
			must(t, s.MarkAlert(ctx, "l1", 2, at(0)))
			must(t, s.MarkAlert(ctx, "l1", 2, at(3*time.Hour)))
			list, err := s.AlertMarkers(ctx, 10)
			must(t, err)
			sameIDs(t, "AlertMarkers", list, alertID, "l1@2", "l1@3", "l2@1")
			same(t, list[0], store.AlertMarker{ID: "l1@2", OpportunityID: "l1", Version: 2, At: at(0)})
			list, err = s.AlertMarkers(ctx, 1)
			must(t, err)
			sameIDs(t, "AlertMarkers(1)", list, alertID, "l1@2")
			must(t, s.ClearAlertMarker(ctx, "l1@3"))
			must(t, s.ClearAlertMarker(ctx, "nope"))
			if n, err := s.CountAlertMarkers(ctx); err != nil || n != 2 {
				t.Errorf("CountAlertMarkers = %d, %v; want 2", n, err)
			}
		},
		"digest": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			item := func(id string, when time.Time) *store.DigestItem {
				return &store.DigestItem{ID: id, SavedSearchID: "s1", OpportunityID: "l1", OpportunityCode: "SH-2026-000001",
					OpportunityTitle: "Listing", Amended: true, At: when}
			}
			d1 := item("d1", at(time.Hour))
			must(t, s.Deliver(ctx, store.Deliveries{Digest: []*store.DigestItem{item("d3", at(2*time.Hour)), d1, item("d0", at(time.Hour)), item("d9", at(0))}}))
			must(t, s.Deliver(ctx, store.Deliveries{Digest: []*store.DigestItem{item("d1", at(0))}})) // again: harmless, the first stays
			list, err := s.DigestItemsBefore(ctx, at(2*time.Hour))
			must(t, err)
			sameIDs(t, "DigestItemsBefore", list, func(it *store.DigestItem) string { return it.ID }, "d9", "d0", "d1")
			same(t, list[2], d1)
			must(t, s.ClearDigestItems(ctx, []string{"d9", "d1"}))
			must(t, s.ClearDigestItems(ctx, nil))
			list, err = s.DigestItemsBefore(ctx, at(3*time.Hour))
			must(t, err)
			sameIDs(t, "after clearing", list, func(it *store.DigestItem) string { return it.ID }, "d0", "d3")
		},
		"deliver": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			item := &store.DigestItem{ID: "d1", SavedSearchID: "s1", OpportunityID: "l1", OpportunityCode: "SH-2026-000001",
				OpportunityTitle: "Listing", At: at(0)}
			first := notification("n1", "o1", at(0))
			must(t, s.Deliver(ctx, store.Deliveries{Digest: []*store.DigestItem{item}, Notifications: []*models.Notification{first}}))
			must(t, s.Deliver(ctx, store.Deliveries{}))
			// Stored before, each of d1 and n1 stays as it was; the others are stored.
			again := notification("n1", "o1", at(time.Hour))
			again.Summary = "again"
			must(t, s.Deliver(ctx, store.Deliveries{
				Mail: []*store.QueuedMail{mail("m1", at(0)), mail("m2", at(0))},
				Digest: []*store.DigestItem{{ID: "d1", SavedSearchID: "s1", OpportunityID: "l1", At: at(time.Hour)},
					{ID: "d2", SavedSearchID: "s1", OpportunityID: "l2", At: at(0)}},
				Notifications: []*models.Notification{notification("n2", "o1", at(time.Minute)), again, notification("n3", "o2", at(0))},
			}))
			due, err := s.DueMail(ctx, at(0), 10)
			must(t, err)
			sameIDs(t, "queued mail", due, func(m *store.QueuedMail) string { return m.ID }, "m1", "m2")
			items, err := s.DigestItemsBefore(ctx, at(2*time.Hour))
			must(t, err)
			sameIDs(t, "digest items", items, func(it *store.DigestItem) string { return it.ID }, "d1", "d2")
			same(t, items[0], item)
			inbox, total, unread, err := s.ListNotifications(ctx, "o1", 1, 10)
			must(t, err)
			sameIDs(t, "o1's notifications", inbox, notificationID, "n2", "n1")
			if total != 2 || unread != 2 {
				t.Errorf("o1: total %d, unread %d; want 2, 2", total, unread)
			}
			same(t, inbox[1], first)
		},
		"leases": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			try := func(name string, slot time.Time, want bool) {
				t.Helper()
				if got, err := s.TryLease(ctx, name, slot, "me"); err != nil || got != want {
					t.Errorf("TryLease(%s, %v) = %v, %v; want %v", name, slot, got, err, want)
				}
			}
			old := at(0)
			try("close", old, true)
			try("close", old, false)
			try("close", at(time.Minute), true)
			try("digest", at(time.Minute), true)
			try("digest", at(time.Minute), false)
			try("close", at(time.Minute), false)
		},
	}
}
