package scale

import (
	"fmt"
	"math"
	"strings"
	"time"

	"market/app"
	"market/models"
)

// bidEnd is the last moment a listing takes bids in its history: before
// its final deadline (with a margin) or its cancellation.
func bidEnd(s *skeleton) time.Time {
	end := s.final
	if !s.cancelled.IsZero() && s.cancelled.Before(end) {
		end = s.cancelled
	}
	return end.Add(-2 * time.Minute)
}

// bidCount draws how many organisations bid on a listing: about 3 on
// average, a few popular listings drawing 12 to 40 (at scale S, about
// 315,000 bids; questions below come to about 210,000).
func bidCount(r *rng, l *listingPlan) int {
	if r.chance(0.03) {
		return r.between(12, 40)
	}
	lambda := 3.1
	if l.kind == models.KindSMEHelp {
		lambda = 2.3
	}
	n := r.poisson(lambda * math.Exp(0.6*r.NormFloat64()-0.18))
	switch l.fate {
	case fateAwarded, fateCompleted:
		n = max(n, 1)
	case fateUnsuccessful:
		if r.chance(0.45) {
			n = 0
		}
	}
	return n
}

// bids plans the bids on a listing: when each organisation bids, and
// whether it replays its request, amends or withdraws (and bids again).
func (p *planner) bids(r *rng, l *listingPlan, s *skeleton, steps *stepList) {
	end := bidEnd(s)
	win := end.Sub(s.published)
	if win <= 0 {
		return
	}
	bidding := map[*orgPlan]bool{}
	for range bidCount(r, l) {
		at := s.published.Add(time.Duration(math.Sqrt(r.Float64()) * float64(win))) // most bids come late
		org := p.pools.provider(r, at, l, func(o *orgPlan) bool { return bidding[o] })
		if org == nil {
			continue
		}
		bidding[org] = true
		b := p.newBid(r, l, org, at)
		n := len(l.bids)
		l.bids = append(l.bids, b)
		steps.add(at, stBid, n)
		if b.key != "" && r.chance(0.03) {
			if t := at.Add(r.span(time.Second, 20*time.Second)); t.Before(end) {
				steps.add(t, stBidReplay, n)
			}
		}
		switch {
		case r.chance(0.04):
			b.withdraw = true
			wt := at.Add(time.Duration(r.Float64() * float64(end.Sub(at))))
			steps.add(wt, stBidWithdraw, n)
			if r.chance(0.5) { // and bids again
				rt := wt.Add(time.Duration(r.Float64() * float64(end.Sub(wt))))
				steps.add(rt, stBid, len(l.bids))
				l.bids = append(l.bids, p.newBid(r, l, org, rt))
			}
		case r.chance(0.10):
			price := *b.in.PriceFen / 100 * int64(r.between(88, 99))
			proposal := *b.in.Proposal + "\n\n" + pick(r, []string{"补充说明：优化了实施计划。", "补充：调整报价并增加培训服务。",
				"Revised: shorter delivery plan.", "补充：增加一名驻场工程师。"})
			b.amended = app.BidInput{PriceFen: &price, Proposal: &proposal}
			steps.add(at.Add(time.Duration(r.Float64()*float64(end.Sub(at)))), stBidAmend, n)
		}
	}
}

// newBid writes one organisation's bid on a listing.
func (p *planner) newBid(r *rng, l *listingPlan, org *orgPlan, at time.Time) *bidPlan {
	budget := *l.in.Budget
	price := roundTo(int64(float64(budget.MaxFen)*(0.55+0.47*r.Float64())), 10_000)
	days := r.between(30, 365)
	var b strings.Builder
	b.WriteString(pick(r, p.v.openings))
	for _, c := range l.caps {
		t := pick(r, p.v.tasks[c])
		if r.chance(0.5) {
			fmt.Fprintf(&b, "\n- 针对“%s”，%s。", t.zh, pick(r, []string{"采用成熟产品结合定制开发", "复用已在其他区落地的解决方案",
				"组建专门团队分阶段实施", "引入自主研发的核心组件"}))
		} else {
			fmt.Fprintf(&b, "\n- To %s, %s.", t.en, pick(r, []string{"we reuse our proven platform", "we deliver in two phases",
				"a dedicated team works on site", "we build on open standards"}))
		}
	}
	b.WriteString("\n" + pick(r, p.v.closings))
	proposal := b.String()
	team := make([]models.TeamMember, r.between(2, 6))
	for i := range team {
		team[i] = models.TeamMember{Name: newPerson(r).name, Role: pick(r, p.v.roles)}
	}
	bp := &bidPlan{org: org, user: org.member(r, at), in: app.BidInput{PriceFen: &price, DurationDays: &days, Proposal: &proposal, Team: &team}}
	if r.chance(0.35) {
		bp.key = idempotencyKey(r)
	}
	return bp
}

