package api_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSearchText: Chinese, English with typos, bilingual synonyms and
// buyer names find what they should, and nothing unpublished.
func TestSearchText(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		name, q string
		want    []string
	}{
		{"Chinese phrase", "智慧城市", []string{w.L1.ID}},
		{"Chinese phrase in text and capability labels", "数据治理", []string{w.L1.ID, w.L2.ID}},
		{"English stemming", "records", []string{w.L2.ID}},
		{"one typo from five letters", "helth", []string{w.L2.ID}},
		{"two typos from nine letters", "optimsaton", []string{w.L3.ID}},
		{"synonym 物联网 finds IoT", "物联网", []string{w.L1.ID, w.L3.ID}},
		{"synonym IoT finds 物联网", "IoT", []string{w.L1.ID, w.L3.ID}},
		{"synonym cloud finds 云计算", "cloud", []string{w.L4.ID}},
		{"scenario label", "smart transport", []string{w.L3.ID}},
		{"buyer name", "sme@example.com", []string{w.L4.ID}},
		{"mixed languages", "智慧养老 platform", []string{w.L5.ID}},
		{"nothing", "区块链量子", []string{}},
	} {
		got := w.search(t, q("q", c.q))
		if !sameIDs(got.ids(), c.want...) || got.Total != len(c.want) {
			t.Errorf("%s: q=%q found %v (total %d), want %v", c.name, c.q, got.ids(), got.Total, c.want)
		}
	}
}

// TestSearchFiltersAndFacets: every filter, repeated values, and facet
// counts over all matches.
func TestSearchFiltersAndFacets(t *testing.T) {
	w := newWorld(t)
	now := w.clock.Now()
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"", w.publicIDs()},
		{q("district", "xuhui", "district", "pudong"), []string{w.L1.ID, w.L2.ID, w.L5.ID}},
		{q("domain", "life"), []string{w.L2.ID, w.L5.ID}},
		{q("capability", "ai"), []string{w.L3.ID, w.L5.ID}},
		{q("capability", "cloud", "capability", "big_data"), []string{w.L2.ID, w.L4.ID}},
		{q("scenario", "smart_health"), []string{w.L2.ID}},
		{q("kind", "sme_help"), []string{w.L4.ID}},
		{q("smeOnly", "true"), []string{w.L2.ID}},
		{q("smeOnly", "false"), []string{w.L1.ID, w.L3.ID, w.L4.ID, w.L5.ID}},
		{q("budgetMinFen", fmt.Sprint(fen(4_000_000))), []string{w.L1.ID, w.L3.ID}},
		{q("budgetMaxFen", fmt.Sprint(fen(100_000))), []string{w.L4.ID}},
		{q("budgetMinFen", fmt.Sprint(fen(700_000)), "budgetMaxFen", fmt.Sprint(fen(1_000_000))), []string{w.L1.ID, w.L2.ID, w.L5.ID}},
		{q("deadlineFrom", now.Add(12*24*time.Hour).Format(time.RFC3339), "deadlineTo", now.Add(25*24*time.Hour).Format(time.RFC3339)), []string{w.L2.ID, w.L4.ID}},
		{q("district", "xuhui", "domain", "life", "q", "platform"), []string{w.L2.ID, w.L5.ID}},
		{q("district", "chongming"), []string{}},
	} {
		got := w.search(t, c.query)
		if !sameIDs(got.ids(), c.want...) || got.Total != len(c.want) {
			t.Errorf("?%s: %v (total %d), want %v", c.query, got.ids(), got.Total, c.want)
		}
	}

	all := w.search(t, "")
	want := map[string]map[string]int{
		"domain":     {"governance": 2, "life": 2, "economy": 1},
		"district":   {"pudong": 1, "xuhui": 2, "minhang": 1, "songjiang": 1},
		"kind":       {"government_need": 4, "sme_help": 1},
		"capability": {"iot": 1, "data_governance": 2, "big_data": 1, "ai": 2, "cloud": 1, "mobile_apps": 1},
	}
	if fmt.Sprint(all.Facets) != fmt.Sprint(want) {
		t.Errorf("facets\n got %v\nwant %v", all.Facets, want)
	}
	// Facets count every match, not the page.
	narrow := w.search(t, q("district", "xuhui", "pageSize", "1"))
	if len(narrow.Items) != 1 || narrow.Total != 2 || narrow.Facets["domain"]["life"] != 2 || narrow.Facets["district"]["xuhui"] != 2 {
		t.Errorf("xuhui, one per page: %d items, total %d, facets %v", len(narrow.Items), narrow.Total, narrow.Facets)
	}
	// Every facet is present even without matches.
	none := w.search(t, q("q", "区块链量子"))
	for _, f := range []string{"domain", "district", "capability", "kind"} {
		if counts, ok := none.Facets[f]; !ok || len(counts) != 0 {
			t.Errorf("facet %s without matches: %v (present %v)", f, counts, ok)
		}
	}
}

