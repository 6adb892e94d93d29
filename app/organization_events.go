package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"market/models"
	"market/search/indexer"
)

// Types of the events in an organisation's stream.
const (
	orgRegistered     = "organization.registered"
	orgProfileUpdated = "organization.profile_updated"
	orgVerified       = "organization.verified"
	orgRejected       = "organization.rejected"
)

// orgStream is the event stream of one organisation.
func orgStream(id string) string { return kindOrganization.stream(id) }

// organizationAggregate describes organisations to the versioned write: a
// stored change is indexed (verified providers are searchable).
func (a *App) organizationAggregate() aggregate[models.Organization] {
	return aggregate[models.Organization]{
		kind:     kindOrganization,
		load:     a.db.OrganizationByID,
		version:  func(o *models.Organization) *int { return &o.Version },
		touch:    func(o *models.Organization, now time.Time) { o.UpdatedAt = now },
		indexKey: func(id string) string { return indexer.ProviderKeyPrefix + id },
		stored: func(ctx context.Context, o *models.Organization, _ *change) {
			a.storedOrganization(o)
			a.indexProvider(ctx, o)
		},
	}
}

// changeOrganization is every change of an existing organisation: holding
// it, it lets apply check and change it, then commits the change (see
// held.commit). apply returns a nil change to write nothing.
func (a *App) changeOrganization(ctx context.Context, actor models.Actor, id string,
	apply func(o *models.Organization) (*change, error)) (*models.Organization, error) {
	h, err := hold(ctx, a, a.organizationAggregate(), id)
	if err != nil {
		return nil, err
	}
	defer h.release()
	c, err := apply(h.doc)
	if err != nil || c == nil {
		return h.doc, err
	}
	ea, err := a.eventActor(ctx, actor)
	if err != nil {
		return nil, err
	}
	if err := h.commit(ctx, ea, c, a.Now(), nil); err != nil {
		return nil, err
	}
	return h.doc, nil
}

// registrationChange describes a newly registered organisation.
func registrationChange(o *models.Organization) change {
	return change{
		Type: orgRegistered, Summary: "organisation registered: " + o.Name,
		Changes: []models.Change{
			{Field: "name", After: o.Name},
			{Field: "kind", After: o.Kind},
			{Field: "sme", After: strconv.FormatBool(o.SME)},
			{Field: "creditCode", After: o.CreditCode},
			{Field: "district", After: o.District},
			{Field: "verification", After: o.Verification},
		},
	}
}

// profileChange describes replacing profile before with after, or returns
// nil when they are the same.
func profileChange(before, after models.Profile) *change {
	var changes []models.Change
	if before.Summary != after.Summary {
		changes = append(changes, models.Change{Field: "summary", Before: before.Summary, After: after.Summary})
	}
	if !slices.Equal(before.Capabilities, after.Capabilities) {
		changes = append(changes, models.Change{Field: "capabilities",
			Before: strings.Join(before.Capabilities, ", "), After: strings.Join(after.Capabilities, ", ")})
	}
	if !slices.Equal(before.DistrictsServed, after.DistrictsServed) {
		changes = append(changes, models.Change{Field: "districtsServed",
			Before: strings.Join(before.DistrictsServed, ", "), After: strings.Join(after.DistrictsServed, ", ")})
	}
	if !slices.Equal(before.CaseStudies, after.CaseStudies) {
		c := models.Change{Field: "caseStudies", Before: strconv.Itoa(len(before.CaseStudies)), After: strconv.Itoa(len(after.CaseStudies))}
		if c.Before == c.After {
			c.After += " (edited)"
		}
		changes = append(changes, c)
	}
	if len(changes) == 0 {
		return nil
	}
	fields := make([]string, len(changes))
	for i, c := range changes {
		fields[i] = c.Field
	}
	return &change{Type: orgProfileUpdated, Summary: "profile updated: " + strings.Join(fields, ", "), Changes: changes}
}

// verificationChange describes moving o to verification state with reason.
// Verification is public, as a verified organisation is; a rejection and
// its reason are for the organisation and operators only.
func verificationChange(o *models.Organization, state, reason string) *change {
	changes := []models.Change{{Field: "verification", Before: o.Verification, After: state}}
	if o.VerificationReason != reason {
		changes = append(changes, models.Change{Field: "verificationReason", Before: o.VerificationReason, After: reason})
	}
	if state == models.VerificationVerified {
		return &change{Type: orgVerified, Summary: "organisation verified", Changes: changes, Public: true}
	}
	summary := "organisation rejected: " + reason
	if o.Verification == models.VerificationVerified {
		summary = "verification withdrawn: " + reason
	}
	return &change{Type: orgRejected, Summary: summary, Changes: changes}
}
