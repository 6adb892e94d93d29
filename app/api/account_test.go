package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"market/app/api"
)

func TestRegisterLoginRefreshLogoutMe(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	s := e.register("Ada@Example.com", "enterprise", true)
	if s.Email != "ada@example.com" {
		t.Errorf("email %q, want it lower-cased", s.Email)
	}

	me := e.do("GET", "/api/v1/me", nil, s.bearer()...)
	var body struct {
		User struct {
			ID, Email, DisplayName, Role string
		} `json:"user"`
		Organization struct {
			ID, Kind, District, Verification string
			SME                              bool
		} `json:"organization"`
	}
	me.decode(t, &body)
	if me.Status != 200 || body.User.ID != s.UserID || body.User.Role != "member" || body.User.DisplayName != "测试用户 Test" {
		t.Fatalf("me: %d %s", me.Status, me.Body)
	}
	if body.Organization.ID != s.OrgID || body.Organization.Verification != "unverified" || !body.Organization.SME || body.Organization.Kind != "enterprise" {
		t.Fatalf("me organisation: %s", me.Body)
	}

	l := e.login("ADA@example.com ", "correct horse battery")
	if l.UserID != s.UserID {
		t.Fatalf("login gave user %s, want %s", l.UserID, s.UserID)
	}
	// The password's deliberate cost is reported apart, in milliseconds.
	signIn := e.do("POST", "/api/v1/auth/login", map[string]string{"email": "ada@example.com", "password": "correct horse battery"})
	var hashed float64
	if _, err := fmt.Sscanf(signIn.Header.Get("Server-Timing"), "argon2;dur=%g", &hashed); err != nil || hashed <= 0 {
		t.Errorf("login's Server-Timing %q: %v, want argon2;dur= a positive number", signIn.Header.Get("Server-Timing"), err)
	}

	r := e.do("POST", "/api/v1/auth/refresh", map[string]string{"refreshToken": l.Refresh})
	var tokens struct {
		Tokens struct{ AccessToken, RefreshToken string } `json:"tokens"`
	}
	r.decode(t, &tokens)
	if r.Status != 200 || tokens.Tokens.AccessToken == "" || tokens.Tokens.RefreshToken == l.Refresh {
		t.Fatalf("refresh: %d %s", r.Status, r.Body)
	}
	if got := e.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+tokens.Tokens.AccessToken); got.Status != 200 {
		t.Fatalf("me with refreshed token: %d", got.Status)
	}

	if got := e.do("POST", "/api/v1/auth/logout", map[string]string{"refreshToken": tokens.Tokens.RefreshToken}); got.Status != http.StatusNoContent {
		t.Fatalf("logout: %d %s", got.Status, got.Body)
	}
	e.do("POST", "/api/v1/auth/refresh", map[string]string{"refreshToken": tokens.Tokens.RefreshToken}).problem(t, 401, "unauthenticated")
	// The other sign-in (from registration) is untouched by that logout.
	if got := e.do("POST", "/api/v1/auth/refresh", map[string]string{"refreshToken": s.Refresh}); got.Status != 200 {
		t.Fatalf("refresh of another sign-in after logout: %d %s", got.Status, got.Body)
	}
}

func TestLoginWrongEmailOrPasswordSameAnswer(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	e.register("bo@example.com", "government", false)
	wrongPass := e.do("POST", "/api/v1/auth/login", map[string]string{"email": "bo@example.com", "password": "not the password"})
	noUser := e.do("POST", "/api/v1/auth/login", map[string]string{"email": "nobody@example.com", "password": "not the password"})
	notEmail := e.do("POST", "/api/v1/auth/login", map[string]string{"email": "nobody", "password": "x"})
	p1 := wrongPass.problem(t, 401, "invalid_credentials")
	p2 := noUser.problem(t, 401, "invalid_credentials")
	notEmail.problem(t, 401, "invalid_credentials")
	if p1["detail"] != p2["detail"] {
		t.Fatalf("different answers: %v vs %v", p1["detail"], p2["detail"])
	}
}

func TestRefreshTokenReuseRevokesFamily(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	s := e.register("cy@example.com", "enterprise", false)
	refresh := func(tok string) *response {
		return e.do("POST", "/api/v1/auth/refresh", map[string]string{"refreshToken": tok})
	}
	first := refresh(s.Refresh)
	var next struct {
		Tokens struct{ RefreshToken string } `json:"tokens"`
	}
	first.decode(t, &next)
	if first.Status != 200 {
		t.Fatalf("first refresh: %d", first.Status)
	}
	// The spent token is presented again: refused, and the family is revoked,
	// so the legitimate successor stops working too.
	refresh(s.Refresh).problem(t, 401, "unauthenticated")
	refresh(next.Tokens.RefreshToken).problem(t, 401, "unauthenticated")
	refresh("never-issued").problem(t, 401, "unauthenticated")
}

