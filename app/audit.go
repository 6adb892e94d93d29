package app

import (
	"context"
	"fmt"

	"market/models"
)

// Why a link of the audit trail is broken, as BrokenLink.Reason gives it.
const (
	// BrokenHash: the event's stored hash is not the hash of its content,
	// so the event was edited after it was sealed.
	BrokenHash = "hash mismatch"
	// BrokenPrevHash: the event does not point at the stored hash of the
	// event before it, so that event was replaced or resealed.
	BrokenPrevHash = "prevHash mismatch"
	// BrokenMissingSeq: the stream skips this seq, so an event was removed.
	BrokenMissingSeq = "missing seq"
	// BrokenSeq: the event's seq cannot follow the one before it (it is
	// not above it), which no append produces.
	BrokenSeq = "unexpected seq"
)

// AuditReport is the outcome of checking every event stream's hash chain.
type AuditReport struct {
	// Streams is how many event streams were checked.
	Streams int
	// Events is how many events were checked.
	Events int
	// Broken is the first broken link in (stream, seq) order, or nil when
	// the whole trail is intact.
	Broken *BrokenLink
}

// Intact reports whether no link of the trail is broken.
func (r *AuditReport) Intact() bool { return r.Broken == nil }

// BrokenLink names where and why a stream's hash chain breaks.
type BrokenLink struct {
	// Stream is the broken stream, "<kind>/<id>".
	Stream string
	// Seq is the first event of the stream that fails a check; for
	// BrokenMissingSeq it is the seq that is missing.
	Seq int
	// Reason is one of BrokenHash, BrokenPrevHash, BrokenMissingSeq, BrokenSeq.
	Reason string
	// Detail explains the failure for a person, with the values involved.
	Detail string
}

// String formats the link as `stream=S seq=N: reason (detail)`.
func (b *BrokenLink) String() string {
	return fmt.Sprintf("stream=%s seq=%d: %s (%s)", b.Stream, b.Seq, b.Reason, b.Detail)
}

// VerifyAudit recomputes the hash chain of every event stream: in each
// stream seq starts at 1 and goes up by exactly 1, each event's PrevHash is
// the previous event's Hash ("" for the first), and each Hash is the hash of
// the event's content. It reports the number of streams and events and the
// first broken link. It cannot see events removed from the end of a stream,
// nor a whole stream removed.
func (a *App) VerifyAudit(ctx context.Context) (*AuditReport, error) {
	r := &AuditReport{}
	var (
		stream   string
		lastSeq  int
		lastHash string
		broken   bool // the current stream has already failed
	)
	err := a.db.EachEvent(ctx, func(e *models.Event) error {
		r.Events++
		if r.Streams == 0 || e.Stream != stream {
			r.Streams++
			stream, lastSeq, lastHash, broken = e.Stream, 0, "", false
		}
		if !broken {
			if link := checkLink(e, lastSeq, lastHash); link != nil {
				broken = true
				if r.Broken == nil {
					r.Broken = link
				}
			}
		}
		lastSeq, lastHash = e.Seq, e.Hash
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verifying the audit trail: %w", err)
	}
	return r, nil
}

// VerifyAuditAs is VerifyAudit for operators only: anonymous callers get
// unauthenticated, members forbidden.
func (a *App) VerifyAuditAs(ctx context.Context, actor models.Actor) (*AuditReport, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	return a.VerifyAudit(ctx)
}

// checkLink checks e against the event before it in its stream (seq 0 and
// hash "" for none) and returns the broken link, or nil.
func checkLink(e *models.Event, prevSeq int, prevHash string) *BrokenLink {
	link := func(seq int, reason, format string, args ...any) *BrokenLink {
		return &BrokenLink{Stream: e.Stream, Seq: seq, Reason: reason, Detail: fmt.Sprintf(format, args...)}
	}
	switch want := prevSeq + 1; {
	case e.Seq > want:
		return link(want, BrokenMissingSeq, "the stream goes from seq %d to %d", prevSeq, e.Seq)
	case e.Seq < want:
		return link(e.Seq, BrokenSeq, "seq %d follows seq %d", e.Seq, prevSeq)
	}
	if got := e.ComputeHash(); got != e.Hash {
		return link(e.Seq, BrokenHash, "stored hash %s, content hashes to %s", short(e.Hash), short(got))
	}
	if e.PrevHash != prevHash {
		if prevSeq == 0 {
			return link(e.Seq, BrokenPrevHash, "the first event points at %s, want none", short(e.PrevHash))
		}
		return link(e.Seq, BrokenPrevHash, "points at %s, seq %d has hash %s", short(e.PrevHash), prevSeq, short(prevHash))
	}
	return nil
}

// short abbreviates a hash for messages.
func short(hash string) string {
	if hash == "" {
		return `""`
	}
	if len(hash) > 12 {
		return hash[:12] + "…"
	}
	return hash
}
