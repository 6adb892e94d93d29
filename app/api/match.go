package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"market/models"
)

// providerRefBody names a matched provider.
type providerRefBody struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	SME      bool   `json:"sme"`
	District string `json:"district"`
}

// providerMatchBody is a provider ranked for a listing.
type providerMatchBody struct {
	Provider providerRefBody `json:"provider"`
	models.Match
}

// listingMatchBody is a listing ranked for the caller's organisation.
type listingMatchBody struct {
	Opportunity *opportunityBody `json:"opportunity"`
	models.Match
}

type matchPageInput struct {
	Page     int `query:"page" minimum:"1" default:"1"`
	PageSize int `query:"pageSize" minimum:"1" maximum:"100" default:"20"`
}

type matchesInput struct {
	ID       string `path:"id" maxLength:"64"`
	Page     int    `query:"page" minimum:"1" default:"1"`
	PageSize int    `query:"pageSize" minimum:"1" maximum:"100" default:"20"`
}

type providerMatchesOutput struct {
	Body struct {
		Items    []providerMatchBody `json:"items"`
		Total    int                 `json:"total"`
		Page     int                 `json:"page"`
		PageSize int                 `json:"pageSize"`
	}
}

type recommendationsOutput struct {
	Body struct {
		Items    []listingMatchBody `json:"items"`
		Total    int                `json:"total"`
		Page     int                `json:"page"`
		PageSize int                `json:"pageSize"`
	}
}

// matchDescription explains the score, for the OpenAPI document.
const matchDescription = "The score (0 to 100) adds up the reasons' points: capabilities up to 50 (the share of the listing's " +
	"required capabilities the provider offers), district 20 (the provider serves the listing's district, or citywide), " +
	"sme 10 (an SME on an SME help request; SME-only listings match SMEs only), caseStudies 5 per case study naming one of " +
	"the listing's scenarios (up to 15), profile 1 per capability or scenario the profile summary names (up to 5). " +
	"Each result explains itself in Chinese and English."

// registerMatches registers the matching routes.
func (s *Server) registerMatches() {
	tags := []string{"Matching"}
	huma.Register(s.api, huma.Operation{
		OperationID: "opportunityMatches", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}/matches", Tags: tags,
		Summary:     "Verified providers ranked for a listing, with reasons (the buyer's organisation and operators)",
		Description: matchDescription, Security: bearer(),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *matchesInput) (*providerMatchesOutput, error) {
		l, err := s.app.OpportunityMatches(ctx, actor, in.ID, in.Page, in.PageSize)
		if err != nil {
			return nil, err
		}
		out := &providerMatchesOutput{}
		out.Body.Items = make([]providerMatchBody, 0, len(l.Items))
		for _, m := range l.Items {
			p := m.Provider
			out.Body.Items = append(out.Body.Items, providerMatchBody{
				Provider: providerRefBody{ID: p.ID, Name: p.Name, SME: p.SME, District: p.District}, Match: m.Match})
		}
		out.Body.Total, out.Body.Page, out.Body.PageSize = l.Total, l.Page, l.PageSize
		return out, nil
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "myRecommendations", Method: http.MethodGet, Path: "/api/v1/me/recommendations", Tags: tags,
		Summary:     "Published listings open for bids ranked for the caller's organisation as a provider, with reasons",
		Description: matchDescription, Security: bearer(),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *matchPageInput) (*recommendationsOutput, error) {
		l, err := s.app.Recommendations(ctx, actor, in.Page, in.PageSize)
		if err != nil {
			return nil, err
		}
		now := s.app.Now()
		out := &recommendationsOutput{}
		out.Body.Items = make([]listingMatchBody, 0, len(l.Items))
		for _, m := range l.Items {
			out.Body.Items = append(out.Body.Items, listingMatchBody{Opportunity: newOpportunityBody(m.Opportunity, actor, now), Match: m.Match})
		}
		out.Body.Total, out.Body.Page, out.Body.PageSize = l.Total, l.Page, l.PageSize
		return out, nil
	}))
}
