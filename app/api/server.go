// Package api is the HTTP layer: a Fiber server whose /api/v1 operations are
// described and validated by Huma, with problem+json errors throughout.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humafiber"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"market/app"
)

// BodyLimit is the largest request body accepted.
const BodyLimit = 1 << 20

// Check is one readiness check: a dependency that must answer.
type Check struct {
	Name  string
	Check func(context.Context) error
}

// Config configures the server.
type Config struct {
	App    *app.App
	Logger *slog.Logger
	// Checks are run by /readyz.
	Checks []Check
	// Frontend is the built single-page application; nil serves a placeholder.
	Frontend fs.FS
	// Login limits failed sign-ins.
	Login LoginLimits
	// ProxyHeader names the header holding the client address when the server
	// runs behind a trusted proxy (such as X-Forwarded-For); empty uses the peer address.
	ProxyHeader string
	// Version is reported in the OpenAPI document.
	Version string
	// PublicURL is the site's address (such as https://market.example) for
	// the absolute links and ids of the open-data documents; empty uses the
	// address the client asked for.
	PublicURL string
}

// Server is the marketplace's HTTP server.
type Server struct {
	app      *app.App
	log      *slog.Logger
	fiber    *fiber.App
	api      huma.API
	metrics  *httpMetrics
	checks   []Check
	frontend fs.FS
	// publicURL is Config.PublicURL without a trailing slash.
	publicURL string
	specMu    sync.Mutex // serialises the first renderings of the OpenAPI documents
	// summaries holds the JSON of listings as search results show them.
	summaries *summaryCache
}

// New builds the server and registers every route.
func New(c Config) *Server {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Version == "" {
		c.Version = "dev"
	}
	s := &Server{app: c.App, log: c.Logger, checks: c.Checks, frontend: c.Frontend, metrics: newHTTPMetrics(),
		publicURL: strings.TrimRight(c.PublicURL, "/"), summaries: newSummaryCache(summaryCacheLimit)}
	s.fiber = fiber.New(fiber.Config{
		AppName:   "market",
		Immutable: true,
		// Bodies over BodyLimit are streamed to the handler rather than
		// refused, so that document uploads never sit whole in memory;
		// limitBodies refuses them on every other route.
		BodyLimit:                    BodyLimit,
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		DisableStartupMessage:        true,
		ReadTimeout:                  30 * time.Second,
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
		ProxyHeader:                  c.ProxyHeader,
		ErrorHandler:                 s.handleError,
	})
	s.fiber.Server().HeaderReceived = requestConfig
	s.fiber.Server().Handler = s.refuseUnknownMethods(s.fiber.Server().Handler)
	s.fiber.Use(s.requestID, s.observe, recover.New(recover.Config{
		EnableStackTrace: true,
		StackTraceHandler: func(c *fiber.Ctx, e any) {
			s.log.ErrorContext(c.UserContext(), "panic", "panic", e, "stack", string(debug.Stack()))
		},
	}), securityHeaders(), limitBodies)
	for _, limit := range c.Login.middleware() {
		s.fiber.Use("/api/v1/auth/login", limit)
	}

	// Huma renders the OpenAPI documents lazily on their first request and
	// caches them without a lock: serialise those requests.
	s.fiber.Use("/api/openapi", func(c *fiber.Ctx) error {
		s.specMu.Lock()
		defer s.specMu.Unlock()
		return c.Next()
	})

	cfg := huma.DefaultConfig("Opportunity-list marketplace API", c.Version)
	cfg.OpenAPIPath = "/api/openapi"
	cfg.DocsPath = "/api/docs"
	cfg.SchemasPath = "/api/schemas"
	cfg.CreateHooks = nil // no $schema links in bodies
	cfg.Formats = map[string]huma.Format{"application/json": jsonFormat(), "json": jsonFormat()}
	cfg.Transformers = append(cfg.Transformers, transformErrors)
	cfg.Info.Description = "The public API of the city's digital-transformation opportunity list. Errors are RFC 9457 problem documents with a stable `code`."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "JWT"},
	}
	s.api = humafiber.New(s.fiber, cfg)
	s.api.UseMiddleware(s.rewindBody, s.authenticate)

	s.registerOperations()
	s.registerAccount()
	s.registerOrganizations()
	s.registerAudit()
	s.registerOpportunities()
	s.registerBids()
	s.registerQuestions()
	s.registerMatches()
	s.registerSavedSearches()
	s.registerFollows()
	s.registerDocuments()
	s.registerOpenData()
	s.documentErrors()
	s.fiber.Get("/metrics", s.serveMetrics)
	s.fiber.Use(s.serveFrontend)
	return s
}

// Fiber returns the underlying Fiber app, for tests and for serving.
func (s *Server) Fiber() *fiber.App { return s.fiber }

// OpenAPI returns the OpenAPI document describing the API.
func (s *Server) OpenAPI() *huma.OpenAPI { return s.api.OpenAPI() }

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error { return s.fiber.Listener(ln) }

// Shutdown stops accepting connections and waits for requests in flight,
// up to ctx's deadline.
func (s *Server) Shutdown(ctx context.Context) error { return s.fiber.ShutdownWithContext(ctx) }

// documentErrors makes the OpenAPI document describe error bodies as the
// Problem type that the transformer writes, instead of Huma's own model.
func (s *Server) documentErrors() {
	reg := s.api.OpenAPI().Components.Schemas
	problem := reg.Schema(reflect.TypeOf(Problem{}), true, "Problem")
	if ref := problem.Ref; ref != "" {
		problem = reg.SchemaFromRef(ref)
	}
	if m := reg.Map(); m["ErrorModel"] != nil {
		m["ErrorModel"] = problem
	}
}
