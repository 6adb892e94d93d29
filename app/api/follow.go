package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/models"
)

// followBody is a listing the caller follows.
type followBody struct {
	OpportunityID string    `json:"opportunityId"`
	Code          string    `json:"code"`
	Title         string    `json:"title"`
	Status        string    `json:"status"`
	FollowedAt    time.Time `json:"followedAt"`
}

type followListOutput struct {
	Body struct {
		Items []followBody `json:"items"`
	}
}

// registerFollows registers the follow routes.
func (s *Server) registerFollows() {
	tags := []string{"Alerts"}
	errs := []int{http.StatusUnauthorized, http.StatusNotFound}
	huma.Register(s.api, huma.Operation{
		OperationID: "followOpportunity", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/follow", Tags: tags,
		Summary: "Follow a listing: be notified and emailed about its amendments (field, before, after), extension, cancellation, close and award",
		Description: "Any signed-in user who may see the listing. Following again changes nothing. " +
			"Followers are never told anything about bids before the deadline.",
		Security: bearer(), DefaultStatus: http.StatusNoContent, Errors: errs,
	}, handle(s, func(ctx context.Context, actor models.Actor, in *opportunityIDInput) (*struct{}, error) {
		return nil, s.app.FollowOpportunity(ctx, actor, in.ID)
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "unfollowOpportunity", Method: http.MethodDelete, Path: "/api/v1/opportunities/{id}/follow", Tags: tags,
		Summary: "Stop following a listing", Security: bearer(), DefaultStatus: http.StatusNoContent, Errors: errs,
	}, handle(s, func(ctx context.Context, actor models.Actor, in *opportunityIDInput) (*struct{}, error) {
		return nil, s.app.UnfollowOpportunity(ctx, actor, in.ID)
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "myFollows", Method: http.MethodGet, Path: "/api/v1/me/follows", Tags: tags,
		Summary: "The listings the caller follows, newest first", Security: bearer(), Errors: errs,
	}, handle(s, func(ctx context.Context, actor models.Actor, _ *struct{}) (*followListOutput, error) {
		list, err := s.app.Follows(ctx, actor)
		if err != nil {
			return nil, err
		}
		out := &followListOutput{}
		out.Body.Items = make([]followBody, 0, len(list))
		for _, f := range list {
			o := f.Opportunity
			out.Body.Items = append(out.Body.Items, followBody{OpportunityID: o.ID, Code: o.Code, Title: o.Title,
				Status: o.Status, FollowedAt: f.Follow.CreatedAt})
		}
		return out, nil
	}))
}
