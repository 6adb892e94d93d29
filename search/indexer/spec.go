package indexer

import (
	"strings"

	"market/models"
	"market/search"
)

// Index names.
const (
	// OpportunityIndex is the index of public listings.
	OpportunityIndex = "opportunities"
	// ProviderIndex is the index of verified providers.
	ProviderIndex = "providers"
)

// Keys of the documents in the dirty markers.
const (
	// OpportunityKeyPrefix starts the key of a listing's markers.
	OpportunityKeyPrefix = "opportunity/"
	// ProviderKeyPrefix starts the key of an organisation's markers.
	ProviderKeyPrefix = "provider/"
)

// opportunitySpec is the public listing index. Text fields are ranked in
// declaration order: a match in the title counts most.
func opportunitySpec() search.IndexSpec {
	return search.IndexSpec{
		Name: OpportunityIndex,
		Fields: []search.Field{
			{Name: "title", Type: search.Text},
			{Name: "capabilityLabels", Type: search.Text},
			{Name: "scenarioLabels", Type: search.Text},
			{Name: "description", Type: search.Text},
			{Name: "buyerName", Type: search.Text},
			{Name: "kind", Type: search.Keyword, Facet: true},
			{Name: "status", Type: search.Keyword, Facet: true},
			{Name: "domain", Type: search.Keyword, Facet: true},
			{Name: "district", Type: search.Keyword, Facet: true},
			{Name: "capabilities", Type: search.Keyword, Facet: true},
			{Name: "scenarios", Type: search.Keyword, Facet: true},
			{Name: "buyerId", Type: search.Keyword, Filterable: true},
			{Name: "smeOnly", Type: search.Bool, Filterable: true},
			{Name: "budgetMinFen", Type: search.Number, Filterable: true, Sortable: true},
			{Name: "budgetMaxFen", Type: search.Number, Filterable: true, Sortable: true},
			{Name: "bidDeadline", Type: search.Time, Filterable: true, Sortable: true},
			{Name: "publishedAt", Type: search.Time, Filterable: true, Sortable: true},
		},
		Synonyms: search.CapabilitySynonyms(),
	}
}

// providerSpec is the index of verified providers.
func providerSpec() search.IndexSpec {
	return search.IndexSpec{
		Name: ProviderIndex,
		Fields: []search.Field{
			{Name: "name", Type: search.Text},
			{Name: "capabilityLabels", Type: search.Text},
			{Name: "summary", Type: search.Text},
			{Name: "caseStudies", Type: search.Text},
			{Name: "capabilities", Type: search.Keyword, Facet: true},
			{Name: "districts", Type: search.Keyword, Facet: true},
			{Name: "sme", Type: search.Bool, Facet: true},
			{Name: "sortName", Type: search.Keyword, Sortable: true},
		},
		Synonyms: search.CapabilitySynonyms(),
	}
}

// opportunityDoc is the index entry of a public listing.
func opportunityDoc(o *models.Opportunity) search.Document {
	v := models.AllVocabularies()
	f := map[string]any{
		"title":            o.Title,
		"capabilityLabels": labels(v.Capabilities, o.Capabilities),
		"scenarioLabels":   labels(v.Scenarios, o.Scenarios),
		"description":      o.Description,
		"buyerName":        o.Buyer.Name,
		"kind":             o.Kind,
		"status":           o.Status,
		"domain":           o.Domain,
		"district":         o.District,
		"capabilities":     o.Capabilities,
		"scenarios":        o.Scenarios,
		"buyerId":          o.Buyer.ID,
		"smeOnly":          o.Eligibility.SMEOnly,
		"budgetMinFen":     o.Budget.MinFen,
		"bidDeadline":      o.BidDeadline,
		"publishedAt":      o.PublishedAt,
	}
	if o.Budget.MaxFen > 0 {
		f["budgetMaxFen"] = o.Budget.MaxFen // no maximum: matches no budget filter
	}
	return search.Document{ID: o.ID, Fields: f}
}

// IsProvider reports whether an organisation belongs in the provider index.
func IsProvider(o *models.Organization) bool {
	return o.IsProvider() && o.Verification == models.VerificationVerified
}

// providerDoc is the index entry of a verified provider.
func providerDoc(o *models.Organization) search.Document {
	v := models.AllVocabularies()
	titles := make([]string, 0, len(o.Profile.CaseStudies))
	for _, cs := range o.Profile.CaseStudies {
		titles = append(titles, cs.Title)
	}
	districts := []string{o.District}
	for _, d := range o.Profile.DistrictsServed {
		if d != o.District {
			districts = append(districts, d)
		}
	}
	return search.Document{ID: o.ID, Fields: map[string]any{
		"name":             o.Name,
		"capabilityLabels": labels(v.Capabilities, o.Profile.Capabilities),
		"summary":          o.Profile.Summary,
		"caseStudies":      titles,
		"capabilities":     o.Profile.Capabilities,
		"districts":        districts,
		"sme":              o.SME,
		"sortName":         strings.ToLower(o.Name),
	}}
}

// labels returns the Chinese and English labels of codes.
func labels(terms []models.Term, codes []string) []string {
	out := make([]string, 0, 2*len(codes))
	for _, c := range codes {
		for _, t := range terms {
			if t.Code == c {
				out = append(out, t.ZH, t.EN)
			}
		}
	}
	return out
}
