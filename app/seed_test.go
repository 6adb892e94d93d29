package app_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"market/app"
	"market/app/auth"
	"market/app/filestore"
	"market/app/store/storetest"
	"market/models"
)

// TestSeedMarket seeds a store on a replay clock and checks that the market
// is alive: every status, district, kind and domain, answered questions,
// amendments, awards to SMEs, some twenty providers, nothing dated after
// the real time but open deadlines, and an intact audit trail.
func TestSeedMarket(t *testing.T) {
	ctx := context.Background()
	clock := app.NewReplayClock(time.Now)
	signer, err := auth.NewSigner([]byte("seed-test-secret-seed-test-secret-012345"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filestore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Config{DB: storetest.Open(t), Tokens: signer, Now: clock.Now, Contents: files,
		Argon2: auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if done, err := a.Seed(ctx, clock); err != nil || !done {
		t.Fatalf("seed: %v %v", done, err)
	}
	real := time.Now()
	if d := real.Sub(a.Now()); d < 0 || d > time.Second {
		t.Fatalf("after seeding the clock is %s behind the real time, want the real time", d)
	}
	if again, err := a.Seed(ctx, clock); err != nil || again {
		t.Fatalf("second seed: %v %v", again, err)
	}

	operator := models.Actor{UserID: "op", Role: models.RoleOperator}
	all := []string{models.StatusDraft, models.StatusPendingReview, models.StatusRejected, models.StatusPublished, models.StatusClosed,
		models.StatusAwarded, models.StatusUnsuccessful, models.StatusCancelled, models.StatusCompleted}
	list, err := a.ListOpportunities(ctx, operator, app.OpportunityQuery{Statuses: all, PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if list.Total < 55 || list.Total > 70 {
		t.Errorf("%d listings, want about 60", list.Total)
	}
	statuses, districts, kinds, domains := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	answered, amended, smeWinners, scoredClosed, specified, bidFiles := 0, 0, 0, 0, 0, 0
	for _, o := range list.Items {
		for _, d := range o.Documents {
			dl, err := a.OpportunityDocument(ctx, operator, o.ID, d.ID)
			if err != nil {
				t.Fatalf("%s's document %s: %v", o.Code, d.FileName, err)
			}
			_ = dl.Content.Close()
			specified++
		}
		statuses[o.Status]++
		districts[o.District]++
		kinds[o.Kind]++
		domains[o.Domain]++
		if o.Award != nil && o.Award.Supplier.SME {
			smeWinners++
		}
		if o.CreatedAt.After(real) || o.UpdatedAt.After(real) {
			t.Errorf("%s is dated after the real time: created %s, updated %s", o.Code, o.CreatedAt, o.UpdatedAt)
		}
		open := o.Status == models.StatusPublished || o.Status == models.StatusPendingReview
		switch {
		case o.Status == models.StatusPublished && !o.BidDeadline.After(real):
			t.Errorf("%s is published with its deadline passed", o.Code)
		case !open && o.Status != models.StatusDraft && o.Status != models.StatusRejected && o.Status != models.StatusCancelled && o.BidDeadline.After(real):
			t.Errorf("%s is %s with its deadline ahead", o.Code, o.Status)
		case o.Status == models.StatusRejected && o.Reason == "":
			t.Errorf("%s is rejected without a reason", o.Code)
		}
		qs, err := a.Questions(ctx, operator, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			if q.Question.Answered() {
				answered++
			}
		}
		history, err := a.OpportunityHistory(ctx, operator, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range history {
			if e.Type == "opportunity.amended" {
				amended++
			}
			if e.At.After(real) {
				t.Errorf("%s: event %s at %s, after the real time", o.Code, e.Type, e.At)
			}
		}
		if o.Status == models.StatusClosed {
			bids, err := a.OpportunityBids(ctx, models.Actor{UserID: "x", OrganizationID: o.Buyer.ID, Role: models.RoleMember}, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			scored := false
			for _, b := range bids {
				if b.TotalScore != nil && !scored {
					scoredClosed++
					scored = true
				}
				bidFiles += len(b.Documents)
			}
		}
	}
	t.Logf("%d listings: statuses %v, kinds %v, domains %v, %d districts; %d answered questions, %d amendments, %d SME winners",
		list.Total, statuses, kinds, domains, len(districts), answered, amended, smeWinners)
	for _, s := range all {
		if statuses[s] == 0 {
			t.Errorf("no %s listing; statuses %v", s, statuses)
		}
	}
	for _, d := range models.AllVocabularies().Districts {
		if districts[d.Code] == 0 {
			t.Errorf("no listing in %s", d.Code)
		}
	}
	for _, k := range []string{models.KindGovernmentNeed, models.KindSMEHelp} {
		if kinds[k] == 0 {
			t.Errorf("no %s listing", k)
		}
	}
	for _, d := range models.AllVocabularies().Domains {
		if domains[d.Code] == 0 {
			t.Errorf("no listing in the %s domain", d.Code)
		}
	}
	if answered < 5 || amended < 1 || smeWinners < 2 || scoredClosed < 1 || specified < 30 || bidFiles < 1 {
		t.Errorf("%d answered questions, %d amendments, %d SME winners, %d closed listings being scored, %d tender documents, "+
			"%d bid documents on closed listings; want some of each", answered, amended, smeWinners, scoredClosed, specified, bidFiles)
	}

	orgs, err := a.ListOrganizations(ctx, operator, models.VerificationVerified, 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	providers := 0
	for _, o := range orgs.Items {
		if o.IsProvider() && len(o.Profile.Capabilities) > 0 {
			providers++
		}
	}
	t.Logf("%d verified providers with profiles", providers)
	if providers < 18 || providers > 25 {
		t.Errorf("%d verified providers with profiles, want about 20", providers)
	}

	report, err := a.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !report.Intact() || report.Events < 500 {
		t.Fatalf("audit trail: %d events, broken %+v", report.Events, report.Broken)
	}
}

// TestSeedNeedsAPastClock: seeding on the real time would put the market's
// history in the future; Seed refuses and writes nothing.
func TestSeedNeedsAPastClock(t *testing.T) {
	signer, err := auth.NewSigner([]byte("seed-test-secret-seed-test-secret-012345"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Config{DB: storetest.Open(t), Tokens: signer,
		Argon2: auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if done, err := a.Seed(context.Background(), app.NewReplayClock(time.Now)); err == nil || done {
		t.Fatalf("seed on the real clock: %v %v, want an error", done, err)
	}
}
