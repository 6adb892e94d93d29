package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"market/app/store"
	"market/models"
)

// BidInput holds the fields a bidder sets; on amendment nil fields are kept.
type BidInput struct {
	PriceFen     *int64
	DurationDays *int
	Proposal     *string
	Team         *[]models.TeamMember
}

func (in *BidInput) apply(b *models.Bid) {
	if in.PriceFen != nil {
		b.PriceFen = *in.PriceFen
	}
	if in.DurationDays != nil {
		b.DurationDays = *in.DurationDays
	}
	if in.Proposal != nil {
		b.Proposal = *in.Proposal
	}
	if in.Team != nil {
		b.Team = append([]models.TeamMember{}, *in.Team...)
	}
}

// idempotencyWait bounds how long a repeated request waits for the first
// request with the same Idempotency-Key to finish.
const idempotencyWait = 5 * time.Second

// SubmitBid places the actor organisation's sealed bid on a published
// opportunity. With an idempotency key, a repeated request returns the bid
// the first one made (replayed is then true). One active bid per
// organisation and opportunity: a second gives a conflict.
func (a *App) SubmitBid(ctx context.Context, actor models.Actor, opportunityID, key string, in BidInput) (b *models.Bid, replayed bool, err error) {
	if err := requireMember(actor); err != nil {
		return nil, false, err
	}
	org, err := a.db.OrganizationByID(ctx, actor.OrganizationID)
	if err != nil {
		return nil, false, err
	}
	now := a.Now()
	b = &models.Bid{ID: models.NewID(), OpportunityID: opportunityID, Status: models.BidSubmitted, Version: 1,
		Bidder: models.OrgRef{ID: org.ID, Name: org.Name, Kind: org.Kind, SME: org.SME}, Team: []models.TeamMember{},
		SubmittedAt: now, UpdatedAt: now}
	in.apply(b)
	if errs := b.Validate("body"); len(errs) > 0 {
		return nil, false, models.Invalid(errs...)
	}
	key = strings.TrimSpace(key)
	ea, err := a.eventActor(ctx, actor)
	if err != nil {
		return nil, false, err
	}
	var first string // the bid an earlier request with the same key made
	_, err = a.changeOpportunity(ctx, actor, opportunityID, func(o *models.Opportunity, now time.Time) (*change, error) {
		// Requests with one key serialise on the listing here: a repeat
		// finds the key the first one recorded.
		if key != "" {
			var kerr error
			if first, kerr = a.db.BidOfIdempotencyKey(ctx, org.ID, o.ID, key); kerr != nil || first != "" {
				return nil, kerr
			}
		}
		if err := mayBid(o, org); err != nil {
			return nil, err
		}
		b.SubmittedAt, b.UpdatedAt = now, now
		b.IssueReceipt(now)
		// The bid, its event, its organisation's one slot on the listing and
		// the request's key are one commit: a second active bid is a
		// conflict, and writes nothing.
		c := &change{Type: "bid.submitted", Summary: "bid submitted",
			Changes: []models.Change{{Field: "status", Before: "", After: models.BidSubmitted}},
			with:    []commitOption{claimingBidSlot, recordingKey(key)}}
		if cerr := create(ctx, a, a.bidAggregate(), b.ID, b, ea, c, now); cerr != nil {
			if errors.Is(cerr, store.ErrKeyTaken) { // by a request another process serves
				var kerr error
				if first, kerr = a.db.BidOfIdempotencyKey(ctx, org.ID, o.ID, key); kerr != nil {
					return nil, kerr
				} else if first != "" {
					return nil, nil
				}
			}
			return nil, cerr
		}
		return nil, nil // the listing itself does not change
	})
	switch {
	case err != nil:
		return nil, false, err
	case first != "":
		b, err := a.awaitBid(ctx, first, org.ID)
		return b, err == nil, err
	}
	return b, false, nil
}

// bidAggregate describes bids to the versioned write.
func (a *App) bidAggregate() aggregate[models.Bid] {
	return aggregate[models.Bid]{
		kind:    kindBid,
		load:    a.db.BidByID,
		version: func(b *models.Bid) *int { return &b.Version },
		touch:   func(b *models.Bid, now time.Time) { b.UpdatedAt = now },
	}
}

// awaitBid waits for the bid a first request with the same idempotency key
// is making, and returns it.
func (a *App) awaitBid(ctx context.Context, id, orgID string) (*models.Bid, error) {
	deadline := time.Now().Add(idempotencyWait)
	for {
		b, err := a.db.BidByID(ctx, id)
		if err == nil && b.Bidder.ID == orgID {
			return b, nil
		} else if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			return nil, err
		}
		if time.Now().After(deadline) {
			return nil, models.Errorf(models.ECONFLICT, "a request with this Idempotency-Key is still in progress or failed; retry")
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the first request: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// mayBid checks that org may bid on o now.
func mayBid(o *models.Opportunity, org *models.Organization) error {
	switch {
	case org.ID == o.Buyer.ID:
		return models.Errorf(models.EFORBIDDEN, "the buyer's own organisation cannot bid")
	case !org.IsProvider():
		return models.Errorf(models.EFORBIDDEN, "only providers (enterprises) may bid")
	case o.Eligibility.VerifiedOnly && org.Verification != models.VerificationVerified:
		return models.Errorf(models.EFORBIDDEN, "only verified providers may bid on this opportunity")
	case o.Eligibility.SMEOnly && !org.SME:
		return models.Errorf(models.EFORBIDDEN, "this opportunity is set aside for SMEs")
	}
	return biddingOpen(o)
}

// biddingOpen reports whether bids may still be placed or changed.
func biddingOpen(o *models.Opportunity) error {
	switch o.Status {
	case models.StatusPublished:
		return nil
	case models.StatusClosed, models.StatusAwarded, models.StatusCompleted, models.StatusUnsuccessful:
		return models.Errorf(models.EDEADLINE, "the bid deadline has passed")
	}
	return models.Errorf(models.EINVALIDSTATE, "the opportunity is %s, not open for bids", o.Status)
}
