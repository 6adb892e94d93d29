package models

import (
	"slices"
	"strings"
	"time"
	"unicode"
)

// Digest options of a saved search: an email per match, or one a day.
const (
	DigestInstant = "instant"
	DigestDaily   = "daily"
)

// Limits on saved searches.
const (
	MaxSavedSearches       = 50
	MaxSavedSearchName     = 100
	MaxSavedSearchQueryLen = 200
)

// SavedSearch is a user's listing query kept to be alerted about: when a
// listing is published or amended and matches Query, the user is told.
type SavedSearch struct {
	ID             string `bson:"_id"`
	UserID         string `bson:"userId"`
	OrganizationID string `bson:"organizationId,omitempty"`
	// Slot is the saved search's place among its user's (0 to
	// MaxSavedSearches-1); a unique (userId, slot) index caps the number
	// per user even under concurrent creation.
	Slot      int        `bson:"slot"`
	Name      string     `bson:"name"`
	Query     SavedQuery `bson:"query"`
	Digest    string     `bson:"digest"`
	CreatedAt time.Time  `bson:"createdAt"`
}

// SavedQuery holds the filters of GET /opportunities that a saved search
// keeps. Several values of one filter are alternatives; different filters
// all apply; empty ones select everything.
type SavedQuery struct {
	Text         string   `bson:"q"`
	Kinds        []string `bson:"kinds"`
	Domains      []string `bson:"domains"`
	Districts    []string `bson:"districts"`
	Capabilities []string `bson:"capabilities"`
	Scenarios    []string `bson:"scenarios"`
	BudgetMinFen *int64   `bson:"budgetMinFen,omitempty"`
	BudgetMaxFen *int64   `bson:"budgetMaxFen,omitempty"`
	SMEOnly      *bool    `bson:"smeOnly,omitempty"`
}

// Matches reports whether listing o satisfies the query. The filters are
// those the search engine applies (a budget minimum keeps listings whose
// maximum reaches it, a budget maximum those whose minimum is at or below
// it). The text is tested more simply than the engine does: every word of
// Text (split at spaces) must occur, ignoring case, in the listing's title,
// description, buyer name, or the Chinese or English label of one of its
// capabilities or scenarios. There is no typo tolerance, so an alert never
// fires for a listing the words do not literally name.
func (q *SavedQuery) Matches(o *Opportunity) bool {
	in := func(values []string, v string) bool { return len(values) == 0 || slices.Contains(values, v) }
	anyOf := func(values, have []string) bool {
		if len(values) == 0 {
			return true
		}
		for _, v := range values {
			if slices.Contains(have, v) {
				return true
			}
		}
		return false
	}
	switch {
	case !in(q.Kinds, o.Kind), !in(q.Domains, o.Domain), !in(q.Districts, o.District),
		!anyOf(q.Capabilities, o.Capabilities), !anyOf(q.Scenarios, o.Scenarios):
		return false
	case q.BudgetMinFen != nil && o.Budget.MaxFen < *q.BudgetMinFen:
		return false
	case q.BudgetMaxFen != nil && o.Budget.MinFen > *q.BudgetMaxFen:
		return false
	case q.SMEOnly != nil && o.Eligibility.SMEOnly != *q.SMEOnly:
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(q.Text), unicode.IsSpace)
	if len(words) == 0 {
		return true
	}
	text := strings.ToLower(listingText(o))
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// listingText is the text of a listing that saved searches look in.
func listingText(o *Opportunity) string {
	v := AllVocabularies()
	parts := []string{o.Title, o.Description, o.Buyer.Name}
	for _, list := range []struct {
		terms []Term
		codes []string
	}{{v.Capabilities, o.Capabilities}, {v.Scenarios, o.Scenarios}} {
		for _, c := range list.codes {
			if t, ok := TermOf(list.terms, c); ok {
				parts = append(parts, t.ZH, t.EN)
			}
		}
	}
	return strings.Join(parts, "\n")
}

// TermOf returns the entry of terms with the given code.
func TermOf(terms []Term, code string) (Term, bool) {
	for _, t := range terms {
		if t.Code == code {
			return t, true
		}
	}
	return Term{}, false
}
