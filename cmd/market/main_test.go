package main

// These tests build the real binary once and run it as a subprocess, the way
// an operator would: serve on 127.0.0.1:0 with DATA_DIR in a temporary
// directory, learn the address from the "listening" log line, talk HTTP.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"market/models"
)

const (
	// startLimit bounds the wait for the "listening" line.
	startLimit = 60 * time.Second
	// shutdownTimeout is MARKET_SHUTDOWN_TIMEOUT for every served binary;
	// a SIGTERMed process must exit within it (plus a margin).
	shutdownTimeout = 10 * time.Second
	// commandLimit bounds a one-shot command such as seed.
	commandLimit = 60 * time.Second
)

var (
	binDir    string // holds the built binary; removed by TestMain
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "market-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "creating a directory for the binary:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// marketBinary builds cmd/market once per test run, on first use, so tests
// that need no binary (config tests) cost no build.
func marketBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		path := filepath.Join(binDir, "market")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", path, ".")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		binPath = path
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// configVars are the variables the binary reads; the test environment's own
// values of them are dropped so they cannot change a test's outcome.
var configVars = []string{
	"MARKET_ADDR", "DATA_DIR", "MONGODB_URI", "MONGODB_DATABASE", "MEILI_URL", "MEILI_API_KEY",
	"MEILI_INDEX_PREFIX", "JWT_SECRET", "MARKET_ENV", "LOG_LEVEL", "MARKET_PROXY_HEADER", "MARKET_SHUTDOWN_TIMEOUT", "MARKET_CLOCK_INTERVAL",
	"SMTP_URL", "MAIL_FROM", "PUBLIC_URL",
	"MARKET_DOCUMENT_MAX_MB", "MARKET_DOCUMENT_MAX_FILES", "MARKET_BID_DOCUMENTS_MAX_MB", "MARKET_DOCUMENT_MAX_EXPANDED_MB",
}

// childEnv is the inherited environment without configVars, plus extra.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, v := range configVars {
			if name == v {
				drop = true
				break
			}
		}
		if !drop {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// lineLog collects a process's stderr, a line at a time.
type lineLog struct {
	mu      sync.Mutex
	partial []byte
	lines   []string
	changed chan struct{} // closed and replaced when a line arrives
}

func newLineLog() *lineLog { return &lineLog{changed: make(chan struct{})} }

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	grew := false
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, string(l.partial[:i]))
		l.partial = l.partial[i+1:]
		grew = true
	}
	if grew {
		close(l.changed)
		l.changed = make(chan struct{})
	}
	return len(p), nil
}

// snapshot returns the complete lines so far and a channel closed on the next one.
func (l *lineLog) snapshot() ([]string, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...), l.changed
}

// String is everything collected, for failure messages.
func (l *lineLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n") + "\n" + string(l.partial)
}

// logLine is one JSON log line.
type logLine map[string]any

func (l logLine) str(key string) string { s, _ := l[key].(string); return s }

// parsed returns every line parsed as a JSON object, failing on any other line.
func (l *lineLog) parsed(t *testing.T) []logLine {
	t.Helper()
	lines, _ := l.snapshot()
	out := make([]logLine, 0, len(lines))
	for _, s := range lines {
		var m logLine
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatalf("stderr line is not a JSON object: %q (%v)", s, err)
		}
		for _, k := range []string{"time", "level", "msg"} {
			if _, ok := m[k]; !ok {
				t.Errorf("log line without %q: %s", k, s)
			}
		}
		out = append(out, m)
	}
	return out
}

// waitFor waits up to limit for a parsed line matching match, or for exited.
func (l *lineLog) waitFor(limit time.Duration, exited <-chan struct{}, match func(logLine) bool) (logLine, bool) {
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	for {
		lines, changed := l.snapshot()
		for _, s := range lines {
			var m logLine
			if json.Unmarshal([]byte(s), &m) == nil && match(m) {
				return m, true
			}
		}
		select {
		case <-changed:
		case <-exited:
			// The process is gone; its last lines may still be arriving.
			lines, _ := l.snapshot()
			for _, s := range lines {
				var m logLine
				if json.Unmarshal([]byte(s), &m) == nil && match(m) {
					return m, true
				}
			}
			return nil, false
		case <-deadline.C:
			return nil, false
		}
	}
}

