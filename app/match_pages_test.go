package app

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"market/models"
	"market/search/indexer"
)

// randomMatchWorld is n providers and n listings drawn at random, sharing
// few names, scores and deadlines so that ties are many: some providers
// unverified, without a profile or a government body, some listings
// SME-only, naming a code twice, owned by a provider or past their
// deadline at now.
func randomMatchWorld(r *rand.Rand, n int, now time.Time) ([]*models.Organization, []*models.Opportunity) {
	v := models.AllVocabularies()
	pick := func(terms []models.Term, k int) []string {
		out := make([]string, 0, k)
		for range k {
			out = append(out, terms[r.IntN(len(terms))].Code)
		}
		return out
	}
	label := func(terms []models.Term) string {
		t := terms[r.IntN(len(terms))]
		return []string{t.ZH, t.EN, "other words"}[r.IntN(3)]
	}
	oneOf := func(s ...string) string { return s[r.IntN(len(s))] }
	providers := make([]*models.Organization, n)
	for i := range providers {
		p := &models.Organization{ID: fmt.Sprintf("p%04d", i), Name: fmt.Sprint("Provider ", r.IntN(n/4)), SME: r.IntN(2) == 0,
			Kind:         oneOf(models.OrgEnterprise, models.OrgEnterprise, models.OrgEnterprise, models.OrgGovernment),
			Verification: oneOf(models.VerificationVerified, models.VerificationVerified, models.VerificationVerified, models.VerificationUnverified),
			Profile:      models.Profile{Capabilities: pick(v.Capabilities, r.IntN(4)), DistrictsServed: pick(v.Districts, r.IntN(3))}}
		if r.IntN(4) > 0 {
			p.Profile.Summary = label(v.Capabilities) + "；" + label(v.Scenarios)
		}
		for range r.IntN(5) {
			p.Profile.CaseStudies = append(p.Profile.CaseStudies, models.CaseStudy{Title: label(v.Scenarios), Summary: label(v.Scenarios)})
		}
		providers[i] = p
	}
	listings := make([]*models.Opportunity, n)
	for i := range listings {
		buyer := fmt.Sprintf("g%d", r.IntN(5))
		if r.IntN(5) == 0 {
			buyer = providers[r.IntN(n)].ID
		}
		listings[i] = &models.Opportunity{ID: fmt.Sprintf("l%04d", i), Status: models.StatusPublished,
			Kind:     oneOf(models.KindGovernmentNeed, models.KindSMEHelp),
			District: v.Districts[r.IntN(len(v.Districts))].Code, Capabilities: pick(v.Capabilities, r.IntN(4)),
			Scenarios: pick(v.Scenarios, r.IntN(3)), Buyer: models.OrgRef{ID: buyer},
			Eligibility: models.Eligibility{SMEOnly: r.IntN(5) == 0},
			BidDeadline: now.Add(time.Duration(r.IntN(20)-4) * time.Hour)}
	}
	return providers, listings
}

// referenceRanking ranks the pairs eligible scores, by scoreMatch's score
// then order, in full.
func referenceRanking[T any](items []T, score func(T) (int, bool), order func(a, b T) int) []T {
	type scored struct {
		item  T
		score int
	}
	var all []scored
	for _, it := range items {
		if s, ok := score(it); ok && s > 0 {
			all = append(all, scored{it, s})
		}
	}
	slices.SortFunc(all, func(a, b scored) int { return cmp.Or(cmp.Compare(b.score, a.score), order(a.item, b.item)) })
	out := make([]T, len(all))
	for i, s := range all {
		out[i] = s.item
	}
	return out
}

// checkPage checks a page of a ranking against the reference's; doc is
// what a ranked item is about.
func checkPage[T any, D comparable](t *testing.T, what string, page, size int, got *ranking[T], doc func(T) D, want []D) {
	t.Helper()
	from, to := pageBounds(page, size)
	from, to = min(from, len(want)), min(to, len(want))
	var p []D
	for _, it := range got.page(page, size) {
		p = append(p, doc(it))
	}
	if w := want[from:to]; got.total != len(want) || len(p) != len(w) || !slices.Equal(p, w) {
		t.Fatalf("%s, page %d of %d: %d items ranked, page %v; want %d, %v", what, page, size, got.total, p, len(want), w)
	}
}

// rankedProviderDoc is a ranked provider's document.
func rankedProviderDoc(p rankedProvider) *models.Organization { return p.doc }

// rankedListingDoc is a ranked listing's document.
func rankedListingDoc(o *models.Opportunity) *models.Opportunity { return o }

// TestRankingPagesMatchScoreMatch: pages of providers ranked for listings
// and of listings ranked for providers, from the resident sets and from
// documents read, are those of a full sort by scoreMatch's scores of the
// eligible pairs.
func TestRankingPagesMatchScoreMatch(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	providers, listings := randomMatchWorld(rand.New(rand.NewPCG(11, 12)), 800, now)
	var verified []*models.Organization
	for _, p := range providers {
		if indexer.IsProvider(p) {
			verified = append(verified, p)
		}
	}
	var open []*models.Opportunity
	for _, o := range listings {
		if o.BidDeadline.After(now) {
			open = append(open, o)
		}
	}
	a := residentApp(t, verified, listings, now)
	ix, ctx := a.matchFeatures.ix, context.Background()
	pages := [][2]int{{1, 20}, {2, 20}, {3, 7}, {1, 100}, {30, 20}, {1, 1}, {math.MaxInt, 100}}
	ranked := 0
	for _, o := range listings[:40] {
		want := referenceRanking(verified, func(p *models.Organization) (int, bool) { return scoreMatch(o, p).Score, eligible(o, p) },
			func(a, b *models.Organization) int {
				return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
			})
		ranked += len(want)
		q := ix.query(o)
		for _, pg := range pages {
			_, upTo := pageBounds(pg[0], pg[1])
			resident, err := a.rankedProviders(ctx, o, upTo)
			if err != nil {
				t.Fatal(err)
			}
			checkPage(t, "resident providers for "+o.ID, pg[0], pg[1], resident, rankedProviderDoc, want)
			read := rankProviders(ix, o, &q, verified, a.matchFeatures.providers(verified), upTo)
			checkPage(t, "providers read for "+o.ID, pg[0], pg[1], read, rankedProviderDoc, want)
		}
	}
	for _, p := range providers[:40] {
		if !p.IsProvider() {
			continue
		}
		c := *p
		c.Verification = models.VerificationVerified
		want := referenceRanking(open, func(o *models.Opportunity) (int, bool) { return scoreMatch(o, &c).Score, eligible(o, &c) },
			func(a, b *models.Opportunity) int {
				return cmp.Or(a.BidDeadline.Compare(b.BidDeadline), cmp.Compare(a.ID, b.ID))
			})
		ranked += len(want)
		f := ix.features(&c)
		for _, pg := range pages {
			_, upTo := pageBounds(pg[0], pg[1])
			resident, err := a.rankedListings(ctx, &c, &f, upTo)
			if err != nil {
				t.Fatal(err)
			}
			checkPage(t, "resident listings for "+c.ID, pg[0], pg[1], resident, rankedListingDoc, want)
			read := rankListings(ix, &c, &f, open, a.matchFeatures.listings(open), instant{sec: math.MinInt64}, upTo)
			checkPage(t, "listings read for "+c.ID, pg[0], pg[1], read, rankedListingDoc, want)
		}
	}
	if ranked < 10_000 {
		t.Fatalf("%d items ranked in all: too few for pages deep into the rankings", ranked)
	}
}
