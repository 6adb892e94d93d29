package app

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"market/models"
)

// UpdateOpportunity edits a listing; version must be the one the caller
// read (else conflict). Drafts and rejected listings change freely; a
// published listing changes by amendment: a reason is required and the
// deadline must stay at least 3 days after the amendment.
func (a *App) UpdateOpportunity(ctx context.Context, actor models.Actor, id string, version int, in OpportunityInput, amendmentReason string) (*models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, now time.Time) (*change, error) {
		if err := requireOwner(actor, o); err != nil {
			return nil, err
		}
		amending := o.Status == models.StatusPublished
		if !o.Editable() && !amending {
			return nil, models.Errorf(models.EINVALIDSTATE, "a %s listing cannot be edited", o.Status)
		}
		if o.Version != version {
			return nil, models.Errorf(models.ECONFLICT, "the listing is at version %d, not %d; reload and try again", o.Version, version)
		}
		before := *o
		in.apply(o)
		errs := o.Validate("body")
		reason := strings.TrimSpace(amendmentReason)
		if amending {
			if reason == "" || utf8.RuneCountInString(reason) > maxReasonLength {
				errs = append(errs, models.FieldError{Location: "body.amendmentReason", Message: "an amendment of a published listing needs a reason (1 to 2000 characters)"})
			}
			if o.BidDeadline.Before(now.Add(models.MinAmendmentLead)) {
				errs = append(errs, models.FieldError{Location: "body.bidDeadline", Message: "after an amendment the deadline must be at least 3 days away; extend it"})
			}
			errs = append(errs, o.ReadyToSubmit("body", now)...)
		}
		if len(errs) > 0 {
			return nil, models.Invalid(errs...)
		}
		diff := diffOpportunity(&before, o)
		if len(diff) == 0 {
			return nil, nil // nothing changed: no event, no new version
		}
		if amending {
			return &change{Type: "opportunity.amended", Summary: "amended: " + reason, Changes: diff, Public: true}, nil
		}
		return &change{Type: "opportunity.edited", Summary: "draft edited", Changes: diff}, nil
	})
}

// SubmitOpportunity sends a draft (or a rejected listing) for review, or
// publishes an SME's help request directly. The organisation must be
// verified, the deadline in the future and the weights sum to 100.
func (a *App) SubmitOpportunity(ctx context.Context, actor models.Actor, id string) (*models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	org, err := a.db.OrganizationByID(ctx, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	return a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, now time.Time) (*change, error) {
		if err := requireOwner(actor, o); err != nil {
			return nil, err
		}
		if !o.Editable() {
			return nil, models.Errorf(models.EINVALIDSTATE, "a %s listing cannot be submitted", o.Status)
		}
		if org.Verification != models.VerificationVerified {
			return nil, models.Errorf(models.EFORBIDDEN, "the organisation must be verified by an operator before it submits listings")
		}
		if errs := o.ReadyToSubmit("body", now); len(errs) > 0 {
			return nil, models.Invalid(errs...)
		}
		from := o.Status
		o.Reason = ""
		if o.Kind == models.KindSMEHelp {
			publish(o, now)
			return &change{Type: "opportunity.published", Summary: "help request published", Public: true,
				Changes: []models.Change{{Field: "status", Before: from, After: o.Status}}}, nil
		}
		o.Status = models.StatusPendingReview
		return &change{Type: "opportunity.submitted", Summary: "submitted for review",
			Changes: []models.Change{{Field: "status", Before: from, After: o.Status}}}, nil
	})
}

// publish makes a listing public now.
func publish(o *models.Opportunity, now time.Time) {
	o.Status = models.StatusPublished
	if o.PublishedAt == nil {
		o.PublishedAt = &now
	}
}

// ApproveOpportunity publishes a listing under review; operators only. A
// listing whose deadline has passed while in review cannot be approved.
func (a *App) ApproveOpportunity(ctx context.Context, actor models.Actor, id string) (*models.Opportunity, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	return a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, now time.Time) (*change, error) {
		if o.Status != models.StatusPendingReview {
			return nil, models.Errorf(models.EINVALIDSTATE, "only listings pending review can be approved; this one is %s", o.Status)
		}
		if !o.BidDeadline.After(now) {
			return nil, models.Errorf(models.EINVALIDSTATE, "the bid deadline has passed; the buyer must set a new one")
		}
		publish(o, now)
		return &change{Type: "opportunity.published", Summary: "approved and published", Public: true,
			Changes: []models.Change{{Field: "status", Before: models.StatusPendingReview, After: o.Status}}}, nil
	})
}

