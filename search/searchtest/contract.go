// Package searchtest is the search engine contract: one suite of tests,
// with its fixtures, that every search.Engine must pass, so that the
// engines give the same answers. Each engine's tests run it (Contract);
// only tests import this package.
package searchtest

import (
	"context"
	"html"
	"slices"
	"strings"
	"testing"
	"time"

	"market/models"
	"market/search"
	"market/search/internal/highlight"
)

// contract runs the engine contract suite against one engine.
type contract struct {
	engine search.Engine
	index  string
}

// Published is the visibility filter an anonymous caller gets.
func Published() search.Filter { return search.Terms("status", "published") }

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }

// Index is the name of the index Contract builds.
const Index = "opportunities"

// Contract runs the engine contract suite against the engine open
// returns, which cleans up after itself with t.Cleanup: it indexes the
// fixtures (Docs, in an index shaped by Spec) into Index, which must be new
// to the engine, and runs every contract test against it.
func Contract(t *testing.T, open func(t *testing.T) search.Engine) {
	e, index := open(t), Index
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	spec := Spec(index)
	fresh, err := e.EnsureIndex(ctx, spec)
	if err != nil || !fresh {
		t.Fatalf("EnsureIndex(new) = %v, %v; want fresh", fresh, err)
	}
	if fresh, err = e.EnsureIndex(ctx, spec); err != nil || fresh {
		t.Fatalf("EnsureIndex(again) = %v, %v; want not fresh", fresh, err)
	}
	if err := e.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if err := e.Upsert(ctx, index, Docs()); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	c := &contract{engine: e, index: index}
	t.Run("filters", c.testFilters)
	t.Run("facets", c.testFacets)
	t.Run("sorts", c.testSorts)
	t.Run("pagination", c.testPagination)
	t.Run("typos", c.testTypos)
	t.Run("chinese", c.testChinese)
	t.Run("synonyms", c.testSynonyms)
	t.Run("highlights", c.testHighlights)
	t.Run("visibility", c.testVisibility)
	t.Run("hostile filters", c.testHostileFilters)
	t.Run("hostile queries", c.testHostileQueries)
	t.Run("invalid queries", c.testInvalid)
	t.Run("changes", c.testChanges) // last: it changes the index
}

