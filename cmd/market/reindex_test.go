package main

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBinarySearchAndReindex: listings seeded while no server ran are found
// by the next server (its start-up catch-up), `market reindex` rebuilds the
// indexes and prints the counts, and a server whose search engine is down
// still starts, says so on /readyz, and serves the rest.
func TestBinarySearchAndReindex(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	if r := runBinary(t, dataDir, nil, nil, "seed"); r.code != 0 {
		t.Fatalf("seed: exit %d; stderr:\n%s", r.code, r.stderr)
	}
	r := runBinary(t, dataDir, nil, nil, "reindex")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "reindexed 50 listings and 22 providers in ") {
		t.Fatalf("reindex: exit %d, stdout %q; stderr:\n%s", r.code, r.stdout, r.stderr)
	}

	s := startServer(t, dataDir)
	var list struct {
		Total  int
		Facets map[string]map[string]int
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, body := call(t, http.MethodGet, s.url+"/api/v1/opportunities?q=%E6%95%B0%E6%8D%AE%E6%B2%BB%E7%90%86", "", nil)
		if res.StatusCode == http.StatusOK {
			list = decode[struct {
				Total  int
				Facets map[string]map[string]int
			}](t, body)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search never answered: %d %s", res.StatusCode, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if list.Total == 0 || len(list.Facets["domain"]) == 0 {
		t.Errorf("q=数据治理 on the seeded store: %+v", list)
	}
	if res, body := call(t, http.MethodGet, s.url+"/metrics", "", nil); res.StatusCode != 200 || !strings.Contains(string(body), "market_search_index_lag") {
		t.Errorf("/metrics lacks the search metrics: %d", res.StatusCode)
	}
	s.terminate(t)

	// Meilisearch configured but unreachable: the server starts anyway.
	down := startServer(t, dataDir, "MEILI_URL=http://127.0.0.1:9")
	res, body := call(t, http.MethodGet, down.url+"/readyz", "", nil)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"location":"search"`) {
		t.Errorf("/readyz with the search engine down: %d %s", res.StatusCode, body)
	}
	if res, _ := call(t, http.MethodGet, down.url+"/api/v1/vocabularies", "", nil); res.StatusCode != http.StatusOK {
		t.Errorf("the API without a search engine: %d", res.StatusCode)
	}
	down.terminate(t)
}
