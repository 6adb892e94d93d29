package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/models"
)

// qaText is a question in Chinese that must come back byte for byte.
const qaText = "请问是否需要支持国产化数据库？"

// qaWorld is a test world for questions: a verified government buyer, two
// verified providers A and B who ask, an unverified provider, another
// verified government body and an operator.
type qaWorld struct {
	*env
	buyer, a, b, unverified, gov, op session
}

func newQAWorld(t *testing.T, e *env) *qaWorld {
	t.Helper()
	w := &qaWorld{env: e,
		buyer:      e.register("buyer@qa-gov.example", "government", false),
		a:          e.register("asker-a@qa.example", "enterprise", false),
		b:          e.register("asker-b@qa.example", "enterprise", true),
		unverified: e.register("unverified@qa.example", "enterprise", false),
		gov:        e.register("other-gov@qa.example", "government", false),
	}
	w.op = e.operator()
	for _, s := range []session{w.buyer, w.a, w.b, w.gov} {
		if r := e.do("POST", "/api/v1/admin/organizations/"+s.OrgID+"/verify", nil, w.op.bearer()...); r.Status != 200 {
			t.Fatalf("verify %s: %d %s", s.Email, r.Status, r.Body)
		}
	}
	return w
}

// relogin signs everyone in again, after the clock has moved past the
// access tokens' 15 minutes.
func (w *qaWorld) relogin() {
	w.t.Helper()
	for _, s := range []*session{&w.buyer, &w.a, &w.b, &w.unverified, &w.gov} {
		*s = w.login(s.Email, "correct horse battery")
	}
	w.op = w.login(w.op.Email, "operator password")
}

func qaPtr[T any](v T) *T { return &v }

// qaMember is the app actor of a member's session.
func qaMember(s session) models.Actor {
	return models.Actor{UserID: s.UserID, OrganizationID: s.OrgID, Role: models.RoleMember}
}

// draft creates a complete government listing with the given time to its
// deadline, through the app (not the HTTP routes), and returns its id.
func (w *qaWorld) draft(deadlineIn time.Duration) string {
	w.t.Helper()
	o, err := w.app.CreateOpportunity(context.Background(), qaMember(w.buyer), models.KindGovernmentNeed, app.OpportunityInput{
		Title:       qaPtr("徐汇区“一网通办”平台国产化改造"),
		Description: qaPtr("迁移至国产数据库与操作系统。"),
		Domain:      qaPtr("governance"), District: qaPtr("xuhui"),
		BidDeadline: qaPtr(w.clock.Now().Add(deadlineIn)),
		Criteria:    &[]models.Criterion{{Name: "技术方案", Weight: 60}, {Name: "价格", Weight: 40}},
	})
	if err != nil {
		w.t.Fatalf("create listing: %v", err)
	}
	return o.ID
}

// pending creates a listing and submits it for review.
func (w *qaWorld) pending(deadlineIn time.Duration) string {
	w.t.Helper()
	id := w.draft(deadlineIn)
	if _, err := w.app.SubmitOpportunity(context.Background(), qaMember(w.buyer), id); err != nil {
		w.t.Fatalf("submit: %v", err)
	}
	return id
}

// published creates, submits and approves a listing.
func (w *qaWorld) published(deadlineIn time.Duration) string {
	w.t.Helper()
	id := w.pending(deadlineIn)
	op := models.Actor{UserID: w.op.UserID, Role: models.RoleOperator}
	if _, err := w.app.ApproveOpportunity(context.Background(), op, id); err != nil {
		w.t.Fatalf("approve: %v", err)
	}
	return id
}

