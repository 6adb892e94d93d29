package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"market/app/api"
)

// The roles of the authorisation matrix, in column order.
const (
	azAnonymous  = iota // no token
	azOwner             // member of the verified government body that owns the listing
	azOtherBuyer        // member of another verified government body
	azEnterprise        // member of a verified (non-SME) enterprise: a provider
	azSME               // member of a verified SME enterprise
	azOperator          // platform operator
	azRoles
)

var azRoleNames = [azRoles]string{"anonymous", "owner", "other-buyer", "enterprise", "sme", "operator"}

// Expected outcomes, short so that the matrix below reads as a table.
const (
	azOK        = "200"
	azCreated   = "201"
	azUnauth    = "401 unauthenticated"
	azForbidden = "403 forbidden"
	azNotFound  = "404 not_found"
	azInvalid   = "409 invalid_state"
)

// Listing states a matrix row can start from. "unknown" is an id that does
// not exist; "" means the route needs no listing.
const (
	azDraft        = "draft"
	azPending      = "pending_review"
	azRejected     = "rejected"
	azPublished    = "published"
	azClosed       = "closed"
	azUnsuccessful = "unsuccessful"
	azCancelledNew = "cancelled(never published)"
	azCancelledPub = "cancelled(after publication)"
	azUnknown      = "unknown"
)

// azCase is one row of the matrix: a route called on a listing in state,
// with the outcome expected for each role. after is the listing's status
// after a successful state-changing call ("" for reads and creates).
type azCase struct {
	route string
	state string
	want  [azRoles]string
	after string
}

