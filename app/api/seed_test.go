package api_test

import (
	"context"
	"testing"
	"time"

	"market/app"
	"market/app/api"
)

// seedClock replays the seed's history on the test's clock, set back by
// app.SeedSpan, up to the real time.
type seedClock struct{ *clock }

func (seedClock) Real() time.Time { return time.Now() }

func TestSeedDemoData(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	e.clock.Advance(-app.SeedSpan)
	clock := seedClock{e.clock}
	done, err := e.app.Seed(context.Background(), clock)
	if err != nil || !done {
		t.Fatalf("seed: %v %v", done, err)
	}
	if again, err := e.app.Seed(context.Background(), clock); err != nil || again {
		t.Fatalf("second seed: %v %v", again, err)
	}
	var list struct {
		Items []struct{ Kind, Status string }
		Total int
	}
	e.do("GET", "/api/v1/opportunities", nil).decode(t, &list)
	if list.Total != 16 {
		t.Fatalf("%d published demo listings, want 16", list.Total)
	}
	buyer := e.login("buyer@demo.example", app.DemoPassword)
	e.do("GET", "/api/v1/opportunities?mine=true", nil, buyer.bearer()...).decode(t, &list)
	if list.Total != 8 {
		t.Fatalf("the demo buyer has %d listings, want 8", list.Total)
	}
	op := e.login("operator@demo.example", app.DemoPassword)
	var queue struct{ Total int }
	e.do("GET", "/api/v1/admin/organizations?verification=unverified", nil, op.bearer()...).decode(t, &queue)
	if queue.Total != 1 {
		t.Fatalf("verification queue has %d, want the one unverified SME", queue.Total)
	}
}
