package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"market/models"
)

// Types of the events in an organisation's stream.
const (
	orgRegistered     = "organization.registered"
	orgProfileUpdated = "organization.profile_updated"
	orgVerified       = "organization.verified"
	orgRejected       = "organization.rejected"
)

// orgLockKey is the key that serialises the writers of one organisation.
func orgLockKey(id string) string { return "org:" + id }

// orgStream is the event stream of one organisation.
func orgStream(id string) string { return models.StreamOrganization + id }

// changeOrganization is every change of an existing organisation. Holding the
// organisation's lock, it loads it, lets apply check and change it, appends
// the event for the next version (a concurrent writer elsewhere makes that a
// conflict), then stores the organisation conditionally on the version it
// read. apply returns a nil change to write nothing.
func (a *App) changeOrganization(ctx context.Context, actor models.Actor, id string,
	apply func(o *models.Organization) (*change, error)) (*models.Organization, error) {
	defer a.db.Lock(orgLockKey(id))()
	o, err := a.db.OrganizationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := apply(o)
	if err != nil || c == nil {
		return o, err
	}
	ea, err := a.eventActor(ctx, actor)
	if err != nil {
		return nil, err
	}
	prev := o.Version
	o.Version, o.UpdatedAt = prev+1, a.Now()
	if _, err := a.record(ctx, orgStream(id), o.Version, ea, *c, o); err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			a.repairOrganization(ctx, id, prev)
		}
		return nil, err
	}
	if err := a.db.ReplaceOrganization(ctx, o, prev); err != nil {
		// A repair elsewhere may have stored this very version from the
		// event just appended: then the change is done.
		if models.ErrorCode(err) == models.ECONFLICT {
			if stored, rerr := a.db.OrganizationByID(ctx, id); rerr == nil && stored.Version == o.Version {
				return stored, nil
			}
		}
		return nil, fmt.Errorf("storing organisation %s after event %d: %w", id, o.Version, err)
	}
	a.indexProvider(ctx, o)
	return o, nil
}

// repairOrganization brings a stored organisation at version up to date when
// its stream is ahead of it, as after a failure between appending an event
// and storing the organisation: it stores the last event's snapshot. Without
// a repair every later change would conflict with that event for ever. The
// caller holds the organisation's lock. Failures are logged: the caller is
// already returning the conflict that led here.
func (a *App) repairOrganization(ctx context.Context, id string, version int) {
	events, err := a.db.Events(ctx, orgStream(id))
	if err != nil || len(events) == 0 {
		if err != nil {
			a.log.ErrorContext(ctx, "repairing organisation: reading its events", "organization", id, "err", err)
		}
		return
	}
	last := events[len(events)-1]
	if last.Seq <= version {
		return // not behind: the conflict came from a writer in another process
	}
	var o models.Organization
	if err := json.Unmarshal(last.Snapshot, &o); err != nil || o.ID != id || o.Version != last.Seq {
		a.log.ErrorContext(ctx, "repairing organisation: unusable snapshot", "organization", id, "seq", last.Seq, "err", err)
		return
	}
	if err := a.db.ReplaceOrganization(ctx, &o, version); err != nil {
		a.log.ErrorContext(ctx, "repairing organisation: storing the snapshot", "organization", id, "seq", last.Seq, "err", err)
		return
	}
	a.log.WarnContext(ctx, "organisation brought up to date from its event stream", "organization", id, "from", version, "to", last.Seq)
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