// RejectOpportunity sends a listing under review back to its owner with a reason; operators only.
func (a *App) RejectOpportunity(ctx context.Context, actor models.Actor, id, reason string) (*models.Opportunity, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	reason, err := validReason(reason)
	if err != nil {
		return nil, err
	}
	return a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, _ time.Time) (*change, error) {
		if o.Status != models.StatusPendingReview {
			return nil, models.Errorf(models.EINVALIDSTATE, "only listings pending review can be rejected; this one is %s", o.Status)
		}
		o.Status, o.Reason = models.StatusRejected, reason
		return &change{Type: "opportunity.rejected", Summary: "rejected: " + reason,
			Changes: []models.Change{{Field: "status", Before: models.StatusPendingReview, After: o.Status}}}, nil
	})
}

// CancelOpportunity withdraws a listing under review, published or closed; owner only.
func (a *App) CancelOpportunity(ctx context.Context, actor models.Actor, id, reason string) (*models.Opportunity, error) {
	return a.ownerTransition(ctx, actor, id, reason, models.StatusCancelled, "opportunity.cancelled", "cancelled: ")
}

// MarkUnsuccessful ends a closed listing with no acceptable bid; owner only.
func (a *App) MarkUnsuccessful(ctx context.Context, actor models.Actor, id, reason string) (*models.Opportunity, error) {
	return a.ownerTransition(ctx, actor, id, reason, models.StatusUnsuccessful, "opportunity.unsuccessful", "no acceptable bid: ")
}

// CompleteOpportunity marks an awarded listing delivered; owner only.
func (a *App) CompleteOpportunity(ctx context.Context, actor models.Actor, id string) (*models.Opportunity, error) {
	return a.ownerTransition(ctx, actor, id, "", models.StatusCompleted, "opportunity.completed", "")
}

// ownerTransition moves a listing to status `to` for its owner, recording
// reason (required unless summaryPrefix is "").
func (a *App) ownerTransition(ctx context.Context, actor models.Actor, id, reason, to, eventType, summaryPrefix string) (*models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if summaryPrefix != "" {
		var err error
		if reason, err = validReason(reason); err != nil {
			return nil, err
		}
	}
	return a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, _ time.Time) (*change, error) {
		if err := requireOwner(actor, o); err != nil {
			return nil, err
		}
		if !models.CanTransition(o.Status, to) {
			return nil, models.Errorf(models.EINVALIDSTATE, "a %s listing cannot become %s", o.Status, to)
		}
		from := o.Status
		o.Status = to
		if reason != "" {
			o.Reason = reason
		}
		summary := "completed"
		if summaryPrefix != "" {
			summary = summaryPrefix + reason
		}
		return &change{Type: eventType, Summary: summary, Public: o.IsPublic(),
			Changes: []models.Change{{Field: "status", Before: from, After: to}}}, nil
	})
}

// ExtendOpportunity moves a published listing's deadline later; owner only.
func (a *App) ExtendOpportunity(ctx context.Context, actor models.Actor, id string, deadline time.Time, reason string) (*models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	reason, err := validReason(reason)
	if err != nil {
		return nil, err
	}
	deadline = deadline.UTC().Truncate(time.Millisecond)
	return a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, now time.Time) (*change, error) {
		if err := requireOwner(actor, o); err != nil {
			return nil, err
		}
		if o.Status != models.StatusPublished {
			return nil, models.Errorf(models.EINVALIDSTATE, "only a published listing's deadline can be extended; this one is %s", o.Status)
		}
		if !deadline.After(o.BidDeadline) {
			return nil, models.Invalid(models.FieldError{Location: "body.bidDeadline", Message: "the new deadline must be later than the current one"})
		}
		before := o.BidDeadline
		o.BidDeadline = deadline
		return &change{Type: "opportunity.extended", Summary: "deadline extended: " + reason, Public: true,
			Changes: []models.Change{{Field: "bidDeadline", Before: formatTime(before), After: formatTime(deadline)}}}, nil
	})
}

// requireOwner allows members of the listing's organisation only.
func requireOwner(actor models.Actor, o *models.Opportunity) error {
	if !actor.MemberOf(o.Buyer.ID) {
		return models.Errorf(models.EFORBIDDEN, "only the buyer's organisation may do this")
	}
	return nil
}

// validReason trims a reason and checks its length.
func validReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > maxReasonLength {
		return "", models.Invalid(models.FieldError{Location: "body.reason", Message: "reason must be 1 to 2000 characters"})
	}
	return reason, nil
}