// TestSearchSortsAndPages: each sort, the defaults, and pages that
// partition the results.
func TestSearchSortsAndPages(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		sort string
		want []string
	}{
		{"", []string{w.L5.ID, w.L4.ID, w.L3.ID, w.L2.ID, w.L1.ID}},
		{"-published", []string{w.L5.ID, w.L4.ID, w.L3.ID, w.L2.ID, w.L1.ID}},
		{"deadline", []string{w.L3.ID, w.L1.ID, w.L4.ID, w.L2.ID, w.L5.ID}},
		{"-deadline", []string{w.L5.ID, w.L2.ID, w.L4.ID, w.L1.ID, w.L3.ID}},
		{"budget", []string{w.L4.ID, w.L2.ID, w.L5.ID, w.L1.ID, w.L3.ID}},
		{"-budget", []string{w.L3.ID, w.L1.ID, w.L5.ID, w.L2.ID, w.L4.ID}},
	} {
		if got := w.search(t, q("sort", c.sort)).ids(); !slices.Equal(got, c.want) {
			t.Errorf("sort=%q: %v, want %v", c.sort, got, c.want)
		}
		var paged []string
		for page := 1; page <= 3; page++ {
			p := w.search(t, q("sort", c.sort, "page", fmt.Sprint(page), "pageSize", "2"))
			if p.Total != 5 || p.Page != page || p.PageSize != 2 {
				t.Errorf("sort=%q page %d: total %d, page %d, pageSize %d", c.sort, page, p.Total, p.Page, p.PageSize)
			}
			paged = append(paged, p.ids()...)
		}
		if !slices.Equal(paged, c.want) {
			t.Errorf("sort=%q in pages of 2: %v, want %v", c.sort, paged, c.want)
		}
	}
	// With q the default is relevance: a title match comes before a description match.
	w.ok(w.do("PATCH", "/api/v1/opportunities/"+w.L3.ID, map[string]any{"version": w.L3.Version,
		"description": "Deploy sensors at junctions; the new platform tunes signal timing.", "amendmentReason": "clarify"}, w.buyer.bearer()...))
	if got := w.search(t, q("q", "platform", "district", "xuhui", "district", "minhang")).ids(); len(got) != 3 || got[2] != w.L3.ID {
		t.Errorf("q=platform by relevance: %v, want the description-only match %s last", got, w.L3.ID)
	}
	// Beyond the last page: empty, with the total.
	if p := w.search(t, q("page", "4", "pageSize", "2")); len(p.Items) != 0 || p.Total != 5 {
		t.Errorf("page 4: %v, total %d", p.ids(), p.Total)
	}
	w.do("GET", "/api/v1/opportunities?pageSize=101", nil).problem(t, 422, "validation_failed")
	w.do("GET", "/api/v1/opportunities?sort=title", nil).problem(t, 422, "validation_failed")
}

// TestSearchHighlights: matches are wrapped in <mark>, everything else is
// escaped text, and long descriptions are cut around the first match.
func TestSearchHighlights(t *testing.T) {
	w := newWorld(t)
	p := w.search(t, q("q", "elderly"))
	if len(p.Items) != 1 {
		t.Fatalf("q=elderly: %v", p.ids())
	}
	h := p.Items[0].Highlight
	if want := "<mark>Elderly</mark> care platform &lt;b&gt;beta&lt;/b&gt; &amp; more 智慧养老"; h.Title != want {
		t.Errorf("title highlight\n got %s\nwant %s", h.Title, want)
	}
	if !strings.HasPrefix(h.Description, "…") || !strings.Contains(h.Description, "<mark>elderly</mark>") ||
		!strings.Contains(h.Description, "residents&#39;") || len([]rune(h.Description)) > 400 {
		t.Errorf("description highlight: %s", h.Description)
	}
	for _, s := range []string{h.Title, h.Description} {
		if bad := regexp.MustCompile(`<[^>]*>`).ReplaceAllStringFunc(s, func(tag string) string {
			if tag == "<mark>" || tag == "</mark>" {
				return ""
			}
			return tag
		}); strings.ContainsAny(bad, "<>") {
			t.Errorf("markup other than <mark> in %s", s)
		}
	}
	// Chinese matches are marked too; the list's description is an excerpt.
	p = w.search(t, q("q", "智慧城市"))
	if len(p.Items) != 1 || p.Items[0].Highlight.Title != "浦东新区<mark>智慧城市</mark>运行管理平台" {
		t.Errorf("q=智慧城市 highlight: %+v", p.Items)
	}
	p = w.search(t, q("q", "社区养老"))
	if len(p.Items) != 1 || len([]rune(p.Items[0].Description)) > 281 || !strings.HasSuffix(p.Items[0].Description, "…") {
		t.Errorf("summary description of a long listing: %q", p.Items[0].Description)
	}
	// Without q there is nothing to highlight.
	for _, it := range w.search(t, "").Items {
		if it.Highlight.Title != "" || it.Highlight.Description != "" {
			t.Errorf("highlight without q: %+v", it.Highlight)
		}
	}
}
