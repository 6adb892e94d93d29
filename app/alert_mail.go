package app

import (
	"context"
	"fmt"
	"time"

	"market/app/mail"
	"market/app/store"
	"market/models"
)

// Sending queued email
//
// Each attempt at sending a queued email is claimed first, by inserting
// "<key>#<attempt>" (unique): one worker across every instance makes a
// given attempt. The claimer sends and then records the outcome: sent, or
// the next attempt's time (backoff doubling from 30 s to 6 h; it gives up
// after maxMailAttempts). A claimer that died mid-attempt leaves a claim
// with no outcome: after staleClaim any worker moves the email on to its
// next attempt. Claims are made, and sends recorded, a batch at a time
// (one write each). So an email is sent once, except when a worker dies
// between handing it to the mail server and recording it, when it (and
// the batch's others sent before it) may be sent again (the Message-ID,
// from the key, is the same both times; the outbox writes the same file
// again).
const (
	maxMailAttempts = 20
	staleClaim      = 5 * time.Minute
	firstMailRetry  = 30 * time.Second
	lastMailRetry   = 6 * time.Hour
)

// mailContent is an email's subject and text.
type mailContent struct {
	Subject, Text string
}

// queueMail queues an email to a user under key (once per key); a user
// who no longer exists gets none.
func (a *App) queueMail(ctx context.Context, userID, key string, at time.Time, c mailContent) error {
	m, err := a.queuedMail(ctx, userID, key, at, c)
	if err != nil || m == nil {
		return err
	}
	return a.db.EnqueueMail(ctx, m)
}

// queuedMail returns the email to queue to a user under key, or nil for a
// user who no longer exists.
func (a *App) queuedMail(ctx context.Context, userID, key string, at time.Time, c mailContent) (*store.QueuedMail, error) {
	u, err := a.db.UserByID(ctx, userID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &store.QueuedMail{ID: key, To: u.Email, Subject: c.Subject, Text: c.Text, At: at, NextAt: at}, nil
}

// sendDueMail sends every queued email whose attempt is due, a batch at a
// time: one write claims the batch's attempts, one records those sent.
func (a *App) sendDueMail(ctx context.Context, opts AlertOptions) error {
	if opts.Mailer == nil {
		return nil
	}
	for {
		start := time.Now()
		due, err := a.db.DueMail(ctx, a.Now(), alertBatch)
		if err != nil {
			return err
		}
		failed := a.sendMailBatch(ctx, opts, due)
		if failed != nil || len(due) < alertBatch {
			return failed
		}
		if !opts.pause(ctx, start) {
			return ctx.Err()
		}
	}
}

// sendMailBatch makes the due attempt at sending each of due that it can
// claim, and returns the first error.
func (a *App) sendMailBatch(ctx context.Context, opts AlertOptions, due []*store.QueuedMail) error {
	if len(due) == 0 {
		return nil
	}
	now := a.Now()
	attempts := make([]store.MailAttempt, len(due))
	for i, m := range due {
		attempts[i] = store.MailAttempt{ID: m.ID, Attempt: m.Attempts}
	}
	claims, err := a.db.ClaimMailAttempts(ctx, attempts, opts.Holder, now)
	if err != nil {
		return err
	}
	var won []string
	for i, m := range due {
		if claims[i].Won {
			won = append(won, m.ID)
		}
	}
	// Read them again: a worker with an old copy must not send one twice.
	current := map[string]*store.QueuedMail{}
	if len(won) > 0 {
		cur, err := a.db.MailByIDs(ctx, won)
		if err != nil {
			return err
		}
		for _, m := range cur {
			current[m.ID] = m
		}
	}
	var sent []string
	var failed error
	for i, m := range due {
		ok, err := a.sendClaimed(ctx, opts, m, current[m.ID], claims[i], now)
		if ok {
			sent = append(sent, m.ID)
		}
		if err != nil && failed == nil {
			failed = err
		}
	}
	// What was sent is recorded even when ctx ends: it went out.
	if len(sent) > 0 {
		if err := a.db.MailSent(context.WithoutCancel(ctx), sent, a.Now()); err != nil {
			return err
		}
	}
	return failed
}

// sendClaimed makes the attempt at sending m that claim is about, if this
// worker won it and cur, the email as read after the claim (nil if gone),
// is still unsent at that attempt; it reports whether it sent it. A
// failure is recorded with the next attempt's time.
func (a *App) sendClaimed(ctx context.Context, opts AlertOptions, m, cur *store.QueuedMail, claim store.MailClaim, now time.Time) (bool, error) {
	if !claim.Won {
		if now.Sub(claim.At) < staleClaim {
			return false, nil // another worker is on it
		}
		return false, a.db.MailFailed(ctx, m.ID, m.Attempts+1, now, false, "an attempt was abandoned")
	}
	if cur == nil || cur.SentAt != nil || cur.Attempts != m.Attempts {
		return false, nil
	}
	msg := mail.Message{Key: m.ID, To: m.To, Subject: m.Subject, Text: m.Text, Date: m.At}
	if err := opts.Mailer.Send(ctx, msg); err != nil {
		n := m.Attempts + 1
		retry := min(firstMailRetry<<min(m.Attempts, 20), lastMailRetry)
		if rerr := a.db.MailFailed(context.WithoutCancel(ctx), m.ID, n, now.Add(retry), n >= maxMailAttempts, err.Error()); rerr != nil {
			return false, rerr
		}
		return false, fmt.Errorf("sending mail %s (attempt %d): %w", m.ID, n, err)
	}
	return true, nil
}
