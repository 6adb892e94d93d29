package api_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/search/meili"
	"market/search/meili/meilitest"
)

// TestSearchMeiliFaults runs the application against a real Meilisearch
// server of its own, which it kills in the middle of writes and restarts,
// restarts on an empty database, and addresses with a wrong key: each time
// /readyz says what is wrong, and the index converges with nothing missing.
func TestSearchMeiliFaults(t *testing.T) {
	if os.Getenv("MARKET_TEST_SEARCH") != "meili" {
		t.Skip("MARKET_TEST_SEARCH=meili not set: this test runs in the Meilisearch pass of make test, once")
	}
	srv := meilitest.Start(t)
	engine, err := meili.New(meili.Config{URL: srv.URL, APIKey: srv.Key, CallTimeout: 3 * time.Second, TaskTimeout: 30 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	opts := app.SearchOptions{Exclusive: true, PollInterval: 100 * time.Millisecond, MaxBackoff: 300 * time.Millisecond,
		CheckInterval: 200 * time.Millisecond}
	m := newMarketOn(t, newEnvWith(t, api.LoginLimits{}, envOptions{engine: engine, search: &opts}))

	var mu sync.Mutex
	var want []string
	publish := func(tag string, i int) {
		l := m.publish(m.buyer, "government_need", map[string]any{"title": fmt.Sprintf("故障恢复 faultcheck %s %02d", tag, i)})
		mu.Lock()
		want = append(want, l.ID)
		mu.Unlock()
	}
	for i := range 3 {
		publish("first", i)
	}
	converge(t, m, &mu, &want, "at first")

	// Killed while listings are being published, then restarted on its
	// database: the changes it never got are indexed from their markers.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 6 {
			publish("killed", i)
		}
	}()
	for {
		mu.Lock()
		n := len(want)
		mu.Unlock()
		if n >= 5 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	srv.Kill()
	wg.Wait()
	readyzSays(t, m, "the search engine does not answer")
	srv.Restart(false)
	converge(t, m, &mu, &want, "after a kill and a restart")

	// Restarted on an empty database: the synchroniser notices the index
	// is gone and fills it again from the database.
	srv.Restart(true)
	readyzSays(t, m, "lost an index")
	converge(t, m, &mu, &want, "after losing its database")

	// A wrong key: the server starts anyway and says what is wrong.
	wrong, err := meili.New(meili.Config{URL: srv.URL, APIKey: "not-the-key", CallTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	bad := newEnvWith(t, api.LoginLimits{}, envOptions{engine: wrong, search: &opts, noInitialSync: true})
	readyzSays(t, &market{env: bad}, "refused the API key")
	bad.do("GET", "/api/v1/opportunities?q=faultcheck", nil).problem(t, 503, "unavailable")
}

// readyzSays waits (up to 20 s) until /readyz answers 503 with a search
// check that contains text.
func readyzSays(t *testing.T, m *market, text string) {
	t.Helper()
	var last string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		r := m.do("GET", "/readyz", nil)
		last = fmt.Sprintf("%d %s", r.Status, r.Body)
		if r.Status == 503 && strings.Contains(string(r.Body), text) {
			return
		}
	}
	t.Fatalf("/readyz never said %q; last: %s", text, last)
}

// converge waits (up to 60 s) until /readyz answers 200 and a search finds
// exactly the listings published so far.
func converge(t *testing.T, m *market, mu *sync.Mutex, want *[]string, when string) {
	t.Helper()
	mu.Lock()
	ids := slices.Clone(*want)
	mu.Unlock()
	var last string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r := m.do("GET", "/readyz", nil); r.Status != 200 {
			last = fmt.Sprintf("/readyz %d %s", r.Status, r.Body)
			continue
		}
		r := m.do("GET", "/api/v1/opportunities?"+q("q", "faultcheck", "pageSize", "100"), nil)
		if r.Status != 200 {
			last = fmt.Sprintf("search %d %s", r.Status, r.Body)
			continue
		}
		var p searchPage
		r.decode(t, &p)
		if sameIDs(p.ids(), ids...) {
			return
		}
		last = fmt.Sprintf("search found %d of %d: %v", len(p.ids()), len(ids), p.ids())
	}
	t.Fatalf("%s: the index did not converge in 60 s; last: %s", when, last)
}
