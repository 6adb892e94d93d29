package app

import (
	"context"
	"fmt"
	"runtime"
	"sync"

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
//
// It streams: the events are read in (stream, seq) order a batch at a
// time, their hashes computed by one goroutine per core (the hash of an
// event, which carries its aggregate's snapshot, is most of the work) and
// the links checked in order, with a bounded number of batches in flight.
func (a *App) VerifyAudit(ctx context.Context) (*AuditReport, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, runtime.GOMAXPROCS(0))
	work := make(chan *auditBatch, workers)
	ordered := make(chan *auditBatch, 2*workers)
	var hashing sync.WaitGroup
	for range workers {
		hashing.Go(func() {
			for b := range work {
				b.hash()
			}
		})
	}
	r := &AuditReport{}
	checked := make(chan struct{})
	go func() {
		defer close(checked)
		var c auditChain
		for b := range ordered {
			<-b.done
			for i, e := range b.events {
				c.check(r, e, b.hashes[i])
			}
		}
	}()
	batch := newAuditBatch()
	send := func() error {
		// To a hasher first: the checker waits only for batches being hashed.
		for _, ch := range []chan *auditBatch{work, ordered} {
			select {
			case ch <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		batch = newAuditBatch()
		return nil
	}
	err := a.db.EachEvent(ctx, func(e *models.Event) error {
		if batch.events = append(batch.events, e); len(batch.events) == auditBatchSize {
			return send()
		}
		return nil
	})
	if err == nil && len(batch.events) > 0 {
		err = send()
	}
	close(work)
	hashing.Wait()
	close(ordered)
	<-checked
	if err != nil {
		return nil, fmt.Errorf("verifying the audit trail: %w", err)
	}
	return r, nil
}

// auditBatchSize is how many events VerifyAudit hashes as one batch.
const auditBatchSize = 256

// auditBatch is a run of events, in (stream, seq) order, and the hashes
// of their contents once done is closed.
type auditBatch struct {
	events []*models.Event
	hashes []string
	done   chan struct{}
}

// newAuditBatch returns an empty batch.
func newAuditBatch() *auditBatch {
	return &auditBatch{events: make([]*models.Event, 0, auditBatchSize), done: make(chan struct{})}
}

// hash computes the hashes of the batch's events and closes done.
func (b *auditBatch) hash() {
	b.hashes = make([]string, len(b.events))
	for i, e := range b.events {
		b.hashes[i] = e.ComputeHash()
	}
	close(b.done)
}

// auditChain is where the check of the trail is: the stream being read,
// the seq and hash of its last event, and whether it has already failed.
type auditChain struct {
	stream   string
	lastSeq  int
	lastHash string
	broken   bool
}

// check checks e, whose content hashes to got, against the event before
// it, counting it in r and recording there the first broken link.
func (c *auditChain) check(r *AuditReport, e *models.Event, got string) {
	r.Events++
	if r.Streams == 0 || e.Stream != c.stream {
		r.Streams++
		*c = auditChain{stream: e.Stream}
	}
	if !c.broken {
		if link := checkLink(e, got, c.lastSeq, c.lastHash); link != nil {
			c.broken = true
			if r.Broken == nil {
				r.Broken = link
			}
		}
	}
	c.lastSeq, c.lastHash = e.Seq, e.Hash
}

// VerifyAuditAs is VerifyAudit for operators only: anonymous callers get
// unauthenticated, members forbidden.
func (a *App) VerifyAuditAs(ctx context.Context, actor models.Actor) (*AuditReport, error) {
	if err := requireOperator(actor); err != nil {
		return nil, err
	}
	return a.VerifyAudit(ctx)
}

// checkLink checks e, whose content hashes to got, against the event
// before it in its stream (seq 0 and hash "" for none) and returns the
// broken link, or nil.
func checkLink(e *models.Event, got string, prevSeq int, prevHash string) *BrokenLink {
	link := func(seq int, reason, format string, args ...any) *BrokenLink {
		return &BrokenLink{Stream: e.Stream, Seq: seq, Reason: reason, Detail: fmt.Sprintf(format, args...)}
	}
	switch want := prevSeq + 1; {
	case e.Seq > want:
		return link(want, BrokenMissingSeq, "the stream goes from seq %d to %d", prevSeq, e.Seq)
	case e.Seq < want:
		return link(e.Seq, BrokenSeq, "seq %d follows seq %d", e.Seq, prevSeq)
	}
	if got != e.Hash {
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
