package mail

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Outbox writes each message as an .eml file in a directory instead of
// sending it: the default without a mail server, so that messages can be
// opened with any mail client. File names sort by time: the message's date
// (UTC, to the millisecond), then its ID; the same message written twice
// lands in the same file.
type Outbox struct {
	Dir  string
	From string
}

// NewOutbox returns an Outbox writing into dir (created, mode 0700, on first use).
func NewOutbox(dir, from string) *Outbox { return &Outbox{Dir: dir, From: from} }

// Send writes m atomically: into a temporary file, synced, then renamed.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.From = o.From
	raw, err := m.Bytes(domainOf(o.From))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return fmt.Errorf("mail: creating the outbox: %w", err)
	}
	name := m.Date.UTC().Format("20060102T150405.000Z") + "-" + m.ID() + ".eml"
	f, err := os.CreateTemp(o.Dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("mail: creating an outbox file: %w", err)
	}
	defer os.Remove(f.Name()) // after the rename there is nothing left to remove
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return fmt.Errorf("mail: writing %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("mail: syncing %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("mail: closing %s: %w", name, err)
	}
	if err := os.Rename(f.Name(), filepath.Join(o.Dir, name)); err != nil {
		return fmt.Errorf("mail: placing %s: %w", name, err)
	}
	return nil
}
