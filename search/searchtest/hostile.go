package searchtest

import (
	"context"
	"strings"
	"testing"

	"market/search"
	"market/search/internal/highlight"
)

// HostileValues are filter values that try to break out of a literal.
func HostileValues() []string {
	return []string{
		`x" OR status = "draft`,
		`) OR (1=1`,
		`published" OR "1"="1`,
		`published' OR '1'='1`,
		`published OR status = draft`,
		`"published"`,
		`'published'`,
		`published\`,
		`\"`,
		`\\" OR status = "draft`,
		`"`,
		`\`,
		`status = "draft"`,
		`*`,
		`published*`,
		`[draft]`,
		`status IN ["draft"]`,
		"published\nOR status = draft",
		`published AND NOT status = "published"`,
		`_geoRadius(0, 0, 1)`,
		strings.Repeat(`" OR `, search.MaxFilterValueLength/5),
		strings.Repeat("\\", search.MaxFilterValueLength),
	}
}

// onlyPublic fails if res holds anything but published (or, when allowed, d03,
// whose status is literally the first hostile value) listings.
func onlyPublic(t *testing.T, what string, res *search.Result, allowD03 bool) {
	t.Helper()
	for _, id := range IDs(res) {
		if strings.HasPrefix(id, "p") && id != "p07" || allowD03 && id == "d03" {
			continue
		}
		t.Errorf("%s: returned %s", what, id)
	}
}

func (c *contract) testHostileFilters(t *testing.T) {
	for _, v := range HostileValues() {
		res := c.search(t, search.Query{Filters: []search.Filter{search.Terms("status", v)}, PageSize: search.MaxPageSize})
		want := 0
		if v == `x" OR status = "draft` {
			want = 1 // d03's status is exactly this text
		}
		if len(res.Hits) != want || res.Total != want {
			t.Errorf("status = %q: got %v (total %d), want %d hits", v, IDs(res), res.Total, want)
		}
		onlyPublic(t, "status = "+v, res, true)
		res = c.search(t, search.Query{Text: "platform", Filters: []search.Filter{search.Terms("status", "published", v)}, PageSize: search.MaxPageSize})
		onlyPublic(t, "status in [published, "+v+"]", res, true)
		res = c.search(t, search.Query{Filters: []search.Filter{Published(), search.Terms("district", v, "xuhui")}, PageSize: search.MaxPageSize})
		if got := IDs(res); len(got) != 2 || got[0] != "p02" || got[1] != "p09" {
			t.Errorf("published, district in [%q, xuhui]: %v, want [p02 p09]", v, got)
		}
	}
	c.expectIDs(t, search.Query{Text: "智慧城市", Filters: []search.Filter{search.Terms("status", "published", `x" OR status = "draft`)}}, "p01", "d03")
	for _, field := range []string{`status = "draft" OR status`, "status OR 1", "status)", "", "_id", "id"} {
		_, err := c.engine.Search(context.Background(), c.index, search.Query{Filters: []search.Filter{{Field: field, Values: []string{"draft"}}}})
		invalidErr(t, err, "filter on field "+field)
	}
}

// hostileQueries are query texts that look like query syntax.
func hostileQueries() []string {
	return []string{
		"status:draft", "+status:draft", "*", "title:*", "_id:d01", "d01", `"draft"`,
		"-published", `status = "draft"`, `) OR (1=1`, `\`, `智慧城市" OR "1"="1`,
		"草稿 OR draft", "AND OR NOT", "status:draft OR status:published", "*:*",
		"platform^100", "platform~2", "/.*/", "platform AND status:pending_review",
		"<script>alert(1)</script>", strings.Repeat("智慧城市 platform ", 30),
	}
}

func (c *contract) testHostileQueries(t *testing.T) {
	for _, text := range hostileQueries() {
		res := c.search(t, search.Query{Text: text, Filters: []search.Filter{Published()}, Highlight: []string{"title"}, PageSize: search.MaxPageSize})
		onlyPublic(t, "query "+text, res, false)
		for _, h := range res.Hits {
			plain := strings.NewReplacer(highlight.MarkOpen, "", highlight.MarkClose, "").Replace(h.Highlights["title"])
			if strings.ContainsAny(plain, "<>") {
				t.Errorf("query %q: highlight %q has markup", text, h.Highlights["title"])
			}
		}
	}
	if res := c.search(t, search.Query{Text: "*", Filters: []search.Filter{Published()}}); res.Total != 8 {
		t.Errorf(`query "*": total %d, want every published listing (8)`, res.Total)
	}
}
