package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"

	"market/app"
	"market/models"
)

// validRequestID is what an X-Request-ID from a client must look like to be kept.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID gives every request an id, kept from a sane X-Request-ID header
// or made anew, echoed in the response and carried in the request's context.
func (s *Server) requestID(c *fiber.Ctx) error {
	id := c.Get(fiber.HeaderXRequestID)
	if !validRequestID.MatchString(id) {
		id = models.NewID()
	}
	c.Set(fiber.HeaderXRequestID, id)
	c.SetUserContext(app.WithRequestID(c.UserContext(), id))
	return c.Next()
}

// observe writes the error of the handler chain, if any, then logs the
// request and records its metrics.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		s.writeProblem(c, err)
	}
	status := c.Response().StatusCode()
	elapsed := time.Since(start)
	s.metrics.observe(c.Method(), routeLabel(c), status, elapsed)
	level := slog.LevelInfo
	if status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.UserContext(), level, "request",
		slog.String("method", c.Method()), slog.String("path", c.Path()), slog.Int("status", status),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000), slog.String("ip", c.IP()))
	return nil
}

// routeLabel is the matched route pattern, bounded for use as a metric label.
func routeLabel(c *fiber.Ctx) string {
	if r := c.Route(); r != nil && r.Path != "/" && r.Method != "USE" {
		return r.Path
	}
	if strings.HasPrefix(c.Path(), "/api/") {
		return "unmatched"
	}
	return "frontend"
}

// handleError is Fiber's error handler, for errors raised before the
// middleware runs (such as a body over the limit).
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	if c.GetRespHeader(fiber.HeaderXRequestID) == "" {
		id := models.NewID()
		c.Set(fiber.HeaderXRequestID, id)
		c.SetUserContext(app.WithRequestID(c.UserContext(), id))
		// The middleware did not run: set the headers it would have.
		c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		c.Set(fiber.HeaderXFrameOptions, "DENY")
		c.Set(fiber.HeaderContentSecurityPolicy, "default-src 'none'; frame-ancestors 'none'")
		c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
		s.writeProblem(c, err)
		s.metrics.observe(c.Method(), "refused", c.Response().StatusCode(), 0)
		s.log.WarnContext(c.UserContext(), "request refused", "method", c.Method(), "path", c.Path(),
			"status", c.Response().StatusCode(), "ip", c.IP())
		return nil
	}
	s.writeProblem(c, err)
	return nil
}

// writeProblem writes err as a problem+json response.
func (s *Server) writeProblem(c *fiber.Ctx, err error) {
	p := s.problemFromError(err, c.GetRespHeader(fiber.HeaderXRequestID))
	if p.Status == http.StatusUnauthorized {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="market"`)
	}
	body, mErr := json.Marshal(p)
	if mErr != nil {
		body = []byte(`{"code":"internal","status":500}`)
	}
	c.Status(p.Status)
	c.Set(fiber.HeaderContentType, "application/problem+json")
	c.Response().SetBodyRaw(body)
}

// securityHeaders sets the security headers on every response. The API
// reference page loads its renderer from a CDN, so it gets a looser policy.
func securityHeaders() fiber.Handler {
	strict := helmet.New(helmet.Config{
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
			"script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
		XFrameOptions: "DENY",
		HSTSMaxAge:    31536000,
	})
	docs := helmet.New(helmet.Config{
		XFrameOptions:             "DENY",
		HSTSMaxAge:                31536000,
		CrossOriginEmbedderPolicy: "unsafe-none",
		CrossOriginResourcePolicy: "cross-origin",
	})
	return func(c *fiber.Ctx) error {
		if c.Path() == "/api/docs" {
			return docs(c)
		}
		return strict(c)
	}
}

// actorKey is the context key of the authenticated actor.
type actorKey struct{}

// actorFrom returns the actor authenticated for the request (anonymous if none).
func actorFrom(ctx context.Context) models.Actor {
	a, _ := ctx.Value(actorKey{}).(models.Actor)
	return a
}

// authenticate is a Huma middleware: a request with a valid bearer token
// carries its actor; one with an invalid token is refused with 401; one
// without a token goes on anonymous, and each use case decides.
func (s *Server) authenticate(ctx huma.Context, next func(huma.Context)) {
	h := ctx.Header("Authorization")
	if h == "" {
		next(ctx)
		return
	}
	scheme, token, _ := strings.Cut(h, " ")
	actor, err := s.app.Authenticate(strings.TrimSpace(token))
	if !strings.EqualFold(scheme, "Bearer") || err != nil {
		ctx.SetHeader(fiber.HeaderWWWAuthenticate, `Bearer realm="market", error="invalid_token"`)
		_ = huma.WriteErr(s.api, ctx, http.StatusUnauthorized, "invalid or expired access token")
		return
	}
	next(huma.WithValue(ctx, actorKey{}, actor))
}

// handle adapts a use-case handler to Huma: it passes the actor and turns
// every error into a problem, so no internal error text reaches a client.
func handle[I, O any](s *Server, h func(context.Context, models.Actor, *I) (*O, error)) func(context.Context, *I) (*O, error) {
	return func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, actorFrom(ctx), in)
		if err != nil {
			return nil, s.problemFromError(err, app.RequestID(ctx))
		}
		return out, nil
	}
}
