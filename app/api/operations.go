package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/models"
)

// statusBody is the body of /healthz and /readyz.
type statusBody struct {
	Status string            `json:"status" enum:"ok,unavailable" doc:"ok when every check passed"`
	Checks map[string]string `json:"checks,omitempty" doc:"Each dependency's state: ok, or why it failed"`
}

type statusOutput struct {
	Body statusBody
}

type vocabulariesOutput struct {
	Body vocabulariesBody
}

// vocabulariesBody is the controlled lists with the limits on documents.
type vocabulariesBody struct {
	models.Vocabularies
	DocumentLimits documentLimitsBody `json:"documentLimits"`
}

// documentLimitsBody tells clients the limits on documents before they upload.
type documentLimitsBody struct {
	MaxFileBytes int64 `json:"maxFileBytes" doc:"Largest file accepted"`
	MaxFiles     int   `json:"maxFiles" doc:"Most current files per listing and per bid"`
	MaxBidBytes  int64 `json:"maxBidBytes" doc:"Most a bid's files may hold together"`
}

// checkState is what /readyz says of a failed check: "unavailable", and why
// when the check said so in a message written for people (a
// *models.Error), never a dependency's own words.
func checkState(err error) string {
	var me *models.Error
	if errors.As(err, &me) && me.Code == models.EUNAVAILABLE && me.Message != "" {
		return "unavailable: " + me.Message
	}
	return "unavailable"
}

// registerOperations registers the operational routes and the vocabularies.
func (s *Server) registerOperations() {
	huma.Register(s.api, huma.Operation{
		OperationID: "healthz", Method: http.MethodGet, Path: "/healthz", Tags: []string{"Operations"},
		Summary: "Liveness: 200 while the process runs",
	}, func(context.Context, *struct{}) (*statusOutput, error) {
		return &statusOutput{Body: statusBody{Status: "ok"}}, nil
	})

	huma.Register(s.api, huma.Operation{
		OperationID: "readyz", Method: http.MethodGet, Path: "/readyz", Tags: []string{"Operations"},
		Summary: "Readiness: 200 when the database and the search engine answer, else 503",
		Errors:  []int{http.StatusServiceUnavailable},
	}, func(ctx context.Context, _ *struct{}) (*statusOutput, error) {
		body := statusBody{Status: "ok", Checks: map[string]string{}}
		for _, c := range s.checks {
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			err := c.Check(cctx)
			cancel()
			if err != nil {
				s.log.WarnContext(ctx, "readiness check failed", "check", c.Name, "err", err)
				body.Status, body.Checks[c.Name] = "unavailable", checkState(err)
				continue
			}
			body.Checks[c.Name] = "ok"
		}
		if body.Status != "ok" {
			p := newProblem(models.EUNAVAILABLE, "a dependency is unavailable")
			for name, state := range body.Checks {
				p.Errors = append(p.Errors, ProblemField{Location: name, Message: state})
			}
			return nil, p
		}
		return &statusOutput{Body: body}, nil
	})

	huma.Register(s.api, huma.Operation{
		OperationID: "vocabularies", Method: http.MethodGet, Path: "/api/v1/vocabularies", Tags: []string{"Vocabularies"},
		Summary: "The controlled lists (districts, domains, capabilities, scenarios, document types) with zh-CN and en labels, and the limits on documents",
	}, func(context.Context, *struct{}) (*vocabulariesOutput, error) {
		l := s.app.DocumentLimits()
		return &vocabulariesOutput{Body: vocabulariesBody{Vocabularies: models.AllVocabularies(),
			DocumentLimits: documentLimitsBody{MaxFileBytes: l.File.MaxBytes, MaxFiles: l.MaxFiles, MaxBidBytes: l.MaxBidBytes}}}, nil
	})

	s.api.OpenAPI().AddOperation(&huma.Operation{
		OperationID: "metrics", Method: http.MethodGet, Path: "/metrics", Tags: []string{"Operations"},
		Summary: "Prometheus metrics in the text exposition format",
		Responses: map[string]*huma.Response{"200": {
			Description: "Metrics",
			Content:     map[string]*huma.MediaType{"text/plain": {Schema: &huma.Schema{Type: "string"}}},
		}},
	})
}