// status is the listing's status as its buyer sees it.
func (w *qaWorld) status(id string) string {
	w.t.Helper()
	o, err := w.app.Opportunity(context.Background(), qaMember(w.buyer), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return o.Status
}

// authOf returns the Authorization header of a session; none for the zero session.
func authOf(s session) []string {
	if s.Access == "" {
		return nil
	}
	return s.bearer()
}

// questionJSON is a question as the API shows it.
type questionJSON struct {
	ID            string     `json:"id"`
	OpportunityID string     `json:"opportunityId"`
	Text          string     `json:"text"`
	Answer        string     `json:"answer"`
	AskedAt       time.Time  `json:"askedAt"`
	AnsweredAt    *time.Time `json:"answeredAt"`
	Status        string     `json:"status"`
	Mine          bool       `json:"mine"`
	AskedBy       *struct {
		OrganizationID   string `json:"organizationId"`
		OrganizationName string `json:"organizationName"`
		UserID           string `json:"userId"`
	} `json:"askedBy"`
}

func questionsPath(oppID string) string { return "/api/v1/opportunities/" + oppID + "/questions" }

func answerPath(oppID, qID string) string { return questionsPath(oppID) + "/" + qID + "/answer" }

// ask posts a question and requires a 201.
func (w *qaWorld) ask(who session, oppID, text string) questionJSON {
	w.t.Helper()
	r := w.do("POST", questionsPath(oppID), map[string]string{"text": text}, authOf(who)...)
	if r.Status != http.StatusCreated {
		w.t.Fatalf("ask: %d %s", r.Status, r.Body)
	}
	var q questionJSON
	r.decode(w.t, &q)
	return q
}

// answer posts an answer and requires a 200.
func (w *qaWorld) answer(oppID, qID, text string) questionJSON {
	w.t.Helper()
	r := w.do("POST", answerPath(oppID, qID), map[string]string{"text": text}, w.buyer.bearer()...)
	if r.Status != http.StatusOK {
		w.t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	var q questionJSON
	r.decode(w.t, &q)
	return q
}

// list gets a listing's questions as who, requiring a 200.
func (w *qaWorld) list(who session, oppID string) (*response, []questionJSON) {
	w.t.Helper()
	r := w.do("GET", questionsPath(oppID), nil, authOf(who)...)
	if r.Status != http.StatusOK {
		w.t.Fatalf("list questions: %d %s", r.Status, r.Body)
	}
	var body struct {
		Items []questionJSON `json:"items"`
	}
	r.decode(w.t, &body)
	if body.Items == nil {
		w.t.Fatalf("items is not an array: %s", r.Body)
	}
	return r, body.Items
}

// identity is every string that would name an asker: its organisation's id
// and name, its user's id and email.
func (w *qaWorld) identity(s session) []string {
	w.t.Helper()
	org, err := w.app.Organization(context.Background(), models.Actor{UserID: w.op.UserID, Role: models.RoleOperator}, s.OrgID)
	if err != nil {
		w.t.Fatal(err)
	}
	return []string{s.OrgID, org.Name, s.UserID, s.Email}
}

// mustNotReveal fails the test if body holds any of the strings.
func mustNotReveal(t *testing.T, what string, body []byte, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if bytes.Contains(body, []byte(s)) {
			t.Errorf("%s reveals the asker (%q): %s", what, s, body)
		}
	}
}

func TestAskQuestion(t *testing.T) {
	w := newQAWorld(t, newEnv(t, api.LoginLimits{}))
	id := w.published(10 * 24 * time.Hour)

	r := w.do("POST", questionsPath(id), map[string]string{"text": " \n " + qaText + "\t\n"}, w.a.bearer()...)
	if r.Status != http.StatusCreated {
		t.Fatalf("ask: %d %s", r.Status, r.Body)
	}
	var q questionJSON
	r.decode(t, &q)
	if q.ID == "" || q.OpportunityID != id || q.Text != qaText || q.Status != "open" || !q.Mine ||
		!q.AskedAt.Equal(w.clock.Now()) || q.AnsweredAt != nil || q.Answer != "" || q.AskedBy != nil {
		t.Fatalf("asked question %+v from %s", q, r.Body)
	}
	var raw map[string]any
	r.decode(t, &raw)
	for _, k := range []string{"answer", "answeredAt", "askedBy"} {
		if _, ok := raw[k]; ok {
			t.Errorf("an open question shows %q to its asker: %s", k, r.Body)
		}
	}
	mustNotReveal(t, "the asker's own 201", r.Body, w.identity(w.a))

	// The longest question, in three-byte characters, is accepted whole.
	long := strings.Repeat("问", models.MaxQuestionLength)
	if got := w.ask(w.b, id, long); got.Text != long {
		t.Errorf("a %d-character question came back as %d characters", models.MaxQuestionLength, len([]rune(got.Text)))
	}
	// Reading it back as the asker, unchanged.
	_, items := w.list(w.a, id)
	if len(items) != 1 || items[0].ID != q.ID || items[0].Text != qaText || !items[0].Mine {
		t.Fatalf("the asker's list: %+v", items)
	}
}

func TestAskQuestionRefusals(t *testing.T) {
	w := newQAWorld(t, newEnv(t, api.LoginLimits{}))
	published := w.published(10 * 24 * time.Hour)
	draft := w.draft(10 * 24 * time.Hour)
	pending := w.pending(10 * 24 * time.Hour)
	cancelled := w.published(10 * 24 * time.Hour)
	if _, err := w.app.CancelOpportunity(context.Background(), qaMember(w.buyer), cancelled, "预算调整"); err != nil {
		t.Fatal(err)
	}
	ok := map[string]string{"text": qaText}
	tests := []struct {
		name   string
		who    session
		id     string
		body   any
		status int
		code   string
		field  string // for validation_failed: the field at fault
	}{
		{"anonymous", session{}, published, ok, 401, "unauthenticated", ""},
		{"anonymous on a draft", session{}, draft, ok, 401, "unauthenticated", ""},
		{"operator", w.op, published, ok, 403, "forbidden", ""},
		{"government member", w.gov, published, ok, 403, "forbidden", ""},
		{"the buyer's own organisation", w.buyer, published, ok, 403, "forbidden", ""},
		{"unverified provider", w.unverified, published, ok, 403, "forbidden", ""},
		{"unknown listing", w.a, "no-such-listing", ok, 404, "not_found", ""},
		{"draft listing", w.a, draft, ok, 404, "not_found", ""},
		{"listing pending review", w.a, pending, ok, 404, "not_found", ""},
		{"cancelled listing", w.a, cancelled, ok, 409, "invalid_state", ""},
		{"empty text", w.a, published, map[string]string{"text": ""}, 422, "validation_failed", "body.text"},
		{"blank text", w.a, published, map[string]string{"text": " \n\t\u3000 "}, 422, "validation_failed", "body.text"},
		{"missing text", w.a, published, map[string]string{}, 422, "validation_failed", "body.text"},
		{"2001 characters", w.a, published, map[string]string{"text": strings.Repeat("问", 2001)}, 422, "validation_failed", "body.text"},
		{"not JSON", w.a, published, "{text:", 400, "malformed_request", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := w.do("POST", questionsPath(tt.id), tt.body, authOf(tt.who)...).problem(t, tt.status, tt.code)
			if tt.field == "" {
				return
			}
			errs, _ := p["errors"].([]any)
			if len(errs) != 1 || errs[0].(map[string]any)["location"] != tt.field {
				t.Errorf("errors %v, want one at %s", p["errors"], tt.field)
			}
		})
	}
	// None of the refusals stored a question.
	r, items := w.list(w.buyer, published)
	if len(items) != 0 {
		t.Errorf("refused questions were stored: %s", r.Body)
	}
}

