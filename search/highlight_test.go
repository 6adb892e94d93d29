package search

import (
	"slices"
	"strings"
	"testing"
)

func TestMarkSpans(t *testing.T) {
	for _, tc := range []struct {
		text  string
		spans []span
		want  string
	}{
		{"a <b> & c", []span{{6, 7}}, "a &lt;b&gt; <mark>&amp;</mark> c"},
		{"platform data", []span{{0, 8}, {9, 13}}, "<mark>platform</mark> <mark>data</mark>"},
		{"智慧城市平台", []span{{0, 6}, {3, 9}, {6, 12}}, "<mark>智慧城市</mark>平台"},
		{"abc", []span{{2, 3}, {0, 1}}, "<mark>a</mark>b<mark>c</mark>"},
		{"abc", []span{{0, 2}, {2, 3}}, "<mark>abc</mark>"},
		{"智慧", []span{{1, 3}, {0, 99}, {2, 1}, {-1, 2}}, "智慧"}, // cuts a character, out of range, reversed
		{`"quoted" 'single'`, nil, "&#34;quoted&#34; &#39;single&#39;"},
		{"", []span{{0, 1}}, ""},
	} {
		if got := markSpans(tc.text, tc.spans); got != tc.want {
			t.Errorf("markSpans(%q, %v) = %q, want %q", tc.text, tc.spans, got, tc.want)
		}
	}
}

func TestHighlightTagged(t *testing.T) {
	for _, tc := range []struct {
		formatted, original, want string
	}{
		{"<mark>IoT</mark> sensors", "IoT sensors", "<mark>IoT</mark> sensors"},
		{"<b>x</b> <mark>tag</mark>", "<b>x</b> tag", "&lt;b&gt;x&lt;/b&gt; <mark>tag</mark>"},
		{"use <mark> <mark>tags</mark>", "use <mark> tags", "use &lt;mark&gt; <mark>tags</mark>"},
		{"a </mark> <mark>b</mark>", "a </mark> b", "a &lt;/mark&gt; <mark>b</mark>"},
		{"<mark>智慧城市</mark>平台", "智慧城市平台", "<mark>智慧城市</mark>平台"},
		{"plain", "plain", "plain"},
		// Not the original with tags inserted (say, cropped): split on tags, escape the rest.
		{"…<mark>x</mark> <script>", "other text", "…<mark>x</mark> &lt;script&gt;"},
		{"<mark>open", "", "<mark>open</mark>"},
		{"</mark><img src=x onerror=alert(1)>", "", "&lt;/mark&gt;&lt;img src=x onerror=alert(1)&gt;"},
	} {
		got := highlightTagged(tc.formatted, tc.original, markOpen, markClose)
		if got != tc.want {
			t.Errorf("highlightTagged(%q, %q) = %q, want %q", tc.formatted, tc.original, got, tc.want)
		}
		plain := strings.NewReplacer(markOpen, "", markClose, "").Replace(got)
		if strings.ContainsAny(plain, "<>") {
			t.Errorf("highlightTagged(%q) = %q has markup", tc.formatted, got)
		}
	}
}

func TestTypoBudget(t *testing.T) {
	for word, want := range map[string]int{"smrt": 0, "data": 0, "smart": 1, "platform": 1, "governanc": 2, "governance": 2, "数据治理平台": 1} {
		if got := typoBudget(word); got != want {
			t.Errorf("typoBudget(%q) = %d, want %d", word, got, want)
		}
	}
	if got, want := transpositions("platfrom"), []string{"paltfrom", "pltafrom", "plaftrom", "platrfom", "platform", "platfrmo"}; !slices.Equal(got, want) {
		t.Errorf("transpositions = %v, want %v", got, want)
	}
}

func TestSegmenter(t *testing.T) {
	spec := contractSpec("x")
	seg := newSegmenter(&spec)
	// Units are UAX #29 words, as the index has them: "status:draft" is one
	// word (a colon joins letters), quotes, "+", "-" and brackets are not kept.
	for _, tc := range []struct {
		text   string
		units  []unit
		prefix bool
		meili  string
	}{
		{"Smart 智慧城市 platform", []unit{{"smart", false}, {"智慧城市", true}, {"platform", false}}, true, `smart "智慧城市" platform`},
		{"物联网平台 ", []unit{{"物联网", true}, {"平台", true}}, false, `物联网 "平台" `},
		{`status:draft +x "y" -z (1=1)`, []unit{{"status:draft", false}, {"x", false}, {"y", false}, {"z", false}, {"1", false}, {"1", false}}, false, `status:draft x y z 1 1 `},
		{"*", nil, false, ""},
		{"big data", []unit{{"big", false}, {"data", false}}, true, "big data"},
		{strings.Repeat("a ", 12) + "b", []unit{{"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}}, false, strings.Repeat("a ", 10)},
	} {
		units, prefix := seg.units(tc.text)
		if !slices.Equal(units, tc.units) || prefix != tc.prefix {
			t.Errorf("units(%q) = %v, %v; want %v, %v", tc.text, units, prefix, tc.units, tc.prefix)
		}
		if got := meiliQueryText(seg, tc.text); got != tc.meili {
			t.Errorf("meiliQueryText(%q) = %q, want %q", tc.text, got, tc.meili)
		}
	}
	if v, ok := seg.matchSynonym([]unit{{"big", false}, {"data", false}, {"x", false}}); !ok || v.text != "big data" {
		t.Errorf("matchSynonym(big data x) = %+v, %v", v, ok)
	}
}
