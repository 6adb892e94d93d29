package querytext

import (
	"slices"
	"strings"
	"testing"

	"market/search/searchtest"
)

func TestSegmenter(t *testing.T) {
	spec := searchtest.Spec("x")
	seg := New(&spec)
	// Units are UAX #29 words, as the index has them: "status:draft" is one
	// word (a colon joins letters), quotes, "+", "-" and brackets are not kept.
	for _, tc := range []struct {
		text   string
		units  []Unit
		prefix bool
	}{
		{"Smart 智慧城市 platform", []Unit{{"smart", false}, {"智慧城市", true}, {"platform", false}}, true},
		{"物联网平台 ", []Unit{{"物联网", true}, {"平台", true}}, false},
		{`status:draft +x "y" -z (1=1)`, []Unit{{"status:draft", false}, {"x", false}, {"y", false}, {"z", false}, {"1", false}, {"1", false}}, false},
		{"*", nil, false},
		{"big data", []Unit{{"big", false}, {"data", false}}, true},
		{strings.Repeat("a ", 12) + "b", []Unit{{"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}}, false},
	} {
		units, prefix := seg.Units(tc.text)
		if !slices.Equal(units, tc.units) || prefix != tc.prefix {
			t.Errorf("units(%q) = %v, %v; want %v, %v", tc.text, units, prefix, tc.units, tc.prefix)
		}
	}
	if v, ok := seg.MatchSynonym([]Unit{{"big", false}, {"data", false}, {"x", false}}); !ok || v.Text != "big data" {
		t.Errorf("matchSynonym(big data x) = %+v, %v", v, ok)
	}
}
