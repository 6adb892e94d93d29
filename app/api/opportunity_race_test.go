package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"market/app/api"
)

// These tests race requests at one listing through a real HTTP listener and
// the real embedded database (run with -race). Each fails on a lost update:
// two changes both reported as done while only one is kept, or the stored
// listing disagreeing with its event stream.

// newRaceWorld is a server with a verified government buyer (the owner) and
// an operator; the other roles of azWorld stay empty.
func newRaceWorld(t *testing.T) (*azWorld, string) {
	t.Helper()
	w := newRaceWorldOn(t, newEnv(t, api.LoginLimits{}))
	return w, w.listen()
}

// newRaceWorldOn makes newRaceWorld's accounts on e's server.
func newRaceWorldOn(t *testing.T, e *env) *azWorld {
	t.Helper()
	w := &azWorld{env: e}
	w.who[azOwner] = w.register("owner@gov.example", "government", false)
	w.who[azOperator] = w.operator()
	if r := w.do("POST", "/api/v1/admin/organizations/"+w.who[azOwner].OrgID+"/verify", nil, w.who[azOperator].bearer()...); r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	return w
}

// raceResult is one raced request's answer.
type raceResult struct {
	status int
	code   string // the problem code of an error
	body   []byte
	err    error
}

// outcome renders the result as the authorisation matrix writes it.
func (r raceResult) outcome() string {
	if r.err != nil {
		return "error: " + r.err.Error()
	}
	if r.code != "" {
		return fmt.Sprintf("%d %s", r.status, r.code)
	}
	return fmt.Sprint(r.status)
}

