package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// notification returns an unread notification of an organisation.
func notification(id, orgID string, created time.Time) *models.Notification {
	return &models.Notification{ID: id, OrganizationID: orgID, Type: models.NoticeAmended, OpportunityID: "l1",
		OpportunityCode: "SH-2026-000001", OpportunityTitle: "Listing", Summary: "amended",
		Changes: []models.Change{{Field: "title", Before: "a", After: "b"}}, CreatedAt: created}
}

// notificationTests check organisations' inboxes.
func notificationTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"list_and_read": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			// 25 for o1: n00 oldest ... n24 newest, except that n10 to n14 share a time.
			var mine []*models.Notification
			for i := range 25 {
				created := at(time.Duration(i) * time.Minute)
				if i >= 10 && i < 15 {
					created = at(10 * time.Minute)
				}
				mine = append(mine, notification(fmt.Sprintf("n%02d", i), "o1", created))
			}
			must(t, s.CreateNotifications(ctx, mine[:20]))
			must(t, s.CreateNotifications(ctx, append(mine[20:], notification("x1", "o2", at(time.Hour)))))
			must(t, s.CreateNotifications(ctx, nil))
			want := []string{"n24", "n23", "n22", "n21", "n20", "n19", "n18", "n17", "n16", "n15",
				"n10", "n11", "n12", "n13", "n14", "n09", "n08", "n07", "n06", "n05", "n04", "n03", "n02", "n01", "n00"}
			for page := 1; page <= 4; page++ {
				items, total, unread, err := s.ListNotifications(ctx, "o1", page, 10)
				must(t, err)
				sameIDs(t, fmt.Sprintf("page %d", page), items, notificationID, want[min((page-1)*10, 25):min(page*10, 25)]...)
				if total != 25 || unread != 25 {
					t.Errorf("page %d: total %d, unread %d; want 25, 25", page, total, unread)
				}
			}
			items, _, _, err := s.ListNotifications(ctx, "o1", 1, 1)
			must(t, err)
			same(t, items[0], mine[24])
			must(t, s.MarkNotificationRead(ctx, "o1", "n03"))
			must(t, s.MarkNotificationRead(ctx, "o1", "n03"))
			must(t, s.MarkNotificationRead(ctx, "o1", "n24"))
			wantErr(t, s.MarkNotificationRead(ctx, "o2", "n05"), models.ENOTFOUND, "notification not found")
			wantErr(t, s.MarkNotificationRead(ctx, "o1", "nope"), models.ENOTFOUND, "notification not found")
			items, total, unread, err := s.ListNotifications(ctx, "o1", 1, 2)
			must(t, err)
			if total != 25 || unread != 23 || !items[0].Read || items[1].Read {
				t.Errorf("after marking two read: total %d, unread %d, first read %v, second read %v", total, unread, items[0].Read, items[1].Read)
			}
			items, total, unread, err = s.ListNotifications(ctx, "o2", 1, 10)
			must(t, err)
			sameIDs(t, "o2", items, notificationID, "x1")
			if total != 1 || unread != 1 {
				t.Errorf("o2: total %d, unread %d; want 1, 1", total, unread)
			}
			items, total, unread, err = s.ListNotifications(ctx, "o3", 1, 10)
			if err != nil || len(items) != 0 || total != 0 || unread != 0 {
				t.Errorf("empty inbox: %d items, total %d, unread %d, %v", len(items), total, unread, err)
			}
		},
		"once": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			n := notification("match:s1:l1@2", "o1", at(0))
			must(t, s.Deliver(ctx, store.Deliveries{Notifications: []*models.Notification{n}}))
			again := notification("match:s1:l1@2", "o1", at(time.Hour))
			again.Summary = "again"
			must(t, s.Deliver(ctx, store.Deliveries{Notifications: []*models.Notification{again}})) // harmless: the first stays
			items, total, _, err := s.ListNotifications(ctx, "o1", 1, 10)
			must(t, err)
			if total != 1 || len(items) != 1 {
				t.Fatalf("%d notifications, want 1", total)
			}
			same(t, items[0], n)
		},
	}
}

// follow returns a user's follow of a listing.
func follow(userID, opportunityID string, created time.Time) *models.Follow {
	return &models.Follow{ID: models.FollowID(userID, opportunityID), UserID: userID, OrganizationID: "o-" + userID,
		OpportunityID: opportunityID, CreatedAt: created}
}

