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
// next attempt. So an email is sent once, except when a worker dies between
// handing it to the mail server and recording it, when it may be sent
// again (the Message-ID, from the key, is the same both times; the outbox
// writes the same file again).
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
	u, err := a.db.UserByID(ctx, userID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return a.db.EnqueueMail(ctx, &store.QueuedMail{ID: key, To: u.Email, Subject: c.Subject, Text: c.Text, At: at, NextAt: at})
}

// sendDueMail sends every queued email whose attempt is due.
func (a *App) sendDueMail(ctx context.Context, opts AlertOptions) error {
	if opts.Mailer == nil {
		return nil
	}
	for {
		due, err := a.db.DueMail(ctx, a.Now(), alertBatch)
		if err != nil {
			return err
		}
		var failed error
		for _, m := range due {
			if err := a.sendMail(ctx, opts, m); err != nil && failed == nil {
				failed = err
			}
		}
		if failed != nil || len(due) < alertBatch {
			return failed
		}
	}
}

// sendMail makes the due attempt at sending m, if it can claim it.
func (a *App) sendMail(ctx context.Context, opts AlertOptions, m *store.QueuedMail) error {
	now := a.Now()
	ok, claimedAt, err := a.db.ClaimMailAttempt(ctx, m.ID, m.Attempts, opts.Holder, now)
	if err != nil {
		return err
	}
	if !ok {
		if now.Sub(claimedAt) < staleClaim {
			return nil // another worker is on it
		}
		return a.db.MailFailed(ctx, m.ID, m.Attempts+1, now, false, "an attempt was abandoned")
	}
	// Read it again: a worker with an old copy must not send it twice.
	cur, err := a.db.MailByID(ctx, m.ID)
	if err != nil {
		return err
	}
	if cur.SentAt != nil || cur.Attempts != m.Attempts {
		return nil
	}
	msg := mail.Message{Key: m.ID, To: m.To, Subject: m.Subject, Text: m.Text, Date: m.At}
	if err := opts.Mailer.Send(ctx, msg); err != nil {
		n := m.Attempts + 1
		retry := min(firstMailRetry<<min(m.Attempts, 20), lastMailRetry)
		if rerr := a.db.MailFailed(context.WithoutCancel(ctx), m.ID, n, now.Add(retry), n >= maxMailAttempts, err.Error()); rerr != nil {
			return rerr
		}
		return fmt.Errorf("sending mail %s (attempt %d): %w", m.ID, n, err)
	}
	return a.db.MailSent(context.WithoutCancel(ctx), m.ID, a.Now())
}
