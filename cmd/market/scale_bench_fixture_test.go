package main

// The scale benchmark's fixtures: the measured people and what they own,
// made through the API identically in both stores, with the numbers a
// typical person has at scale S, so that only the store around them differs.

import (
	"fmt"
	"net/http"
	"time"
)

// What a typical person has at scale S (100,000 listings, 300,000 bids,
// 200,000 questions, about 1,000,000 notifications, 20,000 organisations),
// given to the measured people in both stores.
const (
	// typicalBuyerListings: 100,000 listings of about 4,000 buying organisations.
	typicalBuyerListings = 25
	// typicalBidderBids: 300,000 bids of about 15,000 providers.
	typicalBidderBids = 20
	// typicalNotifications: about 1,000,000 notifications in 20,000 organisations.
	typicalNotifications = 50
	// typicalQuestions: 200,000 questions on 100,000 listings, a few each.
	typicalQuestions = 3
	// amendRounds is how often each of the bidder's amended listings is
	// amended: each amendment notifies the bidder once.
	amendRounds = 4
	// unverifiedOrgs are left unverified in both stores for the operator's
	// verification queue, and queuedListings under review for the review
	// queue: more than a page (20) of each, so that the page measured holds
	// as many items near-empty as at S.
	unverifiedOrgs = 25
	queuedListings = 25
	// matchedProviders more providers whose profiles match the harness's
	// listings: with the measured ones, more than a page of matches.
	matchedProviders = 20
)

// scaleCloseLead is how far ahead the harness sets the deadline of a
// listing that must close before it is measured (to be scored and
// awarded): enough for the few writes that follow its creation.
const scaleCloseLead = 20 * time.Second

// scaleOpenLead is the deadline of listings that stay open: far enough for
// amendments, which must leave 3 days.
const scaleOpenLead = 30 * 24 * time.Hour

// closedListing is a listing that closes with bids, to be scored and awarded.
type closedListing struct {
	id    string
	owner *scaleActor
	bid   string // the bid the harness scores and awards
}

// scaleWorld is what the harness made in one store.
type scaleWorld struct {
	t                   *scaleTarget
	seq, listings, bids int // counters for names, codes and idempotency keys
	actors              []*scaleActor
	op                  *scaleActor
	// The measured people: a typical buyer and bidder, and two rivals.
	buyer, bidder, rival1, rival2 *scaleActor
	// The writers: their listings, bids and questions are the targets of
	// the measured writes, so the measured people keep typical numbers.
	writer, writerBidder, asker *scaleActor
	// judge owns the listings that close with bids from judged1 and judged2.
	judge, judged1, judged2 *scaleActor
	// typical is the listing page measured: awarded, with a typical
	// history, answered questions and an award; typicalBids its bids.
	typical     string
	typicalBids []string
	// matchListing is a published listing of buyer, for matching.
	matchListing string
	// short are two more listings of the buyer that close with the bidder's
	// bid: the first is awarded to it, the second stays closed.
	short    []closedListing
	closed   []closedListing // the targets of score and award
	lastDue  time.Time       // the latest deadline of a listing that must close
	pipeline scalePipeline   // the targets of the other writes
}

// people signs the operator in and registers everybody else.
func (w *scaleWorld) people(operatorEmail string) error {
	var err error
	if w.op, err = w.signIn(operatorEmail); err != nil {
		return err
	}
	if w.buyer, err = w.register("buyer", "government", false, true); err != nil {
		return err
	}
	for _, p := range []**scaleActor{&w.bidder, &w.rival1, &w.rival2, &w.writerBidder, &w.asker, &w.judged1, &w.judged2} {
		if *p, err = w.provider("provider"); err != nil {
			return err
		}
	}
	if w.writer, err = w.register("writer", "government", false, true); err != nil {
		return err
	}
	if w.judge, err = w.register("judge", "government", false, true); err != nil {
		return err
	}
	for range unverifiedOrgs {
		if _, err := w.register("applicant", "enterprise", true, false); err != nil {
			return err
		}
	}
	for range matchedProviders {
		if _, err := w.provider("provider"); err != nil {
			return err
		}
	}
	return nil
}

// reviewQueue submits queuedListings listings of the writer for review.
func (w *scaleWorld) reviewQueue() error {
	deadline := time.Now().Add(scaleOpenLead)
	for range queuedListings {
		l, err := w.draft(w.writer, deadline)
		if err != nil {
			return err
		}
		if _, err := w.act(w.writer, l.ID, "submit", nil); err != nil {
			return err
		}
	}
	return nil
}

// due notes a deadline the harness waits for.
func (w *scaleWorld) due(t time.Time) {
	if t.After(w.lastDue) {
		w.lastDue = t
	}
}