// questions plans the clarification questions and the buyer's answers.
func (p *planner) questions(r *rng, l *listingPlan, s *skeleton, steps *stepList) {
	end := bidEnd(s).Add(-time.Hour)
	win := end.Sub(s.published)
	if win <= 0 {
		return
	}
	lambda := 2.75
	if l.kind == models.KindSMEHelp {
		lambda = 1.45
	}
	answerBy := s.decidedAt
	if !s.cancelled.IsZero() {
		answerBy = s.cancelled
	}
	for range r.poisson(lambda) {
		at := s.published.Add(time.Duration(math.Pow(r.Float64(), 1.3) * float64(win))) // most come early
		org := p.pools.bidders.draw(r, at, func(o *orgPlan) bool { return o == l.buyer })
		if org == nil {
			continue
		}
		pair := pick(r, p.v.questions)
		if r.chance(0.3) && len(l.caps) > 0 {
			task := pick(r, p.v.tasks[pick(r, l.caps)])
			pair = qa{fmt.Sprintf("请问“%s”的具体范围和验收标准是什么？", task.zh),
				fmt.Sprintf("“%s”的范围以需求说明书第三章为准，验收以功能测试和第三方测评报告为依据。", task.zh)}
		}
		q := &questionPlan{org: org, user: org.member(r, at), text: pair.q, answer: pair.a}
		n := len(l.questions)
		l.questions = append(l.questions, q)
		steps.add(at, stAsk, n)
		if r.chance(0.85) {
			if t := at.Add(r.logSpan(time.Hour, 6*day)); answerBy.IsZero() || t.Before(answerBy) {
				q.answered = true
				steps.add(t, stAnswer, n)
			}
		}
	}
}

// evaluation plans what the buyer does after the deadline: disqualify
// some bids, score the others (on a third of the listings), award the best,
// or end without award; and, later, mark the delivery complete.
func (p *planner) evaluation(r *rng, l *listingPlan, s *skeleton, steps *stepList) {
	if s.evalFrom.IsZero() {
		return
	}
	until := s.decidedAt
	if l.fate == fateCancelledClosed {
		until = s.cancelled
	}
	var valid []int
	for i, b := range l.bids {
		if !b.withdraw {
			valid = append(valid, i)
		}
	}
	allOut := l.fate == fateUnsuccessful && r.chance(0.6)
	for _, i := range valid {
		l.bids[i].disqual = allOut || r.chance(0.05)
	}
	winner := -1
	scoring := r.chance(0.35)
	criteria := *l.in.Criteria
	for _, i := range valid {
		b := l.bids[i]
		if (l.fate == fateAwarded || l.fate == fateCompleted) && b.disqual && i == valid[len(valid)-1] && winner < 0 {
			b.disqual = false // one valid bid at least, for the award
		}
		at := s.evalFrom.Add(time.Duration(r.Float64() * float64(until.Sub(s.evalFrom))))
		switch {
		case b.disqual:
			steps.add(at, stDisqualify, i)
			continue
		case scoring:
			b.scores = map[string]int{}
			for k, c := range criteria {
				score := r.between(50, 98)
				b.scores[fmt.Sprintf("c%d", k+1)] = score
				b.total += float64(score*c.Weight) / 100
			}
			steps.add(at, stScore, i)
		default:
			b.total = -float64(*b.in.PriceFen) // unscored: the lowest price wins
			if b.amended.PriceFen != nil {
				b.total = -float64(*b.amended.PriceFen)
			}
		}
		if winner < 0 || b.total > l.bids[winner].total {
			winner = i
		}
	}
	switch l.fate {
	case fateAwarded, fateCompleted:
		if winner < 0 { // every bid was withdrawn, or none came: nothing to award
			steps.add(s.decidedAt, stUnsuccessful, 0)
			break
		}
		steps.add(s.decidedAt, stAward, winner)
		if l.fate == fateCompleted {
			steps.add(s.completed, stComplete, 0)
		}
	case fateUnsuccessful:
		steps.add(s.decidedAt, stUnsuccessful, 0)
	}
}
