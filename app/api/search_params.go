package api

import (
	"reflect"

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
