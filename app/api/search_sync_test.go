package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/models"
	"market/search"
)

// flakyEngine wraps an engine and fails every call while down, as an
// unreachable server would.
type flakyEngine struct {
	search.Engine
	down atomic.Bool
	// flushDown fails Flush alone: the engine answers but cannot make what
	// it was given durable.
	flushDown atomic.Bool
}

func (f *flakyEngine) Flush(ctx context.Context) error {
	if err := f.err(); err != nil {
		return err
	}
	if f.flushDown.Load() {
		return models.Errorf(models.EUNAVAILABLE, "search engine cannot flush (test fault)")
	}
	return f.Engine.Flush(ctx)
}

func (f *flakyEngine) err() error {
	if f.down.Load() {
		return models.Errorf(models.EUNAVAILABLE, "search engine unavailable (test fault)")
	}
	return nil
}

func (f *flakyEngine) Ping(ctx context.Context) error {
	if err := f.err(); err != nil {
		return err
	}
	return f.Engine.Ping(ctx)
}

func (f *flakyEngine) EnsureIndex(ctx context.Context, spec search.IndexSpec) (bool, error) {
	if err := f.err(); err != nil {
		return false, err
	}
	return f.Engine.EnsureIndex(ctx, spec)
}

func (f *flakyEngine) Upsert(ctx context.Context, index string, docs []search.Document) error {
	if err := f.err(); err != nil {
		return err
	}
	return f.Engine.Upsert(ctx, index, docs)
}

func (f *flakyEngine) Delete(ctx context.Context, index string, ids []string) error {
	if err := f.err(); err != nil {
		return err
	}
	return f.Engine.Delete(ctx, index, ids)
}

func (f *flakyEngine) DeleteAll(ctx context.Context, index string) error {
	if err := f.err(); err != nil {
		return err
	}
	return f.Engine.DeleteAll(ctx, index)
}

func (f *flakyEngine) Search(ctx context.Context, index string, q search.Query) (*search.Result, error) {
	if err := f.err(); err != nil {
		return nil, err
	}
	return f.Engine.Search(ctx, index, q)
}

// newFlakyMarket is newMarket's world on an engine that a test can take
// down; opts, if given, replace the synchroniser's options.
func newFlakyMarket(t *testing.T, opts ...app.SearchOptions) (*market, *flakyEngine) {
	var flaky *flakyEngine
	o := envOptions{wrap: func(inner search.Engine) search.Engine {
		flaky = &flakyEngine{Engine: inner}
		return flaky
	}}
	if len(opts) > 0 {
		o.search = &opts[0]
	}
	e := newEnvWith(t, api.LoginLimits{}, o)
	m := &market{env: e, buyer: e.register("buyer@gov.example", "government", false),
		sme: e.register("sme@example.com", "enterprise", true), provider: e.register("p@example.com", "enterprise", false)}
	m.op = e.operator()
	for _, s := range []session{m.buyer, m.sme, m.provider} {
		if r := e.do("POST", "/api/v1/admin/organizations/"+s.OrgID+"/verify", nil, m.op.bearer()...); r.Status != 200 {
			t.Fatalf("verify: %d %s", r.Status, r.Body)
		}
	}
	return m, flaky
}

// lag reads market_search_index_lag from /metrics.
func (e *env) lag(t testing.TB) int {
	t.Helper()
	r := e.do("GET", "/metrics", nil)
	m := regexp.MustCompile(`(?m)^market_search_index_lag (\S+)$`).FindSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no market_search_index_lag in /metrics")
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return int(v)
}

// indexMatches compares what anonymous searches list with what the
// database holds for every listing in ids; it returns the first difference.
func (m *market) indexMatches(t *testing.T, ids []string) string {
	t.Helper()
	query := []string{"pageSize", "100"}
	for _, s := range everyPublicStatus() {
		query = append(query, "status", s)
	}
	r := m.do("GET", "/api/v1/opportunities?"+q(query...), nil)
	if r.Status != 200 {
		return fmt.Sprintf("search answers %d", r.Status)
	}
	var p searchPage
	r.decode(t, &p)
	indexed := map[string]hit{}
	for _, h := range p.Items {
		indexed[h.ID] = h
	}
	public := 0
	for _, id := range ids {
		var stored hit
		m.do("GET", "/api/v1/opportunities/"+id, nil, m.op.bearer()...).decode(t, &stored)
		h, ok := indexed[id]
		isPublic := stored.Status != "draft" && stored.Status != "pending_review" && stored.Status != "rejected"
		switch {
		case isPublic && !ok:
			return fmt.Sprintf("%s (%s) is not indexed", id, stored.Status)
		case !isPublic && ok:
			return fmt.Sprintf("%s (%s) is indexed", id, stored.Status)
		case ok && (h.Status != stored.Status || h.Title != stored.Title || !h.BidDeadline.Equal(stored.BidDeadline)):
			return fmt.Sprintf("%s: index has %s %q %s, database %s %q %s", id, h.Status, h.Title, h.BidDeadline, stored.Status, stored.Title, stored.BidDeadline)
		}
		if isPublic {
			public++
		}
	}
	if p.Total != public {
		return fmt.Sprintf("the index holds %d listings, the database %d public ones", p.Total, public)
	}
	return ""
}

