package api

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"market/models"
)

// codeNotImplemented is a request method the server does not know at all.
const codeNotImplemented = "not_implemented"

// refuseUnknownMethods answers a request whose method Fiber does not know
// (such as QUERY) with 501 as problem+json, instead of Fiber's plain-text
// 400; a known method a route does not allow still gets 405 with Allow.
func (s *Server) refuseUnknownMethods(next fasthttp.RequestHandler) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		if slices.Contains(fiber.DefaultMethods, string(ctx.Method())) {
			next(ctx)
			return
		}
		p := newProblem(codeNotImplemented, "the server does not implement this request method")
		p.Instance = models.NewID()
		body, _ := json.Marshal(p)
		ctx.Response.Header.Set(fiber.HeaderXRequestID, p.Instance)
		ctx.Response.Header.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		ctx.Response.Header.Set(fiber.HeaderAllow, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
		ctx.SetContentType("application/problem+json")
		ctx.SetStatusCode(http.StatusNotImplemented)
		ctx.SetBody(body)
		s.log.Info("request", "method", string(ctx.Method()), "path", string(ctx.Path()), "status", http.StatusNotImplemented,
			"request_id", p.Instance)
	}
}
