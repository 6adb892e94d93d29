package bleve

import (
	"slices"

	"market/search"
)

// Filters on fields that have columns (see columns.go) are checked
// against them while matches are collected, rather than run as Bleve
// queries, whenever another clause drives the search (the text query; for
// ranges, also a term filter): a numeric range query expands into a
// disjunction over many indexed terms in every segment, and a conjunction
// of term disjunctions advances every one of their postings lists, which
// costs far more than looking a value up per match. Columns hold the
// indexed terms of Keyword and Bool fields and the single value of Number
// and Time fields, so the result is the same. When bitmaps answer the
// query (see bitmap.go), term filters are bitmaps like the rest, and
// range filters are always checked against columns.

// columnFilters are the filters checked against columns.
type columnFilters struct {
	ranges []columnRange
	terms  []columnTerms
}

// columnRange is a range filter checked against a sort column.
type columnRange struct {
	col      int // index in the column set's sorts
	min, max *float64
}

// columnTerms is a term filter checked against a facet column.
type columnTerms struct {
	col    int // index in the column set's facets
	values []string
}

// splitFilters returns the filters to run as queries and those to check
// against columns. When the query is answered with bitmaps, term filters
// are bitmaps too and ranges are checked on columns. Otherwise filters stay
// Bleve queries when nothing else would narrow the matches: checking
// columns for every document of the index would then cost more.
func (ix *bleveIndex) splitFilters(filters []search.Filter, text, bitmaps bool) ([]search.Filter, columnFilters) {
	var queries []search.Filter
	var cf columnFilters
	set := &ix.columns.set
	for _, f := range filters {
		if len(f.Values) == 0 {
			if i := set.sortIndex(f.Field); i >= 0 && set.sorts[i].Type != search.Keyword {
				cf.ranges = append(cf.ranges, columnRange{col: i, min: f.Min, max: f.Max})
				continue
			}
		} else if i := set.facetIndex(f.Field); i >= 0 && text && !bitmaps {
			cf.terms = append(cf.terms, columnTerms{col: i, values: f.Values})
			continue
		}
		queries = append(queries, f)
	}
	if len(cf.ranges) > 0 && !text && !bitmaps && len(queries) == 0 {
		return filters, columnFilters{}
	}
	return queries, cf
}

// segFilter is columnFilters prepared for one segment: per term filter,
// which of the segment's terms pass.
type segFilter struct {
	cols    *segColumns
	ranges  []columnRange
	terms   []columnTerms
	allowed [][]bool
}

// forSegment prepares the filters for one segment's columns.
func (cf *columnFilters) forSegment(cols *segColumns) *segFilter {
	sf := &segFilter{cols: cols, ranges: cf.ranges, terms: cf.terms, allowed: make([][]bool, len(cf.terms))}
	for i, t := range cf.terms {
		terms := cols.facets[t.col].terms
		ok := make([]bool, len(terms))
		for j, term := range terms {
			ok[j] = slices.Contains(t.values, term)
		}
		sf.allowed[i] = ok
	}
	return sf
}

// pass reports whether a document passes every filter: one of its terms
// allowed by each term filter, and its value (which it must have) within
// each range, inclusive.
func (sf *segFilter) pass(local uint32) bool {
	for i, t := range sf.terms {
		tc := &sf.cols.facets[t.col]
		found := false
		for _, v := range tc.vals[tc.start[local]:tc.start[local+1]] {
			if sf.allowed[i][v] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, r := range sf.ranges {
		c := &sf.cols.sorts[r.col]
		if !c.has[local] {
			return false
		}
		v := c.num[local]
		if (r.min != nil && v < *r.min) || (r.max != nil && v > *r.max) {
			return false
		}
	}
	return true
}
