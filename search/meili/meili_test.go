package meili

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"market/models"
	"market/search"
	"market/search/searchtest"
)

// TestContractMeili runs the engine contract against a real Meilisearch
// server when MEILI_URL (and MEILI_API_KEY) point at one.
func TestContractMeili(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL not set: the contract suite runs against Meilisearch only with a server (MEILI_URL, MEILI_API_KEY); TestMeiliAgainstOpenAPI checks the engine without one")
	}
	searchtest.Contract(t, func(t *testing.T) search.Engine { return newLiveMeili(t, url) })
}

// newLiveMeili returns an engine for the server at url whose index uids
// carry a random prefix of their own, so that test runs sharing the server
// never meet; the indexes it ensured are deleted at the end of the test.
func newLiveMeili(t *testing.T, url string) *Engine {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	m, err := New(Config{URL: url, APIKey: os.Getenv("MEILI_API_KEY"), IndexPrefix: "test_" + hex.EncodeToString(b) + "_"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if err := m.DropAll(context.Background()); err != nil {
			t.Errorf("dropping the test's indexes: %v", err)
		}
	})
	return m
}

// newFakeEngine returns a Meilisearch engine talking to a fresh fake.
func newFakeEngine(t *testing.T) (*Engine, *fakeMeili) { return newPrefixedFakeEngine(t, "") }