// search runs q and fails the test on error.
func (c *contract) search(t *testing.T, q search.Query) *search.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := c.engine.Search(ctx, c.index, q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

// IDs returns the hit IDs of a result, sorted.
func IDs(res *search.Result) []string {
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

// Order returns the hit IDs of a result in result order.
func Order(res *search.Result) []string {
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// expectIDs fails unless q finds exactly want (in any order) and Total agrees.
func (c *contract) expectIDs(t *testing.T, q search.Query, want ...string) {
	t.Helper()
	if q.PageSize == 0 {
		q.PageSize = search.MaxPageSize
	}
	res := c.search(t, q)
	slices.Sort(want)
	if got := IDs(res); !slices.Equal(got, want) || res.Total != len(want) {
		t.Errorf("query %q %+v: got %v (total %d), want %v", q.Text, q.Filters, got, res.Total, want)
	}
}

func (c *contract) testFilters(t *testing.T) {
	c.expectIDs(t, search.Query{Filters: []search.Filter{Published(), search.Terms("district", "xuhui")}}, "p02", "p09")
	c.expectIDs(t, search.Query{Filters: []search.Filter{Published(), search.Terms("district", "xuhui", "pudong", "nowhere")}}, "p01", "p02", "p09")
	c.expectIDs(t, search.Query{Filters: []search.Filter{search.Terms("status", "published", "closed"), search.Terms("smeOnly", "true")}}, "p03", "p07")
	c.expectIDs(t, search.Query{Filters: []search.Filter{Published(), search.Between("budgetMaxFen", Ptr(80_000_000.0), Ptr(120_000_000.0))}}, "p02", "p03", "p09")
	c.expectIDs(t, search.Query{Filters: []search.Filter{Published(), search.Between("budgetMaxFen", Ptr(200_000_000.0), nil)}}, "p01", "p05")
	c.expectIDs(t, search.Query{Filters: []search.Filter{Published(), search.Between("budgetMaxFen", nil, Ptr(30_000_000.0))}}, "p04", "p06")
	from, to := Base().AddDate(0, 0, 15), Base().AddDate(0, 0, 25)
	c.expectIDs(t, search.Query{Filters: []search.Filter{Published(), search.TimeBetween("bidDeadline", &from, &to)}}, "p02", "p06", "p08")
	c.expectIDs(t, search.Query{Text: "platform", Filters: []search.Filter{Published(), search.Terms("domain", "life")}}, "p02", "p09")
	c.expectIDs(t, search.Query{Filters: []search.Filter{Published(), search.Terms("district", "nowhere")}})
}

func (c *contract) testFacets(t *testing.T) {
	res := c.search(t, search.Query{Filters: []search.Filter{Published()}, Facets: []string{"domain", "district", "kind", "capabilities", "smeOnly"}, PageSize: 1})
	if res.Total != 8 || len(res.Hits) != 1 {
		t.Fatalf("total %d, %d hits; want 8 and 1", res.Total, len(res.Hits))
	}
	want := map[string]map[string]int{
		"domain":       {"governance": 4, "life": 3, "economy": 1},
		"district":     {"pudong": 1, "xuhui": 2, "huangpu": 1, "jingan": 1, "minhang": 1, "yangpu": 1, "jiading": 1},
		"kind":         {"government_need": 6, "sme_help": 2},
		"capabilities": {"big_data": 1, "data_governance": 2},
		"smeOnly":      {"true": 1, "false": 7},
	}
	for field, counts := range want {
		if got := res.Facets[field]; !mapsEqual(got, counts) {
			t.Errorf("facet %s = %v, want %v", field, got, counts)
		}
	}
	res = c.search(t, search.Query{Text: "platform", Filters: []search.Filter{Published()}, Facets: []string{"domain"}})
	if got, want := res.Facets["domain"], map[string]int{"life": 2}; !mapsEqual(got, want) {
		t.Errorf("facet domain for 'platform' = %v, want %v", got, want)
	}
}

// mapsEqual compares facet counts.
func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func (c *contract) testSorts(t *testing.T) {
	q := search.Query{Filters: []search.Filter{Published()}, Sort: []string{"budgetMaxFen"}, PageSize: 100}
	if got, want := Order(c.search(t, q)), []string{"p06", "p04", "p08", "p03", "p09", "p02", "p05", "p01"}; !slices.Equal(got, want) {
		t.Errorf("by budget: %v, want %v", got, want)
	}
	q.Sort = []string{"-bidDeadline"}
	if got, want := Order(c.search(t, q)), []string{"p05", "p03", "p09", "p01", "p08", "p02", "p06", "p04"}; !slices.Equal(got, want) {
		t.Errorf("by deadline, latest first: %v, want %v", got, want)
	}
	q.Sort, q.Text = []string{"-code"}, "platform"
	if got, want := Order(c.search(t, q)), []string{"p09", "p02"}; !slices.Equal(got, want) {
		t.Errorf("'platform' by code descending: %v, want %v", got, want)
	}
	q.Sort, q.Text = nil, "parking"
	if got := Order(c.search(t, q)); !slices.Equal(got, []string{"p04"}) {
		t.Errorf("relevance for 'parking': %v", got)
	}
}

func (c *contract) testPagination(t *testing.T) {
	var seen []string
	for page := 1; page <= 3; page++ {
		res := c.search(t, search.Query{Filters: []search.Filter{Published()}, Sort: []string{"code"}, Page: page, PageSize: 3})
		if res.Total != 8 {
			t.Errorf("page %d: total %d, want 8", page, res.Total)
		}
		if want := min(3, 8-3*(page-1)); len(res.Hits) != want {
			t.Errorf("page %d: %d hits, want %d", page, len(res.Hits), want)
		}
		seen = append(seen, Order(res)...)
	}
	if want := []string{"p01", "p02", "p03", "p04", "p05", "p06", "p08", "p09"}; !slices.Equal(seen, want) {
		t.Errorf("pages: %v, want %v", seen, want)
	}
	if res := c.search(t, search.Query{Filters: []search.Filter{Published()}, Page: 4, PageSize: 3}); len(res.Hits) != 0 || res.Total != 8 {
		t.Errorf("past the last page: %d hits, total %d", len(res.Hits), res.Total)
	}
}

func (c *contract) testTypos(t *testing.T) {
	pub := []search.Filter{Published()}
	c.expectIDs(t, search.Query{Text: "platfrom", Filters: pub}, "p02", "p09")
	c.expectIDs(t, search.Query{Text: "parkng", Filters: pub}, "p04")
	c.expectIDs(t, search.Query{Text: "goverance platform", Filters: pub}, "p02")
	c.expectIDs(t, search.Query{Text: "Parking", Filters: pub}, "p04")
	c.expectIDs(t, search.Query{Text: "sensors parks", Filters: pub}, "p04") // stemming: sensor, park
	// Words of five letters or more take one typo, of nine or more two
	// (a swap of two letters is one); shorter words none, as in Meilisearch.
	c.expectIDs(t, search.Query{Text: "snsor ", Filters: pub}, "p04")
	c.expectIDs(t, search.Query{Text: "prking ", Filters: pub}, "p04")
	c.expectIDs(t, search.Query{Text: "govrenance ", Filters: pub}, "p02", "p03")
	c.expectIDs(t, search.Query{Text: "smrt ", Filters: pub})
	c.expectIDs(t, search.Query{Text: "prak ", Filters: pub})
	c.expectIDs(t, search.Query{Text: "dta ", Filters: pub})
}

func (c *contract) testChinese(t *testing.T) {
	pub := []search.Filter{Published()}
	c.expectIDs(t, search.Query{Text: "智慧城市", Filters: pub}, "p01")
	c.expectIDs(t, search.Query{Text: "数据治理", Filters: pub}, "p02", "p03") // p02 through the synonym
	c.expectIDs(t, search.Query{Text: "城市管理", Filters: pub}, "p05")
	c.expectIDs(t, search.Query{Text: "智慧城市 平台", Filters: pub}, "p01")
}

func (c *contract) testSynonyms(t *testing.T) {
	open := []search.Filter{search.Terms("status", "published", "closed")}
	c.expectIDs(t, search.Query{Text: "物联网", Filters: open}, "p01", "p04")
	c.expectIDs(t, search.Query{Text: "IoT", Filters: open}, "p01", "p04")
	c.expectIDs(t, search.Query{Text: "大数据", Filters: open}, "p01", "p07")
	c.expectIDs(t, search.Query{Text: "big data", Filters: open}, "p01", "p07")
	c.expectIDs(t, search.Query{Text: "cloud", Filters: open}, "p08")
	c.expectIDs(t, search.Query{Text: "data governance", Filters: open}, "p02", "p03")
}

func (c *contract) testHighlights(t *testing.T) {
	res := c.search(t, search.Query{Text: "platform", Filters: []search.Filter{search.Terms("code", "SH-2026-000009")}, Highlight: []string{"title", "description"}})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v, want p09", IDs(res))
	}
	title := contractListings()[8].title
	h := res.Hits[0].Highlights
	CheckHighlight(t, h["title"], title, "Platform")
	CheckHighlight(t, h["description"], "A learning platform for 120 schools.", "platform")
	res = c.search(t, search.Query{Text: "智慧城市", Filters: []search.Filter{Published()}, Highlight: []string{"title"}})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v, want p01", IDs(res))
	}
	CheckHighlight(t, res.Hits[0].Highlights["title"], contractListings()[0].title, "智慧城市")
	res = c.search(t, search.Query{Text: "IoT", Filters: []search.Filter{search.Terms("code", "SH-2026-000001")}, Highlight: []string{"description"}})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v, want p01", IDs(res))
	}
	CheckHighlight(t, res.Hits[0].Highlights["description"], contractListings()[0].description, "物联网")
	// A Chinese synonym marks its English spelling, word by word.
	res = c.search(t, search.Query{Text: "数据治理", Filters: []search.Filter{search.Terms("code", "SH-2026-000002")}, Highlight: []string{"title"}})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v, want p02", IDs(res))
	}
	CheckHighlight(t, res.Hits[0].Highlights["title"], contractListings()[1].title, "Data")
	CheckHighlight(t, res.Hits[0].Highlights["title"], contractListings()[1].title, "governance")
	// Cropped: an excerpt of Length characters from Before ahead of the
	// first match, "…" where the text was cut.
	crop := search.Crop{Length: 12, Before: 4}
	res = c.search(t, search.Query{Text: "schools", Filters: []search.Filter{search.Terms("code", "SH-2026-000009")}, Highlight: []string{"description"}, Crop: crop})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v, want p09", IDs(res))
	}
	if got, want := res.Hits[0].Highlights["description"], "…120 <mark>schools</mark>."; got != want {
		t.Errorf("cropped highlight %q, want %q", got, want)
	}
}

