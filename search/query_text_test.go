package search

import (
	"slices"
	"strings"
	"testing"
)

func TestSegmenter(t *testing.T) {
	spec := contractSpec("x")
	seg := newSegmenter(&spec)
	// Units are UAX #29 words, as the index has them: "status:draft" is one
	// word (a colon joins letters), quotes, "+", "-" and brackets are not kept.
	for _, tc := range []struct {
		text   string
		units  []unit
		prefix bool
	}{
		{"Smart 智慧城市 platform", []unit{{"smart", false}, {"智慧城市", true}, {"platform", false}}, true},
		{"物联网平台 ", []unit{{"物联网", true}, {"平台", true}}, false},
		{`status:draft +x "y" -z (1=1)`, []unit{{"status:draft", false}, {"x", false}, {"y", false}, {"z", false}, {"1", false}, {"1", false}}, false},
		{"*", nil, false},
		{"big data", []unit{{"big", false}, {"data", false}}, true},
		{strings.Repeat("a ", 12) + "b", []unit{{"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}, {"a", false}}, false},
	} {
		units, prefix := seg.units(tc.text)
		if !slices.Equal(units, tc.units) || prefix != tc.prefix {
			t.Errorf("units(%q) = %v, %v; want %v, %v", tc.text, units, prefix, tc.units, tc.prefix)
		}
	}
	if v, ok := seg.matchSynonym([]unit{{"big", false}, {"data", false}, {"x", false}}); !ok || v.text != "big data" {
		t.Errorf("matchSynonym(big data x) = %+v, %v", v, ok)
	}
}