// azMatrix is the authorisation matrix of the listing routes on
// government_need listings (TestSMEHelpRequestAuthorization covers sme_help):
//
//	route                                    listing         anonymous  owner  other-buyer  enterprise  sme  operator
//	POST  /opportunities {government_need}   -               401        201    201          403         403  403
//	POST  /opportunities {sme_help}          -               401        403    403          403         201  403
//	GET   /opportunities                     -               200        200    200          200         200  200
//	GET   /opportunities?mine=true           -               401        200    200          200         200  403
//	GET   /opportunities/{id}                draft           404        200    404          404         404  200
//	GET   /opportunities/{id}                published       200        200    200          200         200  200
//	GET   /opportunities/{id}                unknown id      404        404    404          404         404  404
//	PATCH /opportunities/{id}                draft           401        200    404          404         404  403
//	PATCH /opportunities/{id}                rejected        401        200    404          404         404  403
//	PATCH /opportunities/{id} (amendment)    published       401        200    403          403         403  403
//	PATCH /opportunities/{id}                unknown id      401        404    404          404         404  403
//	POST  /opportunities/{id}/submit         draft           401        200    404          404         404  403
//	POST  /opportunities/{id}/submit         rejected        401        200    404          404         404  403
//	POST  /opportunities/{id}/submit         unknown id      401        404    404          404         404  403
//	POST  /opportunities/{id}/approve        pending_review  401        403    403          403         403  200
//	POST  /opportunities/{id}/approve        unknown id      401        403    403          403         403  404
//	POST  /opportunities/{id}/reject         pending_review  401        403    403          403         403  200
//	POST  /opportunities/{id}/cancel         pending_review  401        200    404          404         404  403
//	POST  /opportunities/{id}/cancel         published       401        200    403          403         403  403
//	POST  /opportunities/{id}/cancel         closed          401        200    403          403         403  403
//	POST  /opportunities/{id}/extend         published       401        200    403          403         403  403
//	POST  /opportunities/{id}/unsuccessful   closed          401        200    403          403         403  403
//	POST  /opportunities/{id}/complete       closed          401        409    403          403         403  403
//	GET   /opportunities/{id}/history        draft           404        200    404          404         404  200
//	GET   /opportunities/{id}/history        published       200        200    200          200         200  200
//	GET   /opportunities/{id}/history        unknown id      404        404    404          404         404  404
//	GET   /ocds/releases                     -               200        200    200          200         200  200
//	GET   /opportunities.csv                 -               200        200    200          200         200  200
//	GET   /opportunities.csv?mine=true       -               401        200    200          200         200  403
//
// with the problem codes 401 unauthenticated, 403 forbidden, 404 not_found
// and 409 invalid_state. "closed" listings were published and then closed
// by the clock. Where the owner's action would succeed, the listing is in
// the state that allows it; "complete" cannot succeed yet (awards come with
// bidding), so it runs on a closed listing and gets invalid_state. A
// successful call runs on a fresh listing of its own, so it never changes
// what another cell sees; refused calls share one listing per state, which
// must come out unchanged.
//
// The rules behind it: anonymous callers of a protected action get 401; a
// role refused by its kind alone (a member calling an operator action, an
// operator calling a member action) gets 403 whatever the id, and so learns
// nothing; members of other organisations get 404 for a listing they may
// not see and 403 for one they may see but not act on.
var azMatrix = []azCase{
	// The same table (route, listing, then anonymous, owner, other-buyer, enterprise, sme, operator).
	{"POST /opportunities government_need", "", [azRoles]string{azUnauth, azCreated, azCreated, azForbidden, azForbidden, azForbidden}, ""},
	{"POST /opportunities sme_help", "", [azRoles]string{azUnauth, azForbidden, azForbidden, azForbidden, azCreated, azForbidden}, ""},
	{"GET /opportunities", "", [azRoles]string{azOK, azOK, azOK, azOK, azOK, azOK}, ""},
	{"GET /opportunities?mine=true", "", [azRoles]string{azUnauth, azOK, azOK, azOK, azOK, azForbidden}, ""},
	{"GET /opportunities/{id}", azDraft, [azRoles]string{azNotFound, azOK, azNotFound, azNotFound, azNotFound, azOK}, ""},
	{"GET /opportunities/{id}", azPublished, [azRoles]string{azOK, azOK, azOK, azOK, azOK, azOK}, ""},
	{"GET /opportunities/{id}", azUnknown, [azRoles]string{azNotFound, azNotFound, azNotFound, azNotFound, azNotFound, azNotFound}, ""},
	{"PATCH /opportunities/{id}", azDraft, [azRoles]string{azUnauth, azOK, azNotFound, azNotFound, azNotFound, azForbidden}, azDraft},
	{"PATCH /opportunities/{id}", azRejected, [azRoles]string{azUnauth, azOK, azNotFound, azNotFound, azNotFound, azForbidden}, azRejected},
	{"PATCH /opportunities/{id}", azPublished, [azRoles]string{azUnauth, azOK, azForbidden, azForbidden, azForbidden, azForbidden}, azPublished},
	{"PATCH /opportunities/{id}", azUnknown, [azRoles]string{azUnauth, azNotFound, azNotFound, azNotFound, azNotFound, azForbidden}, ""},
	{"POST /opportunities/{id}/submit", azDraft, [azRoles]string{azUnauth, azOK, azNotFound, azNotFound, azNotFound, azForbidden}, azPending},
	{"POST /opportunities/{id}/submit", azRejected, [azRoles]string{azUnauth, azOK, azNotFound, azNotFound, azNotFound, azForbidden}, azPending},
	{"POST /opportunities/{id}/submit", azUnknown, [azRoles]string{azUnauth, azNotFound, azNotFound, azNotFound, azNotFound, azForbidden}, ""},
	{"POST /opportunities/{id}/approve", azPending, [azRoles]string{azUnauth, azForbidden, azForbidden, azForbidden, azForbidden, azOK}, azPublished},
	{"POST /opportunities/{id}/approve", azUnknown, [azRoles]string{azUnauth, azForbidden, azForbidden, azForbidden, azForbidden, azNotFound}, ""},
	{"POST /opportunities/{id}/reject", azPending, [azRoles]string{azUnauth, azForbidden, azForbidden, azForbidden, azForbidden, azOK}, azRejected},
	{"POST /opportunities/{id}/cancel", azPending, [azRoles]string{azUnauth, azOK, azNotFound, azNotFound, azNotFound, azForbidden}, "cancelled"},
	{"POST /opportunities/{id}/cancel", azPublished, [azRoles]string{azUnauth, azOK, azForbidden, azForbidden, azForbidden, azForbidden}, "cancelled"},
	{"POST /opportunities/{id}/cancel", azClosed, [azRoles]string{azUnauth, azOK, azForbidden, azForbidden, azForbidden, azForbidden}, "cancelled"},
	{"POST /opportunities/{id}/extend", azPublished, [azRoles]string{azUnauth, azOK, azForbidden, azForbidden, azForbidden, azForbidden}, azPublished},
	{"POST /opportunities/{id}/unsuccessful", azClosed, [azRoles]string{azUnauth, azOK, azForbidden, azForbidden, azForbidden, azForbidden}, azUnsuccessful},
	{"POST /opportunities/{id}/complete", azClosed, [azRoles]string{azUnauth, azInvalid, azForbidden, azForbidden, azForbidden, azForbidden}, ""},
	{"GET /opportunities/{id}/history", azDraft, [azRoles]string{azNotFound, azOK, azNotFound, azNotFound, azNotFound, azOK}, ""},
	{"GET /opportunities/{id}/history", azPublished, [azRoles]string{azOK, azOK, azOK, azOK, azOK, azOK}, ""},
	{"GET /opportunities/{id}/history", azUnknown, [azRoles]string{azNotFound, azNotFound, azNotFound, azNotFound, azNotFound, azNotFound}, ""},
	{"GET /ocds/releases", "", [azRoles]string{azOK, azOK, azOK, azOK, azOK, azOK}, ""},
	{"GET /opportunities.csv", "", [azRoles]string{azOK, azOK, azOK, azOK, azOK, azOK}, ""},
	{"GET /opportunities.csv?mine=true", "", [azRoles]string{azUnauth, azOK, azOK, azOK, azOK, azForbidden}, ""},
	// Matching (the buyer's organisation and operators) and following (anyone signed in who may see the listing).
	{"GET /opportunities/{id}/matches", azDraft, [azRoles]string{azUnauth, azOK, azNotFound, azNotFound, azNotFound, azOK}, ""},
	{"GET /opportunities/{id}/matches", azPublished, [azRoles]string{azUnauth, azOK, azForbidden, azForbidden, azForbidden, azOK}, ""},
	{"GET /opportunities/{id}/matches", azUnknown, [azRoles]string{azUnauth, azNotFound, azNotFound, azNotFound, azNotFound, azNotFound}, ""},
	{"POST /opportunities/{id}/follow", azDraft, [azRoles]string{azUnauth, "204", azNotFound, azNotFound, azNotFound, "204"}, ""},
	{"POST /opportunities/{id}/follow", azPublished, [azRoles]string{azUnauth, "204", "204", "204", "204", "204"}, ""},
	{"POST /opportunities/{id}/follow", azUnknown, [azRoles]string{azUnauth, azNotFound, azNotFound, azNotFound, azNotFound, azNotFound}, ""},
	{"DELETE /opportunities/{id}/follow", azPublished, [azRoles]string{azUnauth, "204", "204", "204", "204", "204"}, ""},
	{"DELETE /opportunities/{id}/follow", azDraft, [azRoles]string{azUnauth, "204", azNotFound, azNotFound, azNotFound, "204"}, ""},
}

