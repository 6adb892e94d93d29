package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

type listProvidersInput struct {
	Q          string         `query:"q" maxLength:"200" doc:"Words to find in names, profile summaries, capability labels and case study titles, in Chinese or English"`
	Capability []string       `query:"capability,explode" maxItems:"32" doc:"Capability codes from /vocabularies; providers offering any of them"`
	District   []string       `query:"district,explode" maxItems:"20" doc:"District codes; providers based in or serving any of them"`
	SME        optional[bool] `query:"sme" doc:"Only SMEs (true) or only other enterprises (false)"`
	Page       int            `query:"page" minimum:"1" default:"1"`
	PageSize   int            `query:"pageSize" minimum:"1" maximum:"100" default:"20"`
}

// providerHighlightBody holds a provider's matched text.
type providerHighlightBody struct {
	Name    string `json:"name,omitempty" doc:"The name as HTML: escaped text with <mark> around matches"`
	Summary string `json:"summary,omitempty" doc:"An excerpt of the profile summary around the first match, as HTML"`
}

// OrganizationView is an organisation as the API shows it, under a name
// Huma flattens into the bodies that embed it.
type OrganizationView = organizationBody

// providerBody is a verified provider in the directory.
type providerBody struct {
	OrganizationView
	Highlight providerHighlightBody `json:"highlight" doc:"Matches of q; empty without q"`
}

// providerFacetsBody counts, over all matches, each value of three fields.
type providerFacetsBody struct {
	Capability map[string]int `json:"capability"`
	District   map[string]int `json:"district"`
	SME        map[string]int `json:"sme" doc:"Counts of \"true\" and \"false\""`
}

type providerListOutput struct {
	Body struct {
		Items    []providerBody     `json:"items"`
		Total    int                `json:"total"`
		Page     int                `json:"page"`
		PageSize int                `json:"pageSize"`
		Facets   providerFacetsBody `json:"facets"`
	}
}

// registerProviderSearch registers GET /providers.
func (s *Server) registerProviderSearch() {
	huma.Register(s.api, huma.Operation{
		OperationID: "listProviders", Method: http.MethodGet, Path: "/api/v1/providers", Tags: []string{"Organizations"},
		Summary:     "Search the directory of verified providers",
		Description: "Verified enterprises, SMEs included, with their profiles; sorted by relevance with q, by name without.",
		Errors:      []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *listProvidersInput) (*providerListOutput, error) {
		list, err := s.app.SearchProviders(ctx, app.ProviderQuery{Text: in.Q, Capabilities: in.Capability,
			Districts: in.District, SME: in.SME.ptr(), Page: in.Page, PageSize: in.PageSize})
		if err != nil {
			return nil, err
		}
		out := &providerListOutput{}
		out.Body.Items = make([]providerBody, 0, len(list.Items))
		for i, o := range list.Items {
			b := providerBody{OrganizationView: *newOrganizationBody(o, actor)}
			if h := list.Highlights[i]; h != nil {
				b.Highlight = providerHighlightBody{Name: h["name"], Summary: h["summary"]}
			}
			out.Body.Items = append(out.Body.Items, b)
		}
		out.Body.Total, out.Body.Page, out.Body.PageSize = list.Total, list.Page, list.PageSize
		out.Body.Facets = providerFacetsBody{Capability: list.Facets["capability"], District: list.Facets["district"],
			SME: list.Facets["sme"]}
		return out, nil
	}))
}