func TestAskQuestionAfterDeadline(t *testing.T) {
	w := newQAWorld(t, newEnv(t, api.LoginLimits{}))
	id := w.published(time.Hour)
	w.ask(w.a, id, "截止前的问题")

	// At the deadline the listing is still stored as published: asking
	// closes it, and is refused as too late rather than as a bad state.
	w.clock.Advance(time.Hour)
	w.relogin()
	w.do("POST", questionsPath(id), map[string]string{"text": qaText}, w.a.bearer()...).problem(t, 409, "deadline_passed")
	if s := w.status(id); s != models.StatusClosed {
		t.Fatalf("status after a late question: %s, want closed", s)
	}
	// Once closed, the same answer.
	w.do("POST", questionsPath(id), map[string]string{"text": qaText}, w.b.bearer()...).problem(t, 409, "deadline_passed")
	// Who may not ask at all is still told so first.
	w.do("POST", questionsPath(id), map[string]string{"text": qaText}, w.unverified.bearer()...).problem(t, 403, "forbidden")
	if _, items := w.list(w.buyer, id); len(items) != 1 {
		t.Errorf("the buyer sees %d questions, want the one asked in time", len(items))
	}
}

func TestQuestionVisibility(t *testing.T) {
	w := newQAWorld(t, newEnv(t, api.LoginLimits{}))
	id := w.published(10 * 24 * time.Hour)
	qa1 := w.ask(w.a, id, qaText)
	w.clock.Advance(time.Minute)
	qa2 := w.ask(w.a, id, "是否接受联合体投标？")
	w.clock.Advance(time.Minute)
	qb1 := w.ask(w.b, id, "Is on-premise deployment required?")
	const answerText = "需要支持达梦、人大金仓等国产数据库。"
	ans := w.answer(id, qa1.ID, answerText)
	if ans.Status != "answered" || ans.Answer != answerText || ans.AnsweredAt == nil || !ans.AnsweredAt.Equal(w.clock.Now()) ||
		ans.Text != qaText || ans.AskedBy != nil || ans.Mine {
		t.Fatalf("answer: %+v", ans)
	}

	secretA, secretB := w.identity(w.a), w.identity(w.b)
	all := append(append([]string{}, secretA...), secretB...)
	type seen struct {
		id   string
		mine bool
	}
	cases := []struct {
		name    string
		who     session
		want    []seen
		secrets []string // must not appear in the body
	}{
		{"anonymous", session{}, []seen{{qa1.ID, false}}, all},
		{"unverified provider", w.unverified, []seen{{qa1.ID, false}}, all},
		{"another government body", w.gov, []seen{{qa1.ID, false}}, all},
		{"asker A", w.a, []seen{{qa1.ID, true}, {qa2.ID, true}}, all},
		{"asker B", w.b, []seen{{qa1.ID, false}, {qb1.ID, true}}, all},
		{"the buyer", w.buyer, []seen{{qa1.ID, false}, {qa2.ID, false}, {qb1.ID, false}}, all},
		{"operator", w.op, []seen{{qa1.ID, false}, {qa2.ID, false}, {qb1.ID, false}}, nil},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r, items := w.list(tt.who, id)
			var got []seen
			for _, q := range items {
				got = append(got, seen{q.ID, q.Mine})
				if q.OpportunityID != id {
					t.Errorf("question %s: opportunityId %q", q.ID, q.OpportunityID)
				}
				switch q.ID {
				case qa1.ID:
					if q.Status != "answered" || q.Answer != answerText || q.Text != qaText || q.AnsweredAt == nil {
						t.Errorf("answered question %+v", q)
					}
				default:
					if q.Status != "open" || q.Answer != "" || q.AnsweredAt != nil {
						t.Errorf("open question %+v", q)
					}
				}
				if tt.who.UserID != w.op.UserID && q.AskedBy != nil {
					t.Errorf("askedBy shown to %s: %s", tt.name, r.Body)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("sees %v, want %v (oldest first)", got, tt.want)
			}
			mustNotReveal(t, "the list for "+tt.name, r.Body, tt.secrets)
		})
	}

	// Operators see who asked each question.
	_, items := w.list(w.op, id)
	for i, want := range [][]string{secretA, secretA, secretB} {
		by := items[i].AskedBy
		if by == nil || by.OrganizationID != want[0] || by.OrganizationName != want[1] || by.UserID != want[2] {
			t.Errorf("operator: question %d askedBy %+v, want %v", i, by, want[:3])
		}
	}

	// The answer's own response to the buyer does not name the asker either.
	r := w.do("POST", answerPath(id, qb1.ID), map[string]string{"text": "不要求本地部署。"}, w.buyer.bearer()...)
	if r.Status != 200 {
		t.Fatalf("answer qb1: %d %s", r.Status, r.Body)
	}
	mustNotReveal(t, "the answer response", r.Body, all)
	// The listing's history does not name the askers.
	h := w.do("GET", "/api/v1/opportunities/"+id+"/history", nil, w.buyer.bearer()...)
	if h.Status != 200 {
		t.Fatalf("history: %d %s", h.Status, h.Body)
	}
	mustNotReveal(t, "the listing's history", h.Body, all)

	// A listing no one else may see has no questions to show either.
	draft := w.draft(10 * 24 * time.Hour)
	w.do("GET", questionsPath(draft), nil).problem(t, 404, "not_found")
	w.do("GET", questionsPath(draft), nil, w.a.bearer()...).problem(t, 404, "not_found")
	w.do("GET", questionsPath("no-such-listing"), nil).problem(t, 404, "not_found")
	if _, items := w.list(w.buyer, draft); len(items) != 0 {
		t.Errorf("a draft has questions: %+v", items)
	}
}