// azListing is what the authorisation tests read back of a listing.
type azListing struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	Status      string     `json:"status"`
	Version     int        `json:"version"`
	Title       string     `json:"title"`
	BidDeadline time.Time  `json:"bidDeadline"`
	PublishedAt *time.Time `json:"publishedAt"`
	Buyer       struct {
		ID string `json:"id"`
	} `json:"buyer"`
}

// azWorld is a server with one user per role, every organisation verified.
type azWorld struct {
	*env
	who       [azRoles]session // who[azAnonymous] stays empty
	passwords [azRoles]string
}

func newAZWorld(t *testing.T) *azWorld {
	t.Helper()
	w := &azWorld{env: newEnv(t, api.LoginLimits{})}
	w.who[azOwner] = w.register("owner@gov.example", "government", false)
	w.who[azOtherBuyer] = w.register("other@gov.example", "government", false)
	w.who[azEnterprise] = w.register("provider@example.com", "enterprise", false)
	w.who[azSME] = w.register("sme@example.com", "enterprise", true)
	w.who[azOperator] = w.operator()
	for r := azOwner; r < azOperator; r++ {
		w.passwords[r] = "correct horse battery"
		if res := w.do("POST", "/api/v1/admin/organizations/"+w.who[r].OrgID+"/verify", nil, w.who[azOperator].bearer()...); res.Status != 200 {
			t.Fatalf("verify %s: %d %s", azRoleNames[r], res.Status, res.Body)
		}
	}
	w.passwords[azOperator] = "operator password"
	return w
}

