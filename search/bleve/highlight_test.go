package bleve

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	blevelib "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/search/query"

	"market/search"
	"market/search/internal/highlight"
	"market/search/searchtest"
)

// TestBleveHighlightsMatchLocations checks that highlights computed in Go
// from stored text mark exactly what Bleve's term locations mark for the
// same text query (typos, stems, prefixes, CJK phrases, synonyms).
func TestBleveHighlightsMatchLocations(t *testing.T) {
	ctx := context.Background()
	b := newTestBleve(t)
	b.enVectors = true // for Bleve's own locations
	spec := searchtest.Spec("opportunities")
	if _, err := b.EnsureIndex(ctx, spec); err != nil {
		t.Fatal(err)
	}
	if err := b.Upsert(ctx, "opportunities", append(searchtest.Docs(), lineDocs()...)); err != nil {
		t.Fatal(err)
	}
	fields := []string{"title", "description"}
	marked := 0
	for _, text := range []string{
		"platform", "platfrom", "platforms", "plat", "data platfrom", "智慧城市", "数据治理", "物联网 平台",
		"IoT", "物联网", "AI", "人工智能", "big data", "大数据", "cloud", "云计算", "schools", "learning platform",
		"城市", "智", "transportation", "govenment", "the", "a learning", "智慧 city",
		"数字孪生 平台", "digital twin", "ｄａｔａ", "café", "数据 platform", "5G 基站",
	} {
		res, err := b.Search(ctx, "opportunities", search.Query{Text: text, Highlight: fields, PageSize: 100})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		// Cropped short, the highlighter stops early on long texts: the
		// excerpt must be the same as the whole highlight's.
		crop := search.Crop{Length: 30, Before: 8}
		cropped, err := b.Search(ctx, "opportunities", search.Query{Text: text, Highlight: fields, Crop: crop, PageSize: 100})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		for i, h := range res.Hits {
			want := locationHighlights(t, b, text, h.ID, fields)
			for _, f := range fields {
				if strings.Contains(want[f], highlight.MarkOpen) {
					marked++
				}
				if h.Highlights[f] != want[f] {
					t.Errorf("%q in %s.%s:\n got %q\nwant %q", text, h.ID, f, h.Highlights[f], want[f])
				}
				if got := cropped.Hits[i].Highlights[f]; got != highlight.Crop(crop, want[f]) {
					t.Errorf("%q in %s.%s cropped:\n got %q\nwant %q", text, h.ID, f, got, highlight.Crop(crop, want[f]))
				}
			}
		}
	}
	if marked < 20 {
		t.Errorf("only %d highlights with marks compared", marked)
	}
	t.Logf("%d highlights with marks compared", marked)
}

// lineDocs are descriptions of several lines, each of one script or
// mixed, as the generated and seeded listings write them: the highlighter
// analyses them line by line (see highlighter.highlight).
func lineDocs() []search.Document {
	descs := []string{
		"项目背景：建设数字孪生平台。\n\n建设目标：用数据替代抵押担保。\n\nSummary: a digital twin platform for data.\n\nNote: 平台 and platforms.",
		"建设内容：\n1. 建设5G基站与物联网平台；\n2. 提供ｄａｔａ与ＡＩ服务。\nScope: café data platfrom, digital twins.",
		"Scope only in English\nwith a data platform\n\n数字\n孪生 across lines",
		"短行 平台\n平台 and data\nplatform 数据\n数字孪生 digital twin",
	}
	docs := make([]search.Document, 0, len(descs))
	for i, d := range descs {
		docs = append(docs, search.Document{ID: fmt.Sprintf("l%02d", i), Fields: map[string]any{
			"title": "多行 listing " + fmt.Sprint(i), "description": d, "status": "published", "district": "xuhui",
			"bidDeadline": searchtest.Base(),
		}})
	}
	return docs
}

// locationHighlights highlights one document's fields from the term
// locations of Bleve's own matches of the text query.
func locationHighlights(t *testing.T, b *Engine, text, id string, fields []string) map[string]string {
	t.Helper()
	ix := b.indexes["opportunities"]
	var q query.Query = query.NewDocIDQuery([]string{id})
	if tq := ix.text.textQuery(text, textCopies{zh: zhAll, en: enAll}); tq != nil {
		q = query.NewConjunctionQuery([]query.Query{q, tq})
	}
	req := blevelib.NewSearchRequestOptions(q, 1, 0, false)
	req.IncludeLocations = true
	for _, f := range fields {
		req.Fields = append(req.Fields, storedField(f))
	}
	res, err := ix.index.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	if len(res.Hits) == 0 {
		return out
	}
	h := res.Hits[0]
	for _, f := range fields {
		s, ok := h.Fields[storedField(f)].(string)
		if !ok {
			continue
		}
		slot := []uint64{uint64(textSlot(&ix.spec, f))}
		var spans []highlight.Span
		for _, field := range []string{enAll, zhAll} {
			for _, locs := range h.Locations[field] {
				for _, l := range locs {
					if slices.Equal(l.ArrayPositions, slot) {
						spans = append(spans, highlight.Span{Start: int(l.Start), End: int(l.End)})
					}
				}
			}
		}
		out[f] = highlight.Mark(s, spans)
	}
	return out
}

