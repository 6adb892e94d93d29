package bleve

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"market/search"
	"market/search/searchtest"
)

// phraseDocs hold synonym spellings of several words, and long CJK runs,
// in the forms a phrase finds or misses.
func phraseDocs() []search.Document {
	texts := []string{
		"Internet of Things sensors for the port",
		"internet-of-thing gateway upgrade",
		"Internet and things, not the phrase",
		"things of internet, reversed",
		"BIG DATA lake; big-data governance",
		"big bad data",
		"Cloud Computing migration",
		"cloud for computing",
		"artificial intelligence assistant",
		"low code platform and low-code forms",
		"工业互联网平台建设",
		"工业互联 网络",
		"智慧城市运行管理中心",
		"数字化转型咨询服务",
		"数字化转 型",
	}
	docs := make([]search.Document, 0, len(texts))
	for i, text := range texts {
		docs = append(docs, search.Document{ID: fmt.Sprintf("p%02d", i), Fields: map[string]any{
			"title":            text,
			"description":      "项目 " + text,
			"capabilityLabels": []string{"other", text},
			"status":           []string{"published", "draft"}[i%2],
			"district":         "pudong",
			"bidDeadline":      searchtest.Base(),
		}})
	}
	return docs
}

// snapshotColumns is an index's current snapshot (for the caller to
// close), its segments, their offsets in it and their columns.
type snapshotColumns struct {
	snap    *scorch.IndexSnapshot
	segs    []segment.Segment
	offsets []uint64
	cols    []*segColumns
}

// openSnapshot returns ix's current snapshot and its columns.
func openSnapshot(t *testing.T, ix *bleveIndex) *snapshotColumns {
	t.Helper()
	snap, err := ix.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	sc := &snapshotColumns{snap: snap, offsets: []uint64{0}}
	for _, s := range snap.Segments() {
		sc.segs = append(sc.segs, s.Segment())
		sc.offsets = append(sc.offsets, sc.offsets[len(sc.offsets)-1]+s.Segment().Count())
	}
	if sc.cols, err = ix.columns.get(sc.segs); err != nil {
		snap.Close()
		t.Fatal(err)
	}
	return sc
}

// segmentedIndex returns an index named name of 3,000 synthetic listings
// (from seed) and the phrase documents, written in batches of batch, less
// every every-th document from the first-th: several segments, with
// deleted documents.
func segmentedIndex(t *testing.T, e *Engine, name string, seed uint64, batch, first, every int) *bleveIndex {
	t.Helper()
	ctx := context.Background()
	if _, err := e.EnsureIndex(ctx, searchtest.Spec(name)); err != nil {
		t.Fatal(err)
	}
	docs := append(syntheticListings(3000, seed), phraseDocs()...)
	for start := 0; start < len(docs); start += batch {
		if err := e.Upsert(ctx, name, docs[start:min(start+batch, len(docs))]); err != nil {
			t.Fatal(err)
		}
	}
	var gone []string
	for i := first; i < len(docs); i += every {
		gone = append(gone, docs[i].ID)
	}
	if err := e.Delete(ctx, name, gone); err != nil {
		t.Fatal(err)
	}
	ix, err := e.get(name)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// matchedIDs returns the IDs of the live documents q matches, found by
// bitmaps or by Bleve's searchers.
func matchedIDs(t *testing.T, ix *bleveIndex, q query.Query, bitmaps bool) []string {
	t.Helper()
	sc := openSnapshot(t, ix)
	defer sc.snap.Close()
	var ids []string
	consider := func(m match) { ids = append(ids, sc.cols[m.seg].ids[m.local]) }
	var err error
	if bitmaps {
		err = ix.matchBitmaps(context.Background(), q, sc.snap, sc.segs, sc.cols, consider)
	} else {
		err = ix.matchSearcher(context.Background(), q, sc.snap, false, sc.offsets, consider)
	}
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// TestBitmapsMatchBleveSearchers checks that bitmaps find exactly what
// Bleve's searchers find, and that synonym spellings looked up in
// zhPhrases find exactly what their phrases find, over an index of several
// segments with deleted documents.
func TestBitmapsMatchBleveSearchers(t *testing.T) {
	e := newTestBleve(t)
	e.enVectors = true // for Bleve's own phrases
	ix := segmentedIndex(t, e, "eq", 7, 700, 0, 7)
	texts := []string{"智慧城市", "data platfrom", "物联网 平台", "big data", "大数据", "internet of things", "IoT",
		"人工智能", "artificial intelligence", "cloud computing 云计算", "low code", "工业互联网", "IIoT", "platfo",
		"smart city operations", "数字化转型咨询", "数据治理", "系统", "Use", "x\" OR status", "项目"}
	filterSets := [][]search.Filter{nil, {searchtest.Published()}, {searchtest.Published(), search.Terms("district", "pudong", "xuhui")},
		{search.Terms("domain", "economy", "life"), search.Terms("kind", "government_need")}}
	phrased := textCopies{zh: zhAll, en: enAll, runs: zhRuns}
	nonEmpty, spellings := 0, 0
	for _, text := range texts {
		for fi, fs := range filterSets {
			build := func(c textCopies) query.Query {
				qs := []query.Query{}
				for _, f := range fs {
					qs = append(qs, bleveFilter(f))
				}
				if tq := ix.text.textQuery(text, c); tq != nil {
					qs = append(qs, tq)
				}
				if len(qs) == 0 {
					return query.NewMatchAllQuery()
				}
				return query.NewConjunctionQuery(qs)
			}
			withPhrases, withSpellings := build(phrased), build(ix.text.all)
			want := matchedIDs(t, ix, withPhrases, false)
			if got := matchedIDs(t, ix, withSpellings, false); !slices.Equal(got, want) {
				t.Errorf("%q (filters %d): spellings find %d documents %v, phrases %d %v", text, fi, len(got), firstIDs(got), len(want), firstIDs(want))
			}
			// Runs of more than four CJK characters, not synonyms, still need phrases.
			if long := text == "数字化转型咨询"; bitmapAnswerable(withSpellings) == long {
				t.Errorf("%q (filters %d): answerable by bitmaps = %v", text, fi, !long)
			} else if long {
				continue
			}
			if got := matchedIDs(t, ix, withSpellings, true); !slices.Equal(got, want) {
				t.Errorf("%q (filters %d): bitmaps find %d documents %v, searchers %d %v", text, fi, len(got), firstIDs(got), len(want), firstIDs(want))
			}
			if len(want) > 0 {
				nonEmpty++
			}
			if fi == 0 && slices.ContainsFunc(want, func(id string) bool { return id[0] == 'p' }) {
				spellings++
			}
		}
	}
	if nonEmpty < len(texts)*len(filterSets)/2 || spellings < 8 {
		t.Errorf("too few queries found anything (%d of %d; %d found hand-made documents): the comparison proves little",
			nonEmpty, len(texts)*len(filterSets), spellings)
	}
}

// firstIDs is the start of a list of IDs, for messages.
func firstIDs(ids []string) []string { return ids[:min(len(ids), 12)] }
