package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/app/store/storetest"
	"market/models"
)

// newAuditEnv is newEnv that also hands back the database, so that tests can
// read the event streams and tamper with them behind the application's back.
func newAuditEnv(t *testing.T) (*env, storetest.DB) {
	t.Helper()
	e := newEnv(t, api.LoginLimits{})
	return e, e.db
}

// auditReportJSON is the body of GET /api/v1/admin/audit/verify.
type auditReportJSON struct {
	Intact     bool `json:"intact"`
	Streams    int  `json:"streams"`
	Events     int  `json:"events"`
	BrokenLink *struct {
		Stream string `json:"stream"`
		Seq    int    `json:"seq"`
		Reason string `json:"reason"`
		Detail string `json:"detail"`
	} `json:"brokenLink"`
}

// auditReport fetches the audit report as op, failing unless the answer is 200.
func (e *env) auditReport(op session) auditReportJSON {
	e.t.Helper()
	r := e.do("GET", "/api/v1/admin/audit/verify", nil, op.bearer()...)
	if r.Status != 200 {
		e.t.Fatalf("GET /api/v1/admin/audit/verify: %d %s", r.Status, r.Body)
	}
	var body auditReportJSON
	r.decode(e.t, &body)
	return body
}

// populate registers three organisations and changes them: the streams
// hold 3, 4 and 2 events (9 in all). It returns the organisations' ids.
func populate(t *testing.T, e *env) (a, b, c string) {
	t.Helper()
	sa := e.register("audit-a@example.com", "enterprise", false)
	sb := e.register("audit-b@example.com", "enterprise", true)
	sc := e.register("audit-c@example.com", "government", false)
	op := e.operator()
	mustOK := func(r *response) {
		t.Helper()
		if r.Status != 200 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	}
	mustOK(e.do("PUT", "/api/v1/organizations/"+sa.OrgID+"/profile", profile, sa.bearer()...))
	mustOK(e.do("POST", "/api/v1/admin/organizations/"+sa.OrgID+"/verify", nil, op.bearer()...))
	mustOK(e.do("PUT", "/api/v1/organizations/"+sb.OrgID+"/profile", profile, sb.bearer()...))
	mustOK(e.do("POST", "/api/v1/admin/organizations/"+sb.OrgID+"/reject", map[string]string{"reason": "材料不全"}, op.bearer()...))
	mustOK(e.do("POST", "/api/v1/admin/organizations/"+sb.OrgID+"/verify", nil, op.bearer()...))
	mustOK(e.do("POST", "/api/v1/admin/organizations/"+sc.OrgID+"/verify", nil, op.bearer()...))
	return sa.OrgID, sb.OrgID, sc.OrgID
}

func TestAuditVerifyOperatorsOnly(t *testing.T) {
	e, _ := newAuditEnv(t)
	member := e.register("audit-m@example.com", "enterprise", false)
	op := e.operator()
	e.do("GET", "/api/v1/admin/audit/verify", nil).problem(t, 401, "unauthenticated")
	e.do("GET", "/api/v1/admin/audit/verify", nil, "Authorization", "Bearer not-a-token").problem(t, 401, "unauthenticated")
	e.do("GET", "/api/v1/admin/audit/verify", nil, member.bearer()...).problem(t, 403, "forbidden")
	got := e.auditReport(op)
	if !got.Intact || got.Streams != 1 || got.Events != 1 || got.BrokenLink != nil {
		t.Fatalf("report %+v, want intact with 1 event in 1 stream", got)
	}
	if _, err := e.app.VerifyAuditAs(context.Background(), models.Actor{}); models.ErrorCode(err) != models.EUNAUTHENTICATED {
		t.Errorf("VerifyAuditAs anonymous: %v", err)
	}
}

