package mail

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readEML parses an .eml file and returns its decoded subject and body.
func readEML(t *testing.T, raw []byte) (*mail.Message, string, string) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, raw)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return msg, subject, string(body)
}

func TestOutboxWritesOneEMLPerMessage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	o := NewOutbox(dir, "市场 Market <noreply@market.test>")
	at := time.Date(2026, 11, 26, 8, 30, 0, 123e6, time.UTC)
	m := Message{Key: "search/s1/l1@3", To: "张三 <zhang@example.com>", Date: at,
		Subject: "【SH-2026-000001】新商机符合您的订阅“智慧交通” | New listing matches",
		Text:    "第一行\n查看：https://market.test/opportunities/l1 " + strings.Repeat("长", 100) + "\nEnglish line\n"}
	for range 2 { // the same message twice is one file
		if err := o.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("outbox holds %v, want one file", entries)
	}
	name := entries[0].Name()
	if want := "20261126T083000.123Z-" + m.ID() + ".eml"; name != want {
		t.Fatalf("file %s, want %s", name, want)
	}
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "新商机") || strings.Contains(string(raw), "\n\n") {
		t.Fatalf("raw message has unencoded UTF-8 or bare LF:\n%s", raw)
	}
	msg, subject, body := readEML(t, raw)
	if subject != m.Subject {
		t.Fatalf("subject %q, want %q", subject, m.Subject)
	}
	if body != strings.ReplaceAll(m.Text, "\n", "\r\n")+"\r\n" {
		t.Fatalf("body %q", body)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || from[0].Name != "市场 Market" || from[0].Address != "noreply@market.test" {
		t.Fatalf("From %v (%v)", from, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || to[0].Name != "张三" || to[0].Address != "zhang@example.com" {
		t.Fatalf("To %v (%v)", to, err)
	}
	if id := msg.Header.Get("Message-ID"); id != "<"+m.ID()+"@market.test>" {
		t.Fatalf("Message-ID %q", id)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(at.Truncate(time.Second)) {
		t.Fatalf("Date %v (%v)", d, err)
	}
}

func TestOutboxRejectsABadAddress(t *testing.T) {
	o := NewOutbox(t.TempDir(), "Market <noreply@market.test>")
	if err := o.Send(context.Background(), Message{Key: "k", To: "not an address", Subject: "s", Date: time.Now()}); err == nil {
		t.Fatal("a bad address was accepted")
	}
}
