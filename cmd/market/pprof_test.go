package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestServePprof serves the profiles on a loopback port and reads the
// index, then stops them.
func TestServePprof(t *testing.T) {
	t.Parallel()
	ctx, stop := context.WithCancel(context.Background())
	addr, err := servePprof(ctx, "127.0.0.1:0", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine") {
		t.Fatalf("GET /debug/pprof/: %d %.200s", res.StatusCode, body)
	}
	stop()
	if addr, err := servePprof(context.Background(), "", nil); addr != "" || err != nil {
		t.Errorf("with no address: %q, %v; want nothing served", addr, err)
	}
}
