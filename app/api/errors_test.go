package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"market/app"
	"market/app/api"
	"market/app/auth"
	"market/app/store/storetest"
)

func TestErrorPathsAreProblems(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"unknown api route", "GET", "/api/v1/nothing-here", nil, 404, "not_found"},
		{"unknown api root", "GET", "/api", nil, 404, "not_found"},
		{"unknown asset", "GET", "/assets/missing.js", nil, 404, "not_found"},
		{"wrong method", "DELETE", "/api/v1/auth/login", nil, 405, "method_not_allowed"},
		{"get on a post route", "GET", "/api/v1/auth/register", nil, 405, "method_not_allowed"},
		{"malformed JSON", "POST", "/api/v1/auth/login", `{"email": "a@b.c", "password": `, 400, "malformed_request"},
		{"not an object", "POST", "/api/v1/auth/login", `[1,2,3]`, 422, "validation_failed"},
		{"wrong type", "POST", "/api/v1/auth/login", `{"email": 5, "password": "x"}`, 422, "validation_failed"},
		{"missing body", "POST", "/api/v1/auth/refresh", nil, 400, "malformed_request"},
		{"unauthenticated", "GET", "/api/v1/me", nil, 401, "unauthenticated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.path, tt.body)
			p := r.problem(t, tt.status, tt.code)
			if r.Header.Get("X-Request-ID") == "" || p["instance"] != r.Header.Get("X-Request-ID") {
				t.Errorf("request id header %q, instance %v", r.Header.Get("X-Request-ID"), p["instance"])
			}
			if r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no security headers")
			}
			if len(r.Body) > 2000 {
				t.Errorf("problem body of %d bytes echoes the request", len(r.Body))
			}
		})
	}
}