// raceCall sends one request; it is safe to call from any goroutine.
func raceCall(base, method, path string, body any, s session) raceResult {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return raceResult{err: err}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		return raceResult{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+s.Access)
	client := &http.Client{Timeout: 60 * time.Second}
	res, err := client.Do(req)
	if err != nil {
		return raceResult{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	r := raceResult{status: res.StatusCode, body: b, err: err}
	if res.StatusCode >= 400 {
		var p struct {
			Code string `json:"code"`
		}
		_ = json.Unmarshal(b, &p)
		r.code = p.Code
	}
	return r
}

// raceAll runs the calls at once (released together) and returns their results in order.
func raceAll(calls ...func() raceResult) []raceResult {
	out := make([]raceResult, len(calls))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, call := range calls {
		wg.Go(func() {
			<-start
			out[i] = call()
		})
	}
	close(start)
	wg.Wait()
	return out
}

// raceEvent is a history entry as the race tests read it.
type raceEvent struct {
	Seq     int    `json:"seq"`
	Type    string `json:"type"`
	Changes []struct {
		Field  string `json:"field"`
		Before any    `json:"before"`
		After  any    `json:"after"`
	} `json:"changes"`
}

// history returns a listing's full history as its owner reads it.
func (w *azWorld) history(t *testing.T, id string) []raceEvent {
	t.Helper()
	r := w.do("GET", "/api/v1/opportunities/"+id+"/history", nil, w.auth(azOwner)...)
	if r.Status != 200 {
		t.Fatalf("history: %d %s", r.Status, r.Body)
	}
	var h struct {
		Items []raceEvent `json:"items"`
	}
	r.decode(t, &h)
	return h.Items
}

// stored reads a listing as its owner.
func (w *azWorld) stored(t *testing.T, id string) azListing {
	t.Helper()
	return w.must(t, "reading back", w.do("GET", "/api/v1/opportunities/"+id, nil, w.auth(azOwner)...), 200)
}

// raceConsistent checks that the stored listing is its event stream's last
// word: one event per version, seq 1..version, each status change starting
// where the previous one ended, the last one ending at the stored status.
// It returns the event types.
func raceConsistent(t *testing.T, l azListing, events []raceEvent) []string {
	t.Helper()
	types := make([]string, len(events))
	status := azDraft // every listing starts as a draft
	for i, e := range events {
		types[i] = e.Type
		if e.Seq != i+1 {
			t.Errorf("listing %s: event %d has seq %d", l.ID, i+1, e.Seq)
		}
		for _, c := range e.Changes {
			if c.Field != "status" {
				continue
			}
			if c.Before != status {
				t.Errorf("listing %s: event %d (%s) changes status from %v, but it was %s: %v", l.ID, e.Seq, e.Type, c.Before, status, types[:i+1])
			}
			status, _ = c.After.(string)
		}
	}
	if len(events) != l.Version {
		t.Errorf("listing %s is at version %d with %d events: %v", l.ID, l.Version, len(events), types)
	}
	if status != l.Status {
		t.Errorf("listing %s is %s, its events end at %s: %v", l.ID, l.Status, status, types)
	}
	return types
}

// raceCount returns how many times s occurs in list.
func raceCount(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// TestRaceConcurrentDraftEditsOneWins: 32 edits of one draft, all based on
// the same version: exactly one is kept, the rest are told of the conflict.
func TestRaceConcurrentDraftEditsOneWins(t *testing.T) {
	t.Parallel()
	w, base := newRaceWorld(t)
	raceConcurrentDraftEditsOneWins(t, w, base)
}

// raceConcurrentDraftEditsOneWins runs TestRaceConcurrentDraftEditsOneWins on w, served at base.
func raceConcurrentDraftEditsOneWins(t *testing.T, w *azWorld, base string) {
	l := w.drive(t, azDraft)
	const n = 32
	calls := make([]func() raceResult, n)
	for i := range calls {
		body := map[string]any{"version": l.Version, "title": fmt.Sprintf("并发编辑 concurrent edit %02d", i)}
		calls[i] = func() raceResult { return raceCall(base, "PATCH", "/api/v1/opportunities/"+l.ID, body, w.who[azOwner]) }
	}
	results := raceAll(calls...)

	winner, conflicts := -1, 0
	for i, r := range results {
		switch r.outcome() {
		case "200":
			if winner >= 0 {
				t.Errorf("edits %d and %d of version %d both succeeded", winner, i, l.Version)
			}
			winner = i
		case "409 conflict":
			conflicts++
		default:
			t.Errorf("edit %d: %s %s", i, r.outcome(), r.body)
		}
	}
	if winner < 0 || conflicts != n-1 {
		t.Fatalf("%d edits of version %d: winner %d, %d conflicts; want exactly one 200 and %d 409 conflict", n, l.Version, winner, conflicts, n-1)
	}
	got := w.stored(t, l.ID)
	if want := fmt.Sprintf("并发编辑 concurrent edit %02d", winner); got.Version != l.Version+1 || got.Title != want {
		t.Errorf("stored v%d %q, want v%d %q (the winner's)", got.Version, got.Title, l.Version+1, want)
	}
	types := raceConsistent(t, got, w.history(t, l.ID))
	if raceCount(types, "opportunity.edited") != 1 {
		t.Errorf("history %v, want exactly one opportunity.edited", types)
	}
}

// TestRaceApproveAgainstCancel races an operator's approval with the
// owner's cancellation of a listing under review, on 10 listings at once.
func TestRaceApproveAgainstCancel(t *testing.T) {
	t.Parallel()
	w, base := newRaceWorld(t)
	raceApproveAgainstCancel(t, w, base)
}

// raceApproveAgainstCancel runs TestRaceApproveAgainstCancel on w, served at base.
func raceApproveAgainstCancel(t *testing.T, w *azWorld, base string) {
	const rounds = 10
	listings := make([]azListing, rounds)
	for i := range listings {
		listings[i] = w.drive(t, azPending)
	}
	// Every round's pair races at the same moment.
	var calls []func() raceResult
	for _, l := range listings {
		calls = append(calls,
			func() raceResult {
				return raceCall(base, "POST", "/api/v1/opportunities/"+l.ID+"/approve", nil, w.who[azOperator])
			},
			func() raceResult {
				return raceCall(base, "POST", "/api/v1/opportunities/"+l.ID+"/cancel", azReason, w.who[azOwner])
			})
	}
	results := raceAll(calls...)

	// The lifecycle allows cancelling a published listing, so the two
	// serial orders are: cancel first (approve then finds it cancelled), or
	// approve first and then cancel (both succeed). Anything else lost a change.
	orders := map[string]int{}
	for i, l := range listings {
		approve, cancel := results[2*i], results[2*i+1]
		got := w.stored(t, l.ID)
		types := raceConsistent(t, got, w.history(t, l.ID))
		after := types[slices.Index(types, "opportunity.submitted")+1:]
		switch {
		case approve.outcome() == "409 invalid_state" && cancel.outcome() == "200":
			orders["cancel first"]++
			if got.Status != "cancelled" || got.PublishedAt != nil || !slices.Equal(after, []string{"opportunity.cancelled"}) {
				t.Errorf("round %d, cancel won: stored %s (publishedAt %v), events after submission %v", i, got.Status, got.PublishedAt, after)
			}
		case approve.outcome() == "200" && cancel.outcome() == "200":
			orders["approve first"]++
			if got.Status != "cancelled" || got.PublishedAt == nil || !slices.Equal(after, []string{"opportunity.published", "opportunity.cancelled"}) {
				t.Errorf("round %d, approve then cancel: stored %s (publishedAt %v), events after submission %v", i, got.Status, got.PublishedAt, after)
			}
		default:
			t.Errorf("round %d: approve %s %s, cancel %s %s; stored %s, events after submission %v", i,
				approve.outcome(), approve.body, cancel.outcome(), cancel.body, got.Status, after)
		}
	}
	t.Logf("orders: %v", orders)
}

// TestRaceExclusiveReviewOutcomes races pairs of which exactly one can
// happen: cancel against reject (a rejected listing cannot be cancelled, a
// cancelled one cannot be rejected) and approve against reject.
func TestRaceExclusiveReviewOutcomes(t *testing.T) {
	t.Parallel()
	w, base := newRaceWorld(t)
	raceExclusiveReviewOutcomes(t, w, base)
}

// raceExclusiveReviewOutcomes runs TestRaceExclusiveReviewOutcomes on w, served at base.
func raceExclusiveReviewOutcomes(t *testing.T, w *azWorld, base string) {
	type pair struct {
		a, b       string // actions
		aBy, bBy   int    // roles
		aTo, bTo   string // the listing's status when that one wins
		aEvt, bEvt string
	}
	pairs := []pair{
		{"cancel", "reject", azOwner, azOperator, "cancelled", azRejected, "opportunity.cancelled", "opportunity.rejected"},
		{"approve", "reject", azOperator, azOperator, azPublished, azRejected, "opportunity.published", "opportunity.rejected"},
	}
	const rounds = 3
	var listings []azListing
	var calls []func() raceResult
	body := func(action string) any {
		if action == "approve" {
			return nil
		}
		return azReason
	}
	for _, p := range pairs {
		for range rounds {
			l := w.drive(t, azPending)
			listings = append(listings, l)
			calls = append(calls,
				func() raceResult {
					return raceCall(base, "POST", "/api/v1/opportunities/"+l.ID+"/"+p.a, body(p.a), w.who[p.aBy])
				},
				func() raceResult {
					return raceCall(base, "POST", "/api/v1/opportunities/"+l.ID+"/"+p.b, body(p.b), w.who[p.bBy])
				})
		}
	}
	results := raceAll(calls...)
	for i, l := range listings {
		p := pairs[i/rounds]
		ra, rb := results[2*i], results[2*i+1]
		got := w.stored(t, l.ID)
		types := raceConsistent(t, got, w.history(t, l.ID))
		after := types[slices.Index(types, "opportunity.submitted")+1:]
		var wantStatus, wantEvent string
		switch {
		case ra.outcome() == "200" && rb.outcome() == "409 invalid_state":
			wantStatus, wantEvent = p.aTo, p.aEvt
		case rb.outcome() == "200" && ra.outcome() == "409 invalid_state":
			wantStatus, wantEvent = p.bTo, p.bEvt
		default:
			t.Errorf("%s vs %s, round %d: %s %s / %s %s; want exactly one 200 and one 409 invalid_state", p.a, p.b, i%rounds,
				ra.outcome(), ra.body, rb.outcome(), rb.body)
			continue
		}
		if got.Status != wantStatus || !slices.Equal(after, []string{wantEvent}) {
			t.Errorf("%s vs %s, round %d: stored %s, events after submission %v; want %s and exactly [%s]", p.a, p.b, i%rounds,
				got.Status, after, wantStatus, wantEvent)
		}
	}
}

// TestRaceExtendAgainstAmendment races the owner's extension (which carries
// no version) with its amendment (based on the version it read) of a
// published listing: both kept, or the amendment refused as stale.
func TestRaceExtendAgainstAmendment(t *testing.T) {
	t.Parallel()
	w, base := newRaceWorld(t)
	const rounds = 5
	listings := make([]azListing, rounds)
	for i := range listings {
		listings[i] = w.drive(t, azPublished)
	}
	const amended = "修订标题 amended title"
	var calls []func() raceResult
	for _, l := range listings {
		extend := map[string]any{"bidDeadline": l.BidDeadline.Add(7 * 24 * time.Hour).Format(time.RFC3339), "reason": "延期 more time"}
		amend := map[string]any{"version": l.Version, "title": amended, "amendmentReason": "澄清 clarified"}
		calls = append(calls,
			func() raceResult {
				return raceCall(base, "POST", "/api/v1/opportunities/"+l.ID+"/extend", extend, w.who[azOwner])
			},
			func() raceResult {
				return raceCall(base, "PATCH", "/api/v1/opportunities/"+l.ID, amend, w.who[azOwner])
			})
	}
	results := raceAll(calls...)

	orders := map[string]int{}
	for i, l := range listings {
		ext, amd := results[2*i], results[2*i+1]
		got := w.stored(t, l.ID)
		types := raceConsistent(t, got, w.history(t, l.ID))
		after := types[slices.Index(types, "opportunity.published")+1:]
		extended := got.BidDeadline.Equal(l.BidDeadline.Add(7 * 24 * time.Hour))
		if ext.outcome() != "200" {
			t.Errorf("round %d: extend %s %s; it carries no version and must succeed either way", i, ext.outcome(), ext.body)
			continue
		}
		switch amd.outcome() {
		case "200": // amendment first, then the extension: both kept
			orders["both"]++
			if !extended || got.Title != amended || got.Version != l.Version+2 ||
				!slices.Equal(after, []string{"opportunity.amended", "opportunity.extended"}) {
				t.Errorf("round %d, both succeeded: stored v%d %q deadline %v (extended %v), events after publication %v; want both changes kept",
					i, got.Version, got.Title, got.BidDeadline, extended, after)
			}
		case "409 conflict": // the extension first: the amendment's version is stale
			orders["extend first"]++
			if !extended || got.Title != l.Title || got.Version != l.Version+1 || !slices.Equal(after, []string{"opportunity.extended"}) {
				t.Errorf("round %d, amendment refused: stored v%d %q deadline %v (extended %v), events after publication %v",
					i, got.Version, got.Title, got.BidDeadline, extended, after)
			}
		default:
			t.Errorf("round %d: amendment %s %s", i, amd.outcome(), amd.body)
		}
	}
	t.Logf("orders: %v", orders)
}