// followTests check users' follows of listings.
func followTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"follow_and_list": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			for _, f := range []*models.Follow{follow("u1", "l1", at(0)), follow("u1", "l3", at(time.Hour)),
				follow("u1", "l2", at(time.Hour)), follow("u2", "l1", at(2*time.Hour))} {
				if ok, err := s.CreateFollow(ctx, f); err != nil || !ok {
					t.Fatalf("CreateFollow(%s) = %v, %v; want true", f.ID, ok, err)
				}
			}
			if ok, err := s.CreateFollow(ctx, follow("u1", "l1", at(3*time.Hour))); err != nil || ok {
				t.Errorf("following again = %v, %v; want false", ok, err)
			}
			list, err := s.FollowsByUser(ctx, "u1")
			must(t, err)
			sameIDs(t, "FollowsByUser", list, followID, "u1/l2", "u1/l3", "u1/l1")
			same(t, list[2], follow("u1", "l1", at(0)))
			list, err = s.FollowersOf(ctx, "l1")
			must(t, err)
			sameIDs(t, "FollowersOf", list, followID, "u2/l1", "u1/l1")
			must(t, s.DeleteFollow(ctx, "u1", "l1"))
			must(t, s.DeleteFollow(ctx, "u1", "l1"))
			list, err = s.FollowersOf(ctx, "l1")
			must(t, err)
			sameIDs(t, "FollowersOf after unfollowing", list, followID, "u2/l1")
			if ok, err := s.CreateFollow(ctx, follow("u1", "l1", at(4*time.Hour))); err != nil || !ok {
				t.Errorf("following after unfollowing = %v, %v; want true", ok, err)
			}
		},
	}
}

// savedSearch returns a user's saved search.
func savedSearch(id, userID string, created time.Time) *models.SavedSearch {
	return &models.SavedSearch{ID: id, UserID: userID, OrganizationID: "o-" + userID, Name: "Search " + id,
		Query:  models.SavedQuery{Text: "cloud", Kinds: []string{models.KindSMEHelp}, Domains: []string{"economy"}, Districts: []string{"pudong"}, Capabilities: []string{"cloud"}, Scenarios: []string{"health"}},
		Digest: models.DigestDaily, CreatedAt: created}
}

// savedSearchTests check saved searches and their per-user cap.
func savedSearchTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"create_list_delete": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			s2 := savedSearch("s2", "u1", at(time.Hour))
			for _, ss := range []*models.SavedSearch{s2, savedSearch("s1", "u1", at(time.Hour)),
				savedSearch("s0", "u1", at(0)), savedSearch("t1", "u2", at(30*time.Minute))} {
				must(t, s.CreateSavedSearch(ctx, ss))
			}
			got, err := s.SavedSearchByID(ctx, "s2")
			must(t, err)
			same(t, got, s2)
			list, err := s.SavedSearchesByUser(ctx, "u1")
			must(t, err)
			sameIDs(t, "SavedSearchesByUser", list, savedSearchID, "s0", "s1", "s2")
			slots := []int{list[0].Slot, list[1].Slot, list[2].Slot}
			slices.Sort(slots)
			if !slices.Equal(slots, []int{0, 1, 2}) {
				t.Errorf("slots %v, want 0, 1, 2", slots)
			}
			list, err = s.AllSavedSearches(ctx)
			must(t, err)
			sameIDs(t, "AllSavedSearches", list, savedSearchID, "s0", "t1", "s1", "s2")
			wantErr(t, s.DeleteSavedSearch(ctx, "u2", "s1"), models.ENOTFOUND, "saved search not found")
			wantErr(t, s.DeleteSavedSearch(ctx, "u1", "nope"), models.ENOTFOUND, "saved search not found")
			must(t, s.DeleteSavedSearch(ctx, "u1", "s1"))
			_, err = s.SavedSearchByID(ctx, "s1")
			wantErr(t, err, models.ENOTFOUND, "saved search not found")
		},
		"cap": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			for i := range models.MaxSavedSearches {
				must(t, s.CreateSavedSearch(ctx, savedSearch(fmt.Sprintf("s%02d", i), "u1", at(time.Duration(i)*time.Minute))))
			}
			wantErr(t, s.CreateSavedSearch(ctx, savedSearch("over", "u1", at(time.Hour))), models.ECONFLICT, "")
			must(t, s.CreateSavedSearch(ctx, savedSearch("other", "u2", at(time.Hour))))
			gone, err := s.SavedSearchByID(ctx, "s07")
			must(t, err)
			must(t, s.DeleteSavedSearch(ctx, "u1", "s07"))
			again := savedSearch("again", "u1", at(time.Hour))
			must(t, s.CreateSavedSearch(ctx, again))
			if again.Slot != gone.Slot {
				t.Errorf("new search took slot %d, want the freed slot %d", again.Slot, gone.Slot)
			}
		},
	}
}
