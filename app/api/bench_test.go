package api_test

import (
	"log/slog"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/app/auth"
	"market/app/store/storetest"
)

// BenchmarkLogin measures full sign-ins through the HTTP handler, on the
// embedded database with the production argon2id cost, 2 clients per core.
func BenchmarkLogin(b *testing.B) {
	db := storetest.Open(b)
	signer, _ := auth.NewSigner([]byte(testSecret), time.Now)
	a, err := app.New(app.Config{DB: db, Tokens: signer, Logger: slog.New(slog.DiscardHandler)}) // DefaultArgon2
	if err != nil {
		b.Fatal(err)
	}
	srv := api.New(api.Config{App: a, Logger: slog.New(slog.DiscardHandler), Login: api.LoginLimits{PerIP: 1 << 30, PerAccount: 1 << 30}})
	e := &env{t: b, srv: srv, app: a}
	e.register("bench@example.com", "enterprise", false)
	body := map[string]string{"email": "bench@example.com", "password": "correct horse battery"}
	b.SetParallelism(2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := e.do("POST", "/api/v1/auth/login", body); r.Status != 200 {
				b.Errorf("login: %d %s", r.Status, r.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
}

// BenchmarkVerifyAccessToken measures access-token verification alone.
func BenchmarkVerifyAccessToken(b *testing.B) {
	signer, _ := auth.NewSigner([]byte(testSecret), time.Now)
	tok, _, err := signer.Issue("user", "org", "member")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := signer.Verify(tok); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verifications/s")
}

// BenchmarkAuthenticatedRequest measures GET /api/v1/me end to end: token
// verification, one user and one organisation read from the embedded database.
func BenchmarkAuthenticatedRequest(b *testing.B) {
	e := newEnv(b, api.LoginLimits{})
	s := e.register("me@example.com", "enterprise", false)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := e.do("GET", "/api/v1/me", nil, s.bearer()...); r.Status != 200 {
				b.Errorf("me: %d", r.Status)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
}
