package search

import (
	"fmt"
	"market/models"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// FieldType says how a field is indexed.
type FieldType int

// Field types.
const (
	// Text is searched as Chinese and English text and can be highlighted.
	Text FieldType = iota + 1
	// Keyword holds exact strings (one or a list): filters, facets, sorts.
	Keyword
	// Bool holds true or false: filters (values "true", "false") and facets.
	Bool
	// Number holds a number: range filters and sorts.
	Number
	// Time holds an instant, indexed as TimeValue: range filters and sorts.
	Time
)

// String names the field type.
func (t FieldType) String() string {
	switch t {
	case Text:
		return "text"
	case Keyword:
		return "keyword"
	case Bool:
		return "bool"
	case Number:
		return "number"
	case Time:
		return "time"
	}
	return fmt.Sprintf("FieldType(%d)", int(t))
}

// Field declares one field of an index.
type Field struct {
	Name string
	Type FieldType
	// Filterable allows filters on a Keyword, Bool, Number or Time field.
	Filterable bool
	// Facet allows facet counts on a Keyword or Bool field (and filters).
	Facet bool
	// Sortable allows sorting on a Keyword, Number or Time field.
	Sortable bool
}

// IndexSpec declares an index: its fields (Text fields are searched and
// ranked in declaration order), its synonyms and its limits.
type IndexSpec struct {
	Name   string
	Fields []Field
	// Synonyms are groups of equivalent terms, such as {"物联网", "IoT"}:
	// a query for one finds documents containing any other.
	Synonyms [][]string
	// MaxTotalHits caps how many matches are counted and paged through;
	// zero means DefaultMaxTotalHits.
	MaxTotalHits int
	// MaxFacetValues caps the values counted per facet; zero means DefaultMaxFacetValues.
	MaxFacetValues int
}

// Defaults of an IndexSpec.
const (
	DefaultMaxTotalHits   = 100_000
	DefaultMaxFacetValues = 100
)

// Limits on names and values.
const (
	maxIDLength          = 511 // Meilisearch's limit on document identifiers
	MaxFilterValueLength = 1024
	maxFilterValues      = 100
)

var (
	indexNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)
	fieldNamePattern = regexp.MustCompile(`^[a-z][A-Za-z0-9]{0,63}$`)
	idPattern        = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// IDField is the field that holds Document.ID in an engine's own
// documents where it needs one (Meilisearch's primary key, Bleve's ID
// column); no declared field may take this name.
const IDField = "id"

// Invalid returns a validation error (models.EVALIDATION): the caller's
// request is at fault. Engines return it for queries, filters and documents
// that the index's spec does not allow.
func Invalid(format string, args ...any) error {
	return models.Errorf(models.EVALIDATION, "search: "+format, args...)
}

// Unavailable wraps an engine failure as the caller-facing "unavailable" error
// (models.EUNAVAILABLE) while keeping the cause for logs and errors.Is.
// Engines return it when they, not the request, failed: the engine is
// closed, down or too slow, and the caller may try again later.
func Unavailable(op string, err error) error {
	return fmt.Errorf("search: %s: %w: %w", op, models.Errorf(models.EUNAVAILABLE, "search engine unavailable"), err)
}

// WithDefaults returns a copy of the spec with its zero limits filled in:
// the spec an engine keeps for an index once Validate accepted it.
func (s IndexSpec) WithDefaults() IndexSpec {
	if s.MaxTotalHits <= 0 {
		s.MaxTotalHits = DefaultMaxTotalHits
	}
	if s.MaxFacetValues <= 0 {
		s.MaxFacetValues = DefaultMaxFacetValues
	}
	s.Fields = slices.Clone(s.Fields)
	s.Synonyms = slices.Clone(s.Synonyms)
	return s
}

// Validate checks the spec: names, types and what each field allows.
func (s IndexSpec) Validate() error {
	if !indexNamePattern.MatchString(s.Name) {
		return Invalid("index name %q must match %s", s.Name, indexNamePattern)
	}
	seen := map[string]bool{}
	texts := 0
	for _, f := range s.Fields {
		if !fieldNamePattern.MatchString(f.Name) || f.Name == IDField {
			return Invalid("field name %q must match %s and not be %q", f.Name, fieldNamePattern, IDField)
		}
		if seen[f.Name] {
			return Invalid("field %q declared twice", f.Name)
		}
		seen[f.Name] = true
		switch f.Type {
		case Text:
			texts++
			if f.Filterable || f.Facet || f.Sortable {
				return Invalid("text field %q cannot be filterable, a facet or sortable", f.Name)
			}
		case Keyword:
		case Bool:
			if f.Sortable {
				return Invalid("bool field %q cannot be sortable", f.Name)
			}
		case Number, Time:
			if f.Facet {
				return Invalid("%s field %q cannot be a facet", f.Type, f.Name)
			}
		default:
			return Invalid("field %q has unknown type %d", f.Name, int(f.Type))
		}
	}
	if texts == 0 {
		return Invalid("index %q has no text field", s.Name)
	}
	for _, group := range s.Synonyms {
		if len(group) < 2 {
			return Invalid("synonym group %q needs at least two terms", group)
		}
		for _, term := range group {
			if strings.TrimSpace(term) == "" || !utf8.ValidString(term) {
				return Invalid("synonym group %q has an empty or invalid term", group)
			}
		}
	}
	return nil
}

// field returns the declared field with the given name.
func (s *IndexSpec) field(name string) (Field, bool) {
	for _, f := range s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// IsFilterable reports whether filters on the field are allowed: it is not
// Text, and is declared Filterable or a Facet. Engines make exactly these
// fields filterable.
func (f Field) IsFilterable() bool { return f.Type != Text && (f.Filterable || f.Facet) }

// IsFieldName reports whether name is a valid field name: a lower-case
// ASCII letter, then up to 63 ASCII letters and digits. Such a name is a
// plain identifier in every engine's query syntax, safe to write into a
// filter expression as it is.
func IsFieldName(name string) bool { return fieldNamePattern.MatchString(name) }

// ValidateID checks a document identifier: 1 to 511 ASCII letters,
// digits, '-' and '_', what every engine accepts. Normalize checks each
// document's; an engine that deletes documents by a filter on their IDs
// checks those too.
func ValidateID(id string) error {
	if len(id) == 0 || len(id) > maxIDLength || !idPattern.MatchString(id) {
		return Invalid("document id %q must be 1 to %d letters, digits, '-' or '_'", id, maxIDLength)
	}
	return nil
}

// capabilityExtras are spellings of capabilities beyond the vocabulary's
// labels, by capability code.
func capabilityExtras() map[string][]string {
	return map[string][]string{
		"ai":                  {"artificial intelligence"},
		"cloud":               {"cloud computing"},
		"iot":                 {"internet of things"},
		"gis":                 {"时空信息", "GIS"},
		"low_code":            {"low code"},
		"rpa":                 {"RPA"},
		"ecommerce":           {"ecommerce", "电商"},
		"industrial_internet": {"IIoT"},
	}
}

// CapabilitySynonyms returns the bilingual synonym groups of the capability
// vocabulary: each capability's Chinese and English labels (物联网 and IoT,
// 人工智能 and AI, 大数据 and big data, 云计算 and cloud, …) plus common
// alternative spellings. Labels that list several things ("ERP/CRM") are
// left out, and so are capabilities with a single spelling ("5G").
func CapabilitySynonyms() [][]string {
	extras := capabilityExtras()
	var groups [][]string
	for _, c := range models.AllVocabularies().Capabilities {
		var group []string
		add := func(s string) {
			s = strings.TrimSpace(s)
			if s == "" || strings.Contains(s, "/") {
				return
			}
			for _, g := range group {
				if strings.EqualFold(g, s) {
					return
				}
			}
			group = append(group, s)
		}
		add(c.ZH)
		add(c.EN)
		for _, s := range extras[c.Code] {
			add(s)
		}
		if len(group) >= 2 {
			groups = append(groups, group)
		}
	}
	return groups
}