// newPrefixedFakeEngine is newFakeEngine with an IndexPrefix.
func newPrefixedFakeEngine(t *testing.T, prefix string) (*Engine, *fakeMeili) {
	fake := newFakeMeili(t, "test-key")
	m, err := New(Config{URL: fake.srv.URL, APIKey: "test-key", IndexPrefix: prefix, PollInterval: time.Millisecond, CallTimeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m, fake
}

// TestMeiliAgainstOpenAPI drives the Meilisearch engine through every
// method against the fake, which checks each request against Meilisearch's
// OpenAPI document and answers as the document says.
func TestMeiliAgainstOpenAPI(t *testing.T) {
	m, fake := newFakeEngine(t)
	ctx := context.Background()
	if err := m.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	spec := searchtest.Spec("opportunities")
	if fresh, err := m.EnsureIndex(ctx, spec); err != nil || !fresh {
		t.Fatalf("EnsureIndex = %v, %v; want fresh", fresh, err)
	}
	if fresh, err := m.EnsureIndex(ctx, spec); err != nil || fresh {
		t.Fatalf("EnsureIndex again = %v, %v; want not fresh", fresh, err)
	}
	if n := fake.count("PATCH /indexes/{indexUid}/settings"); n != 1 {
		t.Errorf("settings sent %d times, want once: the same settings again would have the server reindex", n)
	}
	checkSettings(t, fake)
	if err := m.Ping(ctx); err != nil {
		t.Fatalf("Ping with the index: %v", err)
	}
	if err := m.Upsert(ctx, "opportunities", searchtest.Docs()); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	checkDocuments(t, fake)
	if err := m.Delete(ctx, "opportunities", []string{"p01", "p02"}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if r, _ := fake.last("POST /indexes/{indexUid}/documents/delete"); r.Body["filter"] != `id IN ["p01", "p02"]` {
		t.Errorf("delete filter %v", r.Body["filter"])
	}
	if err := m.DeleteAll(ctx, "opportunities"); err != nil {
		t.Fatalf("DeleteAll: %v", err)
	}
	testFakeSearch(t, m, fake)
	want := []string{"GET /version", "GET /indexes/{indexUid}", "GET /indexes/{indexUid}/settings", "POST /indexes", "GET /tasks/{taskUid}",
		"PATCH /indexes/{indexUid}/settings", "POST /indexes/{indexUid}/documents",
		"POST /indexes/{indexUid}/documents/delete", "DELETE /indexes/{indexUid}/documents", "POST /indexes/{indexUid}/search"}
	got := fake.ops()
	for _, op := range want {
		if !slices.Contains(got, op) {
			t.Errorf("operation %s never exercised; got %v", op, got)
		}
	}
	if err := m.DropIndex(ctx, "opportunities"); err != nil {
		t.Errorf("DropIndex: %v", err)
	}
}

// checkSettings checks the settings the engine sent.
func checkSettings(t *testing.T, fake *fakeMeili) {
	t.Helper()
	r, ok := fake.last("PATCH /indexes/{indexUid}/settings")
	if !ok {
		t.Fatal("no settings sent")
	}
	b := r.Body
	if got := strings.Join(anyStrings(b["searchableAttributes"]), ","); got != "title,description,capabilityLabels,buyerName,_cjkSynonyms" {
		t.Errorf("searchableAttributes %s", got)
	}
	for _, f := range []string{"id", "status", "district", "smeOnly", "budgetMaxFen", "bidDeadline"} {
		if !slices.Contains(anyStrings(b["filterableAttributes"]), f) {
			t.Errorf("filterableAttributes %v lacks %s", b["filterableAttributes"], f)
		}
	}
	if got := strings.Join(anyStrings(b["sortableAttributes"]), ","); got != "code,budgetMaxFen,bidDeadline" {
		t.Errorf("sortableAttributes %s", got)
	}
	syn, _ := b["synonyms"].(map[string]any)
	if !slices.Contains(anyStrings(syn["物联网"]), "iot") || !slices.Contains(anyStrings(syn["big data"]), "大数据") {
		t.Errorf("synonyms %v", syn)
	}
	typo, _ := b["typoTolerance"].(map[string]any)
	if sizes, _ := typo["minWordSizeForTypos"].(map[string]any); typo["enabled"] != true || sizes["oneTypo"] != 5.0 || sizes["twoTypos"] != 9.0 {
		t.Errorf("typoTolerance %v", typo)
	}
	if rules := anyStrings(b["rankingRules"]); len(rules) == 0 || rules[0] != "sort" {
		t.Errorf("rankingRules %v", rules)
	}
}

// checkDocuments checks the documents the engine sent.
func checkDocuments(t *testing.T, fake *fakeMeili) {
	t.Helper()
	r, _ := fake.last("POST /indexes/{indexUid}/documents")
	if r.Query != "primaryKey=id" {
		t.Errorf("documents query %q", r.Query)
	}
	if !strings.Contains(r.Raw, `"id":"p01"`) || !strings.Contains(r.Raw, `"bidDeadline":1774947600000`) ||
		!strings.Contains(r.Raw, `"smeOnly":false`) || !strings.Contains(r.Raw, `"budgetMaxFen":500000000`) {
		t.Errorf("documents body %.400s", r.Raw)
	}
}

// anyStrings converts a decoded JSON array of strings.
func anyStrings(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// testFakeSearch checks the search request and the decoding of its answer.
func testFakeSearch(t *testing.T, m *Engine, fake *fakeMeili) {
	title := `<script>alert("x")</script> Platform & "tools" with <mark> tags`
	fake.with(func() { fake.onSearch = searchAnswer(title) })
	from := searchtest.Base()
	res, err := m.Search(context.Background(), "opportunities", search.Query{
		Text:      `platform 智慧城市 "-draft"`,
		Filters:   []search.Filter{searchtest.Published(), search.Terms("district", "xuhui", `x" OR status = "draft`), search.Between("budgetMaxFen", searchtest.Ptr(100.0), nil), search.TimeBetween("bidDeadline", &from, nil)},
		Facets:    []string{"domain", "district"},
		Sort:      []string{"-bidDeadline", "code"},
		Highlight: []string{"title", "description"},
		Page:      2, PageSize: 5,
	})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	r, _ := fake.last("POST /indexes/{indexUid}/search")
	b := r.Body
	for key, want := range map[string]any{
		"q":                `platform "智慧城市" draft `,
		"filter":           `status IN ["published"] AND district IN ["xuhui", "x\" OR status = \"draft"] AND budgetMaxFen >= 100 AND bidDeadline >= 1772355600000`,
		"page":             2.0,
		"hitsPerPage":      5.0,
		"matchingStrategy": "all",
		"highlightPreTag":  "<mark>",
		"highlightPostTag": "</mark>",
	} {
		if b[key] != want {
			t.Errorf("search %s = %#v, want %#v", key, b[key], want)
		}
	}
	for key, want := range map[string]string{
		"sort": "bidDeadline:desc,code:asc", "facets": "domain,district",
		"attributesToHighlight": "title,description", "attributesToRetrieve": "id,title,description",
	} {
		if got := strings.Join(anyStrings(b[key]), ","); got != want {
			t.Errorf("search %s = %s, want %s", key, got, want)
		}
	}
	if res.Total != 7 || len(res.Hits) != 2 || res.Hits[0].ID != "p09" || res.Hits[1].ID != "p01" {
		t.Fatalf("result %+v", res)
	}
	if res.Facets["domain"]["life"] != 4 || res.Facets["district"]["xuhui"] != 7 {
		t.Errorf("facets %v", res.Facets)
	}
	wantTitle := `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>Platform</mark> &amp; &#34;tools&#34; with &lt;mark&gt; <mark>tags</mark>`
	if got := res.Hits[0].Highlights["title"]; got != wantTitle {
		t.Errorf("title highlight\n got %s\nwant %s", got, wantTitle)
	}
	searchtest.CheckHighlight(t, res.Hits[0].Highlights["title"], title, "Platform")
	searchtest.CheckHighlight(t, res.Hits[0].Highlights["description"], "智慧城市 platform", "智慧城市")
	searchtest.CheckHighlight(t, res.Hits[1].Highlights["title"], "智慧城市运行管理平台建设", "智慧城市")
}

// TestMeiliFailedTask checks that a task that fails makes the call fail,
// though WaitForTask itself returns no error for it.
func TestMeiliFailedTask(t *testing.T) {
	m, fake := newFakeEngine(t)
	ctx := context.Background()
	fake.with(func() { fake.fail["settingsUpdate"] = true })
	if _, err := m.EnsureIndex(ctx, searchtest.Spec("opportunities")); err == nil {
		t.Fatal("EnsureIndex with a failed settings task: no error")
	}
	fake.with(func() { fake.fail["settingsUpdate"] = false })
	if _, err := m.EnsureIndex(ctx, searchtest.Spec("opportunities")); err != nil {
		t.Fatalf("EnsureIndex: %v", err)
	}
	fake.with(func() { fake.fail["documentAdditionOrUpdate"] = true })
	err := m.Upsert(ctx, "opportunities", searchtest.Docs())
	var terr *TaskError
	if !errors.As(err, &terr) || terr.Status != "failed" || terr.Code != "invalid_document_fields" || !strings.Contains(terr.Message, "told to fail") {
		t.Fatalf("Upsert with a failed task: %v", err)
	}
	fake.with(func() { fake.fail["documentDeletion"] = true })
	if err := m.Delete(ctx, "opportunities", []string{"p01"}); !errors.As(err, &terr) {
		t.Errorf("Delete with a failed task: %v", err)
	}
	if err := m.DeleteAll(ctx, "opportunities"); !errors.As(err, &terr) {
		t.Errorf("DeleteAll with a failed task: %v", err)
	}
}

// TestMeiliDeadlinesAndOutages checks that calls are bounded in time and that
// an unreachable server is reported as unavailable.
func TestMeiliDeadlinesAndOutages(t *testing.T) {
	m, fake := newFakeEngine(t)
	m.cfg.CallTimeout = 100 * time.Millisecond
	fake.with(func() { fake.delay = 5 * time.Second })
	start := time.Now()
	err := m.Ping(context.Background())
	if err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("Ping of a slow server: %v after %v", err, time.Since(start))
	}
	if models.ErrorCode(err) != models.EUNAVAILABLE {
		t.Errorf("slow server: code %q, want unavailable", models.ErrorCode(err))
	}
	fake.with(func() { fake.delay = 0 })
	fake.srv.Close()
	if err := m.Ping(context.Background()); models.ErrorCode(err) != models.EUNAVAILABLE {
		t.Errorf("closed server: %v", err)
	}
	if _, err := m.Search(context.Background(), "never_ensured", search.Query{}); err == nil {
		t.Error("search of an index never ensured: no error")
	}
}

// searchAnswer is the fake's answer to the search in testFakeSearch: hits
// whose text holds markup (one with a literal "<mark>"), tagged _formatted
// copies, facet counts.
func searchAnswer(title string) func(req map[string]any) map[string]any {
	return func(req map[string]any) map[string]any {
		body := searchBody([]map[string]any{
			{"id": "p09", "title": title, "description": "智慧城市 platform",
				"_formatted": map[string]any{"id": "p09",
					"title":       `<script>alert("x")</script> <mark>Platform</mark> & "tools" with <mark> <mark>tags</mark>`,
					"description": "<mark>智慧城市</mark> <mark>platform</mark>"}},
			{"id": "p01", "title": "智慧城市运行管理平台建设", "_formatted": map[string]any{"title": "<mark>智慧城市</mark>运行管理平台建设"}},
		}, 7, req)
		body["facetDistribution"] = map[string]any{"domain": map[string]any{"life": 4, "governance": 3}, "district": map[string]any{"xuhui": 7}}
		body["facetStats"] = map[string]any{}
		return body
	}
}
