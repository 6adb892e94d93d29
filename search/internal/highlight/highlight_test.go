package highlight

import (
	"strings"
	"testing"
)

func TestMarkSpans(t *testing.T) {
	for _, tc := range []struct {
		text  string
		spans []Span
		want  string
	}{
		{"a <b> & c", []Span{{6, 7}}, "a &lt;b&gt; <mark>&amp;</mark> c"},
		{"platform data", []Span{{0, 8}, {9, 13}}, "<mark>platform</mark> <mark>data</mark>"},
		{"智慧城市平台", []Span{{0, 6}, {3, 9}, {6, 12}}, "<mark>智慧城市</mark>平台"},
		{"abc", []Span{{2, 3}, {0, 1}}, "<mark>a</mark>b<mark>c</mark>"},
		{"abc", []Span{{0, 2}, {2, 3}}, "<mark>abc</mark>"},
		{"智慧", []Span{{1, 3}, {0, 99}, {2, 1}, {-1, 2}}, "智慧"}, // cuts a character, out of range, reversed
		{`"quoted" 'single'`, nil, "&#34;quoted&#34; &#39;single&#39;"},
		{"", []Span{{0, 1}}, ""},
	} {
		if got := Mark(tc.text, tc.spans); got != tc.want {
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
		got := Tagged(tc.formatted, tc.original, MarkOpen, MarkClose)
		if got != tc.want {
			t.Errorf("highlightTagged(%q, %q) = %q, want %q", tc.formatted, tc.original, got, tc.want)
		}
		plain := strings.NewReplacer(MarkOpen, "", MarkClose, "").Replace(got)
		if strings.ContainsAny(plain, "<>") {
			t.Errorf("highlightTagged(%q) = %q has markup", tc.formatted, got)
		}
	}
}