// server is a running `market serve`.
type server struct {
	cmd    *exec.Cmd
	stderr *lineLog
	url    string        // http://127.0.0.1:PORT
	addr   string        // 127.0.0.1:PORT
	done   chan struct{} // closed when the process has exited and been waited for
	err    error         // cmd.Wait's result, set before done is closed
}

// startServer runs the binary's serve command on dataDir and waits for it to
// listen. The process is killed, if still running, when the test ends.
func startServer(t testing.TB, dataDir string, env ...string) *server {
	t.Helper()
	bin := marketBinary(t)
	s := &server{stderr: newLineLog(), done: make(chan struct{})}
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = childEnv(append([]string{
		"MARKET_ADDR=127.0.0.1:0",
		"DATA_DIR=" + dataDir,
		"MARKET_SHUTDOWN_TIMEOUT=" + shutdownTimeout.String(),
	}, env...)...)
	s.cmd.Stdout = io.Discard
	s.cmd.Stderr = s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("stderr of the server on %s:\n%s", dataDir, s.stderr)
		}
	})
	line, ok := s.stderr.waitFor(startLimit, s.done, func(m logLine) bool { return m.str("msg") == "listening" })
	if !ok {
		select {
		case <-s.done:
			t.Fatalf("server exited before listening (%v); stderr:\n%s", s.err, s.stderr)
		default:
			t.Fatalf("server did not log \"listening\" within %s; stderr:\n%s", startLimit, s.stderr)
		}
	}
	s.addr = line.str("addr")
	if _, _, err := net.SplitHostPort(s.addr); err != nil {
		t.Fatalf("listening line has a bad addr %q: %v", s.addr, err)
	}
	s.url = "http://" + s.addr
	return s
}

// terminate sends SIGTERM and waits for the process to exit, failing the
// test unless it exits 0 within the shutdown timeout (plus a margin for
// closing the database).
func (s *server) terminate(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("sending SIGTERM: %v", err)
	}
	s.waitExit(t, shutdownTimeout+5*time.Second)
}

// waitExit waits for the process to exit 0.
func (s *server) waitExit(t testing.TB, limit time.Duration) {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(limit):
		t.Fatalf("server still running %s after SIGTERM; stderr:\n%s", limit, s.stderr)
	}
	if s.err != nil {
		t.Fatalf("server exited with %v after SIGTERM, want 0; stderr:\n%s", s.err, s.stderr)
	}
}

// result is the outcome of a one-shot command.
type result struct {
	code           int
	stdout, stderr string
}

// runBinary runs a one-shot command to completion. stdin nil means /dev/null.
func runBinary(t *testing.T, dataDir string, stdin io.Reader, env []string, args ...string) result {
	t.Helper()
	bin := marketBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), commandLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = childEnv(append([]string{"MARKET_ADDR=127.0.0.1:0", "DATA_DIR=" + dataDir}, env...)...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee) && ee.Exited():
		r.code = ee.ExitCode()
	default:
		t.Fatalf("market %s: %v (context: %v); stderr:\n%s", strings.Join(args, " "), err, ctx.Err(), r.stderr)
	}
	return r
}

// client is shared by the tests: short timeout, no proxy.
var client = &http.Client{
	Timeout:   15 * time.Second,
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
}

// call sends a JSON request (body nil for none) and returns the response
// with its body read.
func call(t *testing.T, method, url, token string, body any) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return resp, data
}

// decode unmarshals a response body, failing the test on bad JSON.
func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("response is not the expected JSON: %v\n%s", err, data)
	}
	return v
}

type userJSON struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role"`
}

type sessionJSON struct {
	User         userJSON        `json:"user"`
	Organization json.RawMessage `json:"organization"`
	Tokens       struct {
		AccessToken  string `json:"accessToken"`
		RefreshToken string `json:"refreshToken"`
		ExpiresIn    int    `json:"expiresIn"`
	} `json:"tokens"`
}

type meJSON struct {
	User         userJSON        `json:"user"`
	Organization json.RawMessage `json:"organization"`
}

// creditCode returns a fresh valid unified social credit code.
func creditCode(t *testing.T) string {
	t.Helper()
	first17 := fmt.Sprintf("91310104%09d", rand.IntN(1e9))
	check, ok := models.CreditCodeCheckChar(first17)
	if !ok {
		t.Fatalf("no check character for %q", first17)
	}
	return first17 + string(check)
}

