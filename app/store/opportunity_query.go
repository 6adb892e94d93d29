package store

import (
	"slices"
	"strings"
	"time"

	"market/models"
)

// OpportunityQuery selects listings straight from the store, for the lists
// that the search index does not hold (an organisation's own drafts, the
// operators' review queue, the newest listings of the feed). Empty fields
// match everything.
type OpportunityQuery struct {
	// Text is matched, case-insensitively and literally, against the title,
	// the description and the code.
	Text         string
	Statuses     []string
	Kinds        []string
	Domains      []string
	Districts    []string
	Capabilities []string // any of them
	Scenarios    []string // any of them
	BuyerID      string
	SMEOnly      *bool
	// PublishedOnly keeps listings that were published at some time.
	PublishedOnly bool
	// BudgetMinFen keeps listings whose budget reaches it (maxFen ≥ it);
	// BudgetMaxFen those whose budget starts at or below it (minFen ≤ it).
	BudgetMinFen, BudgetMaxFen *int64
	DeadlineFrom, DeadlineTo   *time.Time
	// Sort is a field name, "-" first for descending: bidDeadline,
	// publishedAt, budget.maxFen or updatedAt (the default, descending).
	// Ties are broken by ID, ascending.
	Sort     string
	Page     int
	PageSize int
}

// Sort fields of OpportunityQuery, by their stored names.
const (
	SortBidDeadline = "bidDeadline"
	SortPublishedAt = "publishedAt"
	SortBudgetMax   = "budget.maxFen"
	SortUpdatedAt   = "updatedAt"
)

// SortField returns the field q sorts by and whether descending; an
// unknown field sorts by updatedAt, descending.
func (q *OpportunityQuery) SortField() (field string, descending bool) {
	field, descending = q.Sort, false
	if strings.HasPrefix(field, "-") {
		field, descending = field[1:], true
	}
	switch field {
	case SortBidDeadline, SortPublishedAt, SortBudgetMax, SortUpdatedAt:
		return field, descending
	}
	return SortUpdatedAt, true
}

// Paging returns q's page and page size with the defaults (1 and 20).
func (q *OpportunityQuery) Paging() (page, pageSize int) {
	page, pageSize = max(q.Page, 1), q.PageSize
	if pageSize < 1 {
		pageSize = 20
	}
	return page, pageSize
}

// Matches reports whether q selects o: the same rules a MongoDB filter
// built from q applies (app/mongo), in Go.
func (q *OpportunityQuery) Matches(o *models.Opportunity) bool {
	in := func(values []string, v string) bool { return len(values) == 0 || slices.Contains(values, v) }
	anyOf := func(values, have []string) bool {
		return len(values) == 0 || slices.ContainsFunc(have, func(h string) bool { return slices.Contains(values, h) })
	}
	switch {
	case !in(q.Statuses, o.Status), !in(q.Kinds, o.Kind), !in(q.Domains, o.Domain), !in(q.Districts, o.District),
		!anyOf(q.Capabilities, o.Capabilities), !anyOf(q.Scenarios, o.Scenarios),
		q.BuyerID != "" && o.Buyer.ID != q.BuyerID,
		q.SMEOnly != nil && o.Eligibility.SMEOnly != *q.SMEOnly,
		q.PublishedOnly && o.PublishedAt == nil,
		q.BudgetMinFen != nil && o.Budget.MaxFen < *q.BudgetMinFen,
		q.BudgetMaxFen != nil && o.Budget.MinFen > *q.BudgetMaxFen,
		q.DeadlineFrom != nil && o.BidDeadline.Before(*q.DeadlineFrom),
		q.DeadlineTo != nil && o.BidDeadline.After(*q.DeadlineTo):
		return false
	}
	if q.Text != "" {
		text := strings.ToLower(q.Text)
		return strings.Contains(strings.ToLower(o.Title), text) || strings.Contains(strings.ToLower(o.Description), text) ||
			strings.Contains(strings.ToLower(o.Code), text)
	}
	return true
}

// Less reports whether a sorts before b in q's order.
func (q *OpportunityQuery) Less(a, b *models.Opportunity) bool {
	field, desc := q.SortField()
	c := compareField(field, a, b)
	if c == 0 {
		return a.ID < b.ID
	}
	return (c < 0) != desc
}

// compareField compares a sort field of two listings; a listing never
// published sorts before every published one, as MongoDB sorts a missing
// field before any value.
func compareField(field string, a, b *models.Opportunity) int {
	switch field {
	case SortBidDeadline:
		return a.BidDeadline.Compare(b.BidDeadline)
	case SortBudgetMax:
		return compareInt(a.Budget.MaxFen, b.Budget.MaxFen)
	case SortPublishedAt:
		switch {
		case a.PublishedAt == nil && b.PublishedAt == nil:
			return 0
		case a.PublishedAt == nil:
			return -1
		case b.PublishedAt == nil:
			return 1
		}
		return a.PublishedAt.Compare(*b.PublishedAt)
	}
	return a.UpdatedAt.Compare(b.UpdatedAt)
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
