package scale

import (
	"context"
	"fmt"

	"market/models"
)

// String names the step in errors.
func (k stepKind) String() string {
	names := [...]string{stCreate: "create", stEdit: "edit", stSubmit: "submit", stReject: "reject", stApprove: "approve",
		stAmend: "amend", stExtend: "extend", stCancel: "cancel", stBid: "bid", stBidReplay: "bid replay", stBidAmend: "bid amendment",
		stBidWithdraw: "bid withdrawal", stAsk: "question", stAnswer: "answer", stClose: "close", stScore: "score",
		stDisqualify: "disqualification", stAward: "award", stUnsuccessful: "unsuccessful", stComplete: "completion"}
	if int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("step %d", int(k))
}

// step plays one step of a listing through the App's use case.
func (s *shard) step(ctx context.Context, l *listingRun, st step) error {
	p, a, c := l.plan, s.app, &s.g.counts
	owner := p.buyer.member(l.r, st.at).actor(p.buyer)
	var o *models.Opportunity
	var err error
	switch st.kind {
	case stCreate:
		if o, err = a.CreateOpportunity(ctx, owner, p.kind, p.in); err == nil {
			l.id = o.ID
		}
	case stEdit:
		o, err = a.UpdateOpportunity(ctx, owner, l.id, l.version, p.edits[st.n], "")
	case stSubmit:
		if o, err = a.SubmitOpportunity(ctx, owner, l.id); err == nil && o.Status == models.StatusPublished {
			s.open[p.idx] = l
		}
	case stReject:
		o, err = a.RejectOpportunity(ctx, s.g.operator(p.idx, 1), l.id, pick(l.r, s.g.v.reasons.listingRejections))
	case stApprove:
		if o, err = a.ApproveOpportunity(ctx, s.g.operator(p.idx, 2), l.id); err == nil {
			s.open[p.idx] = l
		}
	case stAmend:
		o, err = a.UpdateOpportunity(ctx, owner, l.id, l.version, p.edits[st.n], pick(l.r, s.g.v.reasons.amendmentReasons))
		c.amends.Add(1)
	case stExtend:
		o, err = a.ExtendOpportunity(ctx, owner, l.id, p.deadlines[st.n], pick(l.r, s.g.v.reasons.extensionReasons))
		c.extends.Add(1)
	case stCancel:
		o, err = a.CancelOpportunity(ctx, owner, l.id, pick(l.r, s.g.v.reasons.cancellationReasons))
		delete(s.open, p.idx)
		c.cancels.Add(1)
	case stClose:
		// A read after the deadline closes the listing, as the deadline job does.
		if o, err = a.Opportunity(ctx, models.Actor{}, l.id); err == nil && o.Status != models.StatusClosed {
			err = fmt.Errorf("a read after the deadline left the listing %s, not closed", o.Status)
		}
		delete(s.open, p.idx)
		c.closes.Add(1)
	case stAward:
		o, err = a.AwardOpportunity(ctx, owner, l.id, l.bidIDs[st.n], pick(l.r, s.g.v.reasons.awardReasons))
		c.awards.Add(1)
	case stUnsuccessful:
		o, err = a.MarkUnsuccessful(ctx, owner, l.id, pick(l.r, s.g.v.reasons.unsuccessfulReasons))
		c.unsuccessful.Add(1)
	case stComplete:
		o, err = a.CompleteOpportunity(ctx, owner, l.id)
		c.completions.Add(1)
	default:
		return s.participate(ctx, l, st, owner)
	}
	if err != nil {
		return err
	}
	l.version = o.Version
	return nil
}

// participate plays the steps of bids and questions.
func (s *shard) participate(ctx context.Context, l *listingRun, st step, owner models.Actor) error {
	p, a, c := l.plan, s.app, &s.g.counts
	switch st.kind {
	case stBid:
		b := p.bids[st.n]
		bid, replayed, err := a.SubmitBid(ctx, b.user.actor(b.org), l.id, b.key, b.in)
		if err != nil {
			return err
		} else if replayed {
			return fmt.Errorf("a first request with Idempotency-Key %s was taken for a replay", b.key)
		}
		l.bidIDs[st.n], l.bidVers[st.n] = bid.ID, bid.Version
		c.bids.Add(1)
	case stBidReplay:
		b := p.bids[st.n]
		bid, replayed, err := a.SubmitBid(ctx, b.user.actor(b.org), l.id, b.key, b.in)
		if err != nil {
			return err
		} else if !replayed || bid.ID != l.bidIDs[st.n] {
			return fmt.Errorf("a repeated request with Idempotency-Key %s made bid %s, not a replay of %s", b.key, bid.ID, l.bidIDs[st.n])
		}
		c.replays.Add(1)
	case stBidAmend:
		b := p.bids[st.n]
		bid, err := a.UpdateBid(ctx, b.user.actor(b.org), l.bidIDs[st.n], l.bidVers[st.n], b.amended)
		if err != nil {
			return err
		}
		l.bidVers[st.n] = bid.Version
		c.bidAmends.Add(1)
	case stBidWithdraw:
		b := p.bids[st.n]
		if _, err := a.WithdrawBid(ctx, b.user.actor(b.org), l.bidIDs[st.n]); err != nil {
			return err
		}
		c.withdrawals.Add(1)
	case stAsk:
		q := p.questions[st.n]
		v, err := a.AskQuestion(ctx, q.user.actor(q.org), l.id, q.text)
		if err != nil {
			return err
		}
		l.qIDs[st.n] = v.Question.ID
		c.questions.Add(1)
	case stAnswer:
		q := p.questions[st.n]
		if _, err := a.AnswerQuestion(ctx, owner, l.id, l.qIDs[st.n], q.answer); err != nil {
			return err
		}
		c.answers.Add(1)
	case stScore:
		if _, err := a.ScoreBid(ctx, owner, l.bidIDs[st.n], p.bids[st.n].scores); err != nil {
			return err
		}
		c.scored.Add(1)
	case stDisqualify:
		if _, err := a.DisqualifyBid(ctx, owner, l.bidIDs[st.n], pick(l.r, s.g.v.reasons.disqualifyReasons)); err != nil {
			return err
		}
		c.disqualified.Add(1)
	default:
		return fmt.Errorf("unknown step %d", st.kind)
	}
	return nil
}
