package bleve

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"market/search/searchtest"
)

// TestTextsLongestFirstKeepTheirPositions: a document's Text values reach
// the catch-all field longest first (the segment builder then copies the
// short ones into the long one's frequencies), each still at its field's
// array position, and the primary field keeps its own copies.
func TestTextsLongestFirstKeepTheirPositions(t *testing.T) {
	e := newTestBleve(t)
	spec := searchtest.Spec("order")
	if _, err := e.EnsureIndex(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	ix, err := e.get("order")
	if err != nil {
		t.Fatal(err)
	}
	doc := bleveDocument(&ix.spec, ix.analyzers, "d1", map[string]any{
		"title":            "短标题 Short",
		"description":      "建设城市运行数字孪生底座，汇聚物联网感知数据。Build a digital twin base for city operations.",
		"capabilityLabels": []string{"物联网", "Internet of things"},
	})
	fieldOf := map[string]string{"短标题 Short": "title", "物联网": "capabilityLabels", "Internet of things": "capabilityLabels"}
	var order []string
	var primary int
	for _, f := range doc.Fields {
		switch f.Name() {
		case zhAll:
			text := string(f.Value())
			order = append(order, text)
			field := cmp.Or(fieldOf[text], "description")
			if got, want := f.ArrayPositions(), uint64(textSlot(&spec, field)); len(got) == 0 || got[0] != want {
				t.Errorf("%s's catch-all instance at array positions %v, want %d first", field, got, want)
			}
		case zhField("title"):
			primary++
		}
	}
	want := []string{"建设城市运行数字孪生底座，汇聚物联网感知数据。Build a digital twin base for city operations.",
		"物联网", "Internet of things", "短标题 Short"}
	if !slices.Equal(order, want) {
		t.Errorf("catch-all instances in the order %q, want %q", order, want)
	}
	if primary != 1 {
		t.Errorf("%d copies of the primary field, want 1", primary)
	}
}
