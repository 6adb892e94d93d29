package scale

import (
	"time"

	"market/app"
	"market/models"
)

// stepKind is what one step of a listing's history does.
type stepKind int

// The steps, each one use case of the App.
const (
	stCreate stepKind = iota
	stEdit
	stSubmit
	stReject
	stApprove
	stAmend
	stExtend
	stCancel
	stBid
	stBidReplay
	stBidAmend
	stBidWithdraw
	stAsk
	stAnswer
	stClose
	stScore
	stDisqualify
	stAward
	stUnsuccessful
	stComplete
)

// step is one action on a listing at a time; n is the bid or question it
// concerns, or the edit.
type step struct {
	at   time.Time
	kind stepKind
	n    int
}

// listingPlan is one listing's whole history, planned before any of it is
// played: what it says, who owns it, and its steps in time order.
type listingPlan struct {
	idx     int
	fate    fate
	kind    string
	buyer   *orgPlan
	smeOnly bool
	caps    []string
	in      app.OpportunityInput
	edits   []app.OpportunityInput // draft edits and amendments, in order
	// deadlines are the deadlines extensions set, in order.
	deadlines []time.Time
	bids      []*bidPlan
	questions []*questionPlan
	steps     []step
}

// bidPlan is one bid: who places it, what it offers and what becomes of it.
type bidPlan struct {
	org      *orgPlan
	user     *userPlan
	in       app.BidInput
	amended  app.BidInput
	key      string
	scores   map[string]int
	total    float64
	withdraw bool
	disqual  bool
}

// questionPlan is one clarification question and its answer, if any.
type questionPlan struct {
	user     *userPlan
	org      *orgPlan
	text     string
	answer   string
	answered bool
}

// skeleton is the times of a listing's own steps, before bids and
// questions are drawn: zero times are steps it does not take.
type skeleton struct {
	created             time.Time
	edits               []time.Time
	submits             []time.Time // one, or two after a rejection
	rejected            time.Time
	published           time.Time
	deadline            time.Time // as first set
	amendAt, extendAt   time.Time
	amendTo, extendTo   time.Time // the deadlines they set (zero: unchanged)
	final               time.Time // the deadline in force at the end
	cancelled           time.Time
	evalFrom, decidedAt time.Time // evaluation, then award or failure
	completed           time.Time
}

// shift moves every time of the skeleton by d.
func (s *skeleton) shift(d time.Duration) {
	for _, t := range []*time.Time{&s.created, &s.rejected, &s.published, &s.deadline, &s.amendAt, &s.extendAt,
		&s.amendTo, &s.extendTo, &s.final, &s.cancelled, &s.evalFrom, &s.decidedAt, &s.completed} {
		if !t.IsZero() {
			*t = t.Add(d)
		}
	}
	for _, list := range [][]time.Time{s.edits, s.submits} {
		for i := range list {
			list[i] = list[i].Add(d)
		}
	}
}

// last returns the latest time of the skeleton.
func (s *skeleton) last() time.Time {
	last := s.created
	for _, t := range []time.Time{s.rejected, s.published, s.final, s.cancelled, s.decidedAt, s.completed} {
		if t.After(last) {
			last = t
		}
	}
	for _, list := range [][]time.Time{s.edits, s.submits} {
		for _, t := range list {
			if t.After(last) {
				last = t
			}
		}
	}
	return last
}

// roundDeadlines sets every deadline to a whole minute, as buyers set
// them, and the final one to the last set.
func (s *skeleton) roundDeadlines() *skeleton {
	for _, t := range []*time.Time{&s.deadline, &s.amendTo, &s.extendTo} {
		*t = t.Truncate(time.Minute)
	}
	s.final = s.deadline
	for _, t := range []time.Time{s.amendTo, s.extendTo} {
		if !t.IsZero() {
			s.final = t
		}
	}
	return s
}