// auth returns the request headers of role: none for anonymous.
func (w *azWorld) auth(role int) []string {
	if role == azAnonymous {
		return nil
	}
	return w.who[role].bearer()
}

// advance moves the clock and signs everyone in again (access tokens last
// 15 minutes).
func (w *azWorld) advance(t *testing.T, d time.Duration) {
	t.Helper()
	w.clock.Advance(d)
	for r := azOwner; r < azRoles; r++ {
		w.who[r] = w.login(w.who[r].Email, w.passwords[r])
	}
}

// draftBody is a listing body complete enough to submit.
func (w *azWorld) draftBody(kind string) map[string]any {
	return map[string]any{
		"kind": kind, "title": "徐汇区“一网统管”平台 City operations platform",
		"description": "建设数字孪生底座。Build a digital twin base.",
		"domain":      "governance", "district": "xuhui",
		"bidDeadline": w.clock.Now().Add(10 * 24 * time.Hour).Format(time.RFC3339),
		"criteria":    []map[string]any{{"name": "技术方案", "weight": 60}, {"name": "价格", "weight": 40}},
	}
}

// must checks a response's status and decodes the listing it carries.
func (w *azWorld) must(t *testing.T, what string, r *response, status int) azListing {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, r.Status, status, r.Body)
	}
	var l azListing
	r.decode(t, &l)
	return l
}

// act calls a listing action as role.
func (w *azWorld) act(role int, id, action string, body any) *response {
	return w.do("POST", "/api/v1/opportunities/"+id+"/"+action, body, w.auth(role)...)
}

// reason is a body for the actions that need a reason.
var azReason = map[string]string{"reason": "测试原因 test reason"}

// create drafts a listing of kind as role.
func (w *azWorld) create(t *testing.T, role int, kind string) azListing {
	t.Helper()
	return w.must(t, "create", w.do("POST", "/api/v1/opportunities", w.draftBody(kind), w.auth(role)...), 201)
}

// drive takes a fresh government listing of the owner to state; closed
// states are reached from published by the caller, who moves the clock.
func (w *azWorld) drive(t *testing.T, state string) azListing {
	t.Helper()
	l := w.create(t, azOwner, "government_need")
	if state == azDraft {
		return l
	}
	l = w.must(t, "submit", w.act(azOwner, l.ID, "submit", nil), 200)
	switch state {
	case azPending:
	case azRejected:
		l = w.must(t, "reject", w.act(azOperator, l.ID, "reject", azReason), 200)
	case azCancelledNew:
		l = w.must(t, "cancel", w.act(azOwner, l.ID, "cancel", azReason), 200)
	default:
		l = w.must(t, "approve", w.act(azOperator, l.ID, "approve", nil), 200)
		if state == azCancelledPub {
			l = w.must(t, "cancel", w.act(azOwner, l.ID, "cancel", azReason), 200)
		}
	}
	return l
}

