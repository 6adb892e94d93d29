package search

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// phraseDocs hold synonym spellings of several words, and long CJK runs,
// in the forms a phrase finds or misses.
func phraseDocs() []Document {
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
	docs := make([]Document, 0, len(texts))
	for i, text := range texts {
		docs = append(docs, Document{ID: fmt.Sprintf("p%02d", i), Fields: map[string]any{
			"title":            text,
			"description":      "项目 " + text,
			"capabilityLabels": []string{"other", text},
			"status":           []string{"published", "draft"}[i%2],
			"district":         "pudong",
			"bidDeadline":      contractBase(),
		}})
	}
	return docs
}

// matchedIDs returns the IDs of the live documents q matches, found by
// bitmaps or by Bleve's searchers.
func matchedIDs(t *testing.T, ix *bleveIndex, q query.Query, bitmaps bool) []string {
	t.Helper()
	snap, err := ix.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	segs := make([]segment.Segment, 0, len(snap.Segments()))
	offsets := []uint64{0}
	for _, s := range snap.Segments() {
		segs = append(segs, s.Segment())
		offsets = append(offsets, offsets[len(offsets)-1]+s.Segment().Count())
	}
	cols, err := ix.columns.get(segs)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	consider := func(m match) { ids = append(ids, cols[m.seg].ids[m.local]) }
	if bitmaps {
		err = ix.matchBitmaps(context.Background(), q, snap, segs, cols, consider)
	} else {
		err = ix.matchSearcher(context.Background(), q, snap, false, offsets, consider)
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
	ctx := context.Background()
	spec := contractSpec("eq")
	if _, err := e.EnsureIndex(ctx, spec); err != nil {
		t.Fatal(err)
	}
	docs := append(syntheticListings(3000, 7), phraseDocs()...)
	for start := 0; start < len(docs); start += 700 {
		if err := e.Upsert(ctx, "eq", docs[start:min(start+700, len(docs))]); err != nil {
			t.Fatal(err)
		}
	}
	var gone []string
	for i := 0; i < len(docs); i += 7 {
		gone = append(gone, docs[i].ID)
	}
	if err := e.Delete(ctx, "eq", gone); err != nil {
		t.Fatal(err)
	}
	ix, err := e.get("eq")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"智慧城市", "data platfrom", "物联网 平台", "big data", "大数据", "internet of things", "IoT",
		"人工智能", "artificial intelligence", "cloud computing 云计算", "low code", "工业互联网", "IIoT", "platfo",
		"smart city operations", "数字化转型咨询", "数据治理", "系统", "Use", "x\" OR status", "项目"}
	filterSets := [][]Filter{nil, {published()}, {published(), Terms("district", "pudong", "xuhui")},
		{Terms("domain", "economy", "life"), Terms("kind", "government_need")}}
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
