package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"market/app"
	"market/app/auth"
	"market/app/store/storetest"
	"market/models"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// settableClock is a clock the test moves; every instance shares it.
type settableClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *settableClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *settableClock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// instances opens n app instances on one database, each with its own
// connection and so its own in-process locks, as n processes would have.
// The database is dropped when the test ends.
func clockInstances(t *testing.T, n int, clk *settableClock) ([]*app.App, []storetest.DB) {
	t.Helper()
	signer, err := auth.NewSigner([]byte("clock-test-secret-clock-test-secret-0123"), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	dbs := storetest.OpenShared(t, n)
	apps := make([]*app.App, n)
	for i := range n {
		apps[i], err = app.New(app.Config{DB: dbs[i], Tokens: signer, Now: clk.Now,
			Argon2: auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
	}
	return apps, dbs
}

// clockOperator acts for the platform in these tests.
var clockOperator = models.Actor{UserID: "op", Role: models.RoleOperator}

// verifiedBuyer registers a government body, has it verified and returns its member.
func clockBuyer(t *testing.T, a *app.App) models.Actor {
	t.Helper()
	ctx := context.Background()
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	code := []byte("11310000")
	for len(code) < 17 {
		code = append(code, chars[rand.IntN(len(chars))])
	}
	check, _ := models.CreditCodeCheckChar(string(code))
	s, err := a.Register(ctx, app.Registration{
		Email: fmt.Sprintf("buyer-%s@gov.example", models.NewID()[:8]), Password: "correct horse battery", DisplayName: "采购人 Buyer",
		Organization: models.NewOrganization{Name: "徐汇区数据局 " + models.NewID()[:6], Kind: models.OrgGovernment,
			CreditCode: string(append(code, check)), District: "xuhui"},
	})
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	if _, err := a.VerifyOrganization(ctx, clockOperator, s.Organization.ID); err != nil {
		t.Fatalf("verify: %v", err)
	}
	return models.Actor{UserID: s.User.ID, OrganizationID: s.Organization.ID, Role: models.RoleMember}
}

// publish drafts, submits and approves a listing due at deadline.
func clockPublish(t *testing.T, a *app.App, buyer models.Actor, deadline time.Time) *models.Opportunity {
	t.Helper()
	ctx := context.Background()
	title, desc, domain, district := "城运平台 City operations platform", "建设数字孪生底座。", "governance", "xuhui"
	criteria := []models.Criterion{{Name: "技术方案", Weight: 60}, {Name: "价格", Weight: 40}}
	o, err := a.CreateOpportunity(ctx, buyer, models.KindGovernmentNeed, app.OpportunityInput{
		Title: &title, Description: &desc, Domain: &domain, District: &district, BidDeadline: &deadline, Criteria: &criteria})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if _, err := a.SubmitOpportunity(ctx, buyer, o.ID); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if o, err = a.ApproveOpportunity(ctx, clockOperator, o.ID); err != nil {
		t.Fatalf("approve: %v", err)
	}
	return o
}

// closedEvents returns how many "opportunity.closed" events the listing's
// stream holds, checking that each was the platform's doing.
func clockClosedEvents(t *testing.T, db storetest.DB, id string) int {
	t.Helper()
	events, err := db.Events(context.Background(), models.StreamOpportunity+id)
	if err != nil {
		t.Fatalf("events of %s: %v", id, err)
	}
	n := 0
	for _, e := range events {
		if e.Type == "opportunity.closed" {
			n++
			if e.Actor.Role != models.RoleSystem {
				t.Errorf("listing %s closed by %+v, want the system", id, e.Actor)
			}
		}
	}
	return n
}

// storedStatus reads a listing straight from the store, without the use
// cases (whose reads close a due listing themselves).
func clockStoredStatus(t *testing.T, db storetest.DB, id string) string {
	t.Helper()
	o, err := db.OpportunityByID(context.Background(), id)
	if err != nil {
		t.Fatalf("reading %s: %v", id, err)
	}
	return o.Status
}

func newSettableClock() *settableClock {
	return &settableClock{now: time.Now().UTC().Truncate(time.Second)}
}

// TestCloseDueTwoInstancesCloseEachListingOnce runs the deadline job of two
// instances, each with its own connection and locks, at the same time and
// several times over: every listing is closed exactly once, and the counts
// the jobs report add up.
func TestCloseDueTwoInstancesCloseEachListingOnce(t *testing.T) {
	t.Parallel()
	clk := newSettableClock()
	apps, dbs := clockInstances(t, 2, clk)
	buyer := clockBuyer(t, apps[0])
	const n = 12
	ids := make([]string, n)
	for i := range ids {
		// Deadlines spread over half a day; the instances take turns publishing.
		ids[i] = clockPublish(t, apps[i%2], buyer, clk.Now().Add(10*24*time.Hour+time.Duration(i)*time.Hour)).ID
	}
	if closed, err := apps[0].CloseDue(context.Background()); err != nil || closed != 0 {
		t.Fatalf("before any deadline the job closed %d (err %v)", closed, err)
	}
	clk.Advance(12 * 24 * time.Hour)

	var mu sync.Mutex
	total := 0
	for round := range 3 {
		var wg sync.WaitGroup
		for i := range 4 { // two jobs per instance
			wg.Go(func() {
				closed, err := apps[i%2].CloseDue(context.Background())
				if err != nil {
					t.Errorf("round %d, job %d: %v (after closing %d)", round, i, err, closed)
				}
				mu.Lock()
				total += closed
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	if total != n {
		t.Errorf("the jobs report %d listings closed, want %d", total, n)
	}
	for _, id := range ids {
		if got := clockClosedEvents(t, dbs[1], id); got != 1 {
			t.Errorf("listing %s has %d closed events, want 1", id, got)
		}
		o, err := apps[1].Opportunity(context.Background(), models.Actor{}, id)
		if err != nil || o.Status != models.StatusClosed || o.Version != 4 {
			t.Errorf("listing %s: %+v (err %v), want closed at version 4", id, o, err)
		}
	}
}

// TestRunClockClosesWithoutRequests: the clock job of two instances closes a
// listing at its deadline with no request touching it, exactly once, and
// not before.
func TestRunClockClosesWithoutRequests(t *testing.T) {
	t.Parallel()
	clk := newSettableClock()
	apps, dbs := clockInstances(t, 2, clk)
	buyer := clockBuyer(t, apps[0])
	o := clockPublish(t, apps[0], buyer, clk.Now().Add(10*24*time.Hour))

	ctx, stop := context.WithCancel(context.Background())
	var jobs sync.WaitGroup
	for i, a := range apps {
		jobs.Go(func() { a.RunClock(ctx, 20*time.Millisecond, fmt.Sprintf("instance-%d", i)) })
	}
	defer func() { stop(); jobs.Wait() }()

	time.Sleep(200 * time.Millisecond) // several ticks before the deadline
	if s := clockStoredStatus(t, dbs[0], o.ID); s != models.StatusPublished {
		t.Fatalf("before its deadline the listing is %s", s)
	}
	clk.Advance(10*24*time.Hour + time.Minute)
	deadline := time.Now().Add(15 * time.Second)
	for clockStoredStatus(t, dbs[0], o.ID) != models.StatusClosed {
		if time.Now().After(deadline) {
			t.Fatalf("the clock job did not close the listing within 15s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // more ticks: nothing closes it again
	stop()
	jobs.Wait()
	if got := clockClosedEvents(t, dbs[1], o.ID); got != 1 {
		t.Errorf("%d closed events, want 1", got)
	}
}

// TestLateRequestsSeeTheListingClosed: when the deadline has passed and no
// job has run yet, a read sees the listing closed and a write is refused
// as the listing is closed; the job that comes later has nothing left to do.
func TestLateRequestsSeeTheListingClosed(t *testing.T) {
	t.Parallel()
	clk := newSettableClock()
	apps, dbs := clockInstances(t, 2, clk)
	a := apps[0]
	buyer := clockBuyer(t, a)
	ctx := context.Background()
	deadline := clk.Now().Add(10 * 24 * time.Hour)
	read, amended, extended, cancelled := clockPublish(t, a, buyer, deadline), clockPublish(t, a, buyer, deadline),
		clockPublish(t, a, buyer, deadline), clockPublish(t, a, buyer, deadline)
	raced := make([]*models.Opportunity, 4)
	for i := range raced {
		raced[i] = clockPublish(t, a, buyer, deadline)
	}
	clk.Advance(10 * 24 * time.Hour) // exactly at the deadline: bidding is over

	// A read, by anyone.
	o, err := a.Opportunity(ctx, models.Actor{}, read.ID)
	if err != nil {
		t.Errorf("late read: err %v, want the listing closed", err)
	} else if o.Status != models.StatusClosed {
		t.Errorf("late read: %s, want closed", o.Status)
	}

	// An amendment, with the version the buyer read before the deadline.
	title, reason := "修订 amended", "澄清 clarified"
	_, err = a.UpdateOpportunity(ctx, buyer, amended.ID, amended.Version, app.OpportunityInput{Title: &title}, reason)
	if code := models.ErrorCode(err); code != models.EINVALIDSTATE && code != models.EDEADLINE {
		t.Errorf("late amendment with the version read before the deadline: err %v; want invalid_state (or deadline_passed, API.md), not let through or told to retry", err)
	}

	// An extension, which carries no version.
	later := deadline.Add(7 * 24 * time.Hour)
	if _, err = a.ExtendOpportunity(ctx, buyer, extended.ID, later, "延期 more time"); models.ErrorCode(err) != models.EINVALIDSTATE {
		t.Errorf("late extension: err %v; want invalid_state", err)
	}

	// Cancelling stays possible once closed: the listing is closed first, then cancelled.
	if o, err = a.CancelOpportunity(ctx, buyer, cancelled.ID, "取消 no longer needed"); err != nil || o.Status != models.StatusCancelled {
		t.Errorf("cancel after the deadline: err %v", err)
	}

	// Late extensions racing with the other instance's job: never let through.
	var wg sync.WaitGroup
	for _, o := range raced {
		wg.Go(func() {
			// Across instances the job's close and the request's own close
			// race for the same event: the loser is told of the concurrent change.
			if _, err := a.ExtendOpportunity(ctx, buyer, o.ID, later, "延期 more time"); models.ErrorCode(err) != models.EINVALIDSTATE &&
				models.ErrorCode(err) != models.ECONFLICT {
				t.Errorf("late extension of %s racing with the job: %v; want invalid_state (or conflict)", o.ID, err)
			}
		})
	}
	wg.Go(func() {
		if _, err := apps[1].CloseDue(ctx); err != nil {
			t.Errorf("job: %v", err)
		}
	})
	wg.Wait()

	for _, o := range append([]*models.Opportunity{read, amended, extended, cancelled}, raced...) {
		if got := clockClosedEvents(t, dbs[1], o.ID); got != 1 {
			t.Errorf("listing %s has %d closed events, want 1", o.ID, got)
		}
		events, err := dbs[1].Events(ctx, models.StreamOpportunity+o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Type == "opportunity.amended" || e.Type == "opportunity.extended" {
				t.Errorf("listing %s: a late %s got through", o.ID, e.Type)
			}
		}
		want := models.StatusClosed
		if o.ID == cancelled.ID {
			want = models.StatusCancelled
		}
		if s := clockStoredStatus(t, dbs[0], o.ID); s != want {
			t.Errorf("listing %s is %s, want %s", o.ID, s, want)
		}
		if got, err := a.Opportunity(ctx, buyer, o.ID); err != nil || !got.BidDeadline.Equal(deadline) {
			t.Errorf("listing %s: deadline %v (err %v), want %v unchanged", o.ID, got.BidDeadline, err, deadline)
		}
	}
	if closed, err := apps[1].CloseDue(ctx); err != nil || closed != 0 {
		t.Errorf("the late job closed %d (err %v), want 0: the requests closed everything already", closed, err)
	}
}
