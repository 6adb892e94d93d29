package bleve

import (
	"context"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"market/search"
	"market/search/searchtest"
)

// TestLedMatchesBooleanFilter checks that filters leading a ranked text
// query (see led.go) find exactly the documents, with the same
// scores (see sameScores), that Bleve's boolean query with the same filter
// finds, on an index of several segments with deleted documents.
func TestLedMatchesBooleanFilter(t *testing.T) {
	ix := segmentedIndex(t, newTestBleve(t), "led", 11, 600, 3, 5)
	texts := []string{"智慧城市", "data platfrom", "物联网 平台", "big data", "数字化转型咨询", "platfo", "smart city operations", "项目", "Use"}
	filterSets := [][]search.Filter{{searchtest.Published()}, {searchtest.Published(), search.Terms("district", "pudong", "xuhui")},
		{search.Terms("domain", "economy", "life"), search.Terms("kind", "government_need")}, {search.Terms("district", "nowhere")}}
	found := 0
	for _, text := range texts {
		p := &search.Plan{Text: text}
		tq := ix.text.textQuery(text, ix.text.all)
		for fi, fs := range filterSets {
			want := scoredMatches(t, ix, ix.query(p, tq, fs, true), nil)
			got := scoredMatches(t, ix, ix.query(p, tq, nil, true), filterQuery(fs))
			if l := leadQuery(fs, tq); !sameScores(scoredMatches(t, ix, ix.query(p, tq, nil, true), l), want) {
				t.Errorf("%q (filters %d): led by the text too, the matches or scores differ", text, fi)
			}
			if !sameScores(got, want) {
				t.Errorf("%q (filters %d): led finds %d documents, the boolean filter %d, or scores differ", text, fi, len(got), len(want))
			}
			found += len(want)
		}
	}
	if found < 500 {
		t.Errorf("only %d matches compared", found)
	}
}

// sameScores reports whether two sets of scores hold the same documents
// and scores. A disjunction adds its clauses' scores in the order it
// reached them, which leading changes: the sums may differ in their last
// bits.
func sameScores(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for id, s := range a {
		o, ok := b[id]
		if !ok || math.Abs(s-o) > 1e-12*math.Abs(o) {
			return false
		}
	}
	return true
}

// scoredMatches returns the scores, by ID, of the documents q matches,
// led by the filters lead when not nil.
func scoredMatches(t *testing.T, ix *bleveIndex, q, lead query.Query) map[string]float64 {
	t.Helper()
	sc := openSnapshot(t, ix)
	defer sc.snap.Close()
	out := map[string]float64{}
	consider := func(m match) { out[sc.cols[m.seg].ids[m.local]] = m.score }
	var err error
	if lead != nil {
		err = ix.matchLed(context.Background(), q, lead, sc.snap, sc.offsets, sc.cols, consider)
	} else {
		err = ix.matchSearcher(context.Background(), q, sc.snap, true, sc.offsets, consider)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}
