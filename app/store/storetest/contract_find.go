package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// findListings are listings that differ in every field a query filters or
// sorts on, with ties in each sort field (broken by ID) and listings never
// published (which sort first by publication, ascending).
func findListings() []*models.Opportunity {
	pub := func(h int) func(*models.Opportunity) {
		return func(o *models.Opportunity) { t := at(time.Duration(h) * time.Hour); o.PublishedAt = &t }
	}
	status := func(s string) func(*models.Opportunity) { return func(o *models.Opportunity) { o.Status = s } }
	updated := func(h int) func(*models.Opportunity) {
		return func(o *models.Opportunity) { o.UpdatedAt = at(time.Duration(h) * time.Hour) }
	}
	deadline := func(d int) func(*models.Opportunity) {
		return func(o *models.Opportunity) { o.BidDeadline = at(time.Duration(d) * 24 * time.Hour) }
	}
	budget := func(lo, hi int64) func(*models.Opportunity) {
		return func(o *models.Opportunity) { o.Budget = models.Budget{MinFen: lo, MaxFen: hi} }
	}
	buyer := func(id string) func(*models.Opportunity) { return func(o *models.Opportunity) { o.Buyer.ID = id } }
	sme := func(o *models.Opportunity) { o.Kind, o.Eligibility.SMEOnly = models.KindSMEHelp, true }
	where := func(domain, district string) func(*models.Opportunity) {
		return func(o *models.Opportunity) { o.Domain, o.District = domain, district }
	}
	tags := func(caps, scenarios []string) func(*models.Opportunity) {
		return func(o *models.Opportunity) { o.Capabilities, o.Scenarios = caps, scenarios }
	}
	text := func(title, description string) func(*models.Opportunity) {
		return func(o *models.Opportunity) { o.Title, o.Description = title, description }
	}
	published := status(models.StatusPublished)
	return []*models.Opportunity{
		listing("a01", published, pub(5), updated(5), deadline(10), budget(100, 900), tags([]string{"cloud", "ai"}, []string{"health"}), text("Cloud ERP", "move the ERP")),
		listing("a02", published, pub(5), updated(7), deadline(12), budget(500, 5000), where("economy", "minhang"), text("Data platform", "城市数据平台")),
		listing("a03", status(models.StatusClosed), pub(3), updated(9), deadline(10), budget(100, 900), buyer("buyer-2")),
		listing("a04", status(models.StatusDraft), updated(9), deadline(20), budget(50, 100), buyer("buyer-2"), text("Draft about cloud", "")),
		listing("a05", status(models.StatusPendingReview), updated(2), deadline(15), budget(1000, 2000), tags([]string{"iot"}, []string{"transport"})),
		listing("a06", published, sme, pub(8), updated(8), deadline(3), budget(10, 90), where("life", "jingan"), buyer("sme-1"), text("Help us", "CLOUD migration")),
		listing("a07", status(models.StatusCancelled), pub(1), updated(11), deadline(11), budget(100, 900)),
		listing("a08", status(models.StatusCancelled), updated(12), deadline(11), budget(300, 400), buyer("buyer-2")),
		listing("a09", published, pub(8), updated(5), deadline(12), budget(200, 900), tags([]string{"ai"}, []string{"education", "health"})),
		listing("a10", status(models.StatusAwarded), sme, pub(2), updated(1), deadline(2), budget(100, 900), buyer("sme-1"), text("Code SH in title", "x")),
	}
}

