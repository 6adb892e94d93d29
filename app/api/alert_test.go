package api_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	appmail "market/app/mail"
	"market/models"
)

// saveSearch saves a search as who and returns its id.
func (w *alertWorld) saveSearch(who session, body map[string]any) string {
	w.t.Helper()
	r := w.do("POST", "/api/v1/me/saved-searches", body, who.bearer()...)
	if r.Status != 201 {
		w.t.Fatalf("save search: %d %s", r.Status, r.Body)
	}
	var s struct{ ID string }
	r.decode(w.t, &s)
	return s.ID
}

func TestAlertSavedSearchMatchNotifiesAndEmailsOnce(t *testing.T) {
	w := newAlertWorld(t)
	savedID := w.saveSearch(w.provider, map[string]any{"name": "徐汇物联网 IoT", "query": map[string]any{
		"q": "平台", "capability": []string{"iot"}, "district": []string{"xuhui"}}})

	// A matching listing is published: one notification, one email.
	l := w.listingWith(w.buyer, "government_need", nil)
	w.deliver()
	notes := w.notes(w.provider, models.NoticeSavedSearchMatch)
	if len(notes) != 1 || notes[0].OpportunityID != l.ID || !strings.Contains(notes[0].Summary, "徐汇物联网 IoT") {
		t.Fatalf("after publication: notifications %+v", notes)
	}
	mails := w.emails()
	if len(mails) != 1 {
		t.Fatalf("after publication: %d emails, want 1", len(mails))
	}
	wantSubject := "【" + l.Code + "】新商机符合您的订阅“徐汇物联网 IoT” | New listing matches your saved search “徐汇物联网 IoT”"
	if mails[0].Subject != wantSubject {
		t.Fatalf("subject %q, want %q", mails[0].Subject, wantSubject)
	}
	if mails[0].To != "<p@example.com>" || !strings.Contains(mails[0].Body, "https://market.test/opportunities/"+l.ID) ||
		!strings.Contains(mails[0].Body, l.Title) {
		t.Fatalf("email to %s:\n%s", mails[0].To, mails[0].Body)
	}

	// Listings that do not match (another district; no "平台" in the text) produce nothing.
	w.listingWith(w.buyer, "government_need", map[string]any{"district": "pudong"})
	w.listingWith(w.buyer, "government_need", map[string]any{"title": "徐汇区物联网感知 IoT sensing"})
	w.deliver()
	if n, m := len(w.notes(w.provider, models.NoticeSavedSearchMatch)), len(w.emails()); n != 1 || m != 1 {
		t.Fatalf("after non-matching listings: %d notifications and %d emails, want 1 and 1", n, m)
	}

	// An amendment of the matching listing: one more of each, naming the
	// change, however many workers (instances) race to deliver it.
	l = w.amend(l, "徐汇区城运平台升级（修订）")
	w.raceDeliver(4)
	notes = w.notes(w.provider, models.NoticeSavedSearchMatch)
	mails = w.emails()
	if len(notes) != 2 || len(mails) != 2 {
		t.Fatalf("after the amendment: %d notifications and %d emails, want 2 and 2", len(notes), len(mails))
	}
	// (The test clock stands still: both have the same time, so look by content.)
	amended := 0
	for _, n := range notes {
		if c := n.Changes; len(c) == 1 && c[0].Field == "title" && c[0].After == "徐汇区城运平台升级（修订）" && strings.HasPrefix(n.Summary, "amended") {
			amended++
		}
	}
	if amended != 1 {
		t.Fatalf("no notification of the amendment with its change: %+v", notes)
	}
	want := "【" + l.Code + "】商机已修改，符合您的订阅“徐汇物联网 IoT” | Amended listing matches your saved search “徐汇物联网 IoT”"
	if mails[0].Subject != want && mails[1].Subject != want {
		t.Fatalf("amendment subject missing: %q, %q", mails[0].Subject, mails[1].Subject)
	}

	// The same version marked and processed again, by four workers at once: nothing is doubled.
	ctx := context.Background()
	if err := w.db.MarkAlert(ctx, l.ID, l.Version, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	w.raceDeliver(4)
	if n, m := len(w.notes(w.provider, models.NoticeSavedSearchMatch)), len(w.emails()); n != 2 || m != 2 {
		t.Fatalf("after processing again: %d notifications and %d emails, want 2 and 2", n, m)
	}
	if n, err := w.db.CountAlertMarkers(ctx); err != nil || n != 0 {
		t.Fatalf("%d markers left (%v)", n, err)
	}
	if sends := w.sent.counts(); len(sends) != 2 || sends["search/"+savedID+"/"+l.ID+"@"+fmt.Sprint(l.Version)] != 1 {
		t.Fatalf("sends by key %v, want two keys sent once each", sends)
	} else {
		for key, n := range sends {
			if n != 1 {
				t.Errorf("%s sent %d times", key, n)
			}
		}
	}
}

func TestAlertSMEStraightPublishAndDailyDigest(t *testing.T) {
	w := newAlertWorld(t)
	w.saveSearch(w.provider, map[string]any{"name": "中小企业求助", "digest": "daily",
		"query": map[string]any{"kind": []string{"sme_help"}}})
	l := w.listingWith(w.sme, "sme_help", nil) // a verified SME's help request is published on submission
	if l.Status != "published" {
		t.Fatalf("sme help request %s", l.Status)
	}
	w.deliver()
	if n, m := len(w.notes(w.provider, models.NoticeSavedSearchMatch)), len(w.emails()); n != 1 || m != 0 {
		t.Fatalf("daily digest: %d notifications and %d emails at once, want 1 and 0", n, m)
	}
	ctx := context.Background()
	w.clock.Advance(24 * time.Hour) // the next day (Shanghai time) begins
	for range 2 {                   // the day's digest is sent once
		if err := w.app.SendDigests(ctx, w.opts); err != nil {
			t.Fatal(err)
		}
		w.deliver()
	}
	mails := w.emails()
	if len(mails) != 1 || mails[0].Subject != "订阅“中小企业求助”每日摘要：1条 | Daily digest of “中小企业求助”: 1 listings" ||
		!strings.Contains(mails[0].Body, l.Code) {
		t.Fatalf("digest emails %+v", mails)
	}
}

// failingMailer fails every message.
type failingMailer struct{}

func (failingMailer) Send(context.Context, appmail.Message) error {
	return errors.New("mail server down")
}

func TestAlertEmailRetriedWhileTheMailServerFails(t *testing.T) {
	w := newAlertWorld(t)
	w.saveSearch(w.provider, map[string]any{"name": "all", "query": map[string]any{}})
	good := w.opts
	w.opts.Mailer = failingMailer{}
	l := w.listingWith(w.buyer, "government_need", nil) // the write does not wait for email
	if err := w.app.DeliverAlerts(context.Background(), w.opts); err == nil {
		t.Fatal("a failing mail server reported no error")
	}
	if n := len(w.notes(w.provider, models.NoticeSavedSearchMatch)); n != 1 {
		t.Fatalf("%d notifications while email fails, want 1", n)
	}
	w.opts = good
	w.deliver() // the retry is not due yet
	if m := len(w.emails()); m != 0 {
		t.Fatalf("%d emails before the retry is due", m)
	}
	w.clock.Advance(time.Minute)
	w.deliver()
	if mails := w.emails(); len(mails) != 1 || !strings.Contains(mails[0].Subject, l.Code) {
		t.Fatalf("after the retry: %+v", mails)
	}
}

func TestAlertWorkerDeliversInTheBackground(t *testing.T) {
	w := newAlertWorld(t)
	w.saveSearch(w.provider, map[string]any{"name": "all", "query": map[string]any{}})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	opts := w.opts
	opts.PollInterval = 50 * time.Millisecond
	go func() { defer close(done); w.app.RunAlerts(ctx, opts) }()
	defer func() { stop(); <-done }()
	l := w.listingWith(w.buyer, "government_need", nil)
	deadline := time.Now().Add(20 * time.Second)
	for len(w.emails()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the worker sent no email within 20 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if mails := w.emails(); len(mails) != 1 || !strings.Contains(mails[0].Subject, l.Code) {
		t.Fatalf("emails %+v", mails)
	}
}

func TestAlertMarkerOfAFailedChangeIsDropped(t *testing.T) {
	w := newAlertWorld(t)
	ctx := context.Background()
	if err := w.db.MarkAlert(ctx, "no-such-listing", 2, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	w.deliver() // the change may still be being recorded: the marker waits
	if n, _ := w.db.CountAlertMarkers(ctx); n != 1 {
		t.Fatalf("%d markers, want 1 within the grace period", n)
	}
	w.clock.Advance(3 * time.Minute) // no event ever came: the change failed
	w.deliver()
	if n, _ := w.db.CountAlertMarkers(ctx); n != 0 {
		t.Fatalf("%d markers, want 0 after the grace period", n)
	}
}
