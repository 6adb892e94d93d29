package app

import (
	"context"
	"time"

	"market/models"
)

// changeBid applies one change to a bid while holding its listing (so the
// clock and the listing's state are current) and the bid itself: apply
// checks and changes the bid and returns the event to record, or nil for
// no change, which is then committed (see held.commit).
func (a *App) changeBid(ctx context.Context, actor models.Actor, bidID string,
	apply func(o *models.Opportunity, b *models.Bid, now time.Time) (*change, error)) (*models.Bid, error) {
	if actor.Anonymous() {
		return nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	b, err := a.db.BidByID(ctx, bidID)
	if err != nil {
		return nil, err
	}
	var out *models.Bid
	_, err = a.changeOpportunity(ctx, actor, b.OpportunityID, func(o *models.Opportunity, now time.Time) (*change, error) {
		h, err := hold(ctx, a, a.bidAggregate(), bidID)
		if err != nil {
			return nil, err
		}
		defer h.release()
		if err := canReadBid(actor, o, h.doc, now); err != nil {
			return nil, err
		}
		c, err := apply(o, h.doc, now)
		if err != nil || c == nil {
			out = h.doc
			return nil, err
		}
		ea, err := a.eventActor(ctx, actor)
		if err != nil {
			return nil, err
		}
		if err := h.commit(ctx, ea, c, now, nil); err != nil {
			return nil, err
		}
		out = h.doc
		return nil, nil // the listing itself does not change
	})
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, models.Errorf(models.ENOTFOUND, "bid not found")
	}
	return out, err
}

// canReadBid applies sealing: the bidder always; the buyer's organisation
// and operators only once the deadline has passed (sealed before, whatever
// the listing's status: a listing cancelled early keeps its bids sealed);
// nobody else.
func canReadBid(actor models.Actor, o *models.Opportunity, b *models.Bid, now time.Time) error {
	switch {
	case actor.MemberOf(b.Bidder.ID):
		return nil
	case actor.MemberOf(o.Buyer.ID) || actor.IsOperator():
		if sealed(o, now) {
			return models.Errorf(models.ESEALED, "bids stay sealed until the deadline")
		}
		return nil
	}
	return models.Errorf(models.ENOTFOUND, "bid not found")
}

// sealed reports whether o's bids are still sealed: until its deadline has
// passed, and for good on a listing cancelled before its deadline.
func sealed(o *models.Opportunity, now time.Time) bool {
	if o.Status == models.StatusCancelled && o.PublishedAt != nil {
		return !o.UpdatedAt.After(o.BidDeadline) || !o.DeadlinePassed(now)
	}
	return o.Status == models.StatusPublished || !o.DeadlinePassed(now)
}

// Bid returns a bid to whoever may read it (see canReadBid).
func (a *App) Bid(ctx context.Context, actor models.Actor, id string) (*models.Bid, error) {
	return a.changeBid(ctx, actor, id, func(*models.Opportunity, *models.Bid, time.Time) (*change, error) { return nil, nil })
}

// UpdateBid amends the actor organisation's bid before the deadline and
// issues a new receipt; version must be the one the caller read.
func (a *App) UpdateBid(ctx context.Context, actor models.Actor, id string, version int, in BidInput) (*models.Bid, error) {
	return a.changeBid(ctx, actor, id, func(o *models.Opportunity, b *models.Bid, now time.Time) (*change, error) {
		if err := bidderAction(actor, o, b); err != nil {
			return nil, err
		}
		if b.Version != version {
			return nil, models.Errorf(models.ECONFLICT, "the bid is at version %d, not %d; reload and try again", b.Version, version)
		}
		in.apply(b)
		if errs := b.Validate("body"); len(errs) > 0 {
			return nil, models.Invalid(errs...)
		}
		b.IssueReceipt(now)
		return &change{Type: "bid.amended", Summary: "bid amended; new receipt " + b.Receipt.SHA256[:12]}, nil
	})
}

// WithdrawBid withdraws the actor organisation's bid before the deadline;
// the organisation may then bid again.
func (a *App) WithdrawBid(ctx context.Context, actor models.Actor, id string) (*models.Bid, error) {
	b, err := a.changeBid(ctx, actor, id, func(o *models.Opportunity, b *models.Bid, _ time.Time) (*change, error) {
		if err := bidderAction(actor, o, b); err != nil {
			return nil, err
		}
		b.Status = models.BidWithdrawn
		// The slot is freed with the withdrawal: the organisation may bid again.
		return &change{Type: "bid.withdrawn", Summary: "bid withdrawn", with: []commitOption{releasingBidSlot},
			Changes: []models.Change{{Field: "status", Before: models.BidSubmitted, After: models.BidWithdrawn}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// bidderAction allows the bidder to change a submitted bid while bidding is open.
func bidderAction(actor models.Actor, o *models.Opportunity, b *models.Bid) error {
	if !actor.MemberOf(b.Bidder.ID) {
		return models.Errorf(models.EFORBIDDEN, "only the bidder may change its bid")
	}
	if err := biddingOpen(o); err != nil {
		return err
	}
	if b.Status != models.BidSubmitted {
		return models.Errorf(models.EINVALIDSTATE, "a %s bid cannot be changed", b.Status)
	}
	return nil
}

// MyBids returns the actor organisation's bids.
func (a *App) MyBids(ctx context.Context, actor models.Actor) ([]*models.Bid, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	return a.db.BidsByBidder(ctx, actor.OrganizationID)
}

// OpportunityBids returns the bids on an opportunity to its buyer and
// operators after the deadline: sealed before, forbidden to anyone else.
// Withdrawn bids are left out.
func (a *App) OpportunityBids(ctx context.Context, actor models.Actor, id string) ([]*models.Bid, error) {
	o, err := a.Opportunity(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	switch {
	case actor.Anonymous():
		return nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	case !actor.MemberOf(o.Buyer.ID) && !actor.IsOperator():
		return nil, models.Errorf(models.EFORBIDDEN, "only the buyer and operators see the bids")
	case sealed(o, a.Now()):
		return nil, models.Errorf(models.ESEALED, "bids stay sealed until the deadline")
	}
	bids, err := a.db.BidsOnOpportunity(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []*models.Bid{}
	for _, b := range bids {
		if b.Status != models.BidWithdrawn {
			out = append(out, b)
		}
	}
	return out, nil
}