func TestConcurrentRefreshOfOneTokenSucceedsOnce(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	s := e.register("dee@example.com", "enterprise", false)
	const n = 12
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- e.do("POST", "/api/v1/auth/refresh", map[string]string{"refreshToken": s.Refresh}).Status
		}()
	}
	wg.Wait()
	close(statuses)
	ok := 0
	for st := range statuses {
		switch st {
		case 200:
			ok++
		case 401:
		default:
			t.Errorf("unexpected status %d", st)
		}
	}
	if ok > 1 {
		t.Fatalf("%d concurrent refreshes of one token succeeded, want at most 1", ok)
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	s := e.register("exp@example.com", "enterprise", false)
	e.clock.Advance(31 * 24 * time.Hour)
	e.do("POST", "/api/v1/auth/refresh", map[string]string{"refreshToken": s.Refresh}).problem(t, 401, "unauthenticated")
}

// forge signs claims with the given method and key.
func forge(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAccessTokenAttacksAreRefused(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	s := e.register("eve@example.com", "enterprise", false)
	now := e.clock.Now()
	claims := func(mod func(jwt.MapClaims)) jwt.MapClaims {
		c := jwt.MapClaims{"sub": s.UserID, "org": s.OrgID, "role": "operator", "iss": "market", "aud": []string{"market-api"},
			"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix()}
		if mod != nil {
			mod(c)
		}
		return c
	}
	secret := []byte(testSecret)
	valid := forge(t, jwt.SigningMethodHS256, secret, claims(nil))
	if r := e.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+valid); r.Status != 200 {
		t.Fatalf("control: a correctly signed token gave %d %s", r.Status, r.Body)
	}
	parts := strings.Split(valid, ".")
	none := forge(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(nil))
	tampered := parts[0] + "." + parts[1] + "." + strings.Map(func(r rune) rune {
		if r == 'A' {
			return 'B'
		}
		return 'A'
	}, parts[2])
	// Payload changed (role), signature kept.
	otherPayload := strings.Split(forge(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-123456"), claims(func(c jwt.MapClaims) { c["sub"] = "someone" })), ".")[1]
	swapped := parts[0] + "." + otherPayload + "." + parts[2]

	attacks := map[string]string{
		"alg none":           none,
		"HS384 same secret":  forge(t, jwt.SigningMethodHS384, secret, claims(nil)),
		"HS512 same secret":  forge(t, jwt.SigningMethodHS512, secret, claims(nil)),
		"other secret":       forge(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-123456"), claims(nil)),
		"expired":            forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Second).Unix() })),
		"no exp":             forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "exp") })),
		"not yet valid":      forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["nbf"] = now.Add(time.Hour).Unix() })),
		"wrong iss":          forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["iss"] = "elsewhere" })),
		"no iss":             forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "iss") })),
		"wrong aud":          forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { c["aud"] = "other-api" })),
		"no aud":             forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "aud") })),
		"tampered signature": tampered,
		"swapped payload":    swapped,
		"garbage":            "not.a.token",
		"empty bearer":       "",
		"no subject":         forge(t, jwt.SigningMethodHS256, secret, claims(func(c jwt.MapClaims) { delete(c, "sub") })),
	}
	// A token issued by the server, used after its 15 minutes.
	issued := e.login("eve@example.com", "correct horse battery").Access
	for name, tok := range attacks {
		r := e.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+tok)
		if r.Status != 401 {
			t.Errorf("%s: status %d, want 401: %s", name, r.Status, r.Body)
			continue
		}
		r.problem(t, 401, "unauthenticated")
		if !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: no WWW-Authenticate header", name)
		}
	}
	e.do("GET", "/api/v1/me", nil, "Authorization", "Basic "+issued).problem(t, 401, "unauthenticated")
	e.clock.Advance(15*time.Minute + time.Second)
	e.do("GET", "/api/v1/me", nil, "Authorization", "Bearer "+issued).problem(t, 401, "unauthenticated")
	// Even on a public route, a bad token is refused rather than ignored.
	e.do("GET", "/api/v1/vocabularies", nil, "Authorization", "Bearer "+none).problem(t, 401, "unauthenticated")
}

