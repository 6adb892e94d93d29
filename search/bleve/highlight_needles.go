package bleve

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Most lines of a long text match none of a query's terms, and analysing
// them costs most of a highlight. A clause can match a token of a line only
// if the line, normalised as the clause's analyser normalises characters,
// contains some strings (needles): the tokenizer cuts tokens out of the
// line, the cjk filters fold full-width ASCII and lower-case (its bigrams
// are two adjacent characters of the line), and the English ones
// lower-case and stem. Lines holding no needle of a copy's clauses are
// not analysed for it.
//
//   - A cjk term, prefix or phrase term is itself a needle.
//   - An English term is a stem, and Porter's stemmer keeps all of a stem
//     but its last character as the start of the word it stems
//     (TestPorterKeepsTheStemsStart checks this): that start is a needle.
//   - A fuzzy term within b edits (a swap of adjacent characters counting
//     as one, which may break two pieces) of a token, cut in 2b+1 pieces,
//     leaves one piece whole in the token: one of the pieces is in the
//     line. An English token is a stem, whose last character may not be
//     in the word: cut in 2b+2 pieces, two are whole in the stem, one of
//     them within the start the word keeps. Then the line must hold some
//     text within b edits of the term (b+1 for a stem, less its last
//     character), which a pass of edit distances over it tells.

// needles are what a normalised line must contain for a clause to match
// one of its tokens: every string of all and, when any has some, one of any.
type needles struct {
	all, any []string
	// near, when set, must be within nearEdits of some text of the line.
	near      []rune
	nearEdits int
}

// in reports whether line holds the needles.
func (n *needles) in(line string) bool {
	for _, s := range n.all {
		if !strings.Contains(line, s) {
			return false
		}
	}
	found := len(n.any) == 0
	for _, s := range n.any {
		if found = strings.Contains(line, s); found {
			break
		}
	}
	return found && (n.near == nil || nearText(line, n.near, n.nearEdits))
}

// nearText reports whether some text of line is at most edits insertions,
// deletions, substitutions or swaps of adjacent characters away from
// term: edit distances from term to the text ending at each character,
// wherever it starts (Sellers' algorithm).
func nearText(line string, term []rune, edits int) bool {
	m := len(term)
	rows := [3][]int{make([]int, m+1), make([]int, m+1), make([]int, m+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	older, prev, cur := rows[0], rows[1], rows[2]
	var last rune
	for i, r := range []rune(line) {
		cur[0] = 0
		for j := 1; j <= m; j++ {
			cost := 1
			if r == term[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 0 && j > 1 && r == term[j-2] && last == term[j-1] {
				cur[j] = min(cur[j], older[j-2]+1)
			}
		}
		if cur[m] <= edits {
			return true
		}
		older, prev, cur = prev, cur, older
		last = r
	}
	return false
}

// needles returns c's needles (none when it is too short to have any).
func (c *hlClause) needles() needles {
	var n needles
	switch c.kind {
	case hlTerm, hlPrefix:
		n.all = termNeedle(c.field, c.term, n.all)
	case hlPhrase:
		for _, t := range c.phrase {
			n.all = termNeedle(c.field, t.term, n.all)
		}
	case hlFuzzy:
		parts, length := 2*c.budget+1, utf8.RuneCountInString(c.term)
		if c.field == hlEN {
			parts++
		}
		n.any = pieces(c.term, parts)
		n.near, n.nearEdits = []rune(c.term), c.budget
		if c.field == hlEN {
			n.nearEdits++
		}
		// The token starts with the prefix; a stem's start is in the word
		// when the stem is longer than the prefix.
		if p := utf8.RuneCountInString(c.prefix); p > 0 && (c.field == hlZH || p < length-c.budget) {
			n.all = append(n.all, c.prefix)
		}
	}
	return n
}

// termNeedle appends the needle of a term of the field's copy.
func termNeedle(field hlField, term string, out []string) []string {
	if field == hlZH {
		return append(out, term)
	}
	if r := []rune(term); len(r) > 1 {
		return append(out, string(r[:len(r)-1]))
	}
	return out
}

// pieces cuts s into n pieces of (about) equal numbers of characters, or
// returns nil when it has fewer than n characters.
func pieces(s string, n int) []string {
	r := []rune(s)
	if len(r) < n {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = string(r[len(r)*i/n : len(r)*(i+1)/n])
	}
	return out
}

// foldsAlone reports whether the cjk and the English filters change each
// character of line the same wherever it is: not so for a capital sigma,
// which ends a word as ς, nor for half-width kana, which combine. Needles
// say nothing about a line where they do not.
func foldsAlone(line string) bool {
	for i := 0; i < len(line); i++ {
		if line[i] >= utf8.RuneSelf {
			return !strings.ContainsFunc(line[i:], func(r rune) bool { return r == 'Σ' || (r >= 0xFF65 && r <= 0xFF9F) })
		}
	}
	return true
}

// fold returns text as the cjk (zh) and the English (en) filters see its
// characters: lower-cased and, for zh, with full-width ASCII folded.
func fold(text string) (zh, en string) {
	en = strings.ToLower(text)
	if !strings.ContainsFunc(text, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E }) {
		return en, en
	}
	zh = strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		return unicode.ToLower(r)
	}, text)
	return zh, en
}
