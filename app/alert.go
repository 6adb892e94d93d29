package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"market/app/mail"
	"market/app/store"
	"market/models"
)

// How alerts are delivered
//
// Every stored public change of a listing inserts an alert marker
// (alert_queue, "<listing>@<version>") with its event (in one transaction
// in the embedded store; before it with MongoDB, so that a crash after the
// change cannot lose its alerts; a marker whose version never got an event
// is dropped after markerGrace). The write path does
// nothing else: matching and email happen in the alert worker (RunAlerts),
// which reads markers, loads the event of that version (its snapshot is the
// listing as it was then, whatever happened since), and delivers:
//
//   - to each saved search the listing matches, when it was published or
//     amended while published;
//   - to each follower, when it was amended, extended, cancelled, closed,
//     awarded or ended without award.
//
// Each delivery has a key naming the recipient, the listing and the
// version. Its email is queued (mail_queue, _id = key) or, for daily
// digests, kept for the digest (alert_digest, _id = key), and its
// notification is inserted (_id = key), a change's deliveries stored by a
// few writes (Deliver, deliverBatch at a time): unique IDs make each happen
// once however many workers process the marker, however often. The marker
// is deleted last. Queued emails are sent by the same worker, one claimed
// attempt at a time (see sendMailBatch), with backoff while the mail server fails.

// Mailer sends one email.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// AlertOptions configure the alert worker.
type AlertOptions struct {
	// Mailer sends the emails; nil leaves them queued.
	Mailer Mailer
	// PublicURL is the site's address, for links in emails.
	PublicURL string
	// Holder names this process in claims and leases.
	Holder string
	// PollInterval is how often the worker looks for work (default 2 s).
	PollInterval time.Duration
	// MaxBackoff bounds the wait after failures (default 5 min).
	MaxBackoff time.Duration
	// rest, set by RunAlerts, is how long the worker rests after each step
	// (a listing version's deliveries, a batch of emails) per unit of time
	// the step took; DeliverAlerts does not rest.
	rest float64
}

// alertRest is how long the alert worker rests per unit of time it works,
// while it has a backlog: working a fifth of the time, it delays few of
// the requests it shares the cores and the embedded store's writer with,
// where working all the time through the alerts of a burst of changes
// would delay most of them. A listing version matching 30 saved searches
// then takes some 50 ms to deliver rather than 10.
const alertRest = 4

// pause rests after a step begun at start, as opts.rest says; it reports
// false when ctx ends first.
func (opts AlertOptions) pause(ctx context.Context, start time.Time) bool {
	if opts.rest <= 0 {
		return ctx.Err() == nil
	}
	return sleep(ctx, time.Duration(opts.rest*float64(time.Since(start))), nil)
}

// withDefaults fills in the defaults.
func (o AlertOptions) withDefaults() AlertOptions {
	if o.PollInterval <= 0 {
		o.PollInterval = 2 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Minute
	}
	if o.PublicURL == "" {
		o.PublicURL = "http://localhost:8080"
	}
	if o.Holder == "" {
		o.Holder = "market"
	}
	return o
}

// markerGrace is how long a marker may wait for its event to be appended.
const markerGrace = 2 * time.Minute

// alertBatch is how many markers or emails one step handles: one write
// claims a batch's emails, one records those sent, and a request's write
// may wait for one such write.
const alertBatch = 25

// RunAlerts delivers alerts and sends email until ctx ends, retrying with
// backoff while the database or the mail server fails, and sends the daily
// digests once a day (leased, so one instance does).
func (a *App) RunAlerts(ctx context.Context, opts AlertOptions) {
	ctx = store.Background(ctx) // the requests' writes go first
	opts = opts.withDefaults()
	opts.rest = alertRest
	var backoff time.Duration
	var digested time.Time
	for {
		err := a.deliverMarkers(ctx, opts)
		if slot := digestSlot(a.Now()); err == nil && !slot.Equal(digested) {
			if err = a.SendDigests(ctx, opts); err == nil {
				digested = slot
			}
		}
		// A failed email waits for its own next attempt: no reason to slow the rest.
		if merr := a.sendDueMail(ctx, opts); merr != nil && ctx.Err() == nil {
			a.log.WarnContext(ctx, "alerts: sending email failed; it will be retried", "err", merr)
		}
		wait := opts.PollInterval
		if err != nil && ctx.Err() == nil {
			backoff = min(max(2*backoff, opts.PollInterval), opts.MaxBackoff)
			wait = backoff
			a.log.WarnContext(ctx, "alerts: delivery failed; retrying", "retry_in", wait.String(), "err", err)
		} else {
			backoff = 0
		}
		if !sleep(ctx, wait, nil) {
			return
		}
	}
}

