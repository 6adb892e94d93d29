package api

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"

	"market/app"
	"market/models"
)

// Codes the HTTP layer adds to those of models.
const (
	codeMethodNotAllowed = "method_not_allowed"
	codeUnsupportedMedia = models.EUNSUPPORTED
	// codeHeaderTooLarge is a request line or headers over the server's read buffer.
	codeHeaderTooLarge = "request_header_too_large"
)

// Problem is an RFC 9457 problem document with the API's stable code.
type Problem struct {
	Type     string         `json:"type" doc:"A URI naming the problem type"`
	Title    string         `json:"title" doc:"Short summary of the problem type"`
	Status   int            `json:"status" doc:"HTTP status code"`
	Detail   string         `json:"detail,omitempty" doc:"What went wrong, for a person"`
	Code     string         `json:"code" doc:"Stable machine-readable code, see API.md"`
	Instance string         `json:"instance,omitempty" doc:"The request id, to quote to an operator"`
	Errors   []ProblemField `json:"errors,omitempty" doc:"The fields at fault, for validation_failed"`
}

// ProblemField names one field at fault, such as body.email.
type ProblemField struct {
	Location string `json:"location"`
	Message  string `json:"message"`
}

// Error implements error.
func (p *Problem) Error() string { return p.Code + ": " + p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType implements huma.ContentTypeFilter: problems are problem+json.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

var _ huma.StatusError = (*Problem)(nil)

// statusOf maps an error code to its HTTP status.
func statusOf(code string) int {
	switch code {
	case models.EMALFORMED:
		return http.StatusBadRequest
	case models.EUNAUTHENTICATED, models.ECREDENTIALS:
		return http.StatusUnauthorized
	case models.EFORBIDDEN, models.ESEALED:
		return http.StatusForbidden
	case models.ENOTFOUND:
		return http.StatusNotFound
	case codeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case models.ECONFLICT, models.EINVALIDSTATE, models.EDEADLINE:
		return http.StatusConflict
	case models.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case codeUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case codeHeaderTooLarge:
		return http.StatusRequestHeaderFieldsTooLarge
	case codeNotImplemented:
		return http.StatusNotImplemented
	case models.ERANGE:
		return http.StatusRequestedRangeNotSatisfiable
	case models.EVALIDATION:
		return http.StatusUnprocessableEntity
	case models.ERATELIMITED:
		return http.StatusTooManyRequests
	case models.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// codeOf maps an HTTP status, for errors raised outside our handlers
// (routing, body parsing, validation), to the API's code.
func codeOf(status int) string {
	switch status {
	case http.StatusBadRequest:
		return models.EMALFORMED
	case http.StatusUnauthorized:
		return models.EUNAUTHENTICATED
	case http.StatusForbidden:
		return models.EFORBIDDEN
	case http.StatusNotFound:
		return models.ENOTFOUND
	case http.StatusMethodNotAllowed:
		return codeMethodNotAllowed
	case http.StatusConflict:
		return models.ECONFLICT
	case http.StatusRequestEntityTooLarge:
		return models.ETOOLARGE
	case http.StatusUnsupportedMediaType:
		return codeUnsupportedMedia
	case http.StatusRequestHeaderFieldsTooLarge:
		return codeHeaderTooLarge
	case http.StatusRequestedRangeNotSatisfiable:
		return models.ERANGE
	case http.StatusUnprocessableEntity:
		return models.EVALIDATION
	case http.StatusTooManyRequests:
		return models.ERATELIMITED
	case http.StatusServiceUnavailable:
		return models.EUNAVAILABLE
	}
	return models.EINTERNAL
}

// newProblem builds a problem from a code and a detail message.
func newProblem(code, detail string) *Problem {
	status := statusOf(code)
	return &Problem{
		Type:   "/api/docs#problem-" + strings.ReplaceAll(code, "_", "-"),
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
		Code:   code,
	}
}

// problemFromStatus builds a problem for an error known only by its status.
func problemFromStatus(status int, detail string) *Problem {
	p := newProblem(codeOf(status), detail)
	p.Status, p.Title = status, http.StatusText(status)
	return p
}

// problemFromError turns any error into a problem. Application errors keep
// their code and message; any other error becomes a 500 whose text, which may
// hold internals, is logged instead of shown.
func (s *Server) problemFromError(ctxErr error, requestID string) *Problem {
	var p *Problem
	var me *models.Error
	var fe *fiber.Error
	switch {
	case errors.As(ctxErr, &p):
		return p
	case errors.As(ctxErr, &me):
		p = newProblem(me.Code, me.Message)
		for _, f := range me.Fields {
			p.Errors = append(p.Errors, ProblemField(f))
		}
		if me.Code == models.EINTERNAL || me.Code == models.EUNAVAILABLE {
			s.log.Error("request failed", "request_id", requestID, "err", ctxErr)
		}
	case errors.As(ctxErr, &fe):
		p = problemFromStatus(fe.Code, fiberDetail(fe))
	default:
		s.log.Error("request failed", "request_id", requestID, "err", ctxErr)
		p = newProblem(models.EINTERNAL, "an internal error occurred; quote the request id to an operator")
	}
	p.Instance = requestID
	return p
}

// fiberDetail replaces Fiber's messages, which repeat the request path, with our own.
func fiberDetail(fe *fiber.Error) string {
	switch fe.Code {
	case http.StatusNotFound:
		return "no such resource"
	case http.StatusMethodNotAllowed:
		return "this resource does not allow that method"
	case http.StatusRequestEntityTooLarge:
		return "the request body is over the 1 MiB limit"
	}
	return fe.Message
}

// missingProperty matches Huma's message for a missing required field.
var missingProperty = regexp.MustCompile(`^expected required property (\S+) to be present$`)

// transformErrors is a Huma transformer: it turns the errors Huma raises
// itself (body parsing, schema validation, size limit) into problems with
// codes, dropping the echoed values Huma adds.
func transformErrors(ctx huma.Context, _ string, v any) (any, error) {
	em, ok := v.(*huma.ErrorModel)
	if !ok {
		return v, nil
	}
	p := problemFromStatus(em.Status, em.Detail)
	if em.Status == http.StatusBadRequest {
		p.Detail = "the body is not valid JSON"
	}
	for _, d := range em.Errors {
		if em.Status >= http.StatusInternalServerError {
			break // never show internals
		}
		loc := d.Location
		if m := missingProperty.FindStringSubmatch(d.Message); m != nil && (loc == "body" || strings.HasPrefix(loc, "body.")) {
			loc += "." + m[1] // name the missing field itself
		}
		p.Errors = append(p.Errors, ProblemField{Location: loc, Message: d.Message})
	}
	p.Instance = app.RequestID(ctx.Context())
	return p, nil
}