// typicalListing makes the measured listing page: drafted, edited,
// submitted, approved and extended (its history then closes and awards
// it), bid on by the bidder and both rivals, with a question from each,
// answered. Its deadline is scaleCloseLead (plus the extension) away.
func (w *scaleWorld) typicalListing() error {
	deadline := time.Now().Add(scaleCloseLead)
	l, err := w.draft(w.buyer, deadline)
	if err != nil {
		return err
	}
	if err := w.t.call(scaleReq{what: "edit draft", method: http.MethodPatch, path: "/api/v1/opportunities/" + l.ID, token: w.buyer.token,
		body: jsonBody(map[string]any{"version": l.Version, "title": "徐汇区智慧城市数字孪生平台（一期）Smart city digital twin platform, phase 1"}),
		want: http.StatusOK}, nil); err != nil {
		return err
	}
	if _, err := w.act(w.buyer, l.ID, "submit", nil); err != nil {
		return err
	}
	if _, err := w.act(w.op, l.ID, "approve", nil); err != nil {
		return err
	}
	deadline = deadline.Add(2 * time.Second)
	if _, err := w.act(w.buyer, l.ID, "extend", map[string]any{"bidDeadline": deadline.UTC().Format(time.RFC3339Nano),
		"reason": "延长以便补充材料 More time for documents"}); err != nil {
		return err
	}
	w.due(deadline)
	w.typical = l.ID
	for i, who := range []*scaleActor{w.bidder, w.rival1, w.rival2}[:typicalQuestions] {
		b, err := w.bid(who, l.ID, int64(90_000_000+i*1_000_000))
		if err != nil {
			return err
		}
		w.typicalBids = append(w.typicalBids, b.ID)
		q, err := w.ask(who, l.ID, fmt.Sprintf("第%d个问题：是否需要对接现有系统？Question %d: must it connect to existing systems?", i+1, i+1))
		if err != nil {
			return err
		}
		if err := w.answer(w.buyer, l.ID, q); err != nil {
			return err
		}
	}
	return nil
}

// closingListing publishes a listing of owner that closes scaleCloseLead
// from now, with a bid from each of bidders; it returns the first bid.
func (w *scaleWorld) closingListing(owner *scaleActor, bidders ...*scaleActor) (closedListing, error) {
	deadline := time.Now().Add(scaleCloseLead)
	l, err := w.publish(owner, deadline)
	if err != nil {
		return closedListing{}, err
	}
	w.due(deadline)
	c := closedListing{id: l.ID, owner: owner}
	for i, who := range bidders {
		b, err := w.bid(who, l.ID, int64(80_000_000+i*1_000_000))
		if err != nil {
			return c, err
		}
		if i == 0 {
			c.bid = b.ID
		}
	}
	return c, nil
}

// closing makes every listing that must close: the typical one first, two
// more of the buyer, and n of the judge for score and award.
func (w *scaleWorld) closing(n int) error {
	if err := w.typicalListing(); err != nil {
		return err
	}
	for range 2 {
		c, err := w.closingListing(w.buyer, w.bidder, w.rival1)
		if err != nil {
			return err
		}
		w.short = append(w.short, c)
	}
	for range n {
		c, err := w.closingListing(w.judge, w.judged1, w.judged2)
		if err != nil {
			return err
		}
		w.closed = append(w.closed, c)
	}
	return nil
}