// CheckHighlight fails unless got is text, escaped, with <mark> around
// marked (and possibly around other matches) and no other markup.
func CheckHighlight(t *testing.T, got, text, marked string) {
	t.Helper()
	plain := strings.NewReplacer(highlight.MarkOpen, "", highlight.MarkClose, "").Replace(got)
	if strings.ContainsAny(plain, "<>\"") {
		t.Errorf("highlight %q has markup or unescaped quotes besides <mark>", got)
	}
	if html.UnescapeString(plain) != text {
		t.Errorf("highlight %q is not the text %q", got, text)
	}
	if !strings.Contains(got, highlight.MarkOpen+html.EscapeString(marked)+highlight.MarkClose) {
		t.Errorf("highlight %q does not mark %q", got, marked)
	}
	if strings.Count(got, highlight.MarkOpen) != strings.Count(got, highlight.MarkClose) {
		t.Errorf("highlight %q has unbalanced marks", got)
	}
}

func (c *contract) testVisibility(t *testing.T) {
	for _, text := range []string{"", "platform", "智慧城市", "数据治理", "物联网", "draft", "草稿", "pending review"} {
		res := c.search(t, search.Query{Text: text, Filters: []search.Filter{Published()}, PageSize: search.MaxPageSize})
		for _, id := range IDs(res) {
			if !strings.HasPrefix(id, "p") || id == "p07" {
				t.Errorf("query %q with status=published returned %s", text, id)
			}
		}
	}
	c.expectIDs(t, search.Query{Text: "platform", Filters: []search.Filter{search.Terms("status", "draft", "pending_review")}}, "d01", "d02")
}