// TestSearchCatchesUpAfterAnOutage is the fault test: with the engine down,
// 100 writes succeed, /readyz says search is unavailable, and once the
// engine is back the index matches the database within seconds, without a
// restart.
func TestSearchCatchesUpAfterAnOutage(t *testing.T) {
	m, flaky := newFlakyMarket(t)
	var ids []string
	for range 3 {
		ids = append(ids, m.publish(m.buyer, "government_need", nil).ID)
	}

	flaky.down.Store(true)
	writes := 0
	must := func(r *response, want int) *response {
		t.Helper()
		if r.Status != want {
			t.Fatalf("write %d while the engine is down: %d %s", writes+1, r.Status, r.Body)
		}
		writes++
		return r
	}
	var drafts []listing
	for i := range 25 {
		who, kind := m.buyer, "government_need"
		if i%5 == 4 {
			who, kind = m.sme, "sme_help"
		}
		body := m.draftBody(kind)
		body["title"] = fmt.Sprintf("停机期间发布 outage listing %02d", i)
		var l listing
		must(m.do("POST", "/api/v1/opportunities", body, who.bearer()...), 201).decode(t, &l)
		must(m.act(who, l.ID, "submit", nil), 200).decode(t, &l)
		if l.Status == "pending_review" {
			must(m.act(m.op, l.ID, "approve", nil), 200).decode(t, &l)
		} else {
			must(m.act(who, l.ID, "extend", map[string]any{"bidDeadline": m.clock.Now().Add(60 * 24 * time.Hour), "reason": "later"}), 200).decode(t, &l)
		}
		drafts = append(drafts, l)
		ids = append(ids, l.ID)
	}
	for i, l := range drafts[:15] {
		who := m.buyer
		if l.Kind == "sme_help" {
			who = m.sme
		}
		must(m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": l.Version,
			"title": fmt.Sprintf("已修订 amended listing %02d", i), "amendmentReason": "修订"}, who.bearer()...), 200)
	}
	for _, l := range drafts[15:25] {
		who := m.buyer
		if l.Kind == "sme_help" {
			who = m.sme
		}
		must(m.act(who, l.ID, "cancel", map[string]string{"reason": "取消"}), 200)
	}
	if writes != 100 {
		t.Fatalf("%d writes, want 100", writes)
	}

	p := m.do("GET", "/readyz", nil).problem(t, 503, "unavailable")
	if s := fmt.Sprint(p["errors"]); !strings.Contains(s, "location:search message:unavailable") || !strings.Contains(s, "location:database message:ok") {
		t.Errorf("/readyz while the engine is down: %v", p["errors"])
	}
	m.do("GET", "/api/v1/opportunities?q=outage", nil).problem(t, 503, "unavailable")
	if deadline := time.Now().Add(5 * time.Second); m.lag(t) == 0 {
		for m.lag(t) == 0 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if m.lag(t) == 0 {
			t.Error("market_search_index_lag stayed 0 while the engine was down")
		}
	}

	flaky.down.Store(false)
	start := time.Now()
	diff := "not checked"
	for time.Since(start) < 10*time.Second {
		if diff = m.indexMatches(t, ids); diff == "" && m.lag(t) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if diff != "" {
		t.Fatalf("10s after the engine returned the index still differs: %s", diff)
	}
	t.Logf("the index matched the database %s after the engine returned", time.Since(start).Round(time.Millisecond))
	if r := m.do("GET", "/readyz", nil); r.Status != 200 {
		t.Errorf("/readyz after recovery: %d %s", r.Status, r.Body)
	}
}