// register registers a new enterprise user and returns the session.
func register(t *testing.T, baseURL, email, password string) sessionJSON {
	t.Helper()
	resp, data := call(t, http.MethodPost, baseURL+"/api/v1/auth/register", "", map[string]any{
		"email": email, "password": password, "displayName": "Test User",
		"organization": map[string]any{
			"name": "Test Co " + email, "kind": "enterprise", "creditCode": creditCode(t), "sme": true, "district": "xuhui",
		},
	})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("register %s: status %d, want 201: %s", email, resp.StatusCode, data)
	}
	s := decode[sessionJSON](t, data)
	if s.User.ID == "" || s.Tokens.AccessToken == "" || s.Tokens.RefreshToken == "" || s.Tokens.ExpiresIn <= 0 {
		t.Fatalf("register %s: incomplete session: %s", email, data)
	}
	return s
}

// login signs in and returns the session, failing unless the answer is 200.
func login(t *testing.T, baseURL, email, password string) sessionJSON {
	t.Helper()
	resp, data := call(t, http.MethodPost, baseURL+"/api/v1/auth/login", "", map[string]string{"email": email, "password": password})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login %s: status %d, want 200: %s", email, resp.StatusCode, data)
	}
	return decode[sessionJSON](t, data)
}

// me returns GET /api/v1/me, failing unless the answer is 200.
func me(t *testing.T, baseURL, token string) meJSON {
	t.Helper()
	resp, data := call(t, http.MethodGet, baseURL+"/api/v1/me", token, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me: status %d, want 200: %s", resp.StatusCode, data)
	}
	return decode[meJSON](t, data)
}

// fileMode returns the permission bits of path.
func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// hasMsg reports whether the logs hold a line with message msg.
func hasMsg(lines []logLine, msg string) bool {
	for _, l := range lines {
		if l.str("msg") == msg {
			return true
		}
	}
	return false
}

func TestBinaryDataSurvivesRestart(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	// An existing, too-open DATA_DIR (as a mounted volume might be) is restricted.
	if err := os.Mkdir(dataDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dataDir, 0o755); err != nil { // whatever the umask
		t.Fatal(err)
	}
	const email, password = "restart@example.com", "restart-password-1"

	first := startServer(t, dataDir)
	reg := register(t, first.url, email, password)
	if got := me(t, first.url, reg.Tokens.AccessToken); got.User.ID != reg.User.ID || got.User.Email != email {
		t.Fatalf("me = %+v, want user %s <%s>", got.User, reg.User.ID, email)
	}
	first.terminate(t)
	logs := first.stderr.parsed(t)
	for _, msg := range []string{"shutting down", "stopped"} {
		if !hasMsg(logs, msg) {
			t.Errorf("no %q log line after SIGTERM; stderr:\n%s", msg, first.stderr)
		}
	}

	if got := fileMode(t, dataDir); got != 0o700 {
		t.Errorf("DATA_DIR mode = %v, want 0700", got)
	}
	keyPath := filepath.Join(dataDir, "jwt.key")
	if got := fileMode(t, keyPath); got != 0o600 {
		t.Errorf("jwt.key mode = %v, want 0600", got)
	}
	key, err := os.ReadFile(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.TrimSpace(string(key))); n < 32 {
		t.Errorf("jwt.key holds %d characters, want at least 32", n)
	}

	second := startServer(t, dataDir)
	// The token signed before the restart verifies: the key was kept.
	if got := me(t, second.url, reg.Tokens.AccessToken); got.User.ID != reg.User.ID {
		t.Errorf("after restart, me with the old token = user %q, want %q", got.User.ID, reg.User.ID)
	}
	s := login(t, second.url, email, password)
	if s.User.ID != reg.User.ID {
		t.Errorf("after restart, login gives user %q, want %q", s.User.ID, reg.User.ID)
	}
	if got := me(t, second.url, s.Tokens.AccessToken); got.User.ID != reg.User.ID || got.User.Email != email {
		t.Errorf("after restart, me = %+v, want user %s <%s>", got.User, reg.User.ID, email)
	}
	// The refresh token issued before the restart is in the store too.
	resp, data := call(t, http.MethodPost, second.url+"/api/v1/auth/refresh", "", map[string]string{"refreshToken": reg.Tokens.RefreshToken})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after restart, refresh with the old refresh token: status %d, want 200: %s", resp.StatusCode, data)
	}
	// A wrong password still fails after the restart.
	resp, data = call(t, http.MethodPost, second.url+"/api/v1/auth/login", "", map[string]string{"email": email, "password": "wrong-password-1"})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("after restart, login with a wrong password: status %d, want 401: %s", resp.StatusCode, data)
	}
	if got, _ := os.ReadFile(keyPath); !bytes.Equal(got, key) {
		t.Errorf("jwt.key changed across the restart")
	}
	second.terminate(t)
}