// invalidErr fails unless err is a validation error.
func invalidErr(t *testing.T, err error, what string) {
	t.Helper()
	if err == nil || models.ErrorCode(err) != models.EVALIDATION {
		t.Errorf("%s: error %v, want a validation error", what, err)
	}
}

func (c *contract) testInvalid(t *testing.T) {
	ctx := context.Background()
	for name, q := range map[string]search.Query{
		"unknown filter":          {Filters: []search.Filter{search.Terms("secret", "x")}},
		"text filter":             {Filters: []search.Filter{search.Terms("title", "x")}},
		"range on keyword":        {Filters: []search.Filter{search.Between("status", Ptr(1.0), nil)}},
		"values on number":        {Filters: []search.Filter{search.Terms("budgetMaxFen", "1")}},
		"no values":               {Filters: []search.Filter{search.Terms("status")}},
		"bool value":              {Filters: []search.Filter{search.Terms("smeOnly", "yes")}},
		"unknown facet":           {Facets: []string{"status"}},
		"unsortable":              {Sort: []string{"title"}},
		"unknown highlight":       {Highlight: []string{"code"}},
		"crop within its context": {Highlight: []string{"title"}, Crop: search.Crop{Length: 5, Before: 5}},
		"negative crop":           {Highlight: []string{"title"}, Crop: search.Crop{Length: -1}},
		"page size":               {PageSize: search.MaxPageSize + 1},
		"negative page":           {Page: -1},
		"long filter value":       {Filters: []search.Filter{search.Terms("status", strings.Repeat("x", search.MaxFilterValueLength+1))}},
		"invalid UTF-8 text":      {Text: "\xff"},
	} {
		_, err := c.engine.Search(ctx, c.index, q)
		invalidErr(t, err, name)
	}
	err := c.engine.Upsert(ctx, c.index, []search.Document{{ID: "bad id!", Fields: map[string]any{"title": "x"}}})
	invalidErr(t, err, "bad id")
	err = c.engine.Upsert(ctx, c.index, []search.Document{{ID: "x1", Fields: map[string]any{"secret": "x"}}})
	invalidErr(t, err, "unknown field")
	err = c.engine.Upsert(ctx, c.index, []search.Document{{ID: "x1", Fields: map[string]any{"budgetMaxFen": "12"}}})
	invalidErr(t, err, "wrong type")
	if _, err := c.engine.Search(ctx, "never_ensured", search.Query{}); err == nil {
		t.Error("search of an index never ensured: no error")
	}
}

func (c *contract) testChanges(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	changed := contractListings()[3] // p04
	changed.title = "Smart parking guidance with 物联网 sensors"
	if err := c.engine.Upsert(ctx, c.index, []search.Document{changed.doc()}); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	c.expectIDs(t, search.Query{Text: "guidance", Filters: []search.Filter{Published()}}, "p04")
	if err := c.engine.Delete(ctx, c.index, []string{"p04", "p99"}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	c.expectIDs(t, search.Query{Text: "parking", Filters: []search.Filter{Published()}})
	if err := c.engine.DeleteAll(ctx, c.index); err != nil {
		t.Fatalf("DeleteAll: %v", err)
	}
	c.expectIDs(t, search.Query{})
	if err := c.engine.Upsert(ctx, c.index, Docs()[:2]); err != nil {
		t.Fatalf("Upsert after DeleteAll: %v", err)
	}
	c.expectIDs(t, search.Query{Text: "智慧城市"}, "p01")
}