// Every change of an organisation is an event of its stream, chained, with
// the organisation's version equal to the last seq.
func TestOrganizationEventsRecorded(t *testing.T) {
	e, db := newAuditEnv(t)
	ctx := context.Background()
	a, b, c := populate(t, e)

	want := map[string][]string{
		a: {"organization.registered", "organization.profile_updated", "organization.verified"},
		b: {"organization.registered", "organization.profile_updated", "organization.rejected", "organization.verified"},
		c: {"organization.registered", "organization.verified"},
	}
	for id, types := range want {
		events, err := db.Events(ctx, models.StreamOrganization+id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, ev := range events {
			got = append(got, ev.Type)
			if ev.Seq != i+1 || ev.Hash != ev.ComputeHash() || ev.Actor.Role == "" || ev.Summary == "" {
				t.Errorf("%s event %d: %+v", id, i+1, ev)
			}
			if ev.Public != (ev.Type == "organization.verified") {
				t.Errorf("%s %s: public %v; only verification is public", id, ev.Type, ev.Public)
			}
			var snap models.Organization
			if err := json.Unmarshal(ev.Snapshot, &snap); err != nil || snap.ID != id || snap.Version != ev.Seq {
				t.Errorf("%s event %d: snapshot %s (%v) is not the organisation at version %d", id, ev.Seq, ev.Snapshot, err, ev.Seq)
			}
		}
		if !slices.Equal(got, types) {
			t.Errorf("%s: events %v, want %v", id, got, types)
		}
		org, err := db.OrganizationByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if org.Version != len(types) {
			t.Errorf("%s: version %d, want %d (the last seq)", id, org.Version, len(types))
		}
	}

	// The registration is the new member's act; the rest say what changed.
	reg, _ := db.Event(ctx, models.StreamOrganization+a, 1)
	if reg.Actor.Role != models.RoleMember || reg.Actor.OrganizationID != a || reg.Actor.OrganizationName != "组织 audit-a@example.com" || reg.Seq != 1 || reg.PrevHash != "" {
		t.Errorf("registration event %+v", reg)
	}
	upd, _ := db.Event(ctx, models.StreamOrganization+a, 2)
	changed := map[string]models.Change{}
	for _, ch := range upd.Changes {
		changed[ch.Field] = ch
	}
	if changed["capabilities"].After != "iot, digital_twin" || changed["districtsServed"].After != "xuhui, citywide" ||
		changed["caseStudies"].Before != "0" || changed["caseStudies"].After != "1" || changed["summary"].After != profile["summary"] {
		t.Errorf("profile update changes %+v", upd.Changes)
	}
	rej, _ := db.Event(ctx, models.StreamOrganization+b, 3)
	if rej.Actor.Role != models.RoleOperator || rej.Summary != "organisation rejected: 材料不全" {
		t.Errorf("rejection event %+v", rej)
	}
	ver, _ := db.Event(ctx, models.StreamOrganization+b, 4)
	if len(ver.Changes) != 2 || ver.Changes[0] != (models.Change{Field: "verification", Before: "rejected", After: "verified"}) ||
		ver.Changes[1] != (models.Change{Field: "verificationReason", Before: "材料不全", After: ""}) {
		t.Errorf("verification after rejection: changes %+v", ver.Changes)
	}

	// Saving the same profile again changes nothing and records nothing.
	s := e.login("audit-a@example.com", "correct horse battery")
	if r := e.do("PUT", "/api/v1/organizations/"+a+"/profile", profile, s.bearer()...); r.Status != 200 {
		t.Fatalf("same profile again: %d %s", r.Status, r.Body)
	}
	if events, _ := db.Events(ctx, models.StreamOrganization+a); len(events) != 3 {
		t.Errorf("an unchanged profile recorded an event: %d events", len(events))
	}

	r, err := e.app.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Intact() || r.Streams != 3 || r.Events != 9 {
		t.Fatalf("report %+v, want intact with 9 events in 3 streams", r)
	}
}

// Editing one stored event, in any field, is reported at exactly that event.
func TestAuditNamesTamperedEvent(t *testing.T) {
	cases := []struct {
		name   string
		stream func(a, b, c string) string
		seq    int
		field  string
		value  any
	}{
		{"summary", func(a, b, c string) string { return a }, 2, "summary", "profile updated: nothing to see"},
		{"a change's after", func(a, b, c string) string { return b }, 3, "changes.1.after", "材料齐全"},
		{"the actor", func(a, b, c string) string { return c }, 2, "actor.role", "member"},
		{"public", func(a, b, c string) string { return b }, 1, "public", true},
		{"the time", func(a, b, c string) string { return a }, 3, "at", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"the last event's hash", func(a, b, c string) string { return b }, 4, "hash", "0000"},
		{"the first event's prevHash", func(a, b, c string) string { return c }, 1, "prevHash", "0000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, db := newAuditEnv(t)
			ctx := context.Background()
			stream := models.StreamOrganization + tc.stream(populate(t, e))
			if err := db.TamperEvent(ctx, stream, tc.seq, tc.field, tc.value); err != nil {
				t.Fatal(err)
			}
			r, err := e.app.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.Intact() || r.Broken.Stream != stream || r.Broken.Seq != tc.seq || r.Broken.Reason != app.BrokenHash {
				t.Fatalf("report %+v (broken %+v), want a hash mismatch at %s#%d", r, r.Broken, stream, tc.seq)
			}
			if r.Streams != 3 || r.Events != 9 {
				t.Errorf("checked %d events in %d streams, want 9 in 3", r.Events, r.Streams)
			}
			got := e.auditReport(e.operator())
			if got.Intact || got.BrokenLink == nil || got.BrokenLink.Stream != stream || got.BrokenLink.Seq != tc.seq ||
				got.BrokenLink.Reason != "hash mismatch" || got.BrokenLink.Detail == "" {
				t.Fatalf("HTTP report %+v, want a hash mismatch at %s#%d", got, stream, tc.seq)
			}
		})
	}
}