// TestSearchChangeLostByTheEngineIsIndexedAgain: a change's marker is
// cleared only once the engine holds the change durably, so a change the
// engine loses before that (a crash) is indexed again by the next start,
// which reads nothing else from the database.
func TestSearchChangeLostByTheEngineIsIndexedAgain(t *testing.T) {
	m, flaky := newFlakyMarket(t)
	ctx := context.Background()
	l := m.publish(m.buyer, "government_need", map[string]any{"title": "原标题 original title"})
	if err := m.app.SyncSearch(ctx); err != nil {
		t.Fatal(err)
	}
	before, err := m.db.OpportunityByID(ctx, l.ID)
	if err != nil {
		t.Fatal(err)
	}
	flaky.flushDown.Store(true) // from now on this process never sees its writes made durable
	m.ok(m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": l.Version,
		"title": "新标题 renamed listing", "amendmentReason": "修订"}, m.buyer.bearer()...))
	if got := m.search(t, q("q", "renamed")); !sameIDs(got.ids(), l.ID) {
		t.Fatalf("the writer did not index its change: %v", got.ids())
	}
	time.Sleep(500 * time.Millisecond) // the synchroniser tries to flush, and fails
	if n, err := m.db.CountMarkers(ctx); err != nil || n != 1 {
		t.Fatalf("%d markers (%v): the change's marker must stay until the engine flushed it", n, err)
	}
	// The crash: the engine loses what it had not flushed.
	if err := m.app.IndexOpportunities(ctx, []*models.Opportunity{before}); err != nil {
		t.Fatal(err)
	}
	// The next start: a new application on the same database and index.
	restarted, err := app.New(app.Config{DB: m.db, Now: m.clock.Now, Logger: slog.New(slog.DiscardHandler),
		Search: &flakyEngine{Engine: flaky.Engine}, SearchOptions: app.SearchOptions{Exclusive: true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := restarted.SyncSearch(ctx); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]int{"renamed": 1, "original": 0} {
		list, err := restarted.ListOpportunities(ctx, models.Actor{}, app.OpportunityQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if list.Total != want {
			t.Errorf("after the restart q=%s finds %d, want %d", text, list.Total, want)
		}
	}
	if n, err := m.db.CountMarkers(ctx); err != nil || n != 0 {
		t.Errorf("%d markers left after the restart (%v)", n, err)
	}
}

// TestSearchFullPassResumesAfterAStop: filling an empty index is marked due
// before the index is created, so a start that stops half way (here the
// engine fails during the pass) leaves it due, and the next start, which
// finds the index already there, still fills it.
func TestSearchFullPassResumesAfterAStop(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	open := restartableEngine(t)
	newApp := func(engine search.Engine) *app.App {
		a, err := app.New(app.Config{DB: w.db, Now: w.clock.Now, Logger: slog.New(slog.DiscardHandler),
			Search: engine, SearchOptions: app.SearchOptions{Exclusive: true}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	first := open()
	stopped := &failingUpserts{Engine: first}
	if err := newApp(stopped).SyncSearch(ctx); err == nil {
		t.Fatal("the first start filled the index although the engine failed")
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again := newApp(open())
	if err := again.SyncSearch(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := again.ListOpportunities(ctx, models.Actor{}, app.OpportunityQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got := list.Total; got != len(w.publicIDs()) {
		t.Fatalf("after the second start the index holds %d listings, want %d", got, len(w.publicIDs()))
	}
}

// failingUpserts is an engine whose every upsert fails.
type failingUpserts struct{ search.Engine }

func (f *failingUpserts) Upsert(context.Context, string, []search.Document) error {
	return models.Errorf(models.EUNAVAILABLE, "search engine unavailable (test fault)")
}

// TestSearchSharedDatabase: with several instances on one database
// (Exclusive off), a write still shows in the next search, its marker is
// confirmed by the synchroniser, and another instance lists it with its
// current fields, read from the database.
func TestSearchSharedDatabase(t *testing.T) {
	e := newEnvWith(t, api.LoginLimits{}, envOptions{search: &app.SearchOptions{
		PollInterval: 50 * time.Millisecond, MaxBackoff: 500 * time.Millisecond}})
	m := &market{env: e, buyer: e.register("buyer@gov.example", "government", false)}
	m.op = e.operator()
	e.do("POST", "/api/v1/admin/organizations/"+m.buyer.OrgID+"/verify", nil, m.op.bearer()...)
	l := m.publish(m.buyer, "government_need", map[string]any{"title": "共享数据库 shared listing"})
	if got := m.search(t, q("q", "shared")); !sameIDs(got.ids(), l.ID) {
		t.Fatalf("right after publishing: %v", got.ids())
	}
	// The synchroniser confirms the write's marker in the background.
	waiting := func() int {
		mk, err := e.db.DirtyMarkers(context.Background(), 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(mk) + m.lag(t)
	}
	for deadline := time.Now().Add(5 * time.Second); waiting() != 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if n := waiting(); n != 0 {
		t.Errorf("markers left unconfirmed (markers plus lag: %d)", n)
	}
	other, err := app.New(app.Config{DB: e.db, Now: m.clock.Now, Logger: slog.New(slog.DiscardHandler), Search: e.engine})
	if err != nil {
		t.Fatal(err)
	}
	if err := other.SyncSearch(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.ok(m.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": l.Version,
		"title": "共享数据库 shared listing, amended", "amendmentReason": "修订"}, m.buyer.bearer()...))
	list, err := other.ListOpportunities(context.Background(), models.Actor{}, app.OpportunityQuery{Text: "shared"})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Title != "共享数据库 shared listing, amended" {
		t.Errorf("the other instance lists %+v", list.Items)
	}
}
