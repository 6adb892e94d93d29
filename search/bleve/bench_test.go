package bleve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"market/models"
	"market/search"
	"market/search/searchtest"
)

// benchDocs is the size of the benchmark's synthetic index; the 100,000
// listing benchmark lives with the application.
const benchDocs = 5000

// syntheticListings returns n bilingual published listings built from the
// vocabularies, deterministic for a given seed.
func syntheticListings(n int, seed uint64) []search.Document {
	v := models.AllVocabularies()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(terms []models.Term) models.Term { return terms[rng.IntN(len(terms))] }
	zhNeeds := []string{"平台建设", "系统升级", "数据治理", "智慧城市运行", "移动应用开发", "数字化转型咨询"}
	enNeeds := []string{"platform", "system upgrade", "data platform", "smart city operations", "mobile app", "digital transformation"}
	statuses := []string{"published", "published", "published", "closed", "draft"}
	docs := make([]search.Document, 0, n)
	for i := range n {
		c1, c2, sc, d := pick(v.Capabilities), pick(v.Capabilities), pick(v.Scenarios), pick(v.Districts)
		var title, desc string
		if i%2 == 0 {
			title = fmt.Sprintf("%s%s%s", d.ZH, sc.ZH, zhNeeds[rng.IntN(len(zhNeeds))])
			desc = fmt.Sprintf("围绕%s，应用%s与%s技术，建设%s。编号%d。", sc.ZH, c1.ZH, c2.ZH, zhNeeds[rng.IntN(len(zhNeeds))], i)
		} else {
			title = fmt.Sprintf("%s %s for %s", sc.EN, enNeeds[rng.IntN(len(enNeeds))], d.EN)
			desc = fmt.Sprintf("Use %s and %s to deliver a %s for the %s district, listing %d.", c1.EN, c2.EN, enNeeds[rng.IntN(len(enNeeds))], d.EN, i)
		}
		docs = append(docs, search.Document{ID: fmt.Sprintf("o%06d", i), Fields: map[string]any{
			"title":            title,
			"description":      desc,
			"capabilityLabels": []string{c1.ZH, c1.EN, c2.ZH, c2.EN},
			"buyerName":        d.ZH + "数据局",
			"code":             fmt.Sprintf("SH-2026-%06d", i),
			"kind":             []string{"government_need", "sme_help"}[rng.IntN(2)],
			"status":           statuses[rng.IntN(len(statuses))],
			"domain":           pick(v.Domains).Code,
			"district":         d.Code,
			"capabilities":     []string{c1.Code, c2.Code},
			"smeOnly":          rng.IntN(5) == 0,
			"budgetMaxFen":     int64(rng.IntN(10_000_000)) * 100,
			"bidDeadline":      searchtest.Base().Add(time.Duration(rng.IntN(90*24)) * time.Hour),
		}})
	}
	return docs
}

// benchIndex returns an engine whose index "bench" holds benchDocs
// synthetic listings, and those listings.
func benchIndex(b *testing.B) (*Engine, []search.Document) {
	e := newTestBleve(b)
	ctx := context.Background()
	if _, err := e.EnsureIndex(ctx, searchtest.Spec("bench")); err != nil {
		b.Fatal(err)
	}
	docs := syntheticListings(benchDocs, 1)
	for start := 0; start < len(docs); start += 1000 {
		if err := e.Upsert(ctx, "bench", docs[start:min(start+1000, len(docs))]); err != nil {
			b.Fatal(err)
		}
	}
	return e, docs
}

// BenchmarkBleveSearch runs a typical listing query (text, two filters,
// facets, a sort, highlights) against a 5,000-listing bilingual index.
func BenchmarkBleveSearch(b *testing.B) {
	e, _ := benchIndex(b)
	ctx := context.Background()
	queries := []search.Query{
		{Text: "智慧城市", Filters: []search.Filter{searchtest.Published(), search.Terms("district", "pudong", "xuhui", "huangpu")}},
		{Text: "data platfrom", Filters: []search.Filter{searchtest.Published(), search.Terms("domain", "economy", "life")}},
		{Text: "物联网 平台", Filters: []search.Filter{searchtest.Published(), search.Between("budgetMaxFen", searchtest.Ptr(1e8), nil)}},
	}
	for i := range queries {
		queries[i].Facets = []string{"domain", "district", "capabilities", "kind"}
		queries[i].Sort = []string{"-bidDeadline"}
		queries[i].Highlight = []string{"title", "description"}
		if res, err := e.Search(ctx, "bench", queries[i]); err != nil || res.Total == 0 {
			b.Fatalf("query %q: %v, %+v", queries[i].Text, err, res)
		}
	}
	i := 0
	for b.Loop() {
		if _, err := e.Search(ctx, "bench", queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkBleveUpsertOne writes one listing at a time into a 5,000-listing
// index, as a write of the application does (each is a batch, and so a new
// segment, of its own).
func BenchmarkBleveUpsertOne(b *testing.B) {
	e, docs := benchIndex(b)
	ctx := context.Background()
	i := 0
	for b.Loop() {
		if err := e.Upsert(ctx, "bench", docs[i%len(docs):i%len(docs)+1]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
