package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"market/app/store"
	"market/models"
)

// maxReasonLength bounds the reasons operators and owners give.
const maxReasonLength = 2000

// Organization returns an organisation. Verified ones are public; others are
// visible to their members and operators only (not_found for anyone else).
func (a *App) Organization(ctx context.Context, actor models.Actor, id string) (*models.Organization, error) {
	org, err := a.db.OrganizationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if org.Verification != models.VerificationVerified && !actor.MemberOf(org.ID) && !actor.IsOperator() {
		return nil, models.Errorf(models.ENOTFOUND, "organisation not found")
	}
	return org, nil
}

// UpdateProfile replaces an organisation's provider profile; members only.
// The change is recorded in the organisation's event stream; saving the
// profile unchanged records and writes nothing.
func (a *App) UpdateProfile(ctx context.Context, actor models.Actor, id string, p models.Profile) (*models.Organization, error) {
	if actor.Anonymous() {
		return nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	if _, err := a.Organization(ctx, actor, id); err != nil {
		return nil, err
	}
	if !actor.MemberOf(id) {
		return nil, models.Errorf(models.EFORBIDDEN, "only members of the organisation may change its profile")
	}
	if errs := p.Validate("body", a.Now()); len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	if p.Capabilities == nil {
		p.Capabilities = []string{}
	}
	if p.DistrictsServed == nil {
		p.DistrictsServed = []string{}
	}
	if p.CaseStudies == nil {
		p.CaseStudies = []models.CaseStudy{}
	}
	return a.changeOrganization(ctx, actor, id, func(o *models.Organization) (*change, error) {
		c := profileChange(o.Profile, p)
		o.Profile = p
		return c, nil
	})
}

// OrganizationList is one page of organisations.
type OrganizationList struct {
	Items    []*models.Organization
	Total    int
	Page     int
	PageSize int
}

// ListOrganizations lists organisations by verification state; operators only.
func (a *App) ListOrganizations(ctx context.Context, actor models.Actor, verification string, page, pageSize int) (*OrganizationList, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	items, total, err := a.db.ListOrganizations(ctx, store.OrganizationFilter{Verification: verification, Page: page, PageSize: pageSize})
	if err != nil {
		return nil, err
	}
	return &OrganizationList{Items: items, Total: total, Page: page, PageSize: pageSize}, nil
}

// VerifyOrganization marks an organisation verified; operators only.
func (a *App) VerifyOrganization(ctx context.Context, actor models.Actor, id string) (*models.Organization, error) {
	return a.setVerification(ctx, actor, id, models.VerificationVerified, "")
}

// RejectOrganization marks an organisation rejected with a reason; operators only.
// A verified organisation can be rejected too, which withdraws its verification.
func (a *App) RejectOrganization(ctx context.Context, actor models.Actor, id, reason string) (*models.Organization, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > maxReasonLength {
		return nil, models.Invalid(models.FieldError{Location: "body.reason", Message: "reason must be 1 to 2000 characters"})
	}
	return a.setVerification(ctx, actor, id, models.VerificationRejected, reason)
}

// setVerification moves an organisation to state, recording who did it and why.
func (a *App) setVerification(ctx context.Context, actor models.Actor, id, state, reason string) (*models.Organization, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	return a.changeOrganization(ctx, actor, id, func(o *models.Organization) (*change, error) {
		if o.Verification == state {
			return nil, models.Errorf(models.EINVALIDSTATE, "the organisation is already %s", state)
		}
		c := verificationChange(o, state, reason)
		o.Verification, o.VerificationReason = state, reason
		return c, nil
	})
}

// requireOperator allows operators only: anonymous callers get unauthenticated,
// members forbidden.
func requireOperator(actor models.Actor) error {
	switch {
	case actor.Anonymous():
		return models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	case !actor.IsOperator():
		return models.Errorf(models.EFORBIDDEN, "operators only")
	}
	return nil
}