// closedState reports whether state is reached by the deadline passing.
func closedState(state string) bool { return state == azClosed || state == azUnsuccessful }

// prepare returns one fresh listing in each of the given states, in order.
// Listings to be closed are published first; the clock then moves past
// their deadline once, the deadline job closes them, and the rest are made
// afterwards with deadlines ahead.
func (w *azWorld) prepare(t *testing.T, states []string) []azListing {
	t.Helper()
	out := make([]azListing, len(states))
	closing := 0
	for i, s := range states {
		if closedState(s) {
			out[i] = w.drive(t, azPublished)
			closing++
		}
	}
	if closing > 0 {
		w.advance(t, 11*24*time.Hour)
		closed, err := w.app.CloseDue(context.Background())
		if err != nil || closed != closing {
			t.Fatalf("deadline job closed %d (err %v), want %d", closed, err, closing)
		}
		for i, s := range states {
			if !closedState(s) {
				continue
			}
			l := w.must(t, "get", w.do("GET", "/api/v1/opportunities/"+out[i].ID, nil, w.auth(azOwner)...), 200)
			if s == azUnsuccessful {
				l = w.must(t, "unsuccessful", w.act(azOwner, l.ID, "unsuccessful", azReason), 200)
			}
			if l.Status != s {
				t.Fatalf("fixture %s is %s", s, l.Status)
			}
			out[i] = l
		}
	}
	for i, s := range states {
		if !closedState(s) {
			out[i] = w.drive(t, s)
		}
	}
	return out
}

// outcome renders a response as the matrix writes it: the status, and the
// problem code of an error (checking that errors are problem documents).
func outcome(r *response) string {
	if r.Status < 400 {
		return strconv.Itoa(r.Status)
	}
	var p struct {
		Code string `json:"code"`
	}
	if r.Header.Get("Content-Type") != "application/problem+json" {
		return fmt.Sprintf("%d (not a problem document: %s)", r.Status, r.Body)
	}
	_ = json.Unmarshal(r.Body, &p) // a bad body shows as an empty code
	return fmt.Sprintf("%d %s", r.Status, p.Code)
}

// request builds the call of a matrix row on listing l.
func (w *azWorld) request(c azCase, l azListing) (method, path string, body any) {
	method, path, _ = strings.Cut(c.route, " ")
	path, kind, _ := strings.Cut(path, " ")
	path = "/api/v1" + strings.ReplaceAll(path, "{id}", l.ID)
	switch {
	case method == "POST" && path == "/api/v1/opportunities":
		body = w.draftBody(kind)
	case method == "PATCH" && c.state == azPublished:
		body = map[string]any{"version": l.Version, "title": "修订后的标题 Amended title", "amendmentReason": "澄清范围 clarified scope"}
	case method == "PATCH":
		body = map[string]any{"version": max(l.Version, 1), "title": "新标题 New title"}
	case strings.HasSuffix(path, "/extend"):
		body = map[string]any{"bidDeadline": l.BidDeadline.Add(5 * 24 * time.Hour).Format(time.RFC3339), "reason": "给投标人更多时间 more time"}
	case strings.HasSuffix(path, "/reject"), strings.HasSuffix(path, "/cancel"), strings.HasSuffix(path, "/unsuccessful"):
		body = azReason
	}
	return method, path, body
}

func TestOpportunityAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	// Every query of the embedded database scans its collection, so the
	// rows run in two worlds, in parallel, each with a small database: the
	// rows on listings never published, and those on public listings, with
	// the visibility checks.
	public := func(c azCase) bool { return c.state == azPublished || c.state == azClosed }
	t.Run("before publication", func(t *testing.T) {
		t.Parallel()
		runMatrix(t, func(c azCase) bool { return !public(c) }, nil)
	})
	t.Run("after publication", func(t *testing.T) {
		t.Parallel()
		w, byState := runMatrix(t, public, []string{azDraft, azPending, azRejected, azCancelledNew})
		w.checkVisibility(t, byState)
	})
}

