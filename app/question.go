package app

import (
	"context"
	"encoding/json"
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
		c := change{Type: "question.asked", Summary: "question asked",
			Changes: []models.Change{{Field: "status", Before: "", After: models.QuestionOpen}}}
		if _, err := a.record(ctx, models.StreamQuestion+q.ID, 1, ea, c, q); err != nil {
			return nil, fmt.Errorf("recording question about %s: %w", o.ID, err)
		}
		if err := a.db.CreateQuestion(ctx, q); err != nil {
			return nil, fmt.Errorf("storing question about %s: %w", o.ID, err)
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

// answer records the answer to a question of listing opportunityID and
// stores it, serialised per question: the answered event takes seq
// version+1, so of two concurrent answers one gets a conflict, and the
// document is replaced only if still at the version read.
func (a *App) answer(ctx context.Context, opportunityID, questionID, text string, ea models.EventActor, now time.Time) (*models.Question, error) {
	defer a.db.Lock("question:" + questionID)()
	q, err := a.db.QuestionByID(ctx, questionID)
	if err != nil {
		return nil, err
	}
	if q.OpportunityID != opportunityID {
		return nil, models.Errorf(models.ENOTFOUND, "question not found")
	}
	if q.Answered() {
		return nil, models.Errorf(models.EINVALIDSTATE, "the question has already been answered; answers are final")
	}
	prev := q.Version
	q.Answer, q.AnsweredAt, q.Version = text, &now, prev+1
	// The answer is public, so its snapshot leaves the asker out.
	c := change{Type: "question.answered", Summary: "question answered", Public: true,
		Changes: []models.Change{{Field: "status", Before: models.QuestionOpen, After: models.QuestionAnswered}}}
	if _, err := a.record(ctx, models.StreamQuestion+q.ID, q.Version, ea, c, q.WithoutAsker()); err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			a.repairQuestion(ctx, q.ID)
		}
		return nil, err
	}
	if err := a.db.ReplaceQuestion(ctx, q, prev); err != nil {
		return nil, fmt.Errorf("storing question %s after event %d: %w", q.ID, q.Version, err)
	}
	return q, nil
}

// repairQuestion brings a question's stored document up to its latest event,
// for the case where a process stopped between appending the answered event
// and storing the document. The public snapshot leaves the asker out, so the
// asker is kept from the stored document.
func (a *App) repairQuestion(ctx context.Context, id string) {
	q, err := a.db.QuestionByID(ctx, id)
	if err != nil {
		a.log.WarnContext(ctx, "repair: loading question", "id", id, "err", err)
		return
	}
	events, err := a.db.Events(ctx, models.StreamQuestion+id)
	if err != nil || len(events) == 0 {
		a.log.WarnContext(ctx, "repair: loading question events", "id", id, "err", err)
		return
	}
	last := events[len(events)-1]
	if last.Seq <= q.Version {
		return
	}
	var fixed models.Question
	if err := json.Unmarshal(last.Snapshot, &fixed); err != nil || fixed.Version != last.Seq || fixed.ID != q.ID {
		a.log.ErrorContext(ctx, "repair: unreadable question snapshot", "id", id, "seq", last.Seq, "err", err)
		return
	}
	fixed.AskedBy = q.AskedBy
	if err := a.db.ReplaceQuestion(ctx, &fixed, q.Version); err != nil {
		a.log.WarnContext(ctx, "repair: storing question", "id", id, "err", err)
		return
	}
	a.log.WarnContext(ctx, "repaired question from its event stream", "id", id, "from", q.Version, "to", fixed.Version)
}