func TestBodyOverLimitIsProblem(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	addr := strings.TrimPrefix(e.listen(), "http://")
	// The server refuses on Content-Length alone and closes the connection;
	// a client still uploading would see a reset, so send the headers only.
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "POST /api/v1/auth/register HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", addr, api.BodyLimit+1)
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	r := &response{Status: res.StatusCode, Header: res.Header, Body: body}
	p := r.problem(t, 413, "payload_too_large")
	if id := r.Header.Get("X-Request-ID"); id == "" || p["instance"] != id {
		t.Errorf("request id header %q, instance %v", id, p["instance"])
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no security headers on the 413")
	}
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestPanicIsInternalProblemLoggedWithRequestID(t *testing.T) {
	db := storetest.Open(t)
	signer, _ := auth.NewSigner([]byte(testSecret), nil)
	logs := &syncBuffer{}
	log := slog.New(app.LogHandler(slog.NewJSONHandler(logs, nil)))
	a, err := app.New(app.Config{DB: db, Tokens: signer, Logger: log, Argon2: auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	srv := api.New(api.Config{App: a, Logger: log})
	srv.Fiber().Get("/api/v1/test-panic", func(*fiber.Ctx) error { panic("secret internal detail") })
	e := &env{t: t, srv: srv, app: a}

	r := e.do("GET", "/api/v1/test-panic", nil)
	p := r.problem(t, 500, "internal")
	id := r.Header.Get("X-Request-ID")
	if strings.Contains(string(r.Body), "secret internal detail") || strings.Contains(string(r.Body), "goroutine") {
		t.Fatalf("panic details reached the client: %s", r.Body)
	}
	if p["instance"] != id {
		t.Fatalf("instance %v, request id %s", p["instance"], id)
	}
	// The panic is logged, with its stack, on a line carrying the request id.
	found := false
	for _, line := range strings.Split(logs.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil {
			continue
		}
		if rec["msg"] == "panic" && rec["request_id"] == id && strings.Contains(rec["stack"].(string), "goroutine") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no panic log line with request id %s in:\n%s", id, logs.String())
	}
	// The server goes on serving.
	if r := e.do("GET", "/healthz", nil); r.Status != 200 {
		t.Fatalf("healthz after panic: %d", r.Status)
	}
}

func TestRequestIDKeptWhenSaneReplacedWhenNot(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	if got := e.do("GET", "/healthz", nil, "X-Request-ID", "trace-0123456789").Header.Get("X-Request-ID"); got != "trace-0123456789" {
		t.Errorf("sane id replaced by %q", got)
	}
	evil := "x\"}\n{\"level\":\"ERROR\",\"msg\":\"forged"
	if got := e.do("GET", "/healthz", nil, "X-Request-ID", evil).Header.Get("X-Request-ID"); got == evil || got == "" {
		t.Errorf("hostile id kept: %q", got)
	}
}

func TestDatabaseDownGives503(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	e.register("down@example.com", "enterprise", false)
	// A connection that is closed: every database call fails as with a dependency that is down.
	db := storetest.Open(t)
	signer, _ := auth.NewSigner([]byte(testSecret), nil)
	a, _ := app.New(app.Config{DB: db, Tokens: signer, Logger: slog.New(slog.DiscardHandler), Argon2: auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}})
	srv := api.New(api.Config{App: a, Logger: slog.New(slog.DiscardHandler), Checks: []api.Check{{Name: "database", Check: db.Ping}}})
	if err := db.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	down := &env{t: t, srv: srv, app: a}
	down.do("POST", "/api/v1/auth/register", registration("new@example.com", "enterprise", false)).problem(t, 503, "unavailable")
	down.do("POST", "/api/v1/auth/login", map[string]string{"email": "down@example.com", "password": "correct horse battery"}).problem(t, 503, "unavailable")
	down.do("GET", "/readyz", nil).problem(t, 503, "unavailable")
	if r := down.do("GET", "/healthz", nil); r.Status != 200 {
		t.Fatalf("healthz with the database down: %d", r.Status)
	}
}

func TestHealthReadyMetricsVocabularies(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	if r := e.do("GET", "/readyz", nil); r.Status != 200 || !strings.Contains(string(r.Body), `"database":"ok"`) {
		t.Fatalf("readyz: %d %s", r.Status, r.Body)
	}
	e.do("GET", "/api/v1/nothing", nil)
	r := e.do("GET", "/metrics", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `market_http_requests_total{method="GET",route="/readyz",status="200"} 1`) ||
		!strings.Contains(string(r.Body), `route="unmatched",status="404"`) {
		t.Fatalf("metrics: %d\n%s", r.Status, r.Body)
	}
	var v struct {
		Districts []struct{ Code, ZH, EN string }
	}
	e.do("GET", "/api/v1/vocabularies", nil).decode(t, &v)
	if len(v.Districts) != 17 || v.Districts[len(v.Districts)-1].Code != "citywide" {
		t.Fatalf("districts: %+v", v.Districts)
	}
}

// TestUnknownMethodIsProblem: a method the server does not know (QUERY)
// gets 501 as problem+json; a known one a route does not allow, 405 with Allow.
func TestUnknownMethodIsProblem(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	for _, path := range []string{"/api/v1/opportunities", "/api/v1/vocabularies", "/"} {
		r := e.do("QUERY", path, nil)
		if p := r.problem(t, 501, "not_implemented"); p["instance"] != r.Header.Get("X-Request-ID") || r.Header.Get("Allow") == "" {
			t.Errorf("QUERY %s: %v, headers %v", path, p, r.Header)
		}
	}
	r := e.do("DELETE", "/api/v1/vocabularies", nil)
	r.problem(t, 405, "method_not_allowed")
	if r.Header.Get("Allow") != "GET" {
		t.Errorf("405 Allow %q", r.Header.Get("Allow"))
	}
}

// TestLongRequestLineIsClientProblem: a request line past the server's read
// buffer is the client's error, with its own code.
func TestLongRequestLineIsClientProblem(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	res, err := http.Get(e.listen() + "/api/v1/opportunities?q=" + strings.Repeat("a", 5000))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	(&response{Status: res.StatusCode, Header: res.Header, Body: body}).problem(t, 431, "request_header_too_large")
}
