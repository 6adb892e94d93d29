package api

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

type listOpportunitiesInput struct {
	Q            string              `query:"q" maxLength:"200" doc:"Words to find in titles, descriptions, capability and scenario labels and buyer names, in Chinese or English; typos are tolerated"`
	Kind         []string            `query:"kind,explode" enum:"government_need,sme_help" doc:"Repeat for several"`
	Domain       []string            `query:"domain,explode" enum:"economy,life,governance" doc:"Repeat for several"`
	District     []string            `query:"district,explode" maxItems:"20" doc:"District codes from /vocabularies; repeat for several"`
	Capability   []string            `query:"capability,explode" maxItems:"32" doc:"Capability codes from /vocabularies; listings needing any of them"`
	Scenario     []string            `query:"scenario,explode" maxItems:"32" doc:"Scenario codes from /vocabularies; listings tagged with any of them"`
	Status       []string            `query:"status,explode" enum:"draft,pending_review,rejected,published,closed,awarded,completed,cancelled,unsuccessful" doc:"Repeat for several; default published. Others than the public ones are dropped unless mine=true or the caller is an operator"`
	BudgetMinFen optional[int64]     `query:"budgetMinFen" doc:"Listings whose budget reaches this many fen (maxFen at or above it)"`
	BudgetMaxFen optional[int64]     `query:"budgetMaxFen" doc:"Listings whose budget starts at or below this many fen (minFen at or below it)"`
	DeadlineFrom optional[time.Time] `query:"deadlineFrom" doc:"Bid deadline at or after this instant"`
	DeadlineTo   optional[time.Time] `query:"deadlineTo" doc:"Bid deadline at or before this instant"`
	SMEOnly      optional[bool]      `query:"smeOnly" doc:"Only listings set aside for SMEs (true) or only others (false)"`
	Sort         string              `query:"sort" enum:"relevance,deadline,-deadline,-published,budget,-budget" doc:"Default relevance with q, -published without"`
	Mine         bool                `query:"mine" doc:"Only the caller organisation's own listings, in any status"`
	Page         int                 `query:"page" minimum:"1" default:"1"`
	PageSize     int                 `query:"pageSize" minimum:"1" maximum:"100" default:"20"`
}

// query converts the parameters for the use case.
func (in *listOpportunitiesInput) query() app.OpportunityQuery {
	return app.OpportunityQuery{
		Text: in.Q, Statuses: in.Status, Kinds: in.Kind, Domains: in.Domain, Districts: in.District,
		Capabilities: in.Capability, Scenarios: in.Scenario,
		BudgetMinFen: in.BudgetMinFen.ptr(), BudgetMaxFen: in.BudgetMaxFen.ptr(),
		DeadlineFrom: in.DeadlineFrom.ptr(), DeadlineTo: in.DeadlineTo.ptr(), SMEOnly: in.SMEOnly.ptr(),
		Sort: in.Sort, Mine: in.Mine, Page: in.Page, PageSize: in.PageSize,
	}
}

// highlightBody holds a search result's matched text.
type highlightBody struct {
	Title       string `json:"title,omitempty" doc:"The title as HTML: escaped text with <mark> around matches"`
	Description string `json:"description,omitempty" doc:"An excerpt of the description around the first match, as HTML: escaped text with <mark> around matches"`
}

// OpportunityView is a listing as the API shows it, under a name Huma
// flattens into the bodies that embed it (it skips unexported embeddings).
type OpportunityView = opportunityBody

// opportunitySummaryBody is a listing in a list: its description is an
// excerpt (the full text is at GET /opportunities/{id}).
type opportunitySummaryBody struct {
	OpportunityView
	Highlight highlightBody `json:"highlight" doc:"Matches of q; empty without q"`
}

// listingFacetsBody counts, over all matches, each value of four fields.
type listingFacetsBody struct {
	Domain     map[string]int `json:"domain"`
	District   map[string]int `json:"district"`
	Capability map[string]int `json:"capability"`
	Kind       map[string]int `json:"kind"`
}

// opportunityListOutputBody is a page of listings as the OpenAPI document
// describes it; the handler writes it as opportunityListPage.
type opportunityListOutputBody struct {
	Items    []opportunitySummaryBody `json:"items"`
	Total    int                      `json:"total"`
	Page     int                      `json:"page"`
	PageSize int                      `json:"pageSize"`
	Facets   listingFacetsBody        `json:"facets"`
}

// opportunityListPage is opportunityListOutputBody with its items written
// as JSON already (see summaryCache); the same bytes go on the wire.
type opportunityListPage struct {
	Items    json.RawMessage   `json:"items"`
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PageSize int               `json:"pageSize"`
	Facets   listingFacetsBody `json:"facets"`
}

// Schema describes the page as opportunityListOutputBody.
func (opportunityListPage) Schema(r huma.Registry) *huma.Schema {
	return r.Schema(reflect.TypeOf(opportunityListOutputBody{}), true, "")
}

type opportunityListOutput struct {
	Body opportunityListPage
}

// registerListingSearch registers GET /opportunities.
func (s *Server) registerListingSearch(tags []string) {
	huma.Register(s.api, huma.Operation{
		OperationID: "listOpportunities", Method: http.MethodGet, Path: "/api/v1/opportunities", Tags: tags,
		Summary: "Search and list listings",
		Description: "Public listings are searched with the search engine: full text in Chinese and English with typo tolerance " +
			"and bilingual capability synonyms, filters, facet counts, sorts and highlights. Anonymous callers and members see " +
			"public listings only (default status=published; other statuses are dropped). mine=true lists the caller organisation's " +
			"own listings in any status, and operators may list any status; those lists come from the database, without facets " +
			"or highlights. Descriptions in lists are excerpts.",
		Errors: []int{http.StatusUnauthorized, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *listOpportunitiesInput) (*opportunityListOutput, error) {
		list, err := s.app.ListOpportunities(ctx, actor, in.query())
		if err != nil {
			return nil, err
		}
		items, err := s.summaries.items(list, actor, s.app.Now())
		if err != nil {
			return nil, err
		}
		out := &opportunityListOutput{Body: opportunityListPage{Items: items, Total: list.Total, Page: list.Page, PageSize: list.PageSize,
			Facets: listingFacetsBody{Domain: list.Facets["domain"], District: list.Facets["district"],
				Capability: list.Facets["capability"], Kind: list.Facets["kind"]}}}
		return out, nil
	}))
}
