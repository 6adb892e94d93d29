package meili

import (
	"slices"
	"strconv"
	"strings"

	ms "github.com/meilisearch/meilisearch-go"

	"market/search"
	"market/search/internal/querytext"
)

// meiliFilter builds a Meilisearch filter expression from filters. Field
// names come only from the spec (the allow-list: declared filterable fields,
// whose names are plain identifiers); every value is one double-quoted
// literal with `\` and `"` escaped; range bounds are formatted numbers. The
// output looks like:
//
//	status IN ["published"] AND district IN ["xuhui", "pudong"] AND budgetMaxFen >= 100 AND budgetMaxFen <= 200
func meiliFilter(spec *search.IndexSpec, filters []search.Filter) (string, error) {
	var parts []string
	for _, f := range filters {
		f, err := search.CheckFilter(spec, f)
		if err != nil {
			return "", err
		}
		if !search.IsFieldName(f.Field) {
			return "", search.Invalid("field name %q is not a plain identifier", f.Field)
		}
		if len(f.Values) > 0 {
			parts = append(parts, f.Field+" IN "+quoteList(f.Values))
			continue
		}
		if f.Min != nil {
			parts = append(parts, f.Field+" >= "+strconv.FormatFloat(*f.Min, 'f', -1, 64))
		}
		if f.Max != nil {
			parts = append(parts, f.Field+" <= "+strconv.FormatFloat(*f.Max, 'f', -1, 64))
		}
	}
	return strings.Join(parts, " AND "), nil
}

// meiliIDFilter selects documents by primary key.
func meiliIDFilter(ids []string) (string, error) {
	for _, id := range ids {
		if err := search.ValidateID(id); err != nil {
			return "", err
		}
	}
	return search.IDField + " IN " + quoteList(ids), nil
}

// quoteList formats values as a Meilisearch array of quoted literals.
func quoteList(values []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteLiteral(v))
	}
	b.WriteByte(']')
	return b.String()
}

// quoteLiteral double-quotes a value for a Meilisearch filter, escaping `\`
// as `\\` and `"` as `\"`: Meilisearch's parser ends the literal only at an
// unescaped quote and turns both escapes back into the character.
func quoteLiteral(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' || v[i] == '"' {
			b.WriteByte('\\')
		}
		b.WriteByte(v[i])
	}
	b.WriteByte('"')
	return b.String()
}

// meiliQueryText rewrites query text for Meilisearch so that it reads it as
// Bleve does: the same words, CJK runs as exact phrases (quoted), and
// nothing of the user's text that Meilisearch would take as syntax (quotes,
// a leading "-"). A trailing space stops the last word matching as a
// prefix. keys are the runs that are synonym spellings: their phrases must
// then also be searched in synonymsField, where documents carry the
// Chinese spellings of the synonyms they mention in other words.
func meiliQueryText(seg *querytext.Segmenter, text string) (q string, keys []string) {
	units, prefix := seg.Units(text)
	parts := make([]string, 0, len(units))
	for _, u := range units {
		if u.CJK {
			parts = append(parts, `"`+u.Text+`"`)
			if seg.IsCJKKey(u.Text) {
				keys = append(keys, u.Text)
			}
		} else {
			parts = append(parts, u.Text)
		}
	}
	q = strings.Join(parts, " ")
	if q != "" && !prefix {
		q += " "
	}
	return q, keys
}

// meiliSettings are the index settings for a spec: searchable attributes in
// declaration order then synonymsField, filterable (and "id", for deletes), sortable, mutual
// synonyms, Meilisearch's default typo tolerance stated explicitly, sort
// before relevance when a sort is asked for, and the spec's limits.
func meiliSettings(spec *search.IndexSpec) *ms.Settings {
	filterable := []string{search.IDField}
	var sortable []string
	for _, f := range spec.Fields {
		if f.IsFilterable() {
			filterable = append(filterable, f.Name)
		}
		if f.Sortable {
			sortable = append(sortable, f.Name)
		}
	}
	synonyms := map[string][]string{}
	for _, group := range spec.Synonyms {
		for _, term := range group {
			key := strings.ToLower(strings.TrimSpace(term))
			for _, other := range group {
				o := strings.ToLower(strings.TrimSpace(other))
				if o != key && !slices.Contains(synonyms[key], o) {
					synonyms[key] = append(synonyms[key], o)
				}
			}
		}
	}
	return &ms.Settings{
		SearchableAttributes: append(textFields(spec), synonymsField),
		FilterableAttributes: filterable,
		SortableAttributes:   sortable,
		Synonyms:             synonyms,
		RankingRules:         []string{"sort", "words", "typo", "proximity", "attribute", "exactness"},
		TypoTolerance: &ms.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: ms.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
		Faceting: &ms.Faceting{
			MaxValuesPerFacet: int64(spec.MaxFacetValues),
			SortFacetValuesBy: map[string]ms.SortFacetType{"*": ms.SortFacetTypeCount},
		},
		Pagination: &ms.Pagination{MaxTotalHits: int64(spec.MaxTotalHits)},
	}
}

// textFields returns the names of the Text fields in declaration order.
func textFields(s *search.IndexSpec) []string {
	var names []string
	for _, f := range s.Fields {
		if f.Type == search.Text {
			names = append(names, f.Name)
		}
	}
	return names
}
