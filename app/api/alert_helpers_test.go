package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"market/app"
	"market/app/auth"
	appmail "market/app/mail"
	"market/models"
)

// alertWorld is a market whose emails go to an outbox under the test's temp dir.
type alertWorld struct {
	*market
	outbox string
	sent   *countingMailer
	opts   app.AlertOptions
}

func newAlertWorld(t *testing.T) *alertWorld { return newAlertWorldOn(t, newMarket(t)) }

// newAlertWorldOn is newAlertWorld on market m.
func newAlertWorldOn(t *testing.T, m *market) *alertWorld {
	dir := filepath.Join(t.TempDir(), "outbox")
	sent := &countingMailer{next: appmail.NewOutbox(dir, "Market <noreply@market.test>"), sends: map[string]int{}}
	return &alertWorld{market: m, outbox: dir, sent: sent, opts: app.AlertOptions{
		Mailer: sent, PublicURL: "https://market.test", Holder: "test"}}
}

// countingMailer counts the messages it passes on, by key: the outbox
// writes a message sent twice into one file, so files alone cannot tell.
type countingMailer struct {
	next  app.Mailer
	mu    sync.Mutex
	sends map[string]int
}

func (c *countingMailer) Send(ctx context.Context, m appmail.Message) error {
	c.mu.Lock()
	c.sends[m.Key]++
	c.mu.Unlock()
	return c.next.Send(ctx, m)
}

// counts returns how many times each key was sent.
func (c *countingMailer) counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.sends)
}

// deliver runs the alert worker's work until nothing is left.
func (w *alertWorld) deliver() {
	w.t.Helper()
	if err := w.app.DeliverAlerts(context.Background(), w.opts); err != nil {
		w.t.Fatalf("delivering alerts: %v", err)
	}
}

// raceDeliver runs the alert worker's work in n app instances sharing the
// database, at once, as n server processes would.
func (w *alertWorld) raceDeliver(n int) {
	w.t.Helper()
	apps := []*app.App{w.app}
	for len(apps) < n {
		a, err := app.New(app.Config{DB: w.db, Now: w.clock.Now, Logger: slog.New(slog.DiscardHandler),
			Argon2: auth.Argon2Params{MemoryKiB: 1024, Time: 1, Threads: 1}})
		if err != nil {
			w.t.Fatal(err)
		}
		apps = append(apps, a)
	}
	errs := make(chan error, n)
	for i, a := range apps {
		go func() {
			opts := w.opts
			opts.Holder = fmt.Sprint("worker-", i)
			errs <- a.DeliverAlerts(context.Background(), opts)
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			w.t.Fatalf("delivering alerts: %v", err)
		}
	}
}

// listingWith drafts a listing of kind as who, the draft body changed by
// overrides, submits it and (a government need) approves it.
func (w *alertWorld) listingWith(who session, kind string, overrides map[string]any) listing {
	w.t.Helper()
	body := w.draftBody(kind)
	maps.Copy(body, overrides)
	r := w.do("POST", "/api/v1/opportunities", body, who.bearer()...)
	if r.Status != 201 {
		w.t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var l listing
	r.decode(w.t, &l)
	l = w.ok(w.act(who, l.ID, "submit", nil))
	if kind == models.KindGovernmentNeed {
		l = w.ok(w.act(w.op, l.ID, "approve", nil))
	}
	return l
}

// amend amends a published listing's title as its buyer.
func (w *alertWorld) amend(l listing, title string) listing {
	w.t.Helper()
	cur := w.ok(w.do("GET", "/api/v1/opportunities/"+l.ID, nil, w.buyer.bearer()...))
	return w.ok(w.do("PATCH", "/api/v1/opportunities/"+l.ID, map[string]any{"version": cur.Version, "title": title,
		"amendmentReason": "澄清范围 clarified scope"}, w.buyer.bearer()...))
}

// noteView is a notification as the API shows it.
type noteView struct {
	ID, Type, OpportunityID, OpportunityCode, Summary string
	Changes                                           []models.Change
}

// notes returns who's organisation's notifications of the given type, oldest first.
func (w *alertWorld) notes(who session, typ string) []noteView {
	w.t.Helper()
	r := w.do("GET", "/api/v1/me/notifications?pageSize=100", nil, who.bearer()...)
	if r.Status != 200 {
		w.t.Fatalf("notifications: %d %s", r.Status, r.Body)
	}
	var l struct{ Items []noteView }
	r.decode(w.t, &l)
	var out []noteView
	for _, n := range slices.Backward(l.Items) {
		if n.Type == typ {
			out = append(out, n)
		}
	}
	return out
}

// email is a message read back from the outbox.
type email struct {
	File, To, Subject, Body string
}

// emails parses every .eml file of the outbox, in file-name order.
func (w *alertWorld) emails() []email {
	w.t.Helper()
	files, err := filepath.Glob(filepath.Join(w.outbox, "*.eml"))
	if err != nil {
		w.t.Fatal(err)
	}
	slices.Sort(files)
	var out []email
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			w.t.Fatal(err)
		}
		msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			w.t.Fatalf("%s is not an RFC 5322 message: %v", f, err)
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil {
			w.t.Fatalf("%s: subject: %v", f, err)
		}
		if ct := msg.Header.Get("Content-Type"); ct != "text/plain; charset=UTF-8" {
			w.t.Fatalf("%s: content type %q", f, ct)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			w.t.Fatalf("%s: body: %v", f, err)
		}
		out = append(out, email{File: filepath.Base(f), To: msg.Header.Get("To"), Subject: subject, Body: string(body)})
	}
	return out
}
