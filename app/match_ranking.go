package app

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// maxScore is the highest score a match can have.
const maxScore = pointsCapabilities + pointsDistrict + pointsSME + pointsCaseStudy*maxCaseStudies + maxProfileTerms

// The scores of a ranking are held in a byte each and counted in 128
// places (scoreSheet).
const _ uint = 127 - maxScore

// ranking holds the items of a ranking with a positive score, by score, to
// be read a page at a time: only the scores that a page reaches are put in
// order, which costs far less than sorting thousands of items for twenty.
type ranking[T any] struct {
	// byScore[s] are the items scoring s, in no order until a page reads them.
	byScore [maxScore + 1][]T
	// total counts the items ranked, kept those held in byScore: every
	// item, or (rankScores) those of the best scores down to the last
	// score that the pages asked for reach.
	total, kept int
	// order breaks ties within a score.
	order  func(a, b T) int
	sorted [maxScore + 1]bool
}

// add ranks item with a score from 1 to maxScore.
func (r *ranking[T]) add(item T, score int) {
	r.byScore[score] = append(r.byScore[score], item)
	r.total++
	r.kept++
}

// scoreSheet holds the scores of the candidates of a ranking, by place,
// and how many candidates have each score.
type scoreSheet struct {
	scores []uint8
	// counts has 128 places, which score&127 reaches without a bounds check.
	counts [128]int
}

// newScoreSheet returns a sheet for n candidates, each scoring 0.
func newScoreSheet(n int) *scoreSheet { return &scoreSheet{scores: make([]uint8, n)} }

// parallelScoring is how many candidates a ranking needs before its
// scoring is split across the cores: thousands take a fraction of a
// millisecond, a goroutine a microsecond.
const parallelScoring = 4096

// fill scores the sheet's candidates: score(lo, hi, part) sets the scores
// of candidates lo to hi-1 on part, which writes the sheet's scores and
// counts its own. With many candidates the range is split across the
// cores, a part each, whose counts are added up after.
func (s *scoreSheet) fill(score func(lo, hi int, part *scoreSheet)) {
	n := len(s.scores)
	parts := min(runtime.GOMAXPROCS(0), n/parallelScoring)
	if parts < 2 {
		score(0, n, s)
		return
	}
	sheets := make([]scoreSheet, parts)
	var wg sync.WaitGroup
	for p := range sheets {
		sheets[p].scores = s.scores
		lo, hi := n*p/parts, n*(p+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			score(lo, hi, &sheets[p])
		}()
	}
	wg.Wait()
	for p := range sheets {
		for i, c := range sheets[p].counts {
			s.counts[i] += c
		}
	}
}

// set scores candidate i, once.
func (s *scoreSheet) set(i, score int) {
	s.scores[i] = uint8(score)
	s.counts[score&127]++
}

// rankScores ranks item(i) with the sheet's score of candidate i, leaving
// out those scoring 0. It keeps only the items of the best scores that
// pages ending at item upTo (from 1) at most read, in one array, and
// counts the others.
func rankScores[T any](sheet *scoreSheet, item func(i int) T, upTo int, order func(a, b T) int) *ranking[T] {
	counts := &sheet.counts
	r := &ranking[T]{order: order}
	floor := maxScore + 1
	for s := maxScore; s > 0; s-- {
		r.total += counts[s]
		if r.kept < upTo && counts[s] > 0 {
			r.kept += counts[s]
			floor = s
		}
	}
	if r.kept == 0 {
		return r
	}
	held := make([]T, r.kept)
	for s := maxScore; s >= floor; s-- {
		r.byScore[s], held = held[:0:counts[s]], held[counts[s]:]
	}
	for i, s := range sheet.scores {
		if int(s) >= floor {
			r.byScore[s] = append(r.byScore[s], item(i))
		}
	}
	return r
}

// pageBounds returns the items, from 0, that page (from 1) of pageSize
// holds: from included, to not; both at most math.MaxInt.
func pageBounds(page, pageSize int) (from, to int) {
	if page-1 > (math.MaxInt-pageSize)/pageSize {
		return math.MaxInt, math.MaxInt
	}
	from = (page - 1) * pageSize
	return from, from + pageSize
}

// page returns page (from 1) of the items, best score first, pageSize per
// page. A ranking made by rankScores reads pages within its upTo only.
func (r *ranking[T]) page(page, pageSize int) []T {
	from, to := pageBounds(page, pageSize)
	if from < r.total && min(to, r.total) > r.kept {
		panic("ranking: a page beyond the items kept")
	}
	out := []T{}
	seen := 0
	for s := maxScore; s > 0 && seen < to; s-- {
		items := r.byScore[s]
		if seen+len(items) > from {
			if !r.sorted[s] {
				slices.SortFunc(items, r.order)
				r.sorted[s] = true
			}
			lo, hi := max(from-seen, 0), min(to-seen, len(items))
			out = append(out, items[lo:hi]...)
		}
		seen += len(items)
	}
	return out
}

// all returns every item, best score first.
func (r *ranking[T]) all() []T { return r.page(1, max(r.total, 1)) }