func TestBinarySeedAndCreateOperator(t *testing.T) {
	t.Parallel()
	// DATA_DIR does not exist yet: the first command makes it, private.
	dataDir := filepath.Join(t.TempDir(), "fresh", "data")

	r := runBinary(t, dataDir, nil, nil, "seed")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "seeded") {
		t.Fatalf("first seed: exit %d, stdout %q, want 0 and \"seeded...\"; stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if got := fileMode(t, dataDir); got != 0o700 {
		t.Errorf("DATA_DIR mode = %v, want 0700", got)
	}
	// The seeded market's whole history went through the use cases: its
	// audit trail verifies.
	r = runBinary(t, dataDir, nil, nil, "verify-audit")
	if r.code != 0 || !strings.Contains(r.stdout, "audit trail intact") {
		t.Fatalf("verify-audit after seeding: exit %d, stdout %q; stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	r = runBinary(t, dataDir, nil, nil, "seed")
	if r.code != 0 || !strings.Contains(r.stdout, "nothing seeded") || strings.HasPrefix(r.stdout, "seeded") {
		t.Fatalf("second seed: exit %d, stdout %q, want 0 and \"... nothing seeded\"; stderr:\n%s", r.code, r.stdout, r.stderr)
	}

	const opsPassword = "ops-password-from-stdin"
	r = runBinary(t, dataDir, strings.NewReader(opsPassword+"\n"), nil, "admin", "create-operator", "--email", "ops@example.com")
	if r.code != 0 || !strings.Contains(r.stdout, "created operator ops@example.com") {
		t.Fatalf("create-operator with a piped password: exit %d, stdout %q; stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "shown once") || strings.Contains(r.stdout+r.stderr, opsPassword) {
		t.Errorf("create-operator with a piped password printed a password: stdout %q stderr %q", r.stdout, r.stderr)
	}

	// An empty pipe, and /dev/null (nil), both mean "generate one".
	generated := map[string]string{}
	for email, stdin := range map[string]io.Reader{"ops2@example.com": strings.NewReader(""), "ops3@example.com": nil} {
		r = runBinary(t, dataDir, stdin, nil, "admin", "create-operator", "--email", email, "--name", "Ops "+email)
		if r.code != 0 {
			t.Fatalf("create-operator %s without a password: exit %d, stdout %q; stderr:\n%s", email, r.code, r.stdout, r.stderr)
		}
		const prefix = "password (shown once): "
		if n := strings.Count(r.stdout, prefix); n != 1 {
			t.Fatalf("create-operator %s: stdout shows the password %d times, want once:\n%s", email, n, r.stdout)
		}
		_, rest, _ := strings.Cut(r.stdout, prefix)
		pw, _, _ := strings.Cut(rest, "\n")
		if len(pw) < 10 {
			t.Fatalf("create-operator %s: generated password %q is too short", email, pw)
		}
		if strings.Contains(r.stderr, pw) {
			t.Errorf("create-operator %s: the generated password is in the logs", email)
		}
		generated[email] = pw
	}

	// The same address again is refused, as a failure (1) rather than usage (2).
	r = runBinary(t, dataDir, strings.NewReader("another-password-1\n"), nil, "admin", "create-operator", "--email", "ops@example.com")
	if r.code != 1 {
		t.Errorf("create-operator for an existing address: exit %d, want 1; stdout %q stderr:\n%s", r.code, r.stdout, r.stderr)
	}

	srv := startServer(t, dataDir)
	check := func(email, password, role string, withOrg bool) {
		t.Helper()
		s := login(t, srv.url, email, password)
		m := me(t, srv.url, s.Tokens.AccessToken)
		if m.User.Role != role || m.User.Email != email || m.User.ID != s.User.ID {
			t.Errorf("me for %s = %+v, want role %s", email, m.User, role)
		}
		hasOrg := len(m.Organization) > 0 && string(m.Organization) != "null"
		if hasOrg != withOrg {
			t.Errorf("me for %s: organization %s, want one: %v", email, m.Organization, withOrg)
		}
	}
	check("ops@example.com", opsPassword, "operator", false)
	for email, pw := range generated {
		check(email, pw, "operator", false)
	}
	check("buyer@demo.example", "demo-password-2026", "member", true)
	check("operator@demo.example", "demo-password-2026", "operator", false)
	srv.terminate(t)
}

// tooLarge stands for a request body over the 1 MiB limit.
type tooLarge struct{}

// postTooLarge POSTs to path a request declaring a JSON body one byte over
// 1 MiB and returns the answer. It sends the headers only: the server refuses
// on Content-Length and closes the connection, and a client still writing the
// body would get a reset that can destroy the answer in its receive buffer
// (as net/http's client does, flakily).
func postTooLarge(t *testing.T, addr, path string) (*http.Response, []byte) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(15 * time.Second))
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", path, addr, 1<<20+1)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("POST %s with a body over 1 MiB: %v", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("POST %s with a body over 1 MiB: reading the body: %v", path, err)
	}
	return resp, data
}

