package api

import (
	"html"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"
)

// optional is a query parameter that may be absent: Set tells whether the
// request carried it.
type optional[T any] struct {
	Value T
	Set   bool
}

// Schema describes the parameter as its value's type.
func (o optional[T]) Schema(r huma.Registry) *huma.Schema {
	return huma.SchemaFromType(r, reflect.TypeOf(o.Value))
}

// Receiver is where Huma parses the parameter into.
func (o *optional[T]) Receiver() reflect.Value { return reflect.ValueOf(o).Elem().Field(0) }

// OnParamSet records whether the request carried the parameter.
func (o *optional[T]) OnParamSet(isSet bool, _ any) { o.Set = isSet }

// ptr returns the value, or nil when the parameter was absent.
func (o optional[T]) ptr() *T {
	if !o.Set {
		return nil
	}
	v := o.Value
	return &v
}

// Compile-time checks that optional is a Huma parameter wrapper.
var (
	_ huma.ParamWrapper = (*optional[int])(nil)
	_ huma.ParamReactor = (*optional[int])(nil)
)

// highlightContext is how many characters of a long highlighted text are
// kept before its first match; the excerpt is highlightLength long.
const (
	highlightContext = 60
	highlightLength  = 280
)

// cropHighlight cuts a highlight (HTML-escaped text with <mark> around
// matches) to about highlightLength characters around its first match,
// with "…" where text was cut. The result is built again from the
// unescaped text, so it stays escaped text with balanced <mark> tags only.
func cropHighlight(h string) string {
	type part struct {
		text string
		mark bool
	}
	var parts []part
	total, first := 0, -1
	for rest, mark := h, false; rest != ""; mark = !mark {
		tag := "<mark>"
		if mark {
			tag = "</mark>"
		}
		i := strings.Index(rest, tag)
		if i < 0 {
			i = len(rest)
		}
		text := html.UnescapeString(rest[:i])
		if mark && first < 0 {
			first = total
		}
		parts = append(parts, part{text, mark})
		total += utf8.RuneCountInString(text)
		rest = strings.TrimPrefix(rest[i:], tag)
	}
	if total <= highlightLength {
		return h
	}
	from := max(first-highlightContext, 0)
	to := from + highlightLength
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := 0
	for _, p := range parts {
		runes := []rune(p.text)
		lo, hi := max(from-pos, 0), min(to-pos, len(runes))
		pos += len(runes)
		if lo >= hi {
			continue
		}
		if p.mark {
			b.WriteString("<mark>" + html.EscapeString(string(runes[lo:hi])) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(string(runes[lo:hi])))
		}
	}
	if to < total {
		b.WriteString("…")
	}
	return b.String()
}
