package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/models"
)

type opportunityOutput struct {
	Body *opportunityBody
}

type createOpportunityInput struct {
	Body struct {
		Kind string `json:"kind" enum:"government_need,sme_help"`
		OpportunityFields
	}
}

type opportunityIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

type updateOpportunityInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Version         int    `json:"version" minimum:"1" doc:"The version the change is based on"`
		AmendmentReason string `json:"amendmentReason,omitempty" maxLength:"2000" doc:"Required while published"`
		OpportunityFields
	}
}

type reasonInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"2000"`
	}
}

type extendInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		BidDeadline time.Time `json:"bidDeadline"`
		Reason      string    `json:"reason" minLength:"1" maxLength:"2000"`
	}
}

// historyEventBody is one entry of a listing's history.
type historyEventBody struct {
	Seq      int             `json:"seq"`
	Type     string          `json:"type"`
	At       time.Time       `json:"at"`
	Actor    historyActor    `json:"actor"`
	Summary  string          `json:"summary"`
	Changes  []models.Change `json:"changes"`
	Hash     string          `json:"hash"`
	PrevHash string          `json:"prevHash"`
}

// historyActor names who caused an event; the platform's clock has neither field.
type historyActor struct {
	OrganizationID   string `json:"organizationId,omitempty"`
	OrganizationName string `json:"organizationName,omitempty"`
	Role             string `json:"role" enum:"member,operator,system"`
}

type historyOutput struct {
	Body struct {
		Items []historyEventBody `json:"items"`
	}
}

// registerOpportunities registers the listing routes.
func (s *Server) registerOpportunities() {
	tags := []string{"Opportunities"}
	one := func(o *models.Opportunity, actor models.Actor) *opportunityOutput {
		return &opportunityOutput{Body: newOpportunityBody(o, actor, s.app.Now())}
	}
	huma.Register(s.api, huma.Operation{
		OperationID: "createOpportunity", Method: http.MethodPost, Path: "/api/v1/opportunities", Tags: tags,
		Summary:     "Draft a listing",
		Description: "government_need needs a government organisation; sme_help an SME. New listings are drafts.",
		Security:    bearer(), DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *createOpportunityInput) (*opportunityOutput, error) {
		o, err := s.app.CreateOpportunity(ctx, actor, in.Body.Kind, in.Body.input())
		if err != nil {
			return nil, err
		}
		return one(o, actor), nil
	}))

	s.registerListingSearch(tags)
	s.registerProviderSearch()

	huma.Register(s.api, huma.Operation{
		OperationID: "getOpportunity", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}", Tags: tags,
		Summary:     "A listing",
		Description: "Drafts and listings under review or rejected are visible to the owner organisation and operators only.",
		Errors:      []int{http.StatusNotFound},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *opportunityIDInput) (*opportunityOutput, error) {
		o, err := s.app.Opportunity(ctx, actor, in.ID)
		if err != nil {
			return nil, err
		}
		return one(o, actor), nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "updateOpportunity", Method: http.MethodPatch, Path: "/api/v1/opportunities/{id}", Tags: tags,
		Summary:     "Edit a draft, or amend a published listing",
		Description: "A wrong version gives 409 conflict. While published the body must carry amendmentReason and the deadline must stay at least 3 days away.",
		Security:    bearer(),
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *updateOpportunityInput) (*opportunityOutput, error) {
		o, err := s.app.UpdateOpportunity(ctx, actor, in.ID, in.Body.Version, in.Body.input(), in.Body.AmendmentReason)
		if err != nil {
			return nil, err
		}
		return one(o, actor), nil
	}))

	action := func(id, path, summary string, do func(context.Context, models.Actor, string) (*models.Opportunity, error)) {
		huma.Register(s.api, huma.Operation{
			OperationID: id, Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/" + path, Tags: tags,
			Summary: summary, Security: bearer(),
			Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
		}, handle(s, func(ctx context.Context, actor models.Actor, in *opportunityIDInput) (*opportunityOutput, error) {
			o, err := do(ctx, actor, in.ID)
			if err != nil {
				return nil, err
			}
			return one(o, actor), nil
		}))
	}
	withReason := func(id, path, summary string, do func(context.Context, models.Actor, string, string) (*models.Opportunity, error)) {
		huma.Register(s.api, huma.Operation{
			OperationID: id, Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/" + path, Tags: tags,
			Summary: summary, Security: bearer(),
			Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
		}, handle(s, func(ctx context.Context, actor models.Actor, in *reasonInput) (*opportunityOutput, error) {
			o, err := do(ctx, actor, in.ID, in.Body.Reason)
			if err != nil {
				return nil, err
			}
			return one(o, actor), nil
		}))
	}
	action("submitOpportunity", "submit", "Submit for review (government needs) or publish (SME help requests); the organisation must be verified", s.app.SubmitOpportunity)
	action("approveOpportunity", "approve", "Approve and publish a listing under review (operators)", s.app.ApproveOpportunity)
	withReason("rejectOpportunity", "reject", "Send a listing under review back to its owner (operators)", s.app.RejectOpportunity)
	withReason("cancelOpportunity", "cancel", "Cancel a listing under review, published or closed (owner)", s.app.CancelOpportunity)
	withReason("markOpportunityUnsuccessful", "unsuccessful", "End a closed listing with no acceptable bid (owner)", s.app.MarkUnsuccessful)
	action("completeOpportunity", "complete", "Mark an awarded listing delivered (owner)", s.app.CompleteOpportunity)

	huma.Register(s.api, huma.Operation{
		OperationID: "extendOpportunity", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/extend", Tags: tags,
		Summary: "Move a published listing's deadline later (owner)", Security: bearer(),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *extendInput) (*opportunityOutput, error) {
		o, err := s.app.ExtendOpportunity(ctx, actor, in.ID, in.Body.BidDeadline, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return one(o, actor), nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "opportunityHistory", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}/history", Tags: tags,
		Summary:     "A listing's hash-chained history",
		Description: "Public events for everyone who may see the listing; every event for its owner and operators.",
		Errors:      []int{http.StatusNotFound},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *opportunityIDInput) (*historyOutput, error) {
		events, err := s.app.OpportunityHistory(ctx, actor, in.ID)
		if err != nil {
			return nil, err
		}
		out := &historyOutput{}
		out.Body.Items = []historyEventBody{}
		for _, e := range events {
			out.Body.Items = append(out.Body.Items, historyEventBody{
				Seq: e.Seq, Type: e.Type, At: e.At, Summary: e.Summary, Changes: e.Changes, Hash: e.Hash, PrevHash: e.PrevHash,
				Actor: historyActor{OrganizationID: e.Actor.OrganizationID, OrganizationName: e.Actor.OrganizationName, Role: e.Actor.Role},
			})
		}
		return out, nil
	}))
}