// planSkeleton draws the times of a listing of fate f and kind, built
// forward from its creation and then placed in the history: recent for
// the fates that describe the present, anywhere (as the market grew) for
// the others, always ending before tl.end.
func planSkeleton(r *rng, f fate, gov bool, tl *timeline) *skeleton {
	s := &skeleton{created: tl.start}
	t := s.created
	// Drafting, and for some a few edits.
	for range r.weighted([]float64{70, 23, 7}) {
		t = t.Add(r.logSpan(10*time.Minute, 3*day))
		s.edits = append(s.edits, t)
	}
	window := r.span(10*day, 45*day)
	if !gov {
		window = r.span(7*day, 30*day)
	}
	switch f {
	case fateDraft:
		s.deadline = s.created.Add(r.span(20*day, 60*day))
		return placeDraft(r, s, tl)
	case fatePending, fateRejected, fateCancelledInReview:
		t = t.Add(r.logSpan(30*time.Minute, 7*day))
		s.submits = append(s.submits, t)
		s.deadline = t.Add(r.span(14*day, 60*day))
		switch f {
		case fateRejected:
			s.rejected = t.Add(r.logSpan(2*time.Hour, 5*day))
		case fateCancelledInReview:
			s.cancelled = t.Add(r.logSpan(time.Hour, 6*day))
		}
		if f == fatePending {
			return placeAt(s, tl.end.Add(-r.logSpan(time.Hour, 12*day)), s.submits[0])
		}
		return placeInHistory(r, s, tl)
	}
	// Published, after review for a government need (rejected once for some).
	t = t.Add(r.logSpan(30*time.Minute, 7*day))
	s.submits = append(s.submits, t)
	if gov {
		if r.chance(0.06) {
			s.rejected = t.Add(r.logSpan(2*time.Hour, 5*day))
			t = s.rejected.Add(r.logSpan(2*time.Hour, 5*day))
			s.edits = append(s.edits, t)
			t = t.Add(r.logSpan(10*time.Minute, 2*day))
			s.submits = append(s.submits, t)
		}
		t = t.Add(r.logSpan(2*time.Hour, 5*day))
	}
	s.published = t
	s.deadline = t.Add(window)
	planDeadlineMoves(r, s)
	planOutcome(r, f, s)
	switch f {
	case fateOpen:
		// Published in the last weeks, the deadline still to come.
		span := s.final.Sub(s.published)
		return placeAt(s, tl.end.Add(-r.span(time.Hour, min(span-time.Hour, 40*day))), s.published)
	case fateClosed:
		return placeAt(s, tl.end.Add(-r.logSpan(time.Hour, 50*day)), s.final)
	}
	return placeInHistory(r, s, tl)
}

// planDeadlineMoves adds, to some published listings, an amendment and an
// extension before the deadline.
func planDeadlineMoves(r *rng, s *skeleton) {
	s.final = s.deadline
	if r.chance(0.10) {
		s.amendAt = s.published.Add(time.Duration(r.Float64() * 0.8 * float64(s.final.Sub(s.published))))
		if s.final.Sub(s.amendAt) < models.MinAmendmentLead+time.Hour || r.chance(0.3) {
			s.amendTo = s.amendAt.Add(models.MinAmendmentLead + r.span(day, 10*day))
			if s.amendTo.Before(s.final) {
				s.amendTo = s.final.Add(r.span(day, 7*day))
			}
			s.final = s.amendTo
		}
	}
	if r.chance(0.07) {
		from := s.published
		if !s.amendAt.IsZero() {
			from = s.amendAt.Add(time.Hour)
		}
		s.extendAt = from.Add(time.Duration((0.3 + 0.65*r.Float64()) * float64(s.final.Sub(from))))
		s.extendTo = s.final.Add(r.span(5*day, 21*day))
		s.final = s.extendTo
	}
}

// planOutcome sets what happens after publication: cancellation, the
// evaluation and its outcome, completion.
func planOutcome(r *rng, f fate, s *skeleton) {
	switch f {
	case fateCancelledOpen:
		s.cancelled = s.published.Add(time.Duration((0.1 + 0.85*r.Float64()) * float64(s.final.Sub(s.published))))
		s.amendAt, s.extendAt, s.amendTo, s.extendTo, s.final = time.Time{}, time.Time{}, time.Time{}, time.Time{}, s.deadline
		if !s.cancelled.Before(s.final) {
			s.cancelled = s.final.Add(-time.Hour)
		}
		return
	case fateOpen:
		return
	}
	s.evalFrom = s.final.Add(r.logSpan(6*time.Hour, 10*day))
	switch f {
	case fateCancelledClosed:
		s.cancelled = s.evalFrom.Add(r.logSpan(day, 30*day))
	case fateClosed:
		s.decidedAt = s.evalFrom.Add(r.logSpan(day, 25*day)) // never reached: the history ends first
	default:
		s.decidedAt = s.evalFrom.Add(r.logSpan(day, 25*day))
	}
	if f == fateCompleted {
		s.completed = s.decidedAt.Add(r.span(45*day, 420*day))
	}
}

// placeDraft places a draft: most were started in the last months, the
// rest were abandoned long ago.
func placeDraft(r *rng, s *skeleton, tl *timeline) *skeleton {
	if r.chance(0.6) {
		return placeAt(s, tl.end.Add(-r.logSpan(time.Hour, 120*day)), s.created)
	}
	return placeInHistory(r, s, tl)
}

// placeAt shifts s so that its time at becomes to.
func placeAt(s *skeleton, to, at time.Time) *skeleton {
	s.shift(to.Sub(at))
	return s
}

// placeInHistory shifts s to start at a time drawn as the market grew,
// late enough to be in the history and early enough to end before its end.
func placeInHistory(r *rng, s *skeleton, tl *timeline) *skeleton {
	span := s.last().Sub(s.created)
	from, to := tl.start.Add(20*day), tl.end.Add(-span-time.Hour)
	if !to.After(from) {
		to = from.Add(time.Hour)
	}
	return placeAt(s, growth(r, from, to), s.created)
}
