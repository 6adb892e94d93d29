package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// savedQueryBody holds the filters of GET /opportunities a saved search keeps.
type savedQueryBody struct {
	Q            string   `json:"q,omitempty" maxLength:"200" doc:"Words that must all occur (ignoring case) in the title, description, buyer name or capability and scenario labels"`
	Kind         []string `json:"kind,omitempty" maxItems:"2" enum:"government_need,sme_help"`
	Domain       []string `json:"domain,omitempty" maxItems:"3" enum:"economy,life,governance"`
	District     []string `json:"district,omitempty" maxItems:"20" doc:"District codes from /vocabularies"`
	Capability   []string `json:"capability,omitempty" maxItems:"32" doc:"Capability codes; listings needing any of them"`
	Scenario     []string `json:"scenario,omitempty" maxItems:"32" doc:"Scenario codes; listings tagged with any of them"`
	BudgetMinFen *int64   `json:"budgetMinFen,omitempty" doc:"Listings whose budget reaches this many fen"`
	BudgetMaxFen *int64   `json:"budgetMaxFen,omitempty" doc:"Listings whose budget starts at or below this many fen"`
	SMEOnly      *bool    `json:"smeOnly,omitempty" doc:"Only listings set aside for SMEs (true) or only others (false)"`
}

// savedSearchBody is a saved search as the API shows it.
type savedSearchBody struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	Query     savedQueryBody `json:"query"`
	Digest    string         `json:"digest" enum:"instant,daily"`
	CreatedAt time.Time      `json:"createdAt"`
}

type createSavedSearchInput struct {
	Body struct {
		Name   string         `json:"name" minLength:"1" maxLength:"100"`
		Query  savedQueryBody `json:"query"`
		Digest string         `json:"digest,omitempty" enum:"instant,daily" doc:"instant (default): an email per match; daily: one digest email a day"`
	}
}

type savedSearchOutput struct {
	Body *savedSearchBody
}

type savedSearchListOutput struct {
	Body struct {
		Items []*savedSearchBody `json:"items"`
	}
}

type savedSearchIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// newSavedSearchBody shows a saved search.
func newSavedSearchBody(s *models.SavedSearch) *savedSearchBody {
	q := s.Query
	return &savedSearchBody{ID: s.ID, Name: s.Name, Digest: s.Digest, CreatedAt: s.CreatedAt, Query: savedQueryBody{
		Q: q.Text, Kind: q.Kinds, Domain: q.Domains, District: q.Districts, Capability: q.Capabilities, Scenario: q.Scenarios,
		BudgetMinFen: q.BudgetMinFen, BudgetMaxFen: q.BudgetMaxFen, SMEOnly: q.SMEOnly}}
}

// registerSavedSearches registers the saved-search routes.
func (s *Server) registerSavedSearches() {
	tags := []string{"Alerts"}
	errs := []int{http.StatusUnauthorized, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
	huma.Register(s.api, huma.Operation{
		OperationID: "createSavedSearch", Method: http.MethodPost, Path: "/api/v1/me/saved-searches", Tags: tags,
		Summary: "Save a listing search to be alerted about",
		Description: "When a listing is published, or amended while published, and matches the query, the user gets a notification " +
			"(in the organisation's inbox) and an email: one per match (instant) or one digest a day (daily). The filters work as " +
			"in GET /opportunities; q matches listings naming every word. At most 50 per user (409 conflict beyond).",
		Security: bearer(), DefaultStatus: http.StatusCreated, Errors: errs,
	}, handle(s, func(ctx context.Context, actor models.Actor, in *createSavedSearchInput) (*savedSearchOutput, error) {
		q := in.Body.Query
		saved, err := s.app.CreateSavedSearch(ctx, actor, app.SavedSearchInput{Name: in.Body.Name, Digest: in.Body.Digest,
			Query: app.OpportunityQuery{Text: q.Q, Kinds: q.Kind, Domains: q.Domain, Districts: q.District,
				Capabilities: q.Capability, Scenarios: q.Scenario, BudgetMinFen: q.BudgetMinFen, BudgetMaxFen: q.BudgetMaxFen, SMEOnly: q.SMEOnly}})
		if err != nil {
			return nil, err
		}
		return &savedSearchOutput{Body: newSavedSearchBody(saved)}, nil
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "mySavedSearches", Method: http.MethodGet, Path: "/api/v1/me/saved-searches", Tags: tags,
		Summary: "The caller's saved searches, oldest first", Security: bearer(), Errors: errs,
	}, handle(s, func(ctx context.Context, actor models.Actor, _ *struct{}) (*savedSearchListOutput, error) {
		list, err := s.app.SavedSearches(ctx, actor)
		if err != nil {
			return nil, err
		}
		out := &savedSearchListOutput{}
		out.Body.Items = make([]*savedSearchBody, 0, len(list))
		for _, saved := range list {
			out.Body.Items = append(out.Body.Items, newSavedSearchBody(saved))
		}
		return out, nil
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "deleteSavedSearch", Method: http.MethodDelete, Path: "/api/v1/me/saved-searches/{id}", Tags: tags,
		Summary: "Delete one of the caller's saved searches (anyone else's: 404)", Security: bearer(),
		DefaultStatus: http.StatusNoContent, Errors: errs,
	}, handle(s, func(ctx context.Context, actor models.Actor, in *savedSearchIDInput) (*struct{}, error) {
		return nil, s.app.DeleteSavedSearch(ctx, actor, in.ID)
	}))
}
