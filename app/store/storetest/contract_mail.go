package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"market/app/store"
)

// mail returns an email due at the time it was queued.
func mail(id string, queued time.Time) *store.QueuedMail {
	return &store.QueuedMail{ID: id, To: id + "@example.com", Subject: "About " + id, Text: "Hello", At: queued, NextAt: queued}
}

// claim claims one attempt at sending email id, as a batch of one.
func claim(ctx context.Context, s store.Store, id string, attempt int, holder string, now time.Time) (bool, time.Time, error) {
	claims, err := s.ClaimMailAttempts(ctx, []store.MailAttempt{{ID: id, Attempt: attempt}}, holder, now)
	if err != nil {
		return false, time.Time{}, err
	}
	return claims[0].Won, claims[0].At, nil
}

// mailByID reads one queued email, nil if there is none.
func mailByID(t *testing.T, s store.Store, id string) *store.QueuedMail {
	t.Helper()
	got, err := s.MailByIDs(ctxOf(t), []string{id})
	must(t, err)
	if len(got) > 1 {
		t.Fatalf("MailByIDs(%s) = %d emails", id, len(got))
	}
	if len(got) == 0 {
		return nil
	}
	return got[0]
}

// mailTests check the outgoing email queue.
func mailTests() map[string]func(*testing.T, store.Store) {
	mailID := func(m *store.QueuedMail) string { return m.ID }
	return map[string]func(*testing.T, store.Store){
		"queue_and_due": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			m1 := mail("m1", at(time.Hour))
			later := mail("later", at(0))
			later.NextAt = at(5 * time.Hour)
			for _, m := range []*store.QueuedMail{mail("m2", at(time.Hour)), m1, mail("m0", at(0)), later} {
				must(t, s.EnqueueMail(ctx, m))
			}
			again := mail("m1", at(0))
			again.Subject = "Again"
			must(t, s.EnqueueMail(ctx, again)) // harmless: the first stays
			same(t, mailByID(t, s, "m1"), m1)
			if got := mailByID(t, s, "nope"); got != nil {
				t.Errorf("an unknown email read as %+v", got)
			}
			several, err := s.MailByIDs(ctx, []string{"m2", "nope", "m1"})
			must(t, err)
			slices.SortFunc(several, func(a, b *store.QueuedMail) int { return strings.Compare(a.ID, b.ID) })
			sameIDs(t, "MailByIDs", several, mailID, "m1", "m2")
			same(t, several[0], m1)
			none, err := s.MailByIDs(ctx, nil)
			if err != nil || len(none) != 0 {
				t.Errorf("MailByIDs(nil) = %v, %v; want none", none, err)
			}
			due, err := s.DueMail(ctx, at(time.Hour), 10)
			must(t, err)
			sameIDs(t, "DueMail", due, mailID, "m0", "m1", "m2")
			due, err = s.DueMail(ctx, at(time.Hour), 2)
			must(t, err)
			sameIDs(t, "DueMail(2)", due, mailID, "m0", "m1")
			due, err = s.DueMail(ctx, at(5*time.Hour), 10)
			must(t, err)
			sameIDs(t, "DueMail later", due, mailID, "later", "m0", "m1", "m2")
		},
		"sent_and_failed": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			for _, id := range []string{"m1", "m2", "m3"} {
				must(t, s.EnqueueMail(ctx, mail(id, at(0))))
			}
			must(t, s.MailSent(ctx, []string{"m1"}, at(time.Minute)))
			must(t, s.MailFailed(ctx, "m2", 1, at(time.Hour), false, "timeout"))
			must(t, s.MailFailed(ctx, "m3", 5, at(time.Hour), true, "rejected"))
			sent := mailByID(t, s, "m1")
			if sent == nil || sent.SentAt == nil || !sent.SentAt.Equal(at(time.Minute)) {
				t.Errorf("sent: %+v, want sent at %v", sent, at(time.Minute))
			}
			failed := mailByID(t, s, "m2")
			want := mail("m2", at(0))
			want.Attempts, want.NextAt, want.LastError = 1, at(time.Hour), "timeout"
			same(t, failed, want)
			due, err := s.DueMail(ctx, at(time.Minute), 10)
			must(t, err)
			sameIDs(t, "due before the retry", due, mailID)
			due, err = s.DueMail(ctx, at(2*time.Hour), 10)
			must(t, err)
			sameIDs(t, "due after the retry", due, mailID, "m2")
		},
		"claims": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			won, when, err := claim(ctx, s, "m1", 1, "a", at(time.Minute))
			if err != nil || !won || !when.Equal(at(time.Minute)) {
				t.Errorf("first claim = %v, %v, %v; want true at %v", won, when, err, at(time.Minute))
			}
			won, when, err = claim(ctx, s, "m1", 1, "b", at(time.Hour))
			if err != nil || won || !when.Equal(at(time.Minute)) {
				t.Errorf("second claim = %v, %v, %v; want false, claimed at %v", won, when, err, at(time.Minute))
			}
			if won, _, err := claim(ctx, s, "m1", 2, "b", at(time.Hour)); err != nil || !won {
				t.Errorf("claim of the next attempt = %v, %v; want true", won, err)
			}
			claims, err := s.ClaimMailAttempts(ctx, []store.MailAttempt{{ID: "m3", Attempt: 0}, {ID: "m1", Attempt: 1}, {ID: "m1", Attempt: 3}},
				"c", at(2*time.Hour))
			must(t, err)
			want := []store.MailClaim{{Won: true, At: at(2 * time.Hour)}, {At: at(time.Minute)}, {Won: true, At: at(2 * time.Hour)}}
			if !slices.EqualFunc(claims, want, func(a, b store.MailClaim) bool { return a.Won == b.Won && a.At.Equal(b.At) }) {
				t.Errorf("claims of a batch = %+v, want %+v", claims, want)
			}
		},
		"sent_in_a_batch": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			for _, id := range []string{"m1", "m2", "m3"} {
				must(t, s.EnqueueMail(ctx, mail(id, at(0))))
			}
			must(t, s.MailSent(ctx, []string{"m1", "m3", "unknown"}, at(time.Minute)))
			due, err := s.DueMail(ctx, at(time.Hour), 10)
			must(t, err)
			sameIDs(t, "due after a batch was sent", due, mailID, "m2")
		},
		"sweep": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			for _, id := range []string{"sent", "sent_late", "gave_up", "gave_up_late", "waiting"} {
				must(t, s.EnqueueMail(ctx, mail(id, at(0))))
			}
			must(t, s.MailSent(ctx, []string{"sent"}, at(time.Hour)))
			must(t, s.MailSent(ctx, []string{"sent_late"}, at(3*time.Hour)))
			must(t, s.MailFailed(ctx, "gave_up", 5, at(time.Hour), true, "no"))
			must(t, s.MailFailed(ctx, "gave_up_late", 5, at(3*time.Hour), true, "no"))
			_, _, err := claim(ctx, s, "sent", 1, "a", at(time.Hour))
			must(t, err)
			_, _, err = claim(ctx, s, "sent_late", 1, "a", at(3*time.Hour))
			must(t, err)
			must(t, s.SweepMail(ctx, at(2*time.Hour)))
			for id, kept := range map[string]bool{"sent": false, "sent_late": true, "gave_up": false, "gave_up_late": true, "waiting": true} {
				if got := mailByID(t, s, id); (got != nil) != kept {
					t.Errorf("after the sweep, %s: %+v; want kept %v", id, got, kept)
				}
			}
			if won, _, err := claim(ctx, s, "sent", 1, "b", at(4*time.Hour)); err != nil || !won {
				t.Errorf("claim swept, claiming again = %v, %v; want true", won, err)
			}
			if won, _, err := claim(ctx, s, "sent_late", 1, "b", at(4*time.Hour)); err != nil || won {
				t.Errorf("claim kept, claiming again = %v, %v; want false", won, err)
			}
		},
	}
}
