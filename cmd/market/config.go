package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/connstring"

	"market/app"
)

// config is everything read from the environment; see README.md for each
// variable and its default.
type config struct {
	Addr          string
	DataDir       string
	MongoURI      string
	MongoDatabase string
	MeiliURL      string
	MeiliAPIKey   string
	// MeiliIndexPrefix starts the name of every Meilisearch index, so that
	// several deployments (or test runs) can share one server.
	MeiliIndexPrefix string
	JWTSecret        string
	Env              string
	LogLevel         slog.Level
	ProxyHeader      string
	ShutdownTimeout  time.Duration
	ClockInterval    time.Duration
	// SMTPURL is the mail server (smtp:// or smtps://); empty writes emails
	// into DATA_DIR/outbox.
	SMTPURL string
	// MailFrom is the sender of emails; PublicURL the site's address for their links.
	MailFrom  string
	PublicURL string
	// PprofAddr, when set, is the loopback address where serve also serves
	// Go's profiles.
	PprofAddr string
	// Documents bounds the documents of listings and bids.
	Documents app.DocumentLimits
}

// configError names the variable at fault; main prints it as one line.
type configError struct {
	name, problem string
}

func (e *configError) Error() string { return e.name + ": " + e.problem }

// loadConfig reads the configuration from getenv and checks it.
func loadConfig(getenv func(string) string) (*config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := &config{
		Addr:             get("MARKET_ADDR", ":8080"),
		DataDir:          get("DATA_DIR", "data"),
		MongoURI:         get("MONGODB_URI", ""),
		MongoDatabase:    get("MONGODB_DATABASE", "market"),
		MeiliURL:         get("MEILI_URL", ""),
		MeiliAPIKey:      get("MEILI_API_KEY", ""),
		MeiliIndexPrefix: get("MEILI_INDEX_PREFIX", ""),
		JWTSecret:        getenv("JWT_SECRET"),
		Env:              get("MARKET_ENV", "development"),
		ProxyHeader:      get("MARKET_PROXY_HEADER", ""),
		PprofAddr:        get("MARKET_PPROF_ADDR", ""),
	}
	if c.Env != "development" && c.Env != "production" {
		return nil, &configError{"MARKET_ENV", fmt.Sprintf("must be development or production, not %q", c.Env)}
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return nil, &configError{"MARKET_ADDR", fmt.Sprintf("not a host:port address (%v)", err)}
	}
	if err := checkPprofAddr(c.PprofAddr); err != nil {
		return nil, err
	}
	if c.MongoURI != "" {
		if _, err := connstring.ParseAndValidate(c.MongoURI); err != nil {
			// The driver's message may quote parts of the URI, password included: keep it out.
			return nil, &configError{"MONGODB_URI", "not a valid MongoDB connection string " +
				"(expected SCHEME://[user:password@]host[:port][,host…][/database][?options], SCHEME being mongodb or mongodb+srv)"}
		}
	}
	if !validDatabaseName(c.MongoDatabase) {
		return nil, &configError{"MONGODB_DATABASE", fmt.Sprintf("%q is not a valid database name", c.MongoDatabase)}
	}
	if c.MeiliURL != "" {
		if u, err := url.Parse(c.MeiliURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, &configError{"MEILI_URL", "must be an http(s) URL such as http://localhost:7700"}
		}
	}
	if !validIndexPrefix(c.MeiliIndexPrefix) {
		return nil, &configError{"MEILI_INDEX_PREFIX", "must be at most 64 ASCII letters, digits, - and _, such as market-staging-"}
	}
	switch {
	case c.JWTSecret != "" && len(c.JWTSecret) < 32:
		return nil, &configError{"JWT_SECRET", "must be at least 32 characters"}
	case c.JWTSecret == "" && c.Env == "production":
		return nil, &configError{"JWT_SECRET", "is required when MARKET_ENV=production"}
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		return nil, &configError{"LOG_LEVEL", "must be debug, info, warn or error"}
	}
	timeout, err := time.ParseDuration(get("MARKET_SHUTDOWN_TIMEOUT", "20s"))
	if err != nil || timeout <= 0 {
		return nil, &configError{"MARKET_SHUTDOWN_TIMEOUT", "must be a positive duration such as 20s"}
	}
	c.ShutdownTimeout = timeout
	interval, err := time.ParseDuration(get("MARKET_CLOCK_INTERVAL", "5s"))
	if err != nil || interval < 100*time.Millisecond || interval > time.Hour {
		return nil, &configError{"MARKET_CLOCK_INTERVAL", "must be a duration from 100ms to 1h, such as 5s"}
	}
	c.ClockInterval = interval
	if err := c.loadMail(get); err != nil {
		return nil, err
	}
	if c.Documents, err = documentLimits(get); err != nil {
		return nil, err
	}
	return c, nil
}

// validDatabaseName applies MongoDB's rules for database names.
func validDatabaseName(name string) bool {
	return name != "" && len(name) < 64 && !strings.ContainsAny(name, `/\. "$*<>:|?`)
}

// jwtSecret returns JWT_SECRET, or else the key kept in DATA_DIR, made on first use.
func (c *config) jwtSecret(newKey func() string) ([]byte, error) {
	if c.JWTSecret != "" {
		return []byte(c.JWTSecret), nil
	}
	path := filepath.Join(c.DataDir, "jwt.key")
	if b, err := os.ReadFile(path); err == nil {
		if key := strings.TrimSpace(string(b)); len(key) >= 32 {
			return []byte(key), nil
		}
		return nil, fmt.Errorf("%s is shorter than 32 characters; delete it to make a new key", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("reading JWT key: %w", err)
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating DATA_DIR: %w", err)
	}
	if err := writeKeyOnce(path, newKey()); err != nil {
		return nil, err
	}
	return c.jwtSecret(newKey) // this process's key, or the one another process linked first
}

// writeKeyOnce writes key to a private temporary file, syncs it, and links
// it to path only if path does not exist, so a reader never sees a partial
// key and two processes starting at once agree on one.
func writeKeyOnce(path, key string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".jwt.key-*")
	if err != nil {
		return fmt.Errorf("creating JWT key: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("writing JWT key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("syncing JWT key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("closing JWT key: %w", err)
	}
	if err := os.Link(f.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("installing JWT key: %w", err)
	}
	return nil
}

// validIndexPrefix reports whether p may start a Meilisearch index name: at
// most 64 ASCII letters, digits, '-' and '_' (Meilisearch's own rule for
// index names, with room left for the name itself).
func validIndexPrefix(p string) bool {
	if len(p) > 64 {
		return false
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