// runMatrix runs the rows of azMatrix that pick selects in a new world,
// with extra listings in the given states made alongside. It returns the
// world and a listing in each state it has: the extras, the listings the
// refused cells shared, and those the owner cancelled or ended.
func runMatrix(t *testing.T, pick func(azCase) bool, extra []string) (*azWorld, map[string]azListing) {
	w := newAZWorld(t)
	var rows []azCase
	for _, c := range azMatrix {
		if pick(c) {
			rows = append(rows, c)
		}
	}
	// A cell whose call should change the listing gets a listing of its
	// own; the cells that should be refused (or only read) share one
	// listing per state, which must come out of the matrix unchanged.
	states := append([]string{}, extra...)
	shared := map[string]int{}
	fixture := make([][azRoles]int, len(rows))
	for i, c := range rows {
		for role := range azRoles {
			fixture[i][role] = -1
			switch {
			case c.state == "" || c.state == azUnknown:
			case c.after != "" && c.want[role] == azOK:
				fixture[i][role] = len(states)
				states = append(states, c.state)
			default:
				if _, ok := shared[c.state]; !ok {
					shared[c.state] = len(states)
					states = append(states, c.state)
				}
				fixture[i][role] = shared[c.state]
			}
		}
	}
	listings := w.prepare(t, states)

	for i, c := range rows {
		for role := range azRoles {
			l := azListing{ID: "no-such-listing"}
			if f := fixture[i][role]; f >= 0 {
				l = listings[f]
			}
			method, path, body := w.request(c, l)
			r := w.do(method, path, body, w.auth(role)...)
			cell := fmt.Sprintf("%s @%s as %s", c.route, c.state, azRoleNames[role])
			if got := outcome(r); got != c.want[role] {
				t.Errorf("%s: got %s, want %s (body %s)", cell, got, c.want[role], r.Body)
			} else if r.Status == 201 {
				var got azListing
				r.decode(t, &got)
				if got.Status != azDraft || got.Version != 1 || got.Buyer.ID != w.who[role].OrgID {
					t.Errorf("%s: created %+v, want a version 1 draft of the caller's organisation", cell, got)
				}
			}
			if fixture[i][role] >= 0 && c.after != "" && c.want[role] == azOK {
				w.checkSuccess(t, cell, c, l, r)
			}
		}
	}
	// Every refusal left the shared listings exactly as they were.
	byState := map[string]azListing{}
	for state, f := range shared {
		l := listings[f]
		byState[state] = l
		if got := w.stored(t, l.ID); got.Version != l.Version || got.Status != l.Status {
			t.Errorf("the shared %s listing went from %s v%d to %s v%d: a refused call changed it", state, l.Status, l.Version, got.Status, got.Version)
		}
	}
	for i, state := range extra {
		byState[state] = listings[i]
	}
	for i, c := range rows {
		switch f := fixture[i][azOwner]; {
		case c.route == "POST /opportunities/{id}/cancel" && c.state == azPending:
			byState[azCancelledNew] = listings[f]
		case c.route == "POST /opportunities/{id}/cancel" && c.state == azPublished:
			byState[azCancelledPub] = listings[f]
		case c.route == "POST /opportunities/{id}/unsuccessful":
			byState[azUnsuccessful] = listings[f]
		}
	}
	return w, byState
}

// checkSuccess checks what a successful change did: the answer and the
// stored listing both show the row's status, one version on.
func (w *azWorld) checkSuccess(t *testing.T, cell string, c azCase, l azListing, r *response) {
	t.Helper()
	if r.Status != 200 {
		return // already reported
	}
	var got azListing
	r.decode(t, &got)
	stored := w.must(t, cell+": reading back", w.do("GET", "/api/v1/opportunities/"+l.ID, nil, w.auth(azOwner)...), 200)
	if got.Status != c.after || got.Version != l.Version+1 || stored.Version != got.Version || stored.Status != c.after {
		t.Errorf("%s: answered %s v%d, stored %s v%d; want %s v%d", cell, got.Status, got.Version,
			stored.Status, stored.Version, c.after, l.Version+1)
	}
}