// securityHeaders are set on every response, whatever its status.
var securityHeaders = map[string]string{
	"X-Content-Type-Options": "nosniff",
	"X-Frame-Options":        "DENY",
	"Referrer-Policy":        "no-referrer",
}

func TestBinaryHeadersAndRequestLogs(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())

	cases := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"ok", http.MethodGet, "/healthz", nil, http.StatusOK},
		{"api not found", http.MethodGet, "/api/v1/no-such-thing", nil, http.StatusNotFound},
		{"body over 1 MiB", http.MethodPost, "/api/v1/auth/register", tooLarge{}, http.StatusRequestEntityTooLarge},
		{"frontend", http.MethodGet, "/", nil, http.StatusOK},
	}
	ids := map[string]string{} // request id -> case
	for _, c := range cases {
		var resp *http.Response
		var data []byte
		if _, ok := c.body.(tooLarge); ok {
			resp, data = postTooLarge(t, srv.addr, c.path)
		} else {
			resp, data = call(t, c.method, srv.url+c.path, "", c.body)
		}
		if resp.StatusCode != c.status {
			t.Errorf("%s: %s %s: status %d, want %d: %.300s", c.name, c.method, c.path, resp.StatusCode, c.status, data)
		}
		id := resp.Header.Get("X-Request-ID")
		if id == "" {
			t.Errorf("%s: no X-Request-ID", c.name)
		} else if other, dup := ids[id]; dup {
			t.Errorf("%s: X-Request-ID %q repeats that of %s", c.name, id, other)
		}
		ids[id] = c.name
		for h, want := range securityHeaders {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", c.name, h, got, want)
			}
		}
		if resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no Content-Security-Policy", c.name)
		}
		if c.status >= 400 {
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s: Content-Type %q, want application/problem+json", c.name, ct)
			}
			p := decode[struct {
				Status   int    `json:"status"`
				Instance string `json:"instance"`
			}](t, data)
			if p.Status != c.status || p.Instance != id {
				t.Errorf("%s: problem status %d instance %q, want %d and the request id %q", c.name, p.Status, p.Instance, c.status, id)
			}
		}
		// The request is logged with the id the client saw.
		line, ok := srv.stderr.waitFor(5*time.Second, srv.done, func(m logLine) bool { return m.str("request_id") == id && id != "" })
		if !ok {
			t.Errorf("%s: no log line with request_id %q", c.name, id)
			continue
		}
		if got, _ := line["status"].(float64); int(got) != c.status {
			t.Errorf("%s: request log line has status %v, want %d: %v", c.name, line["status"], c.status, line)
		}
		if line.str("path") != c.path || line.str("method") != c.method {
			t.Errorf("%s: request log line %v, want %s %s", c.name, line, c.method, c.path)
		}
	}

	// A sane client-supplied id is kept, echoed and logged; a bad one is replaced.
	for _, tc := range []struct{ sent, want string }{
		{"client-chosen-id-0001", "client-chosen-id-0001"},
		{"bad id\twith spaces", ""},
	} {
		req, _ := http.NewRequest(http.MethodGet, srv.url+"/healthz", nil)
		req.Header.Set("X-Request-ID", tc.sent)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("X-Request-ID")
		switch {
		case tc.want != "" && got != tc.want:
			t.Errorf("X-Request-ID %q echoed as %q", tc.sent, got)
		case tc.want == "" && (got == "" || got == tc.sent):
			t.Errorf("bad X-Request-ID %q echoed as %q, want a fresh id", tc.sent, got)
		}
		if _, ok := srv.stderr.waitFor(5*time.Second, srv.done, func(m logLine) bool {
			return m.str("msg") == "request" && m.str("request_id") == got
		}); !ok {
			t.Errorf("no request log line with request_id %q", got)
		}
	}

	srv.terminate(t)
	// Every line on stderr, the embedded database's included, is a JSON object.
	for _, l := range srv.stderr.parsed(t) {
		if m := l.str("msg"); (m == "request" || m == "request refused") && l.str("request_id") == "" {
			t.Errorf("request log line without request_id: %v", l)
		}
	}
}