// An event edited and resealed with a correct hash of its own breaks the
// link to the next event.
func TestAuditNamesResealedEventsSuccessor(t *testing.T) {
	e, db := newAuditEnv(t)
	ctx := context.Background()
	_, b, _ := populate(t, e)
	stream := models.StreamOrganization + b
	ev, err := db.Event(ctx, stream, 2)
	if err != nil {
		t.Fatal(err)
	}
	ev.Summary = "profile updated: forged"
	for field, value := range map[string]any{"summary": ev.Summary, "hash": ev.ComputeHash()} {
		if err := db.TamperEvent(ctx, stream, 2, field, value); err != nil {
			t.Fatal(err)
		}
	}
	r, err := e.app.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Intact() || r.Broken.Stream != stream || r.Broken.Seq != 3 || r.Broken.Reason != app.BrokenPrevHash {
		t.Fatalf("broken %+v, want a prevHash mismatch at %s#3", r.Broken, stream)
	}
}

// A removed event is reported as the missing seq.
func TestAuditNamesRemovedEvent(t *testing.T) {
	for _, seq := range []int{1, 2, 3} {
		t.Run(fmt.Sprint("seq ", seq), func(t *testing.T) {
			e, db := newAuditEnv(t)
			ctx := context.Background()
			_, b, _ := populate(t, e)
			stream := models.StreamOrganization + b
			if err := db.RemoveEvent(ctx, stream, seq); err != nil {
				t.Fatal(err)
			}
			r, err := e.app.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if r.Intact() || r.Broken.Stream != stream || r.Broken.Seq != seq || r.Broken.Reason != app.BrokenMissingSeq {
				t.Fatalf("broken %+v, want seq %d of %s missing", r.Broken, seq, stream)
			}
			if r.Events != 8 || r.Streams != 3 {
				t.Errorf("checked %d events in %d streams, want 8 in 3", r.Events, r.Streams)
			}
		})
	}
}

// With several broken links, the first in (stream, seq) order is named.
func TestAuditNamesFirstBrokenLink(t *testing.T) {
	e, db := newAuditEnv(t)
	ctx := context.Background()
	a, b, c := populate(t, e)
	streams := []string{models.StreamOrganization + a, models.StreamOrganization + b, models.StreamOrganization + c}
	slices.Sort(streams)
	check := func(stream string, seq int, reason string) {
		t.Helper()
		r, err := e.app.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.Broken == nil || r.Broken.Stream != stream || r.Broken.Seq != seq || r.Broken.Reason != reason {
			t.Fatalf("broken %+v, want %s at %s#%d", r.Broken, reason, stream, seq)
		}
	}
	// Break the last stream early, the first and middle ones later.
	for _, s := range []struct {
		stream string
		seq    int
	}{{streams[2], 1}, {streams[1], 2}, {streams[0], 2}} {
		if err := db.TamperEvent(ctx, s.stream, s.seq, "summary", "x"); err != nil {
			t.Fatal(err)
		}
	}
	check(streams[0], 2, app.BrokenHash)
	// A gap before that in the same stream comes first.
	if err := db.RemoveEvent(ctx, streams[0], 1); err != nil {
		t.Fatal(err)
	}
	check(streams[0], 1, app.BrokenMissingSeq)
}

