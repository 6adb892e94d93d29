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

// MailAttempt names one attempt at sending an email: the email's ID and
// the attempt's number.
type MailAttempt struct {
	ID      string
	Attempt int
}

// MailClaim is the outcome of claiming an attempt: whether this caller won
// it, and when it was claimed (now if it won).
type MailClaim struct {
	Won bool
	At  time.Time
}

// MailClaimID is the ID of an attempt's claim.
func MailClaimID(a MailAttempt) string { return a.ID + "#" + itoa(a.Attempt) }

// Mail is the outgoing email queue. Each email has a key naming what it is
// about, so that it is queued once however often it is queued; each
// attempt at sending one is claimed by a unique insert.
type Mail interface {
	// EnqueueMail stores m to be sent; queueing the same ID twice is harmless.
	EnqueueMail(ctx context.Context, m *QueuedMail) error
	// DueMail returns up to limit unsent emails, not given up, whose next
	// attempt is due at now, oldest first (ties by ID).
	DueMail(ctx context.Context, now time.Time, limit int) ([]*QueuedMail, error)
	// MailByIDs returns the queued emails of ids that exist, in no order.
	MailByIDs(ctx context.Context, ids []string) ([]*QueuedMail, error)
	// ClaimMailAttempts takes, for each attempt given, the right to make
	// it: for each attempt, exactly one caller across every process gets
	// Won. A caller that does not win learns when the attempt was claimed.
	// The claims are in the order of the attempts.
	ClaimMailAttempts(ctx context.Context, attempts []MailAttempt, holder string, now time.Time) ([]MailClaim, error)
	// MailSent records that the emails ids were sent.
	MailSent(ctx context.Context, ids []string, at time.Time) error
	// MailFailed records a failed attempt: the attempt count, when to try
	// again, whether to give up, and why.
	MailFailed(ctx context.Context, id string, attempts int, next time.Time, gaveUp bool, why string) error
	// SweepMail deletes the emails sent (or given up) before t and the
	// attempt claims made before t.
	SweepMail(ctx context.Context, t time.Time) error
}
