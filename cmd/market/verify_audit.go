package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"market/app"
)

// verifyAuditLimit bounds one run of verify-audit.
const verifyAuditLimit = time.Hour

// verifyAudit recomputes the audit trail's hash chains. It prints a one-line
// summary when the trail is intact, and otherwise the first broken link,
// returning an error so that the command exits 1.
func verifyAudit(ctx context.Context, cfg *config, args []string, stdout, logs io.Writer) error {
	if len(args) > 0 {
		return &usageError{"usage: market verify-audit"}
	}
	sys, err := open(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer sys.close(context.Background())
	// A deadline of its own replaces the database client's per-operation
	// timeout, which a walk over a large trail could outlast.
	vctx, cancel := context.WithTimeout(ctx, verifyAuditLimit)
	defer cancel()
	r, err := sys.app.VerifyAudit(vctx)
	if err != nil {
		return err
	}
	if b := r.Broken; b != nil {
		fmt.Fprintf(stdout, "broken link: stream=%s seq=%d: %s (%s)\n", b.Stream, b.Seq, b.Reason, b.Detail)
		fmt.Fprintf(stdout, "checked %d events in %d streams\n", r.Events, r.Streams)
		return &auditBrokenError{b}
	}
	fmt.Fprintf(stdout, "audit trail intact: %d events in %d streams\n", r.Events, r.Streams)
	return nil
}

// auditBrokenError is the failure of verify-audit on a broken trail.
type auditBrokenError struct{ link *app.BrokenLink }

func (e *auditBrokenError) Error() string {
	return fmt.Sprintf("the audit trail is broken at stream=%s seq=%d: %s", e.link.Stream, e.link.Seq, e.link.Reason)
}
