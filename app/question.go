package app

import (
	"context"
	"fmt"
	"time"

	"market/models"
)

// QuestionView is a question as one caller may see it.
type QuestionView struct {
	// Question has the asker's identity removed unless the caller is an operator.
	Question *models.Question
	// Mine reports whether the caller's organisation asked the question.
	Mine bool
}

// viewQuestion shows q to actor: only operators learn who asked; the asking
// organisation learns that it asked, and nothing more.
func viewQuestion(q *models.Question, actor models.Actor) QuestionView {
	v := QuestionView{Question: q, Mine: actor.Role == models.RoleMember && q.AskedByOrg(actor.OrganizationID)}
	if !actor.IsOperator() {
		v.Question = q.WithoutAsker()
	}
	return v
}

// AskQuestion records a clarification question about a published listing.
// Only members of a verified provider (enterprise) other than the buyer may
// ask, and only before the deadline: a closed listing gives deadline_passed,
// any other status invalid_state. The question is checked and stored under
// the listing's lock, so none slips in after it closes or is cancelled.
func (a *App) AskQuestion(ctx context.Context, actor models.Actor, opportunityID, text string) (*QuestionView, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	text, errs := models.CleanQuestionText("body.text", text)
	if len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	org, err := a.db.OrganizationByID(ctx, actor.OrganizationID)
	if err != nil {
		return nil, fmt.Errorf("loading the asking organisation: %w", err)
	}
	ea, err := a.eventActor(ctx, actor)
	if err != nil {
		return nil, err
	}
	var q *models.Question
	_, err = a.changeOpportunity(ctx, actor, opportunityID, func(o *models.Opportunity, now time.Time) (*change, error) {
		switch {
		case actor.MemberOf(o.Buyer.ID):
			return nil, models.Errorf(models.EFORBIDDEN, "the buyer cannot ask questions about its own listing")
		case !org.IsProvider():
			return nil, models.Errorf(models.EFORBIDDEN, "only providers (enterprises) may ask questions")
		case org.Verification != models.VerificationVerified:
			return nil, models.Errorf(models.EFORBIDDEN, "only verified providers may ask questions")
		}
		if err := questionsOpen(o, now); err != nil {
			return nil, err
		}
		q = &models.Question{
			ID: models.NewID(), OpportunityID: o.ID, Text: text, AskedAt: now, Version: 1,
			AskedBy: models.Asker{OrganizationID: org.ID, OrganizationName: org.Name, UserID: actor.UserID},
		}
		// The asked event is private: its actor and snapshot name the asker.
		c := &change{Type: "question.asked", Summary: "question asked",
			Changes: []models.Change{{Field: "status", Before: "", After: models.QuestionOpen}}}
		if err := create(ctx, a, a.questionAggregate(), q.ID, q, ea, c, now); err != nil {
			return nil, fmt.Errorf("recording question about %s: %w", o.ID, err)
		}
		return nil, nil // the listing itself does not change
	})
	if err != nil {
		return nil, err
	}
	v := viewQuestion(q, actor)
	return &v, nil
}

// questionsOpen checks that a listing takes questions at now.
func questionsOpen(o *models.Opportunity, now time.Time) error {
	switch {
	case o.Status == models.StatusClosed || (o.Status == models.StatusPublished && o.DeadlinePassed(now)):
		return models.Errorf(models.EDEADLINE, "the bid deadline has passed; questions are closed")
	case o.Status != models.StatusPublished:
		return models.Errorf(models.EINVALIDSTATE, "questions can only be asked while a listing is published; this one is %s", o.Status)
	}
	return nil
}

// Questions returns the questions about a listing the actor may read, oldest
// first: answered ones to everyone who can see the listing, the caller's own
// organisation's unanswered ones too, and all of them to the buyer's
// organisation and operators. Only operators see who asked.
func (a *App) Questions(ctx context.Context, actor models.Actor, opportunityID string) ([]QuestionView, error) {
	o, err := a.Opportunity(ctx, actor, opportunityID)
	if err != nil {
		return nil, err
	}
	all, err := a.db.QuestionsByOpportunity(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	seesAll := actor.IsOperator() || actor.MemberOf(o.Buyer.ID)
	views := []QuestionView{}
	for _, q := range all {
		if seesAll || q.Answered() || (actor.Role == models.RoleMember && q.AskedByOrg(actor.OrganizationID)) {
			views = append(views, viewQuestion(q, actor))
		}
	}
	return views, nil
}

// AnswerQuestion publishes the buyer's answer to a question; members of the
// buyer's organisation only. Answers are final: a second answer gives
// invalid_state. Answering is allowed while the listing is published or
// closed (bids still being evaluated), not once it is awarded, completed,
// unsuccessful or cancelled.
func (a *App) AnswerQuestion(ctx context.Context, actor models.Actor, opportunityID, questionID, text string) (*QuestionView, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	text, errs := models.CleanAnswerText("body.text", text)
	if len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	ea, err := a.eventActor(ctx, actor)
	if err != nil {
		return nil, err
	}
	var q *models.Question
	_, err = a.changeOpportunity(ctx, actor, opportunityID, func(o *models.Opportunity, now time.Time) (*change, error) {
		if err := requireOwner(actor, o); err != nil {
			return nil, err
		}
		if o.Status != models.StatusPublished && o.Status != models.StatusClosed {
			return nil, models.Errorf(models.EINVALIDSTATE, "questions can only be answered while a listing is published or closed; this one is %s", o.Status)
		}
		answered, err := a.answer(ctx, o.ID, questionID, text, ea, now)
		q = answered
		return nil, err
	})
	if err != nil {
		return nil, err
	}
	v := viewQuestion(q, actor)
	return &v, nil
}

// questionAggregate describes questions to the versioned write. An
// answered question's event is public, so its snapshot leaves the asker
// out: a question restored from it keeps the stored asker.
func (a *App) questionAggregate() aggregate[models.Question] {
	return aggregate[models.Question]{
		kind:    kindQuestion,
		load:    a.db.QuestionByID,
		version: func(q *models.Question) *int { return &q.Version },
		touch:   func(*models.Question, time.Time) {},
		restore: func(stored, restored *models.Question) { restored.AskedBy = stored.AskedBy },
	}
}

// answer records the answer to a question of listing opportunityID,
// holding the question: of two concurrent answers, one finds it answered.
func (a *App) answer(ctx context.Context, opportunityID, questionID, text string, ea models.EventActor, now time.Time) (*models.Question, error) {
	h, err := hold(ctx, a, a.questionAggregate(), questionID)
	if err != nil {
		return nil, err
	}
	defer h.release()
	q := h.doc
	if q.OpportunityID != opportunityID {
		return nil, models.Errorf(models.ENOTFOUND, "question not found")
	}
	if q.Answered() {
		return nil, models.Errorf(models.EINVALIDSTATE, "the question has already been answered; answers are final")
	}
	q.Answer, q.AnsweredAt = text, &now
	// The answer is public, so its snapshot leaves the asker out.
	c := &change{Type: "question.answered", Summary: "question answered", Public: true,
		Changes: []models.Change{{Field: "status", Before: models.QuestionOpen, After: models.QuestionAnswered}}}
	if err := h.commit(ctx, ea, c, now, func(q *models.Question) any { return q.WithoutAsker() }); err != nil {
		return nil, fmt.Errorf("answering question %s: %w", q.ID, err)
	}
	return q, nil
}
