package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"market/models"
)

// brokenLinkBody names where and why the audit trail breaks.
type brokenLinkBody struct {
	Stream string `json:"stream" doc:"The broken event stream, <kind>/<id>" example:"organization/k5x3qv7m2nd4b6wz8c2f"`
	Seq    int    `json:"seq" minimum:"1" doc:"The first event of the stream that fails a check; for a missing seq, the seq that is missing"`
	Reason string `json:"reason" enum:"hash mismatch,prevHash mismatch,missing seq,unexpected seq" doc:"hash mismatch: the event was edited after it was sealed; prevHash mismatch: it does not point at the previous event's hash; missing seq: an event was removed"`
	Detail string `json:"detail" doc:"The failure explained, with the values involved"`
}

// auditReportBody is the outcome of checking the audit trail.
type auditReportBody struct {
	Intact     bool            `json:"intact" doc:"True when every stream's hash chain holds"`
	Streams    int             `json:"streams" minimum:"0" doc:"Event streams checked"`
	Events     int             `json:"events" minimum:"0" doc:"Events checked"`
	BrokenLink *brokenLinkBody `json:"brokenLink,omitempty" doc:"The first broken link in (stream, seq) order; absent when intact"`
}

type auditReportOutput struct {
	Body auditReportBody
}

// registerAudit registers the operators' audit-trail routes.
func (s *Server) registerAudit() {
	huma.Register(s.api, huma.Operation{
		OperationID: "verifyAudit", Method: http.MethodGet, Path: "/api/v1/admin/audit/verify", Tags: []string{"Operators"},
		Summary: "Recompute the audit trail's hash chains (operators)",
		Description: "Checks every event stream: seq starts at 1 and rises by 1, each event's prevHash is the previous " +
			"event's hash, and each hash is the hash of the event's content. Names the first broken link. " +
			"A broken trail is still a 200: the check itself succeeded.",
		Security: bearer(),
		Errors:   []int{http.StatusUnauthorized, http.StatusForbidden},
	}, handle(s, func(ctx context.Context, actor models.Actor, _ *struct{}) (*auditReportOutput, error) {
		r, err := s.app.VerifyAuditAs(ctx, actor)
		if err != nil {
			return nil, err
		}
		out := &auditReportOutput{Body: auditReportBody{Intact: r.Intact(), Streams: r.Streams, Events: r.Events}}
		if b := r.Broken; b != nil {
			out.Body.BrokenLink = &brokenLinkBody{Stream: b.Stream, Seq: b.Seq, Reason: b.Reason, Detail: b.Detail}
		}
		return out, nil
	}))
}
