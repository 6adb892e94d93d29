package meili

import (
	"slices"
	"strings"

	"market/search"
	"market/search/internal/highlight"
	"market/search/internal/querytext"
)

// synonymsField is a hidden searchable attribute of every document: the
// synonym spellings that are one run of Chinese characters (数据治理,
// 物联网), of every synonym group the document mentions in any spelling.
//
// It is how a Chinese synonym matches as the contract says. A query's
// Chinese run must appear as written, so Meilisearch gets it as a phrase
// ("数据治理"), which keeps it from matching 数据 and 治理 apart, as its
// segmenter would split it; but Meilisearch applies no synonyms to a
// phrase. So the document carries the Chinese spellings of its synonyms
// itself: a listing that says "data governance" holds 数据治理 here, and
// the phrase finds it. Queries search this attribute only when they hold
// such a spelling (see meiliQueryText), so that no other word matches it.
// Field names in a spec start with a lower-case letter: no spec field can
// take this name.
const synonymsField = "_cjkSynonyms"

// cjkSynonyms returns the value of synonymsField for a document's
// normalized fields: for each synonym group one of whose spellings a Text
// field holds (a Chinese spelling within a run, any other as whole words),
// the group's Chinese spellings, in the spec's order; nil for none.
func cjkSynonyms(spec *search.IndexSpec, seg *querytext.Segmenter, fields map[string]any) []string {
	found := map[int]bool{}
	for _, f := range spec.Fields {
		if f.Type != search.Text {
			continue
		}
		var texts []string
		switch v := fields[f.Name].(type) {
		case string:
			texts = []string{v}
		case []string:
			texts = v
		}
		for _, text := range texts {
			mentioned(seg, seg.Words(text), found)
		}
	}
	var out []string
	for g, group := range seg.Groups {
		if !found[g] {
			continue
		}
		for _, v := range group {
			if len(v.Units) == 1 && v.Units[0].CJK && !slices.Contains(out, v.Units[0].Text) {
				out = append(out, v.Units[0].Text)
			}
		}
	}
	return out
}

// mentioned marks in found the synonym groups that units mention.
func mentioned(seg *querytext.Segmenter, units []querytext.Unit, found map[int]bool) {
	for i, u := range units {
		if !u.CJK {
			if v, ok := seg.MatchSynonym(units[i:]); ok {
				found[v.Group] = true
			}
			continue
		}
		for _, v := range seg.Variants {
			if len(v.Units) == 1 && v.Units[0].CJK && strings.Contains(u.Text, v.Units[0].Text) {
				found[v.Group] = true
			}
		}
	}
}

// synonymMarks returns, for a query's Chinese runs that are synonym
// spellings (keys, from meiliQueryText), the other spellings of their
// groups that are not Chinese (lower-cased: "data governance" for
// 数据治理). A document found through synonymsField holds one of them in
// its text, which Meilisearch, having matched the phrase in the hidden
// attribute, does not highlight: the engine marks them itself (see
// wordSpans).
func synonymMarks(seg *querytext.Segmenter, keys []string) []string {
	var out []string
	for _, key := range keys {
		for _, group := range seg.Groups {
			if !slices.ContainsFunc(group, func(v querytext.Variant) bool { return v.Text == key }) {
				continue
			}
			for _, v := range group {
				if !slices.ContainsFunc(v.Units, func(u querytext.Unit) bool { return u.CJK }) && !slices.Contains(out, v.Text) {
					out = append(out, v.Text)
				}
			}
		}
	}
	return out
}

// wordSpans returns the ranges of text that hold one of phrases (ASCII,
// lower-cased) in any case, as whole words (not inside a longer word): one
// range per word, marked apart as the embedded engine marks them.
func wordSpans(text string, phrases []string) []highlight.Span {
	var spans []highlight.Span
	for _, p := range phrases {
		for i := 0; i+len(p) <= len(text); i++ {
			if !strings.EqualFold(text[i:i+len(p)], p) || wordByte(text, i-1) || wordByte(text, i+len(p)) {
				continue
			}
			at := i
			for _, w := range strings.Split(p, " ") {
				if w != "" {
					spans = append(spans, highlight.Span{Start: at, End: at + len(w)})
				}
				at += len(w) + 1
			}
		}
	}
	return spans
}

// wordByte reports whether text[i] exists and is an ASCII letter or digit.
func wordByte(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	c := text[i]
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