// findQueries are the queries findTests checks: each filter, each sort
// both ways, pages.
func findQueries() []store.OpportunityQuery {
	yes, no := true, false
	i64 := func(v int64) *int64 { return &v }
	tm := func(d int) *time.Time { t := at(time.Duration(d) * 24 * time.Hour); return &t }
	public := []string{models.StatusPublished, models.StatusClosed, models.StatusAwarded, models.StatusCompleted,
		models.StatusUnsuccessful, models.StatusCancelled}
	qs := []store.OpportunityQuery{
		{},
		{Statuses: []string{models.StatusPublished}},
		{Statuses: []string{models.StatusPendingReview}},
		{Statuses: public, PublishedOnly: true, Sort: "-publishedAt", PageSize: 4},
		{Statuses: public, PublishedOnly: true, Sort: "-publishedAt", Page: 2, PageSize: 4},
		{Statuses: public, PublishedOnly: true, Sort: "-publishedAt", Page: 4, PageSize: 4},
		{BuyerID: "buyer-2"},
		{BuyerID: "buyer-2", Statuses: []string{models.StatusDraft, models.StatusCancelled}},
		{Kinds: []string{models.KindSMEHelp}},
		{Kinds: []string{models.KindSMEHelp}, Statuses: []string{models.StatusPublished}, PublishedOnly: true},
		{PublishedOnly: true},
		{Domains: []string{"economy", "life"}},
		{Districts: []string{"minhang"}},
		{Capabilities: []string{"ai", "iot"}},
		{Scenarios: []string{"health"}},
		{Text: "cloud"},
		{Text: "数据"},
		{Text: "SH-2026-Ta0"},
		{Text: "cloud", Statuses: public, PageSize: 1, Page: 2},
		{SMEOnly: &yes},
		{SMEOnly: &no, Statuses: []string{models.StatusPublished}},
		{BudgetMinFen: i64(900)},
		{BudgetMaxFen: i64(100)},
		{BudgetMinFen: i64(400), BudgetMaxFen: i64(500)},
		{DeadlineFrom: tm(11), DeadlineTo: tm(12)},
		{Statuses: public, Capabilities: []string{"ai"}, Sort: "budget.maxFen"},
	}
	for _, sort := range []string{"bidDeadline", "-bidDeadline", "publishedAt", "-publishedAt", "budget.maxFen", "-budget.maxFen",
		"updatedAt", "-updatedAt", "nonsense"} {
		qs = append(qs, store.OpportunityQuery{Sort: sort}, store.OpportunityQuery{Sort: sort, Text: "a", PageSize: 3, Page: 2})
	}
	return qs
}

// findTests check FindOpportunities against the documented semantics:
// OpportunityQuery.Matches selects, Less orders, Paging pages.
func findTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"queries": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			all := findListings()
			must(t, s.InsertOpportunities(ctx, all))
			for _, q := range findQueries() {
				want, total := expectedPage(all, q)
				got, n, err := s.FindOpportunities(ctx, q)
				if err != nil {
					t.Errorf("%+v: %v", q, err)
					continue
				}
				sameIDs(t, fmt.Sprintf("%+v", q), got, opportunityID, want...)
				if n != total {
					t.Errorf("%+v: total %d, want %d", q, n, total)
				}
			}
		},
		"documents": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			all := findListings()
			must(t, s.InsertOpportunities(ctx, all))
			got, _, err := s.FindOpportunities(ctx, store.OpportunityQuery{Sort: "bidDeadline", PageSize: 100})
			must(t, err)
			for _, o := range got {
				for _, w := range all {
					if w.ID == o.ID {
						same(t, o, w)
					}
				}
			}
			got, _, err = s.FindOpportunities(ctx, store.OpportunityQuery{Text: "cloud", PageSize: 100})
			must(t, err)
			if len(got) == 0 {
				t.Fatal("no listing about cloud")
			}
			for _, o := range got {
				for _, w := range all {
					if w.ID == o.ID {
						same(t, o, w)
					}
				}
			}
		},
		"follows_changes": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o := listing("l1")
			create(t, s, o)
			o.Status = models.StatusPendingReview
			bump(t, s, o, at(time.Hour))
			q := store.OpportunityQuery{Statuses: []string{models.StatusPendingReview}}
			got, n, err := s.FindOpportunities(ctx, q)
			must(t, err)
			sameIDs(t, "review queue", got, opportunityID, "l1")
			if n != 1 {
				t.Errorf("total %d, want 1", n)
			}
			o.Status = models.StatusPublished
			now := at(2 * time.Hour)
			o.PublishedAt = &now
			bump(t, s, o, now)
			if got, n, err := s.FindOpportunities(ctx, q); err != nil || len(got) != 0 || n != 0 {
				t.Errorf("review queue after publication: %d items, total %d, %v; want none", len(got), n, err)
			}
			got, n, err = s.FindOpportunities(ctx, store.OpportunityQuery{PublishedOnly: true, Sort: "-publishedAt",
				Statuses: []string{models.StatusPublished}})
			must(t, err)
			sameIDs(t, "published", got, opportunityID, "l1")
			if n != 1 {
				t.Errorf("published total %d, want 1", n)
			}
		},
	}
}

// expectedPage returns the IDs of the page q selects from all, and the
// total, by the documented rules.
func expectedPage(all []*models.Opportunity, q store.OpportunityQuery) ([]string, int) {
	var match []*models.Opportunity
	for _, o := range all {
		if q.Matches(o) {
			match = append(match, o)
		}
	}
	slices.SortStableFunc(match, func(a, b *models.Opportunity) int {
		switch {
		case q.Less(a, b):
			return -1
		case q.Less(b, a):
			return 1
		}
		return 0
	})
	page, size := q.Paging()
	ids := []string{}
	for i := (page - 1) * size; i < len(match) && i < page*size; i++ {
		ids = append(ids, match[i].ID)
	}
	return ids, len(match)
}
