package main

import (
	"net/mail"
	"net/url"
	"path/filepath"
	"strings"

	"market/app"
	appmail "market/app/mail"
)

// loadMail reads SMTP_URL, MAIL_FROM and PUBLIC_URL.
func (c *config) loadMail(get func(name, def string) string) error {
	c.SMTPURL = get("SMTP_URL", "")
	c.MailFrom = get("MAIL_FROM", "Opportunity market <noreply@market.localhost>")
	c.PublicURL = strings.TrimRight(get("PUBLIC_URL", "http://localhost:8080"), "/")
	if c.SMTPURL != "" {
		if _, err := appmail.NewSMTP(c.SMTPURL, c.MailFrom); err != nil {
			// The URL may hold a password: name the problem, not the value.
			return &configError{"SMTP_URL", "must be smtp://[user:password@]host[:port] or smtps://…: " + err.Error()}
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return &configError{"MAIL_FROM", "must be an email address, optionally with a name: Name <addr@example.com>"}
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &configError{"PUBLIC_URL", "must be an http(s) URL such as https://market.example.gov.cn"}
	}
	return nil
}

// newMailer returns the configured mail sender and its name for logs: SMTP
// at SMTP_URL, else the outbox directory DATA_DIR/outbox.
func newMailer(cfg *config) (app.Mailer, string, error) {
	if cfg.SMTPURL != "" {
		s, err := appmail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return nil, "", &configError{"SMTP_URL", err.Error()}
		}
		return s, "smtp", nil
	}
	return appmail.NewOutbox(filepath.Join(cfg.DataDir, "outbox"), cfg.MailFrom), "outbox", nil
}

// Both senders are app.Mailers.
var (
	_ app.Mailer = (*appmail.Outbox)(nil)
	_ app.Mailer = (*appmail.SMTP)(nil)
)