func TestRegisterValidation(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	tests := []struct {
		name  string
		mod   func(map[string]any)
		field string
	}{
		{"short password", func(b map[string]any) { b["password"] = "short" }, "body.password"},
		{"bad email", func(b map[string]any) { b["email"] = "not-an-email" }, "body.email"},
		{"missing display name", func(b map[string]any) { delete(b, "displayName") }, "body.displayName"},
		{"blank display name", func(b map[string]any) { b["displayName"] = "   " }, "body.displayName"},
		{"bad credit code", func(b map[string]any) { org(b)["creditCode"] = "91350100M000100Y44" }, "body.organization.creditCode"},
		{"unknown district", func(b map[string]any) { org(b)["district"] = "atlantis" }, "body.organization.district"},
		{"unknown kind", func(b map[string]any) { org(b)["kind"] = "charity" }, "body.organization.kind"},
		{"government SME", func(b map[string]any) { org(b)["kind"] = "government"; org(b)["sme"] = true }, "body.organization.sme"},
		{"unknown field", func(b map[string]any) { b["role"] = "operator" }, "body.role"},
		{"operator injection", func(b map[string]any) { b["email"] = map[string]any{"$ne": ""} }, "body.email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := registration("val@example.com", "enterprise", false)
			tt.mod(b)
			p := e.do("POST", "/api/v1/auth/register", b).problem(t, 422, "validation_failed")
			errs, _ := p["errors"].([]any)
			found := false
			for _, fe := range errs {
				if fe.(map[string]any)["location"] == tt.field {
					found = true
				}
			}
			if !found {
				t.Fatalf("no error for %s in %v", tt.field, p["errors"])
			}
		})
	}
	// Nothing was written by any of them.
	e.do("POST", "/api/v1/auth/login", map[string]string{"email": "val@example.com", "password": "correct horse battery"}).problem(t, 401, "invalid_credentials")
}

func org(b map[string]any) map[string]any { return b["organization"].(map[string]any) }

func TestConcurrentRegistrationsOneEmail(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	const n = 20
	statuses := make(chan *response, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- e.do("POST", "/api/v1/auth/register", registration("same@example.com", "enterprise", false))
		}()
	}
	wg.Wait()
	close(statuses)
	created := 0
	for r := range statuses {
		switch r.Status {
		case http.StatusCreated:
			created++
		case http.StatusConflict:
			r.problem(t, 409, "conflict")
		default:
			t.Errorf("unexpected %d %s", r.Status, r.Body)
		}
	}
	if created != 1 {
		t.Fatalf("%d registrations created, want exactly 1", created)
	}
	// The losers left no organisation behind.
	op := e.operator()
	var list struct{ Total int }
	e.do("GET", "/api/v1/admin/organizations", nil, op.bearer()...).decode(t, &list)
	if list.Total != 1 {
		t.Fatalf("%d organisations stored, want 1", list.Total)
	}
}

func TestDuplicateCreditCodeConflictsAndLeavesNoUser(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	first := registration("one@example.com", "enterprise", false)
	if r := e.do("POST", "/api/v1/auth/register", first); r.Status != 201 {
		t.Fatalf("first: %d", r.Status)
	}
	second := registration("two@example.com", "enterprise", false)
	org(second)["creditCode"] = org(first)["creditCode"]
	e.do("POST", "/api/v1/auth/register", second).problem(t, 409, "conflict")
	e.do("POST", "/api/v1/auth/login", map[string]string{"email": "two@example.com", "password": "correct horse battery"}).problem(t, 401, "invalid_credentials")
}

func TestLoginRateLimitedPerAccount(t *testing.T) {
	e := newEnv(t, api.LoginLimits{PerAccount: 3, PerIP: 100, Window: time.Minute})
	e.register("rl@example.com", "enterprise", false)
	bad := map[string]string{"email": "rl@example.com", "password": "wrong password!"}
	for i := 0; i < 3; i++ {
		e.do("POST", "/api/v1/auth/login", bad).problem(t, 401, "invalid_credentials")
	}
	r := e.do("POST", "/api/v1/auth/login", bad)
	r.problem(t, 429, "rate_limited")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// Even the right password waits out the window for this account...
	e.do("POST", "/api/v1/auth/login", map[string]string{"email": "rl@example.com", "password": "correct horse battery"}).problem(t, 429, "rate_limited")
	// ...while another account from the same address may still sign in.
	e.register("rl2@example.com", "enterprise", false)
	e.login("rl2@example.com", "correct horse battery")
}

func TestLoginRateLimitedPerIP(t *testing.T) {
	e := newEnv(t, api.LoginLimits{PerAccount: 100, PerIP: 4, Window: time.Minute})
	for i := 0; i < 4; i++ {
		e.do("POST", "/api/v1/auth/login", map[string]string{"email": "x" + string(rune('a'+i)) + "@example.com", "password": "wrong password!"}).problem(t, 401, "invalid_credentials")
	}
	r := e.do("POST", "/api/v1/auth/login", map[string]string{"email": "fresh@example.com", "password": "wrong password!"})
	r.problem(t, 429, "rate_limited")
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
}
