package api

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// TestJSONFormatWritesWhatEncodingJSONWrites compares the response encoder
// with encoding/json, configured as Huma configures it, on the bodies the
// API writes most and on strings where encoders are known to differ.
func TestJSONFormatWritesWhatEncodingJSONWrites(t *testing.T) {
	at := time.Date(2026, 11, 27, 8, 30, 15, 123456789, time.FixedZone("CST", 8*3600))
	count := 3
	tricky := []string{"", "plain", "智慧城市 <mark>数据</mark> & \"quotes\" \\ /", "line\nbreak\ttab\r\x00\x1f",
		"\u2028\u2029 separators", "invalid \xff\xfe utf-8", "emoji 🙂 and \u00e9", "<script>alert(1)</script>"}
	var bodies []any
	for _, s := range tricky {
		list := struct{ Body opportunityListOutputBody }{}
		list.Body.Items = []opportunitySummaryBody{{
			OpportunityView: opportunityBody{ID: s, Title: s, Description: s, DescriptionHTML: s, Scenarios: []string{s},
				Capabilities: []string{}, BidDeadline: &at, CreatedAt: at, UpdatedAt: at.UTC(), BidCount: &count,
				Criteria: []criterionBody{{Name: s, Weight: 60}}},
			Highlight: highlightBody{Title: s, Description: s},
		}}
		list.Body.Total, list.Body.Page, list.Body.PageSize = 1, 1, 20
		list.Body.Facets = listingFacetsBody{Domain: map[string]int{"life": 2, "economy": 1, s: 3}, District: map[string]int{},
			Capability: nil, Kind: map[string]int{"sme_help": 1}}
		bodies = append(bodies, list.Body, map[string]any{"z": s, "a": []any{nil, 1.5, true, s}}, Problem{Title: s, Status: 422})
	}
	for i, body := range bodies {
		var want, got bytes.Buffer
		std := json.NewEncoder(&want)
		std.SetEscapeHTML(false)
		if err := std.Encode(body); err != nil {
			t.Fatal(err)
		}
		if err := jsonFormat().Marshal(&got, body); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("body %d:\n got %s\nwant %s", i, got.Bytes(), want.Bytes())
		}
	}
}
