package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/app/auth"
	"market/app/filestore"
	"market/app/scale"
	"market/app/store/storetest"
	"market/models"
	"market/search"
	"market/search/bleve"
	"market/search/meili"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// testSecret signs every test server's tokens, so tests can forge tokens with it.
const testSecret = "test-secret-test-secret-test-secret-0123"

// clock is a settable clock shared by a test's app and token signer.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// env is one test's server on its own database and its own search indexes.
type env struct {
	t      testing.TB
	srv    *api.Server
	app    *app.App
	clock  *clock
	engine search.Engine
	db     storetest.DB
	// history is what envOptions.history generated, or nil.
	history *scale.Report
	// files is the directory of the documents' content.
	files string
}

// newEnv starts a server on a fresh database; login limits may be tightened.
func newEnv(t testing.TB, limits api.LoginLimits) *env {
	t.Helper()
	return newEnvWith(t, limits, envOptions{})
}

// envOptions vary a test server's search set-up.
type envOptions struct {
	// wrap, when set, wraps the Bleve engine the app uses (fault tests).
	wrap func(search.Engine) search.Engine
	// search overrides the synchroniser's options (Exclusive is the default).
	search *app.SearchOptions
	// history, when not 0, fills the store with that many listings'
	// generated history (package scale), ending now, before the test's
	// accounts are made: a store of thousands of documents.
	history int
	// engine, when set, replaces the test's engine (see testEngine).
	engine search.Engine
	// noInitialSync leaves the indexes to the synchroniser, for a test of
	// an engine that cannot prepare them.
	noInitialSync bool
	// documents overrides the limits on documents.
	documents app.DocumentLimits
}

// testEngine returns a test's search engine: a Bleve index under
// t.TempDir(), or, with MARKET_TEST_SEARCH=meili, the Meilisearch server
// at MEILI_URL (MEILI_API_KEY), on indexes of the test's own (a random
// prefix) that are deleted when it ends; without MEILI_URL the test skips.
func testEngine(t testing.TB) search.Engine { return restartableEngine(t)() }

// restartableEngine returns open, which opens the test's engine (see
// testEngine) on the same indexes each time, as a restarted process would;
// a Bleve index must be closed before it is opened again.
func restartableEngine(t testing.TB) func() search.Engine {
	t.Helper()
	switch kind := os.Getenv("MARKET_TEST_SEARCH"); kind {
	case "", "bleve":
		dir := t.TempDir()
		return func() search.Engine {
			embedded, err := bleve.New(dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = embedded.Close() })
			return embedded
		}
	case "meili":
		url := os.Getenv("MEILI_URL")
		if url == "" {
			t.Skip("MARKET_TEST_SEARCH=meili but MEILI_URL not set: no Meilisearch server to run against (MEILI_URL, MEILI_API_KEY)")
		}
		cfg := meili.Config{URL: url, APIKey: os.Getenv("MEILI_API_KEY"), IndexPrefix: fmt.Sprintf("apitest_%08x_", rand.Uint32())}
		var last *meili.Engine
		t.Cleanup(func() {
			if last == nil {
				return
			}
			if err := last.DropAll(context.Background()); err != nil {
				t.Errorf("deleting the test's Meilisearch indexes: %v", err)
			}
		})
		return func() search.Engine {
			m, err := meili.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			last = m
			return m
		}
	default:
		t.Fatalf("MARKET_TEST_SEARCH=%q: want bleve or meili", kind)
		return nil
	}
}

// newEnvWith starts a server on a fresh database and fresh search indexes
// (see testEngine, or o.engine), with the index synchroniser running until
// the test ends.
func newEnvWith(t testing.TB, limits api.LoginLimits, o envOptions) *env {
	t.Helper()
	db := storetest.Open(t)
	engine := o.engine
	if engine == nil {
		engine = testEngine(t)
	}
	if o.wrap != nil {
		engine = o.wrap(engine)
	}
	opts := app.SearchOptions{Exclusive: true, PollInterval: 200 * time.Millisecond, MaxBackoff: 500 * time.Millisecond}
	if o.search != nil {
		opts = *o.search
	}
	if os.Getenv("MARKET_TEST_SEARCH") == "meili" && opts.WriteTimeout == 0 {
		// The tests search right after each write. A Meilisearch task takes
		// about a second here (the scheduler's wait, then some 0.4 s for
		// even one document), more while other packages' tests load the
		// machine: give the write's own indexing time to finish, as the
		// tests of the embedded engine, which indexes in milliseconds, need not.
		opts.WriteTimeout = 20 * time.Second
	}
	clk := &clock{now: time.Now().UTC().Truncate(time.Second)}
	var history *scale.Report
	if o.history > 0 {
		history = generateHistory(t, db, o.history, clk.Now())
	}
	signer, err := auth.NewSigner([]byte(testSecret), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	cheap := auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1} // fast tests; production uses DefaultArgon2
	files := t.TempDir()
	contents, err := filestore.Open(files)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Config{DB: db, Tokens: signer, Argon2: cheap, Now: clk.Now, Logger: slog.New(slog.DiscardHandler),
		Search: engine, SearchOptions: opts, Contents: contents, Documents: o.documents})
	if err != nil {
		t.Fatal(err)
	}
	// Prepare the (empty) indexes now, so that the first search never finds them starting.
	if !o.noInitialSync {
		if err := a.SyncSearch(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, stop := context.WithCancel(context.Background())
	synced := make(chan struct{})
	go func() { defer close(synced); a.RunSearchSync(ctx) }()
	t.Cleanup(func() { stop(); <-synced })
	srv := api.New(api.Config{App: a, Logger: slog.New(slog.DiscardHandler), Login: limits,
		Checks: []api.Check{{Name: "database", Check: db.Ping}, {Name: "search", Check: a.SearchReady}}})
	if err := srv.Registry().Register(api.SearchMetrics(a)); err != nil {
		t.Fatal(err)
	}
	return &env{t: t, srv: srv, app: a, clock: clk, engine: engine, db: db, history: history, files: files}
}

// listen serves the env's server on a loopback port until the test ends and
// returns its base URL, for what Fiber's in-memory Test cannot carry.
func (e *env) listen() string {
	e.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	go func() { _ = e.srv.Serve(ln) }()
	e.t.Cleanup(func() { _ = e.srv.Shutdown(context.Background()) })
	return "http://" + ln.Addr().String()
}

// response is a recorded HTTP response.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode unmarshals the body into v, failing the test on error.
func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.Body, err)
	}
}

