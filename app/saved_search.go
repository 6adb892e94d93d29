package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"market/models"
)

// SavedSearchInput is what a user saves: a name, the filters of a listing
// search and how often to be emailed.
type SavedSearchInput struct {
	Name   string
	Query  OpportunityQuery // Text and the filters; statuses, sort and paging are not kept
	Digest string           // instant (default) or daily
}

// CreateSavedSearch saves a search for the signed-in actor, at most
// models.MaxSavedSearches per user. Its codes are checked as the search
// endpoint checks them.
func (a *App) CreateSavedSearch(ctx context.Context, actor models.Actor, in SavedSearchInput) (*models.SavedSearch, error) {
	if actor.Anonymous() {
		return nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	s := &models.SavedSearch{ID: models.NewID(), UserID: actor.UserID, OrganizationID: actor.OrganizationID,
		Name: strings.TrimSpace(in.Name), Digest: in.Digest, CreatedAt: a.Now()}
	if s.Digest == "" {
		s.Digest = models.DigestInstant
	}
	var errs []models.FieldError
	if s.Name == "" || utf8.RuneCountInString(s.Name) > models.MaxSavedSearchName {
		errs = append(errs, models.FieldError{Location: "body.name", Message: "name must be 1 to 100 characters"})
	}
	if s.Digest != models.DigestInstant && s.Digest != models.DigestDaily {
		errs = append(errs, models.FieldError{Location: "body.digest", Message: "digest must be instant or daily"})
	}
	q := in.Query
	q.Text = strings.TrimSpace(q.Text)
	q.Statuses, q.Sort, q.Mine, q.Page, q.PageSize = nil, SortPublished, false, 1, 1
	for _, e := range q.validate() {
		e.Location = "body.query." + strings.TrimPrefix(e.Location, "query.")
		errs = append(errs, e)
	}
	if utf8.RuneCountInString(q.Text) > models.MaxSavedSearchQueryLen {
		errs = append(errs, models.FieldError{Location: "body.query.q", Message: "must be at most 200 characters"})
	}
	if len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	s.Query = models.SavedQuery{Text: q.Text, Kinds: nonNilStrings(q.Kinds), Domains: nonNilStrings(q.Domains),
		Districts: nonNilStrings(q.Districts), Capabilities: nonNilStrings(q.Capabilities), Scenarios: nonNilStrings(q.Scenarios),
		BudgetMinFen: q.BudgetMinFen, BudgetMaxFen: q.BudgetMaxFen, SMEOnly: q.SMEOnly}
	if err := a.db.CreateSavedSearch(ctx, s); err != nil {
		return nil, err
	}
	if r := a.residents.savedSearches; r != nil {
		r.put(s)
	}
	return s, nil
}

// SavedSearches lists the actor's saved searches, oldest first.
func (a *App) SavedSearches(ctx context.Context, actor models.Actor) ([]*models.SavedSearch, error) {
	if actor.Anonymous() {
		return nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	return a.db.SavedSearchesByUser(ctx, actor.UserID)
}

// DeleteSavedSearch deletes one of the actor's saved searches; anyone
// else's is not_found.
func (a *App) DeleteSavedSearch(ctx context.Context, actor models.Actor, id string) error {
	if actor.Anonymous() {
		return models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	if err := a.db.DeleteSavedSearch(ctx, actor.UserID, id); err != nil {
		return err
	}
	if r := a.residents.savedSearches; r != nil {
		r.remove(id)
	}
	return nil
}

// nonNilStrings returns s, or an empty list for nil.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return append([]string{}, s...)
}