// open makes the buyer's other listings: published ones the bidder bids
// on (some amended, which notifies the bidder), drafts and listings under
// review, up to typicalBuyerListings in all.
func (w *scaleWorld) open() error {
	deadline := time.Now().Add(scaleOpenLead)
	// The bidder's other bids; of its notifications, two are awards (it
	// wins a short listing and loses the typical one), the others amendments.
	published := typicalBidderBids - 1 - len(w.short)
	amended := (typicalNotifications - 2) / amendRounds
	pending := 2
	drafts := typicalBuyerListings - 1 - len(w.short) - published - pending
	for i := range published {
		l, err := w.publish(w.buyer, deadline)
		if err != nil {
			return err
		}
		if i == 0 {
			w.matchListing = l.ID
		}
		if _, err := w.bid(w.bidder, l.ID, int64(70_000_000+i)); err != nil {
			return err
		}
		for r := range amendRounds {
			if i >= amended {
				break
			}
			if l, err = w.amend(w.buyer, l, r+1); err != nil {
				return err
			}
		}
	}
	for i := range pending + drafts {
		l, err := w.draft(w.buyer, deadline)
		if err != nil {
			return err
		}
		if i < pending {
			if _, err := w.act(w.buyer, l.ID, "submit", nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// closeOut runs once every listing that must close is due: it checks that
// each has closed (a read closes a due listing), scores the typical
// listing's bids and awards it to a rival, awards the first short listing
// to the bidder, and checks the measured people's numbers.
func (w *scaleWorld) closeOut() error {
	check := func(id string, owner *scaleActor) error {
		var l listingRef
		if err := w.t.call(scaleReq{what: "read closed listing", method: http.MethodGet, path: "/api/v1/opportunities/" + id,
			token: owner.token, want: http.StatusOK}, &l); err != nil {
			return err
		}
		if l.Status != "closed" {
			return fmt.Errorf("listing %s on the %s store is %s, want closed", id, w.t.name, l.Status)
		}
		return nil
	}
	if err := check(w.typical, w.buyer); err != nil {
		return err
	}
	for _, c := range append(append([]closedListing{}, w.short...), w.closed...) {
		if err := check(c.id, c.owner); err != nil {
			return err
		}
	}
	for _, id := range w.typicalBids {
		if err := w.t.call(scaleReq{what: "score", method: http.MethodPut, path: "/api/v1/bids/" + id + "/scores",
			token: w.buyer.token, body: scoreBody(), want: http.StatusOK}, nil); err != nil {
			return err
		}
	}
	if _, err := w.act(w.buyer, w.typical, "award", map[string]string{"bidId": w.typicalBids[1], "reason": "综合得分最高 Highest total score"}); err != nil {
		return err
	}
	if _, err := w.act(w.buyer, w.short[0].id, "award", map[string]string{"bidId": w.short[0].bid, "reason": "价格最优 Best price"}); err != nil {
		return err
	}
	return w.checkTypical()
}

// checkTypical checks that the measured people have the typical numbers.
func (w *scaleWorld) checkTypical() error {
	var mine, notes struct {
		Total int `json:"total"`
	}
	var bids struct {
		Items []idRef `json:"items"`
	}
	if err := w.t.call(scaleReq{what: "dashboard", method: http.MethodGet, path: "/api/v1/opportunities?mine=true",
		token: w.buyer.token, want: http.StatusOK}, &mine); err != nil {
		return err
	}
	if err := w.t.call(scaleReq{what: "my bids", method: http.MethodGet, path: "/api/v1/me/bids",
		token: w.bidder.token, want: http.StatusOK}, &bids); err != nil {
		return err
	}
	if err := w.t.call(scaleReq{what: "notifications", method: http.MethodGet, path: "/api/v1/me/notifications",
		token: w.bidder.token, want: http.StatusOK}, &notes); err != nil {
		return err
	}
	if mine.Total != typicalBuyerListings || len(bids.Items) != typicalBidderBids || notes.Total != typicalNotifications {
		return fmt.Errorf("on the %s store the buyer has %d listings, the bidder %d bids and %d notifications; want %d, %d and %d",
			w.t.name, mine.Total, len(bids.Items), notes.Total, typicalBuyerListings, typicalBidderBids, typicalNotifications)
	}
	return w.checkPages()
}

// checkPages checks that the measured pages show what the report says:
// the typical listing awarded with its answered questions, and searches,
// matches and recommendations that find something on both stores.
func (w *scaleWorld) checkPages() error {
	var page struct {
		Status string `json:"status"`
		Award  *struct {
			BidID string `json:"bidId"`
		} `json:"award"`
	}
	var qs struct {
		Items []struct {
			Answer string `json:"answer"`
		} `json:"items"`
	}
	if err := w.t.call(get("listing", "/api/v1/opportunities/"+w.typical, w.bidder), &page); err != nil {
		return err
	}
	if err := w.t.call(get("questions", "/api/v1/opportunities/"+w.typical+"/questions", w.bidder), &qs); err != nil {
		return err
	}
	answered := 0
	for _, q := range qs.Items {
		if q.Answer != "" {
			answered++
		}
	}
	if page.Status != "awarded" || page.Award == nil || answered != typicalQuestions {
		return fmt.Errorf("on the %s store the typical listing is %s (award %v) with %d answered questions, want awarded with %d",
			w.t.name, page.Status, page.Award != nil, answered, typicalQuestions)
	}
	finds := []scaleReq{get("matches", "/api/v1/opportunities/"+w.matchListing+"/matches", w.buyer),
		get("recommendations", "/api/v1/me/recommendations", w.bidder)}
	for _, q := range searchQueries() {
		finds = append(finds, get("search", "/api/v1/opportunities?"+q, w.bidder))
	}
	for _, r := range finds {
		var found struct {
			Total int `json:"total"`
		}
		if err := w.t.call(r, &found); err != nil {
			return err
		}
		if found.Total == 0 {
			return fmt.Errorf("on the %s store %s finds nothing: %s", w.t.name, r.what, r.path)
		}
	}
	return nil
}
