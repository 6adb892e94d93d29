package storetest

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// organizationTests check organisations (their writes are commits).
func organizationTests() map[string]func(*testing.T, store.Store) {
	verified := func(o *models.Organization) { o.Verification = models.VerificationVerified }
	government := func(o *models.Organization) { o.Kind = models.OrgGovernment }
	return map[string]func(*testing.T, store.Store){
		"create_and_read": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o := organization("o1", "91310000MA1FL0001X")
			create(t, s, o)
			got, err := s.OrganizationByID(ctx, "o1")
			must(t, err)
			same(t, got, o)
			_, err = s.OrganizationByID(ctx, "nope")
			wantErr(t, err, models.ENOTFOUND, "organisation not found")
		},
		"credit_code_taken": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			create(t, s, organization("o1", "CODE-1"))
			err := commitDoc(t, s, organization("o2", "CODE-1"), at(0))
			wantErr(t, err, models.ECONFLICT, "an organisation with this credit code is already registered")
			if _, err := s.OrganizationByID(ctx, "o2"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("the loser of a taken credit code was stored: %v", err)
			}
			if events, err := s.Events(ctx, models.StreamOrganization+"o2"); err != nil || len(events) != 0 {
				t.Errorf("the loser of a taken credit code has events %d, %v; want none", len(events), err)
			}
		},
		"by_ids_and_versions": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o1, o2 := organization("o1", "C1"), organization("o2", "C2")
			create(t, s, o1, o2)
			bump(t, s, o2, at(time.Hour))
			got, err := s.OrganizationsByIDs(ctx, []string{"o2", "nope", "o1"})
			must(t, err)
			slices.SortFunc(got, func(a, b *models.Organization) int { return cmp.Compare(a.ID, b.ID) })
			sameIDs(t, "OrganizationsByIDs", got, organizationID, "o1", "o2")
			if got, err := s.OrganizationsByIDs(ctx, nil); err != nil || len(got) != 0 {
				t.Errorf("OrganizationsByIDs(nil) = %d, %v; want none", len(got), err)
			}
			v, err := s.OrganizationVersions(ctx, []string{"o2", "nope"})
			must(t, err)
			if !maps.Equal(v, map[string]int{"o2": 2}) {
				t.Errorf("OrganizationVersions(o2, nope) = %v", v)
			}
			v, err = s.OrganizationVersions(ctx, nil)
			must(t, err)
			if !maps.Equal(v, map[string]int{"o1": 1, "o2": 2}) {
				t.Errorf("OrganizationVersions(nil) = %v", v)
			}
		},
		"list": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			// Created at: o3 first; o1 and o2 tie (by ID); o4 and o5 last.
			created := map[string]time.Duration{"o1": time.Hour, "o2": time.Hour, "o3": 0, "o4": 2 * time.Hour, "o5": 3 * time.Hour}
			for _, id := range []string{"o5", "o2", "o4", "o1", "o3"} {
				o := organization(id, "C"+id, func(o *models.Organization) { o.CreatedAt = at(created[id]) })
				if id == "o2" || id == "o5" {
					verified(o)
				}
				create(t, s, o)
			}
			page, total, err := s.ListOrganizations(ctx, store.OrganizationFilter{Page: 1, PageSize: 3})
			must(t, err)
			sameIDs(t, "page 1", page, organizationID, "o3", "o1", "o2")
			if total != 5 {
				t.Errorf("total = %d, want 5", total)
			}
			page, _, err = s.ListOrganizations(ctx, store.OrganizationFilter{Page: 2, PageSize: 3})
			must(t, err)
			sameIDs(t, "page 2", page, organizationID, "o4", "o5")
			page, total, err = s.ListOrganizations(ctx, store.OrganizationFilter{Verification: models.VerificationVerified, Page: 1, PageSize: 10})
			must(t, err)
			sameIDs(t, "verified", page, organizationID, "o2", "o5")
			if total != 2 {
				t.Errorf("verified total = %d, want 2", total)
			}
			page, total, err = s.ListOrganizations(ctx, store.OrganizationFilter{Page: 3, PageSize: 3})
			must(t, err)
			if len(page) != 0 || total != 5 {
				t.Errorf("page past the end = %d items, total %d; want 0, 5", len(page), total)
			}
		},
		"each": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			for _, id := range []string{"o1", "o2", "o3", "o4", "o5"} {
				create(t, s, organization(id, "C"+id))
			}
			seen := map[string]int{}
			must(t, s.EachOrganization(ctx, 2, func(batch []*models.Organization) error {
				if len(batch) == 0 || len(batch) > 2 {
					t.Errorf("batch of %d, want 1 or 2", len(batch))
				}
				for _, o := range batch {
					seen[o.ID]++
				}
				return nil
			}))
			if !maps.Equal(seen, map[string]int{"o1": 1, "o2": 1, "o3": 1, "o4": 1, "o5": 1}) {
				t.Errorf("EachOrganization saw %v, want each once", seen)
			}
			stop, calls := errors.New("stop"), 0
			err := s.EachOrganization(ctx, 2, func([]*models.Organization) error { calls++; return stop })
			if !errors.Is(err, stop) || calls != 1 {
				t.Errorf("EachOrganization after fn's error: %v after %d calls; want stop after 1", err, calls)
			}
		},
		"verified_providers": func(t *testing.T, s store.Store) {
			create(t, s,
				organization("p2", "C2", verified),
				organization("p1", "C1", verified, func(o *models.Organization) { o.SME = true }),
				organization("p3", "C3"),
				organization("g1", "C4", verified, government),
			)
			got, err := s.VerifiedProviders(ctxOf(t))
			must(t, err)
			sameIDs(t, "VerifiedProviders", got, organizationID, "p1", "p2")
		},
	}
}
