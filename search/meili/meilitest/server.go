// Package meilitest starts real Meilisearch servers for tests: the binary
// MEILI_BIN names, on a free loopback port, with a random master key and
// directories of its own, so that a test can kill it, restart it and empty
// its database while the application runs against it.
package meilitest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// startTimeout bounds the wait for a started server's /health.
const startTimeout = 30 * time.Second

// Server is one Meilisearch process, stopped when the test ends.
type Server struct {
	// URL is the server's base URL, the same across restarts.
	URL string
	// Key is its master key, the same across restarts.
	Key string

	t    testing.TB
	bin  string
	dir  string
	port int

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	// gen numbers the databases: Restart(true) starts on a new, empty one.
	gen int
}

// Start starts a server from the binary MEILI_BIN names, or skips the test
// naming MEILI_BIN when it is not set.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv("MEILI_BIN")
	if bin == "" {
		t.Skip("MEILI_BIN not set: this test starts, kills and restarts its own Meilisearch server from that binary (.ci/run sets it when the binary is beside the repository)")
	}
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	s := &Server{Key: hex.EncodeToString(key), t: t, bin: bin, dir: t.TempDir(), port: freePort(t)}
	s.URL = "http://127.0.0.1:" + strconv.Itoa(s.port)
	s.start()
	t.Cleanup(s.Kill)
	return s
}

// freePort returns a loopback port nothing listens on at the time.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// start runs the binary on the current database and waits for /health.
func (s *Server) start() {
	s.t.Helper()
	db := filepath.Join(s.dir, "db-"+strconv.Itoa(s.gen))
	cmd := exec.Command(s.bin, "--db-path", db, "--dump-dir", filepath.Join(s.dir, "dumps"),
		"--snapshot-dir", filepath.Join(s.dir, "snapshots"), "--http-addr", "127.0.0.1:"+strconv.Itoa(s.port),
		"--master-key", s.Key, "--no-analytics", "--env", "development", "--log-level", "WARN")
	log, err := os.OpenFile(filepath.Join(s.dir, "log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		s.t.Fatalf("starting %s: %v", s.bin, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); log.Close(); close(done) }()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	if err := s.waitHealthy(done); err != nil {
		s.Kill()
		out, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		s.t.Fatalf("Meilisearch did not start: %v\n%s", err, out)
	}
}

// waitHealthy polls /health until it answers 200, the process exits or
// startTimeout passes.
func (s *Server) waitHealthy(exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/health", nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-exited:
			return fmt.Errorf("the process exited")
		case <-ctx.Done():
			return fmt.Errorf("no 200 from %s/health within %s", s.URL, startTimeout)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Kill ends the server at once (SIGKILL), as a crash would, and waits for
// it to exit; it does nothing when the server is not running.
func (s *Server) Kill() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

// Restart starts the server again on the same address with the same key:
// on the database it had, or, when empty, on a new, empty one (a server
// whose disk was lost). It kills the server first if it still runs.
func (s *Server) Restart(empty bool) {
	s.t.Helper()
	s.Kill()
	if empty {
		s.gen++
	}
	s.start()
}