// DeliverAlerts handles every waiting marker, then sends every email that
// is due; it returns the first error. Tests call it to wait for alerts.
func (a *App) DeliverAlerts(ctx context.Context, opts AlertOptions) error {
	ctx = store.Background(ctx)
	opts = opts.withDefaults()
	if err := a.deliverMarkers(ctx, opts); err != nil {
		return err
	}
	return a.sendDueMail(ctx, opts)
}

// deliverMarkers handles every waiting marker.
func (a *App) deliverMarkers(ctx context.Context, opts AlertOptions) error {
	for {
		markers, err := a.db.AlertMarkers(ctx, alertBatch)
		if err != nil {
			return err
		}
		for _, m := range markers {
			start := time.Now()
			if err := a.deliverMarker(ctx, opts, m); err != nil {
				return err
			}
			if !opts.pause(ctx, start) {
				return ctx.Err()
			}
		}
		if len(markers) < alertBatch {
			return nil
		}
	}
}

// deliverMarker delivers the alerts of one listing version and then
// deletes its marker.
func (a *App) deliverMarker(ctx context.Context, opts AlertOptions, m store.AlertMarker) error {
	e, err := a.db.Event(ctx, models.StreamOpportunity+m.OpportunityID, m.Version)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND && a.Now().Sub(m.At) < markerGrace:
		return nil // the change may still be being recorded
	case models.ErrorCode(err) == models.ENOTFOUND:
		return a.db.ClearAlertMarker(ctx, m.ID) // the change failed: nothing happened
	case err != nil:
		return err
	}
	if e.Public {
		var o models.Opportunity
		if err := json.Unmarshal(e.Snapshot, &o); err != nil {
			return fmt.Errorf("alerts: decoding %s@%d: %w", m.OpportunityID, m.Version, err)
		}
		if err := a.alertSavedSearches(ctx, opts, e, &o); err != nil {
			return err
		}
		if err := a.alertFollowers(ctx, opts, e, &o); err != nil {
			return err
		}
	}
	return a.db.ClearAlertMarker(ctx, m.ID)
}

// alertSavedSearches tells the owners of the saved searches a newly
// published or amended listing matches.
func (a *App) alertSavedSearches(ctx context.Context, opts AlertOptions, e *models.Event, o *models.Opportunity) error {
	amended := e.Type == "opportunity.amended"
	if !(e.Type == "opportunity.published" || amended) || o.Status != models.StatusPublished {
		return nil
	}
	searches, err := a.allSavedSearches(ctx)
	if err != nil {
		return err
	}
	d := &deliveries{}
	for _, s := range searches {
		if s.OrganizationID != o.Buyer.ID && s.Query.Matches(o) {
			if err := a.alertSavedSearch(ctx, opts, d, e, o, s, amended); err != nil {
				return err
			}
		}
	}
	return a.deliver(ctx, d)
}

// deliveries gathers one change's deliveries, to be stored by a few writes
// rather than two or three each.
type deliveries struct {
	store.Deliveries
}

// mailTo adds an email to a user under key; a user who no longer exists gets none.
func (a *App) mailTo(ctx context.Context, d *deliveries, userID, key string, at time.Time, c mailContent) error {
	m, err := a.queuedMail(ctx, userID, key, at, c)
	if err != nil || m == nil {
		return err
	}
	d.Mail = append(d.Mail, m)
	return nil
}

// notify adds a notification for an organisation's inbox (users without
// one, operators, get the email only).
func (d *deliveries) notify(n *models.Notification) {
	if n.OrganizationID == "" {
		return
	}
	if n.Changes == nil {
		n.Changes = []models.Change{}
	}
	d.Notifications = append(d.Notifications, n)
}

