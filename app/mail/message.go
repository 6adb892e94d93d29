// Package mail sends the marketplace's emails: over SMTP, or, without a
// mail server, into an outbox directory of RFC 5322 .eml files.
package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Message is one plain-text email.
type Message struct {
	// Key names what the message is about; the same key gives the same
	// Message-ID (and outbox file), so a message sent twice is recognisable.
	Key     string
	From    string // an address, optionally with a name; set by the sender
	To      string
	Subject string
	Text    string
	Date    time.Time
}

// ID returns the message's stable identifier: a hash of its key.
func (m *Message) ID() string {
	sum := sha256.Sum256([]byte(m.Key))
	return hex.EncodeToString(sum[:12])
}

// Bytes renders the message in RFC 5322 form with CRLF line ends: UTF-8
// headers encoded as RFC 2047 words where they are not ASCII, and a
// quoted-printable UTF-8 text/plain body.
func (m *Message) Bytes(domain string) ([]byte, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("mail: From %q: %w", m.From, err)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("mail: To %q: %w", m.To, err)
	}
	var b bytes.Buffer
	header := func(name, value string) { fmt.Fprintf(&b, "%s: %s\r\n", name, value) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", encodeHeader(m.Subject))
	header("Date", m.Date.UTC().Format(time.RFC1123Z))
	header("Message-ID", "<"+m.ID()+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, fmt.Errorf("mail: encoding body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("mail: encoding body: %w", err)
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// encodeHeader encodes a header value as RFC 2047 words (base64, UTF-8)
// when it is not plain printable ASCII; newlines are dropped.
func encodeHeader(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return mime.BEncoding.Encode("UTF-8", s)
		}
	}
	return s
}

// domainOf returns the domain of an address, or "localhost".
func domainOf(addr string) string {
	if a, err := mail.ParseAddress(addr); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
			return a.Address[i+1:]
		}
	}
	return "localhost"
}

// parseAddress returns the bare address of s, which may carry a display name.
func parseAddress(s string) (string, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", fmt.Errorf("mail: address %q: %w", s, err)
	}
	return a.Address, nil
}