func TestAnswerQuestion(t *testing.T) {
	w := newQAWorld(t, newEnv(t, api.LoginLimits{}))
	id := w.published(10 * 24 * time.Hour)
	other := w.published(10 * 24 * time.Hour)
	q := w.ask(w.a, id, qaText)
	qOther := w.ask(w.a, other, "另一个项目的问题")
	ok := map[string]string{"text": "支持。"}

	tests := []struct {
		name   string
		who    session
		path   string
		body   any
		status int
		code   string
	}{
		{"anonymous", session{}, answerPath(id, q.ID), ok, 401, "unauthenticated"},
		{"operator", w.op, answerPath(id, q.ID), ok, 403, "forbidden"},
		{"the asker", w.a, answerPath(id, q.ID), ok, 403, "forbidden"},
		{"another provider", w.b, answerPath(id, q.ID), ok, 403, "forbidden"},
		{"another government body", w.gov, answerPath(id, q.ID), ok, 403, "forbidden"},
		{"unknown question", w.buyer, answerPath(id, "no-such-question"), ok, 404, "not_found"},
		{"a question of another listing", w.buyer, answerPath(id, qOther.ID), ok, 404, "not_found"},
		{"unknown listing", w.buyer, answerPath("no-such-listing", q.ID), ok, 404, "not_found"},
		{"blank answer", w.buyer, answerPath(id, q.ID), map[string]string{"text": "  \n "}, 422, "validation_failed"},
		{"empty answer", w.buyer, answerPath(id, q.ID), map[string]string{"text": ""}, 422, "validation_failed"},
		{"4001 characters", w.buyer, answerPath(id, q.ID), map[string]string{"text": strings.Repeat("答", 4001)}, 422, "validation_failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.do("POST", tt.path, tt.body, authOf(tt.who)...).problem(t, tt.status, tt.code)
		})
	}
	if _, items := w.list(w.buyer, id); len(items) != 1 || items[0].Status != "open" {
		t.Fatalf("a refused answer changed the question: %+v", items)
	}

	const text = "需要兼容国产化数据库，详见附件二。"
	got := w.answer(id, q.ID, "  "+text+"\n")
	if got.ID != q.ID || got.Answer != text || got.Status != "answered" || got.AnsweredAt == nil || got.Text != qaText {
		t.Fatalf("answered: %+v", got)
	}
	// Answers are final.
	w.do("POST", answerPath(id, q.ID), map[string]string{"text": "改口"}, w.buyer.bearer()...).problem(t, 409, "invalid_state")
	if _, items := w.list(session{}, id); len(items) != 1 || items[0].Answer != text {
		t.Fatalf("public list after a second answer: %+v", items)
	}
}