// deliverBatch is how many deliveries one write stores at most (a request's
// write may wait for one such write).
const deliverBatch = 50

// deliver stores d, deliverBatch deliveries per write: each delivery is
// stored once by its key, so a failure leaves the marker for a later
// attempt, which completes what was left.
func (a *App) deliver(ctx context.Context, d *deliveries) error {
	for {
		batch := d.next(deliverBatch)
		if len(batch.Mail)+len(batch.Digest)+len(batch.Notifications) == 0 {
			return nil
		}
		if err := a.db.Deliver(ctx, batch); err != nil {
			return err
		}
	}
}

// next takes up to n deliveries from d: emails first, then digest items,
// then notifications.
func (d *deliveries) next(n int) store.Deliveries {
	var b store.Deliveries
	b.Mail, d.Mail = take(d.Mail, &n)
	b.Digest, d.Digest = take(d.Digest, &n)
	b.Notifications, d.Notifications = take(d.Notifications, &n)
	return b
}

// take splits up to *room items off the front of items, counting them off *room.
func take[T any](items []T, room *int) (taken, rest []T) {
	k := min(len(items), *room)
	*room -= k
	return items[:k:k], items[k:]
}

// alertSavedSearch adds to d what tells a saved search's owner that o
// matches it: an email (or a line of the daily digest) and a notification.
func (a *App) alertSavedSearch(ctx context.Context, opts AlertOptions, d *deliveries, e *models.Event, o *models.Opportunity, s *models.SavedSearch, amended bool) error {
	key := fmt.Sprintf("search/%s/%s@%d", s.ID, o.ID, o.Version)
	if s.Digest == models.DigestDaily {
		d.Digest = append(d.Digest, &store.DigestItem{ID: key, SavedSearchID: s.ID, OpportunityID: o.ID,
			OpportunityCode: o.Code, OpportunityTitle: o.Title, Amended: amended, At: e.At})
	} else if err := a.mailTo(ctx, d, s.UserID, key, e.At, matchMail(s, o, e, opts.PublicURL)); err != nil {
		return err
	}
	what := "published"
	if amended {
		what = "amended"
	}
	d.notify(&models.Notification{ID: key, OrganizationID: s.OrganizationID, Type: models.NoticeSavedSearchMatch,
		OpportunityID: o.ID, OpportunityCode: o.Code, OpportunityTitle: o.Title,
		Summary: fmt.Sprintf("%s; matches your saved search %q", what, s.Name), Changes: e.Changes, CreatedAt: e.At})
	return nil
}

// followedEvent reports whether followers hear about events of this type.
func followedEvent(typ string) bool {
	switch typ {
	case "opportunity.amended", "opportunity.extended", "opportunity.cancelled",
		"opportunity.closed", "opportunity.awarded", "opportunity.unsuccessful":
		return true
	}
	return false
}

// alertFollowers tells a listing's followers about a change. What they are
// told is the public event (its summary and field changes): never a bid,
// which no public event names before the deadline.
func (a *App) alertFollowers(ctx context.Context, opts AlertOptions, e *models.Event, o *models.Opportunity) error {
	if !followedEvent(e.Type) {
		return nil
	}
	follows, err := a.db.FollowersOf(ctx, o.ID)
	if err != nil {
		return err
	}
	d := &deliveries{}
	for _, f := range follows {
		if f.OrganizationID == o.Buyer.ID {
			continue // the buyer made the change
		}
		key := fmt.Sprintf("follow/%s/%s@%d", f.UserID, o.ID, o.Version)
		if err := a.mailTo(ctx, d, f.UserID, key, e.At, followMail(o, e, opts.PublicURL)); err != nil {
			return err
		}
		d.notify(&models.Notification{ID: key, OrganizationID: f.OrganizationID, Type: models.NoticeFollowedChange,
			OpportunityID: o.ID, OpportunityCode: o.Code, OpportunityTitle: o.Title,
			Summary: e.Summary, Changes: e.Changes, CreatedAt: e.At})
	}
	return a.deliver(ctx, d)
}

// sleep waits for d, or for wake when it is not nil; it reports false when
// ctx ended first.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-wake:
	}
	return true
}
