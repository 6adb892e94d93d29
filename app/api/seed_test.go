package api_test

import (
	"context"
	"testing"

	"market/app"
	"market/app/api"
)

func TestSeedDemoData(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	done, err := e.app.Seed(context.Background())
	if err != nil || !done {
		t.Fatalf("seed: %v %v", done, err)
	}
	if again, err := e.app.Seed(context.Background()); err != nil || again {
		t.Fatalf("second seed: %v %v", again, err)
	}
	var list struct {
		Items []struct{ Kind, Status string }
		Total int
	}
	e.do("GET", "/api/v1/opportunities", nil).decode(t, &list)
	if list.Total != 3 {
		t.Fatalf("%d public demo listings, want 3", list.Total)
	}
	buyer := e.login("buyer@demo.example", app.DemoPassword)
	e.do("GET", "/api/v1/opportunities?mine=true", nil, buyer.bearer()...).decode(t, &list)
	if list.Total != 3 {
		t.Fatalf("the demo buyer has %d listings, want 3", list.Total)
	}
	op := e.login("operator@demo.example", app.DemoPassword)
	var queue struct{ Total int }
	e.do("GET", "/api/v1/admin/organizations?verification=unverified", nil, op.bearer()...).decode(t, &queue)
	if queue.Total != 1 {
		t.Fatalf("verification queue has %d, want the one unverified SME", queue.Total)
	}
}
