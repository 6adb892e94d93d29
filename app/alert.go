package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/sync/errgroup"

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
// digests, kept for the digest (alert_digest, _id = key), then its
// notification is inserted (_id = key): unique IDs make each happen once
// however many workers process the marker, however often. The marker is
// deleted last. Queued emails are sent by the same worker, one claimed
// attempt at a time (see sendMail), with backoff while the mail server fails.

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

// alertBatch is how many markers or emails one step handles.
const alertBatch = 100

// RunAlerts delivers alerts and sends email until ctx ends, retrying with
// backoff while the database or the mail server fails, and sends the daily
// digests once a day (leased, so one instance does).
func (a *App) RunAlerts(ctx context.Context, opts AlertOptions) {
	opts = opts.withDefaults()
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
			if err := a.deliverMarker(ctx, opts, m); err != nil {
				return err
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
	var matched []*models.SavedSearch
	for _, s := range searches {
		if s.OrganizationID != o.Buyer.ID && s.Query.Matches(o) {
			matched = append(matched, s)
		}
	}
	// Each match is delivered by its own writes, which are idempotent: a
	// few deliveries at once let the embedded store commit their writes
	// together (one fsync for many), and a failure leaves the marker for
	// a later attempt, which skips what was done.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(alertDeliveries)
	for _, s := range matched {
		g.Go(func() error { return a.alertSavedSearch(gctx, opts, e, o, s, amended) })
	}
	return g.Wait()
}

// alertDeliveries is how many saved searches' deliveries of one change
// are written at once.
const alertDeliveries = 16

// alertSavedSearch tells a saved search's owner that o matches it: an
// email (or a line of the daily digest) and a notification.
func (a *App) alertSavedSearch(ctx context.Context, opts AlertOptions, e *models.Event, o *models.Opportunity, s *models.SavedSearch, amended bool) error {
	key := fmt.Sprintf("search/%s/%s@%d", s.ID, o.ID, o.Version)
	var err error
	if s.Digest == models.DigestDaily {
		err = a.db.AddDigestItem(ctx, &store.DigestItem{ID: key, SavedSearchID: s.ID, OpportunityID: o.ID,
			OpportunityCode: o.Code, OpportunityTitle: o.Title, Amended: amended, At: e.At})
	} else {
		err = a.queueMail(ctx, s.UserID, key, e.At, matchMail(s, o, e, opts.PublicURL))
	}
	if err != nil {
		return err
	}
	what := "published"
	if amended {
		what = "amended"
	}
	n := &models.Notification{ID: key, OrganizationID: s.OrganizationID, Type: models.NoticeSavedSearchMatch,
		OpportunityID: o.ID, OpportunityCode: o.Code, OpportunityTitle: o.Title,
		Summary: fmt.Sprintf("%s; matches your saved search %q", what, s.Name), Changes: e.Changes, CreatedAt: e.At}
	return a.notifyOnce(ctx, n)
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
	for _, f := range follows {
		if f.OrganizationID == o.Buyer.ID {
			continue // the buyer made the change
		}
		key := fmt.Sprintf("follow/%s/%s@%d", f.UserID, o.ID, o.Version)
		if err := a.queueMail(ctx, f.UserID, key, e.At, followMail(o, e, opts.PublicURL)); err != nil {
			return err
		}
		n := &models.Notification{ID: key, OrganizationID: f.OrganizationID, Type: models.NoticeFollowedChange,
			OpportunityID: o.ID, OpportunityCode: o.Code, OpportunityTitle: o.Title,
			Summary: e.Summary, Changes: e.Changes, CreatedAt: e.At}
		if err := a.notifyOnce(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// notifyOnce inserts a notification for an organisation's inbox (users
// without one, operators, get the email only).
func (a *App) notifyOnce(ctx context.Context, n *models.Notification) error {
	if n.OrganizationID == "" {
		return nil
	}
	if n.Changes == nil {
		n.Changes = []models.Change{}
	}
	_, err := a.db.CreateNotificationOnce(ctx, n)
	return err
}
