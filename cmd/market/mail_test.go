package main

import (
	"strings"
	"testing"
)

func TestLoadConfigMailErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, value, want string }{
		{"SMTP_URL", "http://mail.example.com", "SMTP_URL: must be smtp://"},
		{"SMTP_URL", "smtp://", "SMTP_URL: must be smtp://"},
		{"MAIL_FROM", "not an address", "MAIL_FROM: must be an email address"},
		{"PUBLIC_URL", "ftp://x", "PUBLIC_URL: must be an http(s) URL"},
	} {
		_, err := loadConfig(fakeEnv(map[string]string{c.name: c.value}))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s=%q: %v, want %q…", c.name, c.value, err, c.want)
		}
	}
	// A password in SMTP_URL never reaches the message.
	if _, err := loadConfig(fakeEnv(map[string]string{"SMTP_URL": "smtp://u:hunter2@host:notaport"})); err != nil && strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestNewMailerDefaultsToTheOutbox(t *testing.T) {
	t.Parallel()
	cfg, err := loadConfig(fakeEnv(map[string]string{"DATA_DIR": t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	if _, name, err := newMailer(cfg); err != nil || name != "outbox" {
		t.Fatalf("mailer %s, %v; want the outbox", name, err)
	}
	cfg.SMTPURL = "smtp://mail.example.com:2525"
	if _, name, err := newMailer(cfg); err != nil || name != "smtp" {
		t.Fatalf("mailer %s, %v; want smtp", name, err)
	}
}
