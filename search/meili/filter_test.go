package meili

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"market/search"
	"market/search/internal/querytext"
	"market/search/searchtest"
)

// TestMeiliFilterExact pins the builder's output: one double-quoted literal
// per value, only `\` and `"` escaped, field names as declared.
func TestMeiliFilterExact(t *testing.T) {
	spec := searchtest.Spec("opportunities")
	long := strings.Repeat(`a"\`, 300)
	for _, tc := range []struct {
		filters []search.Filter
		want    string
	}{
		{[]search.Filter{searchtest.Published()}, `status IN ["published"]`},
		{[]search.Filter{search.Terms("status", `x" OR status = "draft`)}, `status IN ["x\" OR status = \"draft"]`},
		{[]search.Filter{search.Terms("status", `) OR (1=1`)}, `status IN [") OR (1=1"]`},
		{[]search.Filter{search.Terms("status", `"`, `\`, `\"`, `''`)}, `status IN ["\"", "\\", "\\\"", "''"]`},
		{[]search.Filter{search.Terms("status", `published\`)}, `status IN ["published\\"]`},
		{[]search.Filter{search.Terms("status", "a\nb", "], [", "智慧城市")}, "status IN [\"a\nb\", \"], [\", \"智慧城市\"]"},
		{[]search.Filter{search.Terms("status", long)}, `status IN ["` + strings.Repeat(`a\"\\`, 300) + `"]`},
		{[]search.Filter{searchtest.Published(), search.Terms("district", "xuhui", "pudong"), search.Terms("smeOnly", "true")},
			`status IN ["published"] AND district IN ["xuhui", "pudong"] AND smeOnly IN ["true"]`},
		{[]search.Filter{search.Between("budgetMaxFen", searchtest.Ptr(100.0), searchtest.Ptr(2.5e9))}, `budgetMaxFen >= 100 AND budgetMaxFen <= 2500000000`},
		{[]search.Filter{search.Between("budgetMaxFen", nil, searchtest.Ptr(-0.5))}, `budgetMaxFen <= -0.5`},
		{nil, ``},
	} {
		got, err := meiliFilter(&spec, tc.filters)
		if err != nil || got != tc.want {
			t.Errorf("meiliFilter(%+v)\n got %s (%v)\nwant %s", tc.filters, got, err, tc.want)
		}
	}
	for _, v := range searchtest.HostileValues() {
		got, err := meiliFilter(&spec, []search.Filter{search.Terms("status", v)})
		if err != nil {
			t.Fatalf("meiliFilter(%q): %v", v, err)
		}
		if vals, err := parseMeiliFilter(got); err != nil || len(vals) != 1 || !slices.Equal(vals[0].values, []string{v}) {
			t.Errorf("meiliFilter(%q) = %s parses back as %v, %v", v, got, vals, err)
		}
	}
	for _, field := range []string{`status = "x" OR status`, "title", "id", "", "Status"} {
		if _, err := meiliFilter(&spec, []search.Filter{search.Terms(field, "x")}); err == nil {
			t.Errorf("field %q: no error", field)
		}
	}
	if got, err := meiliIDFilter([]string{"a1", "b-2"}); err != nil || got != `id IN ["a1", "b-2"]` {
		t.Errorf("meiliIDFilter = %s, %v", got, err)
	}
	if _, err := meiliIDFilter([]string{`a" OR id != "b`}); err == nil {
		t.Error("meiliIDFilter accepted a hostile id")
	}
}

// TestMeiliQueryText checks the query text sent to Meilisearch: the
// segmenter's units, CJK runs quoted (and whether one is a synonym
// spelling, to be searched among the documents' Chinese synonyms too), and
// a trailing space unless the last word is a prefix.
func TestMeiliQueryText(t *testing.T) {
	spec := searchtest.Spec("x")
	seg := querytext.New(&spec)
	type want struct {
		q        string
		synonyms bool
	}
	for text, w := range map[string]want{
		"Smart 智慧城市 platform":          {`smart "智慧城市" platform`, false},
		"物联网平台 ":                       {`"物联网" "平台" `, true},
		"数据治理":                         {`"数据治理" `, true},
		`status:draft +x "y" -z (1=1)`: {`status:draft x y z 1 1 `, false},
		"*":                            {"", false},
		"big data":                     {"big data", false},
		strings.Repeat("a ", 12) + "b": {strings.Repeat("a ", 10), false},
	} {
		if q, keys := meiliQueryText(seg, text); q != w.q || (len(keys) > 0) != w.synonyms {
			t.Errorf("meiliQueryText(%q) = %q, %v; want %q, synonyms %v", text, q, keys, w.q, w.synonyms)
		}
	}
}

// TestCJKSynonyms checks the Chinese synonym spellings a document carries:
// those of the groups it mentions in any spelling, English words included,
// and none for words that only resemble a spelling.
func TestCJKSynonyms(t *testing.T) {
	spec := searchtest.Spec("x")
	seg := querytext.New(&spec)
	for _, c := range []struct {
		fields map[string]any
		want   []string
	}{
		{map[string]any{"title": "Data governance platform"}, []string{"数据治理"}},
		{map[string]any{"title": "围绕政务数据治理，建设共享交换体系"}, []string{"数据治理"}},
		{map[string]any{"title": "Deploy IoT sensors", "description": []string{"平台", "Big data analytics"}}, []string{"物联网", "大数据"}},
		{map[string]any{"title": "社区治理数据看板", "code": "数据治理"}, nil},
		{map[string]any{"title": "governance of data"}, nil},
	} {
		got := cjkSynonyms(&spec, seg, c.fields)
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("cjkSynonyms(%v) = %v, want %v", c.fields, got, want)
		}
	}
}

// parsedFilter is one "field IN [...]" clause read back from the builder's output.
type parsedFilter struct {
	field  string
	values []string
}

// parseMeiliFilter reads the builder's output format for value filters:
// `field IN ["v1", "v2"]` clauses joined by " AND ", with `\\` and `\"` the
// only escapes inside a literal, as Meilisearch reads them.
func parseMeiliFilter(s string) ([]parsedFilter, error) {
	var out []parsedFilter
	for s != "" {
		sp := strings.Index(s, " IN [")
		if sp <= 0 || !search.IsFieldName(s[:sp]) {
			return nil, errors.New("expected field IN [")
		}
		pf := parsedFilter{field: s[:sp]}
		s = s[sp+len(" IN ["):]
		for {
			if !strings.HasPrefix(s, `"`) {
				return nil, errors.New("expected a quoted literal")
			}
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					if i+1 >= len(s) || (s[i+1] != '\\' && s[i+1] != '"') {
						return nil, errors.New("bad escape")
					}
					i++
				}
				b.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated literal")
			}
			pf.values = append(pf.values, b.String())
			s = s[i+1:]
			if strings.HasPrefix(s, ", ") {
				s = s[2:]
				continue
			}
			if !strings.HasPrefix(s, "]") {
				return nil, errors.New("expected , or ]")
			}
			s = s[1:]
			break
		}
		out = append(out, pf)
		if s != "" {
			if !strings.HasPrefix(s, " AND ") {
				return nil, errors.New("expected AND")
			}
			s = s[len(" AND "):]
		}
	}
	return out, nil
}