// TestHighlightShortcutsMatchAnalysis checks the highlighter's shortcuts
// (needles, Chinese text found directly, lines cut at Chinese characters)
// against analysing every line with both analysers and matching every
// clause, on random lines mixing scripts, cases, widths, marks and
// punctuation, for queries with typos, stems, prefixes and synonyms.
func TestHighlightShortcutsMatchAnalysis(t *testing.T) {
	b := newTestBleve(t)
	if _, err := b.EnsureIndex(t.Context(), searchtest.Spec("opportunities")); err != nil {
		t.Fatal(err)
	}
	a := b.indexes["opportunities"].text
	fragments := []string{"数字孪生", "数字", "孪生", "平台", "平", "台", "智慧城市", "城市", "数据治理", "物联网", "工业互联网", "项目",
		"data", "Data", "DATA", "platform", "platforms", "Platform's", "platfrom", "plat", "digital", "Digital", "twin", "twins",
		"IoT", "iot", "cloud", "computing", "the", "learning", "city", "City", "cities", "happy", "platfom", "plaform", "computng", "learnig", "digitl", "Platfomr", "twinz", "ｄａｔａ", "ＩｏＴ", "café", "ΣΑΣ", "ｶﾞ", "5G", "3.14", "e.g.",
		"a:b", "x_y", "数\u0301", "plat\u00adform", "\u200d", "（一期）", "，", "。", "：", "；", "、", " ", " ", " ", ", ", ". ", "-", "'", "\t"}
	queries := []string{"数字孪生 平台", "data platfrom", "platform", "plat", "智慧城市", "物联网 平台", "digital twin", "IoT",
		"big data", "cloud computing", "数据 platform", "café", "ｄａｔａ", "5G", "learning platfo", "城市", "平", "twins", "cities", "happiness"}
	rng := rand.New(rand.NewPCG(5, 8))
	compared, marked := 0, 0
	for range 3000 {
		var line strings.Builder
		for range 1 + rng.IntN(12) {
			line.WriteString(fragments[rng.IntN(len(fragments))])
		}
		text := line.String()
		if rng.IntN(3) == 0 {
			text += "\n" + text[:len(text)/2]
		}
		if !utf8.ValidString(text) {
			continue
		}
		for _, q := range queries[:1+rng.IntN(len(queries))] {
			h := a.newHighlighter(q)
			want := fullyAnalysed(h, text)
			if got := h.highlight(text, search.Crop{}); got != want {
				t.Fatalf("%q in %q:\n got %q\nwant %q", q, text, got, want)
			}
			compared++
			if strings.Contains(want, highlight.MarkOpen) {
				marked++
			}
		}
	}
	if marked < compared/8 {
		t.Errorf("only %d of %d highlights compared have marks", marked, compared)
	}
}

// fullyAnalysed highlights text by analysing each line with both
// analysers and matching every clause against the tokens.
func fullyAnalysed(h *highlighter, text string) string {
	var spans []highlight.Span
	start := 0
	for _, line := range strings.Split(text, "\n") {
		zh, en := h.a.analyzeBoth(line, true, true)
		var found []highlight.Span
		for i := range h.clauses {
			toks := zh
			if h.clauses[i].field == hlEN {
				toks = en
			}
			found = h.clauses[i].match(toks, found)
		}
		for _, s := range found {
			spans = append(spans, highlight.Span{Start: s.Start + start, End: s.End + start})
		}
		start += len(line) + 1
	}
	return highlight.Mark(text, spans)
}

// TestPorterKeepsTheStemsStart checks what English needles rely on: the
// stem Porter's stemmer makes of a lower-case word is the word's start
// but for at most its own last character, on random words made to end in
// the suffixes the stemmer rewrites.
func TestPorterKeepsTheStemsStart(t *testing.T) {
	stemmer := porter.NewPorterStemmer()
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("abcdefghijklmnopqrstuvwxyzaeiouyyess'0é数ß")
	suffixes := []string{"ational", "tional", "enci", "anci", "izer", "abli", "alli", "entli", "eli", "ousli", "ization",
		"ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti", "iviti", "biliti", "icate", "ative", "alize",
		"iciti", "ical", "ful", "ness", "ies", "sses", "ss", "s", "eed", "ed", "ing", "y", "e", "ll", "al", "ance", "ence",
		"er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
		"at", "bl", "iz", "logi", "bli"}
	for range 300_000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteRune(letters[rng.IntN(len(letters))])
		}
		for range rng.IntN(3) {
			b.WriteString(suffixes[rng.IntN(len(suffixes))])
		}
		word := b.String()
		stem := []rune(string(stemmer.Filter(analysis.TokenStream{&analysis.Token{Term: []byte(word)}})[0].Term))
		if !strings.HasPrefix(word, string(stem[:max(len(stem)-1, 0)])) {
			t.Fatalf("%q stems to %q", word, string(stem))
		}
	}
}