func TestAnswerQuestionByListingStatus(t *testing.T) {
	w := newQAWorld(t, newEnv(t, api.LoginLimits{}))
	closing := w.published(time.Hour)
	cancelled := w.published(10 * 24 * time.Hour)
	q1 := w.ask(w.a, closing, qaText)
	q2 := w.ask(w.a, closing, "第二个问题")
	q3 := w.ask(w.b, cancelled, "Will the listing be re-issued?")

	// Cancelled listings take no more answers.
	if _, err := w.app.CancelOpportunity(context.Background(), qaMember(w.buyer), cancelled, "需求变更"); err != nil {
		t.Fatal(err)
	}
	w.do("POST", answerPath(cancelled, q3.ID), map[string]string{"text": "不会。"}, w.buyer.bearer()...).problem(t, 409, "invalid_state")

	// After the deadline the buyer may still answer: the answering request
	// itself closes the listing first.
	w.clock.Advance(2 * time.Hour)
	w.relogin()
	if got := w.answer(closing, q1.ID, "截止后的答复"); got.Status != "answered" {
		t.Fatalf("answer after the deadline: %+v", got)
	}
	if s := w.status(closing); s != models.StatusClosed {
		t.Fatalf("status %s, want closed", s)
	}
	// Once the procurement has ended without award, no more answers.
	if _, err := w.app.MarkUnsuccessful(context.Background(), qaMember(w.buyer), closing, "无有效投标"); err != nil {
		t.Fatal(err)
	}
	w.do("POST", answerPath(closing, q2.ID), map[string]string{"text": "太迟了"}, w.buyer.bearer()...).problem(t, 409, "invalid_state")
	// And the answered question stays public.
	if _, items := w.list(session{}, closing); len(items) != 1 || items[0].ID != q1.ID {
		t.Errorf("public questions of an unsuccessful listing: %+v", items)
	}
}

