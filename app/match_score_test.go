package app

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"market/models"
)

// TestCapabilityPointsDivide: capabilityPoints with capabilityShare(n) is
// pointsCapabilities*covered/n for every covered up to n, for every n up
// to maxShared, which is not less than the capabilities a valid listing
// lists.
func TestCapabilityPointsDivide(t *testing.T) {
	if maxShared < models.MaxTags {
		t.Fatalf("maxShared %d, but a listing lists up to %d capabilities", maxShared, models.MaxTags)
	}
	for n := 1; n <= maxShared; n++ {
		for covered := 0; covered <= n; covered++ {
			if got, want := capabilityPoints(covered, capabilityShare(n)), pointsCapabilities*covered/n; got != want {
				t.Fatalf("%d of %d capabilities: %d points, want %d", covered, n, got, want)
			}
		}
	}
	if capabilityPoints(0, capabilityShare(0)) != 0 {
		t.Fatal("a listing without capabilities gives points")
	}
}

// TestBestCaseStudies: bestCaseStudies is the largest two-bit count.
func TestBestCaseStudies(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for range 100_000 {
		c := r.Uint64() & r.Uint64() & r.Uint64()
		want := 0
		for i := 0; i < 64; i += 2 {
			want = max(want, int(c>>i&3))
		}
		if got := bestCaseStudies(c); got != want {
			t.Fatalf("%064b: %d, want %d", c, got, want)
		}
	}
}

// TestMatchValuesHoldNoPointer: features and queries hold no pointer, so
// that the resident sets' arrays of them are no work for the collector.
func TestMatchValuesHoldNoPointer(t *testing.T) {
	var pointers func(reflect.Type) bool
	pointers = func(t reflect.Type) bool {
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				if pointers(t.Field(i).Type) {
					return true
				}
			}
			return false
		case reflect.Array:
			return pointers(t.Elem())
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return false
		}
		return true
	}
	for _, v := range []any{matchFeatures{}, matchQuery{}} {
		if pointers(reflect.TypeOf(v)) {
			t.Errorf("%T holds a pointer", v)
		}
	}
}