// problem decodes a problem+json body, checking its content type and code.
func (r *response) problem(t testing.TB, status int, code string) map[string]any {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json: %s", ct, r.Body)
	}
	var p map[string]any
	r.decode(t, &p)
	if p["code"] != code {
		t.Fatalf("code %v, want %s: %s", p["code"], code, r.Body)
	}
	if p["status"] != float64(status) {
		t.Fatalf("status field %v, want %d", p["status"], status)
	}
	return p
}

// do sends a request; body may be nil, a string or bytes (sent as is), or a
// value sent as JSON. headers are name, value pairs.
func (e *env) do(method, path string, body any, headers ...string) *response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.srv.Fiber().Test(req, -1)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return &response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// session is what a test keeps of a signed-in user.
type session struct {
	UserID, OrgID, Email string
	Access, Refresh      string
}

// bearer returns the Authorization header pair for the session.
func (s session) bearer() []string { return []string{"Authorization", "Bearer " + s.Access} }

// creditCode returns a fresh valid unified social credit code.
func creditCode() string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	b := []byte("91310000")
	for len(b) < 17 {
		b = append(b, chars[rand.IntN(len(chars))])
	}
	c, _ := models.CreditCodeCheckChar(string(b))
	return string(append(b, c))
}

// registration returns a valid registration body.
func registration(email, kind string, sme bool) map[string]any {
	return map[string]any{
		"email": email, "password": "correct horse battery", "displayName": "测试用户 Test",
		"organization": map[string]any{"name": "组织 " + email, "kind": kind, "creditCode": creditCode(), "sme": sme, "district": "xuhui"},
	}
}

// register registers a user with a new organisation and returns its session.
func (e *env) register(email, kind string, sme bool) session {
	e.t.Helper()
	r := e.do("POST", "/api/v1/auth/register", registration(email, kind, sme))
	if r.Status != http.StatusCreated {
		e.t.Fatalf("register %s: %d %s", email, r.Status, r.Body)
	}
	return sessionOf(e.t, r)
}

// login signs in and returns the session.
func (e *env) login(email, password string) session {
	e.t.Helper()
	r := e.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	if r.Status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	return sessionOf(e.t, r)
}

// operator creates an operator account and signs it in.
func (e *env) operator() session {
	e.t.Helper()
	email := fmt.Sprintf("op-%s@example.com", models.NewID()[:6])
	if _, _, err := e.app.CreateOperator(context.Background(), email, "operator password", "Op"); err != nil {
		e.t.Fatal(err)
	}
	return e.login(email, "operator password")
}

func sessionOf(t testing.TB, r *response) session {
	var body struct {
		User struct {
			ID    string `json:"id"`
			Email string `json:"email"`
		} `json:"user"`
		Organization *struct {
			ID string `json:"id"`
		} `json:"organization"`
		Tokens struct {
			AccessToken  string `json:"accessToken"`
			RefreshToken string `json:"refreshToken"`
			ExpiresIn    int    `json:"expiresIn"`
		} `json:"tokens"`
	}
	r.decode(t, &body)
	if body.Tokens.AccessToken == "" || body.Tokens.RefreshToken == "" || body.Tokens.ExpiresIn != 900 {
		t.Fatalf("bad tokens in %s", r.Body)
	}
	s := session{UserID: body.User.ID, Email: body.User.Email, Access: body.Tokens.AccessToken, Refresh: body.Tokens.RefreshToken}
	if body.Organization != nil {
		s.OrgID = body.Organization.ID
	}
	return s
}
