package search

import (
	"errors"
	"math"
	"time"
)

// Normalize checks a document against the spec and returns its fields with
// canonical values: string or []string for Text and Keyword, bool for Bool,
// float64 for Number, int64 milliseconds (TimeValue) for Time. Fields without
// a value are left out. Engines index these values, so that every engine
// reads a document the same way.
func Normalize(spec *IndexSpec, doc Document) (map[string]any, error) {
	if err := ValidateID(doc.ID); err != nil {
		return nil, err
	}
	out := make(map[string]any, len(doc.Fields))
	for name, v := range doc.Fields {
		f, ok := spec.field(name)
		if !ok {
			return nil, Invalid("document %s: field %q is not in index %q", doc.ID, name, spec.Name)
		}
		if v == nil {
			continue
		}
		cv, err := canonical(f, v)
		if err != nil {
			return nil, Invalid("document %s: field %q: %v", doc.ID, name, err)
		}
		if cv != nil {
			out[name] = cv
		}
	}
	return out, nil
}

// canonical converts one value to its canonical form for the field's type;
// it returns nil for an empty value.
func canonical(f Field, v any) (any, error) {
	switch f.Type {
	case Text, Keyword:
		switch x := v.(type) {
		case string:
			if x == "" {
				return nil, nil
			}
			return x, nil
		case []string:
			var list []string
			for _, s := range x {
				if s != "" {
					list = append(list, s)
				}
			}
			if len(list) == 0 {
				return nil, nil
			}
			return list, nil
		}
	case Bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case Number:
		if n, ok := toFloat(v); ok {
			if math.IsNaN(n) || math.IsInf(n, 0) {
				return nil, errors.New("want a finite number")
			}
			return n, nil
		}
	case Time:
		switch t := v.(type) {
		case time.Time:
			if t.IsZero() {
				return nil, nil
			}
			return t.UnixMilli(), nil
		case *time.Time:
			if t == nil || t.IsZero() {
				return nil, nil
			}
			return t.UnixMilli(), nil
		}
	}
	return nil, typeError{f.Type, v}
}

// toFloat converts any Go integer or float to float64.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float32:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// typeError reports a value of the wrong Go type for its field.
type typeError struct {
	want FieldType
	got  any
}

// Error implements error.
func (e typeError) Error() string {
	return "want a " + e.want.String() + " value, got " + typeName(e.got)
}

// typeName names a value's Go type for an error message.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case []string:
		return "[]string"
	case bool:
		return "bool"
	case time.Time, *time.Time:
		return "time.Time"
	}
	if _, ok := toFloat(v); ok {
		return "number"
	}
	return "value of another type"
}
