package app

import (
	"cmp"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
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

// TestRankScoresKeepsWhatPagesRead: a ranking made by rankScores counts
// every item scoring above 0, and its pages up to upTo are the slices of
// the fully sorted order; a page beyond what it kept is a bug it reports.
func TestRankScoresKeepsWhatPagesRead(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	items := make([]int, 3000)
	scores := make([]uint8, len(items))
	var want []int
	for i := range items {
		items[i] = i
		scores[i] = uint8(max(r.IntN(maxScore+40)-39, 0))
		if scores[i] > 0 {
			want = append(want, i)
		}
	}
	sheet := newScoreSheet(len(items))
	for i, s := range scores {
		if s > 0 || i%2 == 0 { // a candidate not scored scores 0
			sheet.set(i, int(s))
		}
	}
	order := func(a, b int) int { return cmp.Or(cmp.Compare(b%7, a%7), cmp.Compare(a, b)) }
	slices.SortFunc(want, func(a, b int) int { return cmp.Or(cmp.Compare(scores[b], scores[a]), order(a, b)) })
	for _, size := range []int{1, 20, 100} {
		for _, page := range []int{1, 2, 7, 30} {
			_, upTo := pageBounds(page, size)
			rk := rankScores(sheet, func(i int) int { return items[i] }, upTo, order)
			from := min((page-1)*size, len(want))
			if got := rk.page(page, size); rk.total != len(want) || !slices.Equal(got, want[from:min(from+size, len(want))]) {
				t.Fatalf("page %d of %d: %d items, %v", page, size, rk.total, got)
			}
			if rk.kept >= len(want) {
				continue
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Fatalf("page %d of %d, kept %d: the next page did not panic", page, size, rk.kept)
					}
				}()
				rk.page(page+(rk.kept-upTo)/size+1, size)
			}()
		}
	}
}

// TestScoreSheetFillSplitsAcrossCores: a sheet filled in parts (enough
// candidates to split them) holds every score and counts each once, as
// filled in one go.
func TestScoreSheetFillSplitsAcrossCores(t *testing.T) {
	n := 3*parallelScoring + 7
	score := func(i int) int { return (i * 7919) % (maxScore + 1) }
	parts := 0
	var mu sync.Mutex
	split := newScoreSheet(n)
	split.fill(func(lo, hi int, part *scoreSheet) {
		mu.Lock()
		parts++
		mu.Unlock()
		for i := lo; i < hi; i++ {
			if s := score(i); s > 0 {
				part.set(i, s)
			}
		}
	})
	whole := newScoreSheet(n)
	for i := range n {
		if s := score(i); s > 0 {
			whole.set(i, s)
		}
	}
	if runtime.GOMAXPROCS(0) > 1 && parts < 2 {
		t.Errorf("%d candidates filled in %d part, want several", n, parts)
	}
	if !slices.Equal(split.scores, whole.scores) || split.counts != whole.counts {
		t.Fatalf("filled in %d parts: scores or counts differ from one fill", parts)
	}
}
