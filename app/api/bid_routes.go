package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"market/models"
)

type bidOutput struct {
	Body *bidBody
}

type bidListOutput struct {
	Body struct {
		Items []*bidBody `json:"items"`
	}
}

type submitBidInput struct {
	ID             string `path:"id" maxLength:"64"`
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"128" doc:"Repeat a submission safely: the same key returns the same bid"`
	Body           struct {
		BidFields
	}
}

type bidIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

type updateBidInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Version int `json:"version" minimum:"1"`
		BidFields
	}
}

type scoresInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Scores map[string]int `json:"scores" doc:"Criterion id → score 0..100, one per criterion"`
	}
}

type awardInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		BidID  string `json:"bidId" minLength:"1" maxLength:"64"`
		Reason string `json:"reason" minLength:"1" maxLength:"2000"`
	}
}

type notificationsInput struct {
	Page     int `query:"page" minimum:"1" default:"1"`
	PageSize int `query:"pageSize" minimum:"1" maximum:"100" default:"20"`
}

type notificationsOutput struct {
	Body struct {
		Items    []notificationBody `json:"items"`
		Total    int                `json:"total"`
		Unread   int                `json:"unread"`
		Page     int                `json:"page"`
		PageSize int                `json:"pageSize"`
	}
}

type notificationIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

// bidErrors are the errors bid routes may answer.
func bidErrors() []int {
	return []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
}

// registerBids registers the bid, award and notification routes.
func (s *Server) registerBids() {
	tags := []string{"Bids"}
	bidOut := func(b *models.Bid, err error) (*bidOutput, error) {
		if err != nil {
			return nil, err
		}
		return &bidOutput{Body: newBidBody(b)}, nil
	}
	list := func(bids []*models.Bid, err error) (*bidListOutput, error) {
		if err != nil {
			return nil, err
		}
		out := &bidListOutput{}
		out.Body.Items = []*bidBody{}
		for _, b := range bids {
			out.Body.Items = append(out.Body.Items, newBidBody(b))
		}
		return out, nil
	}
	huma.Register(s.api, huma.Operation{
		OperationID: "submitBid", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/bids", Tags: tags,
		Summary: "Submit a sealed bid (verified providers of another organisation, before the deadline)",
		Description: "One active bid per organisation: a second gives 409 conflict. After the deadline: 409 deadline_passed. " +
			"The response carries a receipt: SHA-256 over the canonical bid content and the server time.",
		Security: bearer(), DefaultStatus: http.StatusCreated, Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *submitBidInput) (*bidOutput, error) {
		b, _, err := s.app.SubmitBid(ctx, actor, in.ID, in.IdempotencyKey, in.Body.input())
		return bidOut(b, err)
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "getBid", Method: http.MethodGet, Path: "/api/v1/bids/{id}", Tags: tags,
		Summary:  "A bid: to its bidder always; to the buyer and operators after the deadline (403 sealed before)",
		Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *bidIDInput) (*bidOutput, error) {
		return bidOut(s.app.Bid(ctx, actor, in.ID))
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "updateBid", Method: http.MethodPatch, Path: "/api/v1/bids/{id}", Tags: tags,
		Summary:  "Amend a bid before the deadline (bidder); a new receipt is issued",
		Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *updateBidInput) (*bidOutput, error) {
		return bidOut(s.app.UpdateBid(ctx, actor, in.ID, in.Body.Version, in.Body.input()))
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "withdrawBid", Method: http.MethodPost, Path: "/api/v1/bids/{id}/withdraw", Tags: tags,
		Summary:  "Withdraw a bid before the deadline (bidder)",
		Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *bidIDInput) (*bidOutput, error) {
		return bidOut(s.app.WithdrawBid(ctx, actor, in.ID))
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "opportunityBids", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}/bids", Tags: tags,
		Summary:  "The bids on an opportunity: buyer and operators, after the deadline (403 sealed before)",
		Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *opportunityIDInput) (*bidListOutput, error) {
		return list(s.app.OpportunityBids(ctx, actor, in.ID))
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "myBids", Method: http.MethodGet, Path: "/api/v1/me/bids", Tags: tags,
		Summary: "The caller organisation's bids", Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, _ *struct{}) (*bidListOutput, error) {
		return list(s.app.MyBids(ctx, actor))
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "scoreBid", Method: http.MethodPut, Path: "/api/v1/bids/{id}/scores", Tags: tags,
		Summary:  "Score a bid per criterion after the deadline (buyer); totalScore is the weighted sum",
		Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *scoresInput) (*bidOutput, error) {
		return bidOut(s.app.ScoreBid(ctx, actor, in.ID, in.Body.Scores))
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "disqualifyBid", Method: http.MethodPost, Path: "/api/v1/bids/{id}/disqualify", Tags: tags,
		Summary:  "Disqualify a bid with a reason after the deadline (buyer)",
		Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *reasonInput) (*bidOutput, error) {
		return bidOut(s.app.DisqualifyBid(ctx, actor, in.ID, in.Body.Reason))
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "awardOpportunity", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/award", Tags: []string{"Opportunities"},
		Summary:  "Award a closed opportunity to one valid bid (owner); the award notice is public",
		Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *awardInput) (*opportunityOutput, error) {
		o, err := s.app.AwardOpportunity(ctx, actor, in.ID, in.Body.BidID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &opportunityOutput{Body: newOpportunityBody(o, actor, s.app.Now())}, nil
	}))

	ntags := []string{"Notifications"}
	huma.Register(s.api, huma.Operation{
		OperationID: "myNotifications", Method: http.MethodGet, Path: "/api/v1/me/notifications", Tags: ntags,
		Summary: "The caller organisation's notifications, newest first", Security: bearer(), Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *notificationsInput) (*notificationsOutput, error) {
		l, err := s.app.Notifications(ctx, actor, in.Page, in.PageSize)
		if err != nil {
			return nil, err
		}
		out := &notificationsOutput{}
		out.Body.Items = []notificationBody{}
		for _, n := range l.Items {
			out.Body.Items = append(out.Body.Items, notificationBody{ID: n.ID, Type: n.Type, OpportunityID: n.OpportunityID,
				OpportunityCode: n.OpportunityCode, OpportunityTitle: n.OpportunityTitle, Summary: n.Summary,
				Changes: nonNilChanges(n.Changes), Read: n.Read, CreatedAt: n.CreatedAt})
		}
		out.Body.Total, out.Body.Unread, out.Body.Page, out.Body.PageSize = l.Total, l.Unread, l.Page, l.PageSize
		return out, nil
	}))
	huma.Register(s.api, huma.Operation{
		OperationID: "readNotification", Method: http.MethodPost, Path: "/api/v1/me/notifications/{id}/read", Tags: ntags,
		Summary: "Mark a notification read", Security: bearer(), DefaultStatus: http.StatusNoContent, Errors: bidErrors(),
	}, handle(s, func(ctx context.Context, actor models.Actor, in *notificationIDInput) (*struct{}, error) {
		return nil, s.app.MarkNotificationRead(ctx, actor, in.ID)
	}))
}

func nonNilChanges(c []models.Change) []models.Change {
	if c == nil {
		return []models.Change{}
	}
	return c
}
