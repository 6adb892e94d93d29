package app

import "slices"

// maxScore is the highest score a match can have.
const maxScore = pointsCapabilities + pointsDistrict + pointsSME + pointsCaseStudy*maxCaseStudies + maxProfileTerms

// ranking holds the items of a ranking with a positive score, by score, to
// be read a page at a time: only the scores that a page reaches are put in
// order, which costs far less than sorting thousands of items for twenty.
type ranking[T any] struct {
	// byScore[s] are the items scoring s, in no order until a page reads them.
	byScore [maxScore + 1][]T
	total   int
	// order breaks ties within a score.
	order  func(a, b T) int
	sorted [maxScore + 1]bool
}

// add ranks item with a score from 1 to maxScore.
func (r *ranking[T]) add(item T, score int) {
	r.byScore[score] = append(r.byScore[score], item)
	r.total++
}

// page returns page (from 1) of the items, best score first, pageSize per page.
func (r *ranking[T]) page(page, pageSize int) []T {
	from := (page - 1) * pageSize
	to := from + pageSize
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
