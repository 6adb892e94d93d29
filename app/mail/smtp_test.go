package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// smtpSession is what the test server received.
type smtpSession struct {
	tls        bool
	auth       string
	from, rcpt string
	data       string
}

// testCert makes a self-signed certificate for 127.0.0.1.
func testCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// serveSMTP runs a minimal SMTP server (EHLO, STARTTLS, AUTH PLAIN, MAIL,
// RCPT, DATA, QUIT) for one session and reports it on the channel.
func serveSMTP(t *testing.T, cert tls.Certificate) (string, <-chan smtpSession) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	out := make(chan smtpSession, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		var s smtpSession
		tp := textproto.NewConn(conn)
		reply := func(lines ...string) { _ = tp.PrintfLine("%s", strings.Join(lines, "\r\n")) }
		reply("220 test ESMTP")
		for {
			line, err := tp.ReadLine()
			if err != nil {
				return
			}
			verb, arg, _ := strings.Cut(line, " ")
			switch strings.ToUpper(verb) {
			case "EHLO":
				if s.tls {
					reply("250-test", "250 AUTH PLAIN")
				} else {
					reply("250-test", "250 STARTTLS")
				}
			case "STARTTLS":
				reply("220 go ahead")
				tc := tls.Server(conn, &tls.Config{Certificates: []tls.Certificate{cert}})
				if err := tc.Handshake(); err != nil {
					return
				}
				conn, s.tls = tc, true
				tp = textproto.NewConn(tc)
			case "AUTH":
				_, b64, _ := strings.Cut(arg, " ")
				raw, _ := base64.StdEncoding.DecodeString(b64)
				s.auth = string(raw)
				reply("235 ok")
			case "MAIL":
				s.from = arg
				reply("250 ok")
			case "RCPT":
				s.rcpt = arg
				reply("250 ok")
			case "DATA":
				reply("354 go on")
				lines, err := tp.ReadDotLines()
				if err != nil {
					return
				}
				s.data = strings.Join(lines, "\r\n")
				reply("250 queued")
			case "QUIT":
				reply("221 bye")
				out <- s
				return
			default:
				reply("502 unknown")
			}
		}
	}()
	return ln.Addr().String(), out
}

func TestSMTPSendsWithSTARTTLSAndAuth(t *testing.T) {
	cert := testCert(t)
	addr, got := serveSMTP(t, cert)
	s, err := NewSMTP("smtp://market:s3cret@"+addr, "市场 Market <noreply@market.test>")
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	leaf, _ := x509.ParseCertificate(cert.Certificate[0])
	pool.AddCert(leaf)
	s.TLS = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	m := Message{Key: "k1", To: "zhang@example.com", Subject: "你好 hello", Text: "正文 body", Date: time.Now()}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	var sess smtpSession
	select {
	case sess = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("the server got no message")
	}
	if !sess.tls || sess.auth != "\x00market\x00s3cret" || sess.from != "FROM:<noreply@market.test>" || sess.rcpt != "TO:<zhang@example.com>" {
		t.Fatalf("session %+v", sess)
	}
	_, subject, body := readEML(t, []byte(sess.data+"\r\n"))
	if subject != "你好 hello" || !strings.Contains(body, "正文 body") {
		t.Fatalf("received %q / %q", subject, body)
	}
}

func TestNewSMTPRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"http://host", "smtp://", "::::"} {
		if _, err := NewSMTP(u, "a@b.c"); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
	s, err := NewSMTP("smtps://mail.example.com", "a@b.c")
	if err != nil || s.addr != "mail.example.com:465" || !s.implicit {
		t.Fatalf("smtps default port: %+v %v", s, err)
	}
}
