package app

import (
	"cmp"

	"market/models"
)

// How a provider and a listing are scored, out of 100:
//
//   - capabilities: up to 50 points, for the share of the listing's required
//     capabilities that the provider offers;
//   - district: 20 points when the provider serves the listing's district
//     (or serves citywide);
//   - SME fit: 10 points for an SME provider on an SME help request (an
//     SME-only listing leaves out providers that are not SMEs altogether);
//   - case studies: 5 points per case study whose title or summary names
//     one of the listing's scenarios (Chinese or English label), up to 15;
//   - profile: 1 point per capability or scenario of the listing that the
//     profile summary names, up to 5.
//
// Text relevance is a plain, case-insensitive test of the vocabulary labels
// in the provider's text, so that every point can be explained.
const (
	pointsCapabilities = 50
	pointsDistrict     = 20
	pointsSME          = 10
	pointsCaseStudy    = 5
	maxCaseStudies     = 3
	maxProfileTerms    = 5
)

// ProviderMatch is a provider ranked for a listing.
type ProviderMatch struct {
	Provider *models.Organization
	models.Match
}

// rankedProvider is a provider in a ranking, with its features.
type rankedProvider struct {
	doc      *models.Organization
	features matchFeatures
}

// rankProviders scores, for listing o with query q, the providers that
// may be matched with it (a verified provider with a profile, not the
// buyer, an SME for SME-only listings; features[i] are providers[i]'s) and
// ranks those with a positive score, best first (then by name and ID, so
// the order is deterministic), keeping those that pages ending at item
// upTo read. providerMatches spells out the reasons of those shown.
func rankProviders(ix *matchIndex, o *models.Opportunity, q *matchQuery, providers []*models.Organization, features []matchFeatures,
	upTo int) *ranking[rankedProvider] {
	sheet := newScoreSheet(len(features))
	providers = providers[:len(features)]
	sheet.fill(func(lo, hi int, part *scoreSheet) {
		for i := lo; i < hi; i++ {
			f := &features[i]
			if q.admits(f) && (f.id != q.buyer || providers[i].ID != o.Buyer.ID) {
				score := fastScore(q, f)
				if q.repeats {
					score = ix.repeatedScore(o, q, f)
				}
				part.set(i, score)
			}
		}
	})
	return rankScores(sheet, func(i int) rankedProvider { return rankedProvider{providers[i], features[i]} }, upTo,
		func(a, b rankedProvider) int {
			return cmp.Or(cmp.Compare(a.doc.Name, b.doc.Name), cmp.Compare(a.doc.ID, b.doc.ID))
		})
}

// providerMatches spells out the reasons of ranked providers for listing o.
func providerMatches(ix *matchIndex, o *models.Opportunity, ranked []rankedProvider) []ProviderMatch {
	out := make([]ProviderMatch, len(ranked))
	for i, p := range ranked {
		out[i] = ProviderMatch{Provider: p.doc, Match: ix.match(o, p.doc, &p.features)}
	}
	return out
}

// ListingMatch is a listing ranked for a provider.
type ListingMatch struct {
	Opportunity *models.Opportunity
	models.Match
}

// rankListings scores, of the listings whose deadline is after open
// (queries[i] being listings[i]'s), those provider p with features f may be
// matched with (not its own, SME-only ones for SMEs only) and ranks those
// with a positive score, best first, then the nearest deadline first,
// keeping those that pages ending at item upTo read. listingMatches spells
// out the reasons of those shown.
func rankListings(ix *matchIndex, p *models.Organization, f *matchFeatures, listings []*models.Opportunity, queries []matchQuery,
	open instant, upTo int) *ranking[*models.Opportunity] {
	sheet := newScoreSheet(len(queries))
	listings = listings[:len(queries)]
	sheet.fill(func(lo, hi int, part *scoreSheet) {
		for i := lo; i < hi; i++ {
			q := &queries[i]
			if q.openAfter(open) && q.admits(f) && (q.buyer != f.id || listings[i].Buyer.ID != p.ID) {
				score := fastScore(q, f)
				if q.repeats {
					score = ix.repeatedScore(listings[i], q, f)
				}
				part.set(i, score)
			}
		}
	})
	return rankScores(sheet, func(i int) *models.Opportunity { return listings[i] }, upTo, func(a, b *models.Opportunity) int {
		return cmp.Or(a.BidDeadline.Compare(b.BidDeadline), cmp.Compare(a.ID, b.ID))
	})
}

// listingMatches spells out the reasons of ranked listings for provider p
// with features f.
func listingMatches(ix *matchIndex, p *models.Organization, f *matchFeatures, ranked []*models.Opportunity) []ListingMatch {
	out := make([]ListingMatch, len(ranked))
	for i, o := range ranked {
		out[i] = ListingMatch{Opportunity: o, Match: ix.match(o, p, f)}
	}
	return out
}
