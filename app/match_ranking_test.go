package app

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRankingPagesAreTheSortedOrder: pages of a ranking, read in any order
// and of any size, are the slices of the fully sorted order.
func TestRankingPagesAreTheSortedOrder(t *testing.T) {
	type item struct {
		name  string
		score int
	}
	r := rand.New(rand.NewPCG(5, 6))
	rk := &ranking[item]{order: func(a, b item) int { return cmp.Compare(a.name, b.name) }}
	var all []item
	for i := range 500 {
		it := item{name: string(rune('a'+r.IntN(26))) + string(rune('a'+i%26)) + string(rune('a'+i/26)), score: 1 + r.IntN(30)}
		all = append(all, it)
		rk.add(it, it.score)
	}
	slices.SortFunc(all, func(a, b item) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.name, b.name)) })
	for _, size := range []int{1, 7, 20, 100, 600} {
		for _, page := range []int{3, 1, 2, 50} {
			from := min((page-1)*size, len(all))
			want := all[from:min(from+size, len(all))]
			if got := rk.page(page, size); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Fatalf("page %d of %d: %v, want %v", page, size, got, want)
			}
		}
	}
	if rk.total != len(all) || !slices.Equal(rk.all(), all) {
		t.Fatalf("all: %d items, want %d in order", rk.total, len(all))
	}
}
