package api_test

import (
	"fmt"
	"sync"
	"testing"

	"market/app/api"
)

func TestSavedSearchCRUDAndAuthorization(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	alice, bob := e.register("alice@example.com", "enterprise", false), e.register("bob@example.com", "enterprise", true)
	body := map[string]any{"name": "智慧交通 Smart transport", "digest": "daily", "query": map[string]any{
		"q": "信号", "scenario": []string{"smart_transport"}, "budgetMinFen": 1000, "smeOnly": false}}
	r := e.do("POST", "/api/v1/me/saved-searches", body, alice.bearer()...)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var created struct {
		ID, Name, Digest string
		Query            struct {
			Q            string
			Scenario     []string
			BudgetMinFen *int64
			SMEOnly      *bool
		}
	}
	r.decode(t, &created)
	if created.ID == "" || created.Name != "智慧交通 Smart transport" || created.Digest != "daily" || created.Query.Q != "信号" ||
		len(created.Query.Scenario) != 1 || created.Query.BudgetMinFen == nil || *created.Query.BudgetMinFen != 1000 ||
		created.Query.SMEOnly == nil || *created.Query.SMEOnly {
		t.Fatalf("created %s", r.Body)
	}
	count := func(who session) int {
		t.Helper()
		r := e.do("GET", "/api/v1/me/saved-searches", nil, who.bearer()...)
		if r.Status != 200 {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		var l struct{ Items []struct{ ID string } }
		r.decode(t, &l)
		return len(l.Items)
	}
	if count(alice) != 1 || count(bob) != 0 {
		t.Fatalf("lists: alice %d, bob %d", count(alice), count(bob))
	}
	// Someone else's id, an unknown id, no token.
	e.do("DELETE", "/api/v1/me/saved-searches/"+created.ID, nil, bob.bearer()...).problem(t, 404, "not_found")
	e.do("DELETE", "/api/v1/me/saved-searches/no-such-id", nil, alice.bearer()...).problem(t, 404, "not_found")
	e.do("DELETE", "/api/v1/me/saved-searches/"+created.ID, nil).problem(t, 401, "unauthenticated")
	e.do("GET", "/api/v1/me/saved-searches", nil).problem(t, 401, "unauthenticated")
	e.do("POST", "/api/v1/me/saved-searches", body).problem(t, 401, "unauthenticated")
	if count(alice) != 1 {
		t.Fatal("a refused delete removed the saved search")
	}
	if r := e.do("DELETE", "/api/v1/me/saved-searches/"+created.ID, nil, alice.bearer()...); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	if count(alice) != 0 {
		t.Fatal("deleted saved search still listed")
	}
}

func TestSavedSearchValidation(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	alice := e.register("alice@example.com", "enterprise", false)
	for _, c := range []struct {
		body     map[string]any
		location string
	}{
		{map[string]any{"name": "", "query": map[string]any{}}, "body.name"},
		{map[string]any{"name": "   ", "query": map[string]any{}}, "body.name"},
		{map[string]any{"name": "x", "query": map[string]any{}, "digest": "weekly"}, "body.digest"},
		{map[string]any{"name": "x", "query": map[string]any{"capability": []string{"iot", "telepathy"}}}, "body.query.capability[1]"},
		{map[string]any{"name": "x", "query": map[string]any{"district": []string{"atlantis"}}}, "body.query.district[0]"},
		{map[string]any{"name": "x", "query": map[string]any{"kind": []string{"bogus"}}}, "body.query.kind[0]"},
		{map[string]any{"name": "x", "query": map[string]any{"budgetMaxFen": -1}}, "body.query.budgetMaxFen"},
		{map[string]any{"name": "x", "query": map[string]any{"q": string(make([]byte, 201))}}, "body.query.q"},
		{map[string]any{"name": "x", "query": map[string]any{"$where": "1"}}, "body.query.$where"},
	} {
		p := e.do("POST", "/api/v1/me/saved-searches", c.body, alice.bearer()...).problem(t, 422, "validation_failed")
		errs, _ := p["errors"].([]any)
		found := false
		for _, fe := range errs {
			if m, _ := fe.(map[string]any); m["location"] == c.location {
				found = true
			}
		}
		if !found {
			t.Errorf("%v: errors %v do not name %s", c.body, errs, c.location)
		}
	}
}

func TestSavedSearchCapPerUser(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	alice := e.register("alice@example.com", "enterprise", false)
	// 54 creations by 3 clients at once: the unique (user, slot) index lets exactly 50 through.
	statuses := make(chan int, 54)
	var wg sync.WaitGroup
	for c := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 18 {
				r := e.do("POST", "/api/v1/me/saved-searches", map[string]any{"name": fmt.Sprint("s", c, "-", i), "query": map[string]any{}}, alice.bearer()...)
				statuses <- r.Status
			}
		}()
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if got[201] != 50 || got[409] != 4 {
		t.Fatalf("statuses %v, want 50 × 201 and 4 × 409", got)
	}
	e.do("POST", "/api/v1/me/saved-searches", map[string]any{"name": "one too many", "query": map[string]any{}}, alice.bearer()...).
		problem(t, 409, "conflict")
}