// TestBinaryGracefulShutdownFinishesRequests sends sign-ins (each ~50 ms of
// argon2) on raw connections, then SIGTERM while they run: each must still
// get its 200, and the process must exit 0.
func TestBinaryGracefulShutdownFinishesRequests(t *testing.T) {
	t.Parallel()
	srv := startServer(t, t.TempDir())
	const email, password = "slow@example.com", "slow-password-1"
	register(t, srv.url, email, password)

	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	request := fmt.Sprintf("POST /api/v1/auth/login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\nConnection: close\r\n\r\n%s", srv.addr, len(body), body)

	const n = 4
	conns := make([]net.Conn, n)
	for i := range conns {
		c, err := net.DialTimeout("tcp", srv.addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		_ = c.SetDeadline(time.Now().Add(30 * time.Second))
		if _, err := io.WriteString(c, request); err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	// Signal once the server has read every request (so each is accepted and
	// in its handler) but, most likely, before it has finished them: n argon2
	// checks on 2 cores take ~100 ms or more. A connection still in the
	// accept queue at SIGTERM is reset, as with any server, and proves nothing.
	waitRequestsRead(t, srv.addr, conns)
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				errs[i] = fmt.Errorf("reading the response: %w", err)
				return
			}
			defer resp.Body.Close()
			data, err := io.ReadAll(resp.Body)
			if err != nil {
				errs[i] = fmt.Errorf("reading the body: %w", err)
				return
			}
			if resp.StatusCode != http.StatusOK || !bytes.Contains(data, []byte(`"accessToken"`)) {
				errs[i] = fmt.Errorf("status %d, want 200 with tokens: %s", resp.StatusCode, data)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("sign-in %d in flight at SIGTERM: %v", i, err)
		}
	}
	srv.waitExit(t, shutdownTimeout+5*time.Second)

	// Check the test tested something: some sign-in finished after shutdown began.
	lines := srv.stderr.parsed(t)
	shutdownAt, after := -1, 0
	for i, l := range lines {
		switch {
		case l.str("msg") == "shutting down":
			shutdownAt = i
		case shutdownAt >= 0 && l.str("msg") == "request" && l.str("path") == "/api/v1/auth/login":
			after++
		}
	}
	if shutdownAt < 0 || !hasMsg(lines, "stopped") {
		t.Errorf("no \"shutting down\" and \"stopped\" lines; stderr:\n%s", srv.stderr)
	}
	t.Logf("%d of %d sign-ins finished after shutdown began", after, n)
}

// waitRequestsRead waits until the server's end of each of conns has no
// unread bytes (Linux's /proc/net/tcp rx_queue is 0): the server has accepted
// the connection and read the request. It skips the test without /proc.
func waitRequestsRead(t *testing.T, serverAddr string, conns []net.Conn) {
	t.Helper()
	_, sport, _ := net.SplitHostPort(serverAddr)
	pending := map[string]bool{}
	for _, c := range conns {
		_, cport, _ := net.SplitHostPort(c.LocalAddr().String())
		pending[cport] = true
	}
	port := func(hexAddr string) string { // "0100007F:8CBB" -> "36027"
		_, h, _ := strings.Cut(hexAddr, ":")
		var p int
		if _, err := fmt.Sscanf(h, "%x", &p); err != nil {
			return ""
		}
		return fmt.Sprint(p)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		table, err := os.ReadFile("/proc/net/tcp")
		if err != nil {
			t.Skipf("cannot see socket queues: %v", err)
		}
		read := 0
		for _, line := range strings.Split(string(table), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) < 5 || port(f[1]) != sport || !pending[port(f[2])] {
				continue
			}
			if _, rx, _ := strings.Cut(f[4], ":"); strings.Trim(rx, "0") == "" {
				read++
			}
		}
		if read == len(pending) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server read %d of %d requests within 20 s", read, len(pending))
		}
		time.Sleep(time.Millisecond)
	}
}
