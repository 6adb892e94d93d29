package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBinaryGenerate generates a small store with the real binary, checks
// its audit trail and signs in as the operator it was asked for; a second
// generation into the same store refuses.
func TestBinaryGenerate(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	r := runBinary(t, dataDir, strings.NewReader("bench-operator-password\n"), nil,
		"generate", "--listings", "200", "--seed", "5", "--operator", "bench@example.com")
	if r.code != 0 {
		t.Fatalf("generate: exit %d; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	summary := regexp.MustCompile(`(?m)^generated scale S × 0\.002: 200 listings, \d+ events, \d+ bids, \d+ questions, \d+ notifications, 40 organisations, \d+ users in \d`)
	for _, want := range []*regexp.Regexp{summary, regexp.MustCompile(`(?m)^  events +\d+$`),
		regexp.MustCompile(`(?m)^created operator bench@example.com `)} {
		if !want.MatchString(r.stdout) {
			t.Errorf("generate's output lacks %q:\n%s", want, r.stdout)
		}
	}

	r = runBinary(t, dataDir, nil, nil, "verify-audit")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "audit trail intact: ") {
		t.Fatalf("verify-audit: exit %d, stdout %q; stderr:\n%s", r.code, r.stdout, r.stderr)
	}

	srv := startServer(t, dataDir)
	login(t, srv.url, "bench@example.com", "bench-operator-password")
	srv.terminate(t)

	r = runBinary(t, dataDir, nil, nil, "generate", "--listings", "200")
	if r.code != 1 || !strings.Contains(r.stderr, "already has accounts") {
		t.Errorf("a second generate: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestBinarySeedRefusesProduction: the demo accounts' password is published.
func TestBinarySeedRefusesProduction(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runBinary(t, dir, nil, []string{"MARKET_ENV=production", "JWT_SECRET=" + strings.Repeat("k", 40)}, "seed")
	if r.code != 1 || !strings.Contains(r.stderr, "MARKET_ENV=production") {
		t.Errorf("exit %d, want 1 naming MARKET_ENV=production; stderr:\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "market.sqlite")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused seed left a store: %v", err)
	}
}

// TestBinaryGenerateRefuses refuses MongoDB, production and bad flags.
func TestBinaryGenerateRefuses(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		env  []string
		args []string
		code int
		want string
	}{
		{"mongodb", []string{"MONGODB_URI=mongodb://localhost:1/"}, nil, 1, "embedded store only"},
		{"production", []string{"MARKET_ENV=production", "JWT_SECRET=" + strings.Repeat("k", 40)}, nil, 1, "MARKET_ENV=production"},
		{"usage", nil, []string{"--listings", "0"}, 2, "usage: market generate"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runBinary(t, t.TempDir(), nil, c.env, append([]string{"generate"}, c.args...)...)
			if r.code != c.code || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, want %d with %q; stderr:\n%s", r.code, c.code, c.want, r.stderr)
			}
		})
	}
}
