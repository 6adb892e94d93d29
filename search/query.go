package search

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxQueryLength bounds the text of a query, in bytes.
const maxQueryLength = 1000

// SortKey is one validated sort criterion of a Plan: a sortable field,
// descending when Desc.
type SortKey struct {
	Field string
	Desc  bool
}

// Plan is a query checked against an index's spec, with defaults applied
// and Offset computed from Page: what every engine builds its request from,
// so that the engines accept and read the same queries.
type Plan struct {
	Text      string
	Filters   []Filter
	Facets    []string
	Sort      []SortKey
	Highlight []string
	Crop      Crop
	Page      int
	PageSize  int
	Offset    int
}

// PlanQuery validates q against the spec and returns its Plan. Every name
// must be declared with the right capability, and filter values must be
// plain data of bounded size; a query that breaks these gets an Invalid error.
func PlanQuery(spec *IndexSpec, q Query) (*Plan, error) {
	p := &Plan{Text: strings.TrimSpace(q.Text), Page: q.Page, PageSize: q.PageSize}
	if len(p.Text) > maxQueryLength || !utf8.ValidString(p.Text) {
		return nil, Invalid("query text must be valid UTF-8 of at most %d bytes", maxQueryLength)
	}
	if p.Page == 0 {
		p.Page = 1
	}
	if p.PageSize == 0 {
		p.PageSize = DefaultPageSize
	}
	if p.Page < 1 || p.PageSize < 1 || p.PageSize > MaxPageSize {
		return nil, Invalid("page must be at least 1 and pageSize 1 to %d", MaxPageSize)
	}
	if p.Page > spec.MaxTotalHits/p.PageSize+1 {
		return nil, Invalid("page %d is beyond the last %d matches", p.Page, spec.MaxTotalHits)
	}
	p.Offset = (p.Page - 1) * p.PageSize
	for _, f := range q.Filters {
		vf, err := CheckFilter(spec, f)
		if err != nil {
			return nil, err
		}
		p.Filters = append(p.Filters, vf)
	}
	for _, name := range q.Facets {
		f, ok := spec.field(name)
		if !ok || !f.Facet || (f.Type != Keyword && f.Type != Bool) {
			return nil, Invalid("%q is not a facet of index %q", name, spec.Name)
		}
		if !slices.Contains(p.Facets, name) {
			p.Facets = append(p.Facets, name)
		}
	}
	for _, s := range q.Sort {
		key := SortKey{Field: strings.TrimPrefix(s, "-"), Desc: strings.HasPrefix(s, "-")}
		f, ok := spec.field(key.Field)
		if !ok || !f.Sortable {
			return nil, Invalid("%q is not a sortable field of index %q", key.Field, spec.Name)
		}
		p.Sort = append(p.Sort, key)
	}
	if q.Crop.Length < 0 || q.Crop.Before < 0 || (q.Crop.Length > 0 && q.Crop.Before >= q.Crop.Length) {
		return nil, Invalid("a crop needs a positive length longer than the context before the match")
	}
	p.Crop = q.Crop
	for _, name := range q.Highlight {
		f, ok := spec.field(name)
		if !ok || f.Type != Text {
			return nil, Invalid("%q is not a text field of index %q", name, spec.Name)
		}
		if !slices.Contains(p.Highlight, name) {
			p.Highlight = append(p.Highlight, name)
		}
	}
	return p, nil
}

// CheckFilter validates one filter: a declared filterable field, and either
// values (Keyword, Bool) or a range (Number, Time), never both. PlanQuery
// checks every filter with it; an engine that writes filters into a query
// language checks them again there.
func CheckFilter(spec *IndexSpec, f Filter) (Filter, error) {
	fd, ok := spec.field(f.Field)
	if !ok || !fd.IsFilterable() {
		return Filter{}, Invalid("%q is not a filterable field of index %q", f.Field, spec.Name)
	}
	switch fd.Type {
	case Keyword, Bool:
		if f.Min != nil || f.Max != nil {
			return Filter{}, Invalid("filter on %q takes values, not a range", f.Field)
		}
		if len(f.Values) == 0 || len(f.Values) > maxFilterValues {
			return Filter{}, Invalid("filter on %q needs 1 to %d values", f.Field, maxFilterValues)
		}
		for _, v := range f.Values {
			if len(v) > MaxFilterValueLength || !utf8.ValidString(v) {
				return Filter{}, Invalid("filter values on %q must be valid UTF-8 of at most %d bytes", f.Field, MaxFilterValueLength)
			}
			if fd.Type == Bool && v != "true" && v != "false" {
				return Filter{}, Invalid("filter on %q takes \"true\" or \"false\"", f.Field)
			}
		}
		return Filter{Field: f.Field, Values: slices.Clone(f.Values)}, nil
	default:
		if len(f.Values) > 0 {
			return Filter{}, Invalid("filter on %q takes a range, not values", f.Field)
		}
		if f.Min == nil && f.Max == nil {
			return Filter{}, Invalid("range filter on %q needs a bound", f.Field)
		}
		for _, b := range []*float64{f.Min, f.Max} {
			if b != nil && (math.IsNaN(*b) || math.IsInf(*b, 0)) {
				return Filter{}, Invalid("range filter on %q needs finite bounds", f.Field)
			}
		}
		return Filter{Field: f.Field, Min: f.Min, Max: f.Max}, nil
	}
}
