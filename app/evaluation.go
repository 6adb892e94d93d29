package app

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

	"market/models"
)

// evaluating allows the buyer to evaluate bids on a closed opportunity.
func evaluating(actor models.Actor, o *models.Opportunity, b *models.Bid) error {
	if !actor.MemberOf(o.Buyer.ID) {
		return models.Errorf(models.EFORBIDDEN, "only the buyer evaluates bids")
	}
	if o.Status != models.StatusClosed {
		return models.Errorf(models.EINVALIDSTATE, "bids are evaluated while the opportunity is closed; it is %s", o.Status)
	}
	if b.Status != models.BidSubmitted {
		return models.Errorf(models.EINVALIDSTATE, "a %s bid cannot be evaluated", b.Status)
	}
	return nil
}

// ScoreBid sets a bid's score per criterion (0..100); its total is the sum
// weighted by the criteria's weights. Buyer only, after the deadline.
func (a *App) ScoreBid(ctx context.Context, actor models.Actor, id string, scores map[string]int) (*models.Bid, error) {
	return a.changeBid(ctx, actor, id, func(o *models.Opportunity, b *models.Bid, _ time.Time) (*change, error) {
		if err := evaluating(actor, o, b); err != nil {
			return nil, err
		}
		total, errs := models.WeightedScore(o.Criteria, scores, "body.scores")
		if len(errs) > 0 {
			return nil, models.Invalid(errs...)
		}
		b.Scores, b.TotalScore = scores, &total
		return &change{Type: "bid.scored", Summary: fmt.Sprintf("scored %.2f", total)}, nil
	})
}

// DisqualifyBid rules a bid out with a reason. Buyer only, after the deadline.
func (a *App) DisqualifyBid(ctx context.Context, actor models.Actor, id, reason string) (*models.Bid, error) {
	reason, err := validReason(reason)
	if err != nil {
		return nil, err
	}
	return a.changeBid(ctx, actor, id, func(o *models.Opportunity, b *models.Bid, _ time.Time) (*change, error) {
		if err := evaluating(actor, o, b); err != nil {
			return nil, err
		}
		b.Status, b.Reason = models.BidDisqualified, reason
		return &change{Type: "bid.disqualified", Summary: "disqualified: " + reason,
			Changes: []models.Change{{Field: "status", Before: models.BidSubmitted, After: models.BidDisqualified}}}, nil
	})
}

// AwardOpportunity awards a closed opportunity to one valid bid; the award
// notice is public. The other valid bids become not_awarded. Buyer only.
func (a *App) AwardOpportunity(ctx context.Context, actor models.Actor, id, bidID, reason string) (*models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	reason, err := validReason(reason)
	if err != nil {
		return nil, err
	}
	var bids []*models.Bid
	o, err := a.changeOpportunity(ctx, actor, id, func(o *models.Opportunity, now time.Time) (*change, error) {
		if err := requireOwner(actor, o); err != nil {
			return nil, err
		}
		if o.Status != models.StatusClosed {
			return nil, models.Errorf(models.EINVALIDSTATE, "only a closed opportunity can be awarded; this one is %s", o.Status)
		}
		if bids, err = a.db.BidsOnOpportunity(ctx, o.ID); err != nil {
			return nil, err
		}
		var winner *models.Bid
		valid := 0
		for _, b := range bids {
			if b.Status == models.BidSubmitted {
				valid++
				if b.ID == bidID {
					winner = b
				}
			}
		}
		if winner == nil {
			return nil, models.Invalid(models.FieldError{Location: "body.bidId", Message: "not a valid bid on this opportunity"})
		}
		o.Status = models.StatusAwarded
		o.Award = &models.Award{BidID: winner.ID, Supplier: winner.Bidder, PriceFen: winner.PriceFen, AwardedAt: now, BidCount: valid, Reason: reason}
		return &change{Type: "opportunity.awarded", Public: true,
			Summary: fmt.Sprintf("awarded to %s for %d fen among %d valid bids: %s", winner.Bidder.Name, winner.PriceFen, valid, reason),
			Changes: []models.Change{{Field: "status", Before: models.StatusClosed, After: models.StatusAwarded}}}, nil
	})
	if err != nil {
		return nil, err
	}
	a.settleBids(ctx, actor, o, bids)
	return o, nil
}

// settleBids marks the winning bid awarded and the other valid ones
// not_awarded. The award on the opportunity is the record; these statuses
// follow from it, so a failure here is logged rather than undone. The
// bids are written at once, under the listing's lock as changeBid holds
// it, so that their commits can share a transaction.
func (a *App) settleBids(ctx context.Context, actor models.Actor, o *models.Opportunity, bids []*models.Bid) {
	_, err := a.changeOpportunity(ctx, actor, o.ID, func(lo *models.Opportunity, now time.Time) (*change, error) {
		ea, err := a.eventActor(ctx, actor)
		if err != nil {
			return nil, err
		}
		var g errgroup.Group
		g.SetLimit(settleAtOnce)
		for _, b := range bids {
			if b.Status != models.BidSubmitted {
				continue
			}
			to := models.BidNotAwarded
			if b.ID == o.Award.BidID {
				to = models.BidAwarded
			}
			g.Go(func() error {
				if err := a.settleBid(ctx, ea, actor, lo, b.ID, to, now); err != nil {
					a.log.ErrorContext(ctx, "settling bid after award", "bid", b.ID, "err", err)
				}
				return nil
			})
		}
		return nil, g.Wait() // the listing itself does not change
	})
	if err != nil {
		a.log.ErrorContext(ctx, "settling bids after award", "opportunity", o.ID, "err", err)
	}
}

// settleAtOnce is how many bids of an award are written at once.
const settleAtOnce = 16

// settleBid moves a submitted bid to status to, under the lock of its
// listing o, which the caller holds.
func (a *App) settleBid(ctx context.Context, ea models.EventActor, actor models.Actor, o *models.Opportunity, id, to string, now time.Time) error {
	h, err := hold(ctx, a, a.bidAggregate(), id)
	if err != nil {
		return err
	}
	defer h.release()
	if err := canReadBid(actor, o, h.doc, now); err != nil || h.doc.Status != models.BidSubmitted {
		return err
	}
	h.doc.Status = to
	return h.commit(ctx, ea, &change{Type: "bid." + to, Summary: "opportunity awarded",
		Changes: []models.Change{{Field: "status", Before: models.BidSubmitted, After: to}}}, now, nil)
}
