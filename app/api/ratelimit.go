package api

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"market/models"
)

// LoginLimits bound failed sign-in attempts per account and per client
// address within a window. Zero values take the defaults.
type LoginLimits struct {
	PerAccount int
	PerIP      int
	Window     time.Duration
}

// withDefaults fills unset limits: 10 failures per account and 50 per
// address in 15 minutes.
func (l LoginLimits) withDefaults() LoginLimits {
	if l.PerAccount <= 0 {
		l.PerAccount = 10
	}
	if l.PerIP <= 0 {
		l.PerIP = 50
	}
	if l.Window <= 0 {
		l.Window = 15 * time.Minute
	}
	return l
}

// middleware returns the limiters for the login route: failed attempts are
// counted per address and per account; successful ones are not. Over the
// limit the answer is 429 rate_limited with Retry-After.
func (l LoginLimits) middleware() []fiber.Handler {
	l = l.withDefaults()
	reached := func(*fiber.Ctx) error {
		return models.Errorf(models.ERATELIMITED, "too many failed sign-in attempts; try again later")
	}
	perIP := limiter.New(limiter.Config{
		Max: l.PerIP, Expiration: l.Window, SkipSuccessfulRequests: true, LimitReached: reached,
		KeyGenerator: func(c *fiber.Ctx) string { return "ip:" + c.IP() },
	})
	perAccount := limiter.New(limiter.Config{
		Max: l.PerAccount, Expiration: l.Window, SkipSuccessfulRequests: true, LimitReached: reached,
		KeyGenerator: loginAccountKey,
		Next:         func(c *fiber.Ctx) bool { return c.Method() != fiber.MethodPost },
	})
	return []fiber.Handler{perIP, perAccount}
}

// loginAccountKey keys a login attempt by the email it names; a body that
// names none is keyed by address instead.
func loginAccountKey(c *fiber.Ctx) string {
	var body struct {
		Email string `json:"email"`
	}
	if json.Unmarshal(c.Body(), &body) != nil || body.Email == "" {
		return "noaccount:" + c.IP()
	}
	return "account:" + strings.ToLower(strings.TrimSpace(body.Email))
}
