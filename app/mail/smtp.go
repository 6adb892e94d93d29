package mail

import (
	"cmp"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/smtp"
	"net/url"
	"time"
)

// SMTP sends messages through a mail server, with the standard library's
// net/smtp: smtp://[user:pass@]host[:port] (port 587 by default) upgrades
// the connection with STARTTLS when the server offers it; smtps:// (port
// 465) speaks TLS from the start. Credentials are sent with PLAIN, which
// net/smtp allows over TLS (or to localhost) only.
type SMTP struct {
	addr     string
	host     string
	implicit bool
	auth     smtp.Auth
	from     string
	// TLS configures the TLS client; nil verifies the server's certificate
	// against the system roots. Tests set their own.
	TLS *tls.Config
	// Timeout bounds one message's whole exchange (default 30 s).
	Timeout time.Duration
}

// NewSMTP parses an SMTP_URL and returns a sender using from as the envelope
// and header sender.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("not a URL")
	}
	s := &SMTP{from: from, host: u.Hostname(), Timeout: 30 * time.Second}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		port = cmp.Or(port, "587")
	case "smtps":
		port, s.implicit = cmp.Or(port, "465"), true
	default:
		return nil, fmt.Errorf("the scheme must be smtp or smtps")
	}
	if s.host == "" {
		return nil, fmt.Errorf("a host is required")
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		pass, _ := u.User.Password()
		s.auth = smtp.PlainAuth("", u.User.Username(), pass, s.host)
	}
	return s, nil
}

// Send delivers m to its recipient.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	m.From = s.from
	raw, err := m.Bytes(domainOf(s.from))
	if err != nil {
		return err
	}
	from, err := parseAddress(s.from)
	if err != nil {
		return err
	}
	to, err := parseAddress(m.To)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	tlsConfig := s.TLS
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("mail: connecting to %s: %w", s.addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if s.implicit {
		conn = tls.Client(conn, tlsConfig)
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: greeting %s: %w", s.addr, err)
	}
	defer c.Close()
	if err := c.Hello(domainOf(s.from)); err != nil {
		return fmt.Errorf("mail: HELO: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicit {
		if err := c.StartTLS(tlsConfig); err != nil {
			return fmt.Errorf("mail: STARTTLS: %w", err)
		}
	}
	if s.auth != nil {
		if err := c.Auth(s.auth); err != nil {
			return fmt.Errorf("mail: authenticating: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("mail: writing the message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: ending the message: %w", err)
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("mail: QUIT: %w", err)
	}
	return nil
}