// Concurrent answers to one question: exactly one wins, the others get a
// 409, and the stored answer is the winner's.
func TestConcurrentAnswers(t *testing.T) {
	w := newQAWorld(t, newEnv(t, api.LoginLimits{}))
	id := w.published(10 * 24 * time.Hour)
	q := w.ask(w.a, id, qaText)

	const n = 16
	var (
		wg        sync.WaitGroup
		start     = make(chan struct{})
		responses [n]*response
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			responses[i] = w.do("POST", answerPath(id, q.ID), map[string]string{"text": fmt.Sprintf("答复 #%d", i)}, w.buyer.bearer()...)
		}()
	}
	close(start)
	wg.Wait()

	winner := ""
	for i, r := range responses {
		switch r.Status {
		case http.StatusOK:
			if winner != "" {
				t.Fatalf("two answers succeeded: %q and #%d", winner, i)
			}
			var got questionJSON
			r.decode(t, &got)
			if want := fmt.Sprintf("答复 #%d", i); got.Answer != want {
				t.Fatalf("winner #%d got answer %q", i, got.Answer)
			}
			winner = got.Answer
		case http.StatusConflict:
			var p map[string]any
			r.decode(t, &p)
			if p["code"] != "invalid_state" && p["code"] != "conflict" {
				t.Errorf("loser #%d: %s", i, r.Body)
			}
		default:
			t.Errorf("answer #%d: %d %s", i, r.Status, r.Body)
		}
	}
	if winner == "" {
		t.Fatal("no answer succeeded")
	}
	_, items := w.list(session{}, id)
	if len(items) != 1 || items[0].Answer != winner {
		t.Fatalf("stored answer %+v, want the winner's %q", items, winner)
	}
}