// Many writers of one organisation lose no change: every one is an event,
// the version is the last seq, and the chain holds.
func TestOrganizationChangesUnderRaceAllRecorded(t *testing.T) {
	e, db := newAuditEnv(t)
	ctx := context.Background()
	s := e.register("race-org@example.com", "enterprise", false)
	member := models.Actor{UserID: s.UserID, OrganizationID: s.OrgID, Role: models.RoleMember}
	operator := models.Actor{UserID: "op", Role: models.RoleOperator}
	const writers = 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	verifications := 0
	for i := 0; i < writers; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			p := models.Profile{Summary: fmt.Sprintf("summary %d", i), Capabilities: []string{"iot"}}
			if _, err := e.app.UpdateProfile(ctx, member, s.OrgID, p); err != nil {
				t.Errorf("profile %d: %v", i, err)
			}
		}()
		go func() {
			defer wg.Done()
			var err error
			if i%2 == 0 {
				_, err = e.app.VerifyOrganization(ctx, operator, s.OrgID)
			} else {
				_, err = e.app.RejectOrganization(ctx, operator, s.OrgID, fmt.Sprint("reason ", i))
			}
			switch models.ErrorCode(err) {
			case "":
				mu.Lock()
				verifications++
				mu.Unlock()
			case models.EINVALIDSTATE: // already in that state
			default:
				t.Errorf("verification %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	events, err := db.Events(ctx, models.StreamOrganization+s.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	org, err := db.OrganizationByID(ctx, s.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	want := 1 + writers + verifications
	if len(events) != want || org.Version != want {
		t.Fatalf("%d events, version %d; want %d (1 registration, %d profiles, %d verifications)",
			len(events), org.Version, want, writers, verifications)
	}
	// The stored organisation is the last event's snapshot.
	var last models.Organization
	if err := json.Unmarshal(events[len(events)-1].Snapshot, &last); err != nil {
		t.Fatal(err)
	}
	if last.Profile.Summary != org.Profile.Summary || last.Verification != org.Verification {
		t.Errorf("stored %q/%s, last event says %q/%s", org.Profile.Summary, org.Verification, last.Profile.Summary, last.Verification)
	}
	if r, err := e.app.VerifyAudit(ctx); err != nil || !r.Intact() || r.Events != want {
		t.Fatalf("report %+v (%v), want intact with %d events", r, err, want)
	}
}

// When an event was appended but the organisation was not stored after it
// (a failure between the two writes), the next change is a conflict that
// brings the organisation up to date from the event, and the one after works.
func TestOrganizationBehindItsStreamIsRepaired(t *testing.T) {
	e, db := newAuditEnv(t)
	ctx := context.Background()
	s := e.register("repair@example.com", "enterprise", false)
	stream := models.StreamOrganization + s.OrgID

	// Append event 2, verifying the organisation, without storing it.
	org, err := db.OrganizationByID(ctx, s.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Event(ctx, stream, 1)
	if err != nil {
		t.Fatal(err)
	}
	org.Version, org.Verification = 2, models.VerificationVerified
	snap, _ := json.Marshal(org)
	ev := &models.Event{ID: models.NewID(), Stream: stream, Seq: 2, Type: "organization.verified", At: e.clock.Now(),
		Actor: models.EventActor{UserID: "op", Role: models.RoleOperator}, Summary: "organisation verified",
		Changes: []models.Change{{Field: "verification", Before: "unverified", After: "verified"}}, Public: true, Snapshot: snap}
	ev.Seal(first.Hash)
	if err := db.AppendEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}

	path := "/api/v1/organizations/" + s.OrgID + "/profile"
	e.do("PUT", path, profile, s.bearer()...).problem(t, 409, "conflict")
	var body struct {
		Verification string
		Profile      struct{ Summary string }
	}
	e.do("GET", "/api/v1/organizations/"+s.OrgID, nil).decode(t, &body)
	if body.Verification != "verified" {
		t.Fatalf("after the conflict the organisation is %q, want verified from event 2", body.Verification)
	}
	if r := e.do("PUT", path, profile, s.bearer()...); r.Status != 200 {
		t.Fatalf("retry: %d %s", r.Status, r.Body)
	}
	if got, _ := db.OrganizationByID(ctx, s.OrgID); got.Version != 3 || got.Profile.Summary != profile["summary"] {
		t.Fatalf("after the retry: version %d summary %q", got.Version, got.Profile.Summary)
	}
	if r, err := e.app.VerifyAudit(ctx); err != nil || !r.Intact() || r.Events != 3 {
		t.Fatalf("report %+v (%v), want intact with 3 events", r, err)
	}
}