// checkVisibility checks who may see a listing, and its history, in each
// status: listings never published are the owner's and operators' only
// (404 for everyone else); once published they are public for good.
func (w *azWorld) checkVisibility(t *testing.T, byState map[string]azListing) {
	t.Helper()
	hidden := [azRoles]string{azNotFound, azOK, azNotFound, azNotFound, azNotFound, azOK}
	public := [azRoles]string{azOK, azOK, azOK, azOK, azOK, azOK}
	cases := []struct {
		state string
		want  [azRoles]string
	}{
		{azDraft, hidden},
		{azPending, hidden},
		{azRejected, hidden},
		{azCancelledNew, hidden},
		{azPublished, public},
		{azClosed, public},
		{azUnsuccessful, public},
		{azCancelledPub, public},
	}
	listings := make([]azListing, len(cases))
	for i, c := range cases {
		l := byState[c.state]
		status, _, _ := strings.Cut(c.state, "(")
		if got := w.stored(t, l.ID); got.Status != status || (got.PublishedAt != nil) != (c.want == public) {
			t.Fatalf("visibility fixture %s is %s (published at %v)", c.state, got.Status, got.PublishedAt)
		}
		listings[i] = l
	}
	for i, c := range cases {
		l := listings[i]
		for role := range azRoles {
			for _, path := range []string{"/api/v1/opportunities/" + l.ID, "/api/v1/opportunities/" + l.ID + "/history"} {
				r := w.do("GET", path, nil, w.auth(role)...)
				if got := outcome(r); got != c.want[role] {
					t.Errorf("visibility: GET %s (%s) as %s: got %s, want %s", path, c.state, azRoleNames[role], got, c.want[role])
					continue
				}
				if r.Status != 200 || !strings.HasSuffix(path, "/history") {
					continue
				}
				// Drafting and review are the owner's business: others read public events only.
				var h struct {
					Items []struct {
						Type string `json:"type"`
					} `json:"items"`
				}
				r.decode(t, &h)
				insider := role == azOwner || role == azOperator
				sawDraft := false
				for _, e := range h.Items {
					if e.Type == "opportunity.drafted" || e.Type == "opportunity.submitted" {
						sawDraft = true
					}
				}
				if sawDraft != insider {
					t.Errorf("history of %s as %s: %v; drafted/submitted events shown: %v, want %v", c.state, azRoleNames[role], h.Items, sawDraft, insider)
				}
			}
		}
	}

	// Lists never show anyone else what GET hides, whatever status is asked
	// for (several, repeating the parameter as API.md says); a listing
	// cancelled after publication stays listed.
	for _, role := range []int{azAnonymous, azOtherBuyer, azEnterprise, azSME} {
		ids := w.listIDs(t, role, "status=draft&status=pending_review&status=rejected&status=cancelled")
		for i, c := range cases {
			if shown, want := ids[listings[i].ID], c.want[role] == azOK && strings.HasPrefix(c.state, "cancelled"); shown != want {
				t.Errorf("list status=draft,pending_review,rejected,cancelled as %s: shows the %s listing %v, want %v", azRoleNames[role], c.state, shown, want)
			}
		}
	}
	// The owner's own list has all of them.
	mine := w.listIDs(t, azOwner, "mine=true")
	for i, c := range cases {
		if !mine[listings[i].ID] {
			t.Errorf("the owner's own list misses its %s listing", c.state)
		}
	}
	// API.md: "Repeat a parameter for several values". The operator's queue
	// asked for drafts and pending ones together has both.
	ids := w.listIDs(t, azOperator, "status=draft&status=pending_review")
	if !ids[listings[0].ID] || !ids[listings[1].ID] {
		t.Errorf("operator's list with status=draft&status=pending_review: has draft %v, has pending %v; want both",
			ids[listings[0].ID], ids[listings[1].ID])
	}
}