// Asking and answering are events of the question's own stream: the asking
// is private and names the asker; the answer is public, by the buyer, and
// its snapshot does not name the asker.
func TestQuestionEvents(t *testing.T) {
	e, db := newAuditEnv(t)
	w := newQAWorld(t, e)
	ctx := context.Background()
	id := w.published(10 * 24 * time.Hour)
	q := w.ask(w.a, id, qaText)
	open := w.ask(w.b, id, "未答复的问题")
	w.answer(id, q.ID, "支持。")

	events, err := db.Events(ctx, models.StreamQuestion+q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	asked, answered := events[0], events[1]
	if asked.Seq != 1 || asked.Type != "question.asked" || asked.Public || asked.PrevHash != "" ||
		asked.Actor.OrganizationID != w.a.OrgID || asked.Actor.UserID != w.a.UserID || asked.Actor.Role != models.RoleMember {
		t.Errorf("asked event %+v", asked)
	}
	var snap models.Question
	if err := json.Unmarshal(asked.Snapshot, &snap); err != nil || snap.ID != q.ID || snap.Text != qaText ||
		snap.AskedBy.OrganizationID != w.a.OrgID || snap.Version != 1 {
		t.Errorf("asked snapshot %s (%v)", asked.Snapshot, err)
	}
	if answered.Seq != 2 || answered.Type != "question.answered" || !answered.Public || answered.PrevHash != asked.Hash ||
		answered.Actor.OrganizationID != w.buyer.OrgID || answered.Actor.UserID != w.buyer.UserID {
		t.Errorf("answered event %+v", answered)
	}
	snap = models.Question{}
	if err := json.Unmarshal(answered.Snapshot, &snap); err != nil || snap.Answer != "支持。" || snap.Version != 2 || snap.AnsweredAt == nil {
		t.Errorf("answered snapshot %s (%v)", answered.Snapshot, err)
	}
	raw, _ := json.Marshal(answered)
	mustNotReveal(t, "the public answered event", raw, w.identity(w.a))

	// The stored question is at the version of its last event.
	stored, err := db.QuestionByID(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Version != 2 || stored.AskedBy.OrganizationID != w.a.OrgID || stored.Answer != "支持。" {
		t.Errorf("stored %+v", stored)
	}
	if events, _ := db.Events(ctx, models.StreamQuestion+open.ID); len(events) != 1 {
		t.Errorf("an open question has %d events, want 1", len(events))
	}
	// Refused actions record nothing.
	w.do("POST", answerPath(id, q.ID), map[string]string{"text": "再答"}, w.buyer.bearer()...).problem(t, 409, "invalid_state")
	if events, _ := db.Events(ctx, models.StreamQuestion+q.ID); len(events) != 2 {
		t.Errorf("a refused answer was recorded: %d events", len(events))
	}

	report, err := e.app.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !report.Intact() {
		t.Fatalf("audit %+v", report)
	}
}

// A process that stopped between appending the answered event and storing
// the question leaves the document behind its stream: the next answer gets a
// conflict and brings the document up to the event, keeping the asker.
func TestQuestionRepairedFromEvents(t *testing.T) {
	e, db := newAuditEnv(t)
	w := newQAWorld(t, e)
	ctx := context.Background()
	id := w.published(10 * 24 * time.Hour)
	q := w.ask(w.a, id, qaText)

	stored, err := db.QuestionByID(ctx, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Event(ctx, models.StreamQuestion+q.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	now := w.clock.Now()
	half := stored.WithoutAsker()
	half.Answer, half.AnsweredAt, half.Version = "中断前的答复", &now, 2
	snap, err := json.Marshal(half)
	if err != nil {
		t.Fatal(err)
	}
	ev := &models.Event{ID: models.NewID(), Stream: models.StreamQuestion + q.ID, Seq: 2, Type: "question.answered", At: now,
		Actor:   models.EventActor{UserID: w.buyer.UserID, OrganizationID: w.buyer.OrgID, Role: models.RoleMember},
		Summary: "question answered", Changes: []models.Change{}, Public: true, Snapshot: snap}
	ev.Seal(first.Hash)
	if err := db.AppendEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}

	w.do("POST", answerPath(id, q.ID), map[string]string{"text": "新的答复"}, w.buyer.bearer()...).problem(t, 409, "conflict")
	_, items := w.list(session{}, id)
	if len(items) != 1 || items[0].Answer != "中断前的答复" || items[0].Status != "answered" {
		t.Fatalf("after repair: %+v", items)
	}
	_, items = w.list(w.op, id)
	if by := items[0].AskedBy; by == nil || by.OrganizationID != w.a.OrgID {
		t.Fatalf("the repair lost the asker: %+v", items[0])
	}
	w.do("POST", answerPath(id, q.ID), map[string]string{"text": "新的答复"}, w.buyer.bearer()...).problem(t, 409, "invalid_state")
	if report, err := e.app.VerifyAudit(ctx); err != nil || !report.Intact() {
		t.Fatalf("audit %+v %v", report, err)
	}
}
