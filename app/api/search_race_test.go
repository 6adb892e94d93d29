package api_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"market/app"
)

// TestSearchConcurrentWrites races writers amending the same listings
// against the synchroniser while the engine goes down and up: whichever
// copy of a listing is written to the index last, the index ends up
// holding each listing's latest version, in the single-writer mode and in
// the shared-database mode.
func TestSearchConcurrentWrites(t *testing.T) {
	for name, opts := range map[string]app.SearchOptions{
		"exclusive": {Exclusive: true, PollInterval: 20 * time.Millisecond, MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond},
		"shared":    {PollInterval: 20 * time.Millisecond, MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			m, flaky := newFlakyMarket(t, opts)
			var ids []string
			for range 4 {
				ids = append(ids, m.publish(m.buyer, "government_need", nil).ID)
			}
			stop := make(chan struct{})
			flapped := make(chan struct{})
			go func() { // the engine flaps while the writers run
				defer close(flapped)
				for i := 0; ; i++ {
					select {
					case <-stop:
						flaky.down.Store(false)
						return
					case <-time.After(15 * time.Millisecond):
						flaky.down.Store(i%3 == 0)
					}
				}
			}()
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok := 0
			for g := range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range 6 {
						id := ids[(g+i)%len(ids)]
						var cur listing
						m.do("GET", "/api/v1/opportunities/"+id, nil).decode(t, &cur)
						r := m.do("PATCH", "/api/v1/opportunities/"+id, map[string]any{"version": cur.Version,
							"title": fmt.Sprintf("writer %d change %d", g, i), "amendmentReason": "race"}, m.buyer.bearer()...)
						switch r.Status {
						case 200:
							mu.Lock()
							ok++
							mu.Unlock()
						case 409: // another writer got there first
						default:
							t.Errorf("amend: %d %s", r.Status, r.Body)
						}
					}
				}()
			}
			wg.Wait()
			close(stop)
			<-flapped
			if ok == 0 {
				t.Fatal("no amendment succeeded")
			}
			diff := "not checked"
			for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(50 * time.Millisecond) {
				if diff = m.indexMatches(t, ids); diff == "" && m.lag(t) == 0 {
					break
				}
			}
			if diff != "" {
				t.Fatalf("after %d amendments the index differs: %s", ok, diff)
			}
		})
	}
}