// FuzzMeiliFilter checks that whatever the values, the builder's output
// parses back to exactly those values on exactly the declared fields.
func FuzzMeiliFilter(f *testing.F) {
	for _, v := range searchtest.HostileValues() {
		f.Add(v, "published")
	}
	f.Add(`\\\"`, `"\`)
	f.Add("", "智慧城市")
	f.Add("a\x00b", "\t\r\n")
	spec := searchtest.Spec("opportunities")
	f.Fuzz(func(t *testing.T, a, b string) {
		filters := []search.Filter{search.Terms("status", a, b), search.Terms("district", b)}
		got, err := meiliFilter(&spec, filters)
		if err != nil {
			if _, verr := search.CheckFilter(&spec, filters[0]); verr == nil {
				if _, verr = search.CheckFilter(&spec, filters[1]); verr == nil {
					t.Fatalf("meiliFilter(%q, %q) failed on valid input: %v", a, b, err)
				}
			}
			return
		}
		parsed, err := parseMeiliFilter(got)
		if err != nil {
			t.Fatalf("output %s does not parse: %v", got, err)
		}
		if len(parsed) != 2 || parsed[0].field != "status" || parsed[1].field != "district" ||
			!slices.Equal(parsed[0].values, []string{a, b}) || !slices.Equal(parsed[1].values, []string{b}) {
			t.Fatalf("output %s parses as %+v, want status [%q %q], district [%q]", got, parsed, a, b, b)
		}
	})
}
