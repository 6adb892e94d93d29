package store

import (
	"context"
	"time"
)

// QueuedMail is an email waiting to be sent, or sent.
type QueuedMail struct {
	ID        string     `bson:"_id"`
	To        string     `bson:"to"`
	Subject   string     `bson:"subject"`
	Text      string     `bson:"text"`
	At        time.Time  `bson:"at"`
	Attempts  int        `bson:"attempts"`
	NextAt    time.Time  `bson:"nextAt"`
	SentAt    *time.Time `bson:"sentAt,omitempty"`
	GaveUp    bool       `bson:"gaveUp"`
	LastError string     `bson:"lastError,omitempty"`
}

// Mail is the outgoing email queue. Each email has a key naming what it is
// about, so that it is queued once however often it is queued; each
// attempt at sending one is claimed by a unique insert.
type Mail interface {
	// EnqueueMail stores m to be sent; queueing the same ID twice is harmless.
	EnqueueMail(ctx context.Context, m *QueuedMail) error
	// DueMail returns up to limit unsent emails, not given up, whose next
	// attempt is due at now, oldest first (ties by ID).
	DueMail(ctx context.Context, now time.Time, limit int) ([]*QueuedMail, error)
	// MailByID returns one queued email, or not_found.
	MailByID(ctx context.Context, id string) (*QueuedMail, error)
	// ClaimMailAttempt takes the right to make attempt number attempt at
	// sending email id: exactly one caller across every process gets true.
	// A caller that gets false learns when the attempt was claimed.
	ClaimMailAttempt(ctx context.Context, id string, attempt int, holder string, now time.Time) (bool, time.Time, error)
	// MailSent records that email id was sent.
	MailSent(ctx context.Context, id string, at time.Time) error
	// MailFailed records a failed attempt: the attempt count, when to try
	// again, whether to give up, and why.
	MailFailed(ctx context.Context, id string, attempts int, next time.Time, gaveUp bool, why string) error
	// SweepMail deletes the emails sent (or given up) before t and the
	// attempt claims made before t.
	SweepMail(ctx context.Context, t time.Time) error
}