// listIDs lists listings as role with the given query and returns their ids.
func (w *azWorld) listIDs(t *testing.T, role int, query string) map[string]bool {
	t.Helper()
	r := w.do("GET", "/api/v1/opportunities?pageSize=100&"+query, nil, w.auth(role)...)
	if r.Status != 200 {
		t.Fatalf("list %s as %s: %d %s", query, azRoleNames[role], r.Status, r.Body)
	}
	var list struct {
		Items []azListing `json:"items"`
		Total int         `json:"total"`
	}
	r.decode(t, &list)
	ids := map[string]bool{}
	for _, l := range list.Items {
		ids[l.ID] = true
	}
	if list.Total != len(ids) {
		t.Errorf("list %s as %s: total %d, %d items", query, azRoleNames[role], list.Total, len(ids))
	}
	return ids
}

// TestSMEHelpRequestAuthorization: only SMEs post help requests, and a
// verified SME's request is published on submission, without review.
func TestSMEHelpRequestAuthorization(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	// An unverified SME may draft but not publish.
	unverified := w.register("new-sme@example.com", "enterprise", true)
	draft := w.must(t, "unverified create", w.do("POST", "/api/v1/opportunities", w.draftBody("sme_help"), unverified.bearer()...), 201)
	w.do("POST", "/api/v1/opportunities/"+draft.ID+"/submit", nil, unverified.bearer()...).problem(t, 403, "forbidden")

	// Submitting an SME's draft, per role: the refusals share one draft,
	// the SME's own submission gets a fresh one.
	//                                   anonymous owner-gov    other-buyer  enterprise   sme   operator
	wantSubmit := [azRoles]string{azUnauth, azNotFound, azNotFound, azNotFound, azOK, azForbidden}
	shared := w.create(t, azSME, "sme_help")
	for role := range azRoles {
		l := shared
		if role == azSME {
			l = w.create(t, azSME, "sme_help")
		}
		r := w.act(role, l.ID, "submit", nil)
		if got := outcome(r); got != wantSubmit[role] {
			t.Errorf("submit sme_help as %s: got %s, want %s", azRoleNames[role], got, wantSubmit[role])
		}
		if r.Status != 200 {
			continue
		}
		got := w.must(t, "submit", r, 200)
		if got.Status != azPublished || got.PublishedAt == nil || got.Version != l.Version+1 {
			t.Fatalf("a verified SME's help request went to %s (publishedAt %v), want published", got.Status, got.PublishedAt)
		}
		// Nothing to review: the operator cannot approve it, and everyone sees it.
		w.act(azOperator, l.ID, "approve", nil).problem(t, 409, "invalid_state")
		for viewer := range azRoles {
			if r := w.do("GET", "/api/v1/opportunities/"+l.ID, nil, w.auth(viewer)...); r.Status != 200 {
				t.Errorf("published help request as %s: %d", azRoleNames[viewer], r.Status)
			}
		}
		// The SME owns it: it extends, others may not.
		ext := map[string]any{"bidDeadline": got.BidDeadline.Add(24 * time.Hour).Format(time.RFC3339), "reason": "more time"}
		w.act(azOwner, l.ID, "extend", ext).problem(t, 403, "forbidden")
		w.must(t, "SME extends", w.act(azSME, l.ID, "extend", ext), 200)
	}
	if l := w.must(t, "shared draft", w.do("GET", "/api/v1/opportunities/"+shared.ID, nil, w.auth(azSME)...), 200); l.Status != azDraft || l.Version != 1 {
		t.Errorf("refused submissions changed the SME's draft: %s v%d", l.Status, l.Version)
	}
}
