package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"market/app"
	"market/app/upload"
)

// fakeEnv is a getenv over a map.
func fakeEnv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

const secret32 = "0123456789abcdef0123456789abcdef" // the shortest JWT_SECRET allowed

func TestLoadConfigDefaults(t *testing.T) {
	t.Parallel()
	got, err := loadConfig(fakeEnv(nil))
	if err != nil {
		t.Fatalf("loadConfig with an empty environment: %v", err)
	}
	// The documented defaults: serve on :8080, keep data in ./data with the
	// embedded database (no MONGODB_URI) named "market", no search (no
	// MEILI_URL), a JWT key kept in DATA_DIR (no JWT_SECRET), development,
	// info logs, the peer address as the client's, 20 s to drain on shutdown.
	want := &config{
		Addr:            ":8080",
		DataDir:         "data",
		MongoURI:        "",
		MongoDatabase:   "market",
		MeiliURL:        "",
		MeiliAPIKey:     "",
		JWTSecret:       "",
		Env:             "development",
		LogLevel:        slog.LevelInfo,
		ProxyHeader:     "",
		ShutdownTimeout: 20 * time.Second,
		ClockInterval:   5 * time.Second,
		MailFrom:        "Opportunity market <noreply@market.localhost>",
		PublicURL:       "http://localhost:8080",
		Documents:       app.DefaultDocumentLimits(),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("defaults:\n got %+v\nwant %+v", got, want)
	}

	// Blank values count as unset.
	blank := map[string]string{}
	for _, v := range configVars {
		if v != "JWT_SECRET" { // JWT_SECRET is taken as is: blanks are a (too short) secret
			blank[v] = "  "
		}
	}
	if got, err := loadConfig(fakeEnv(blank)); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("blank variables: got %+v, %v; want the defaults", got, err)
	}
}

func TestLoadConfigValues(t *testing.T) {
	t.Parallel()
	got, err := loadConfig(fakeEnv(map[string]string{
		"MARKET_ADDR":                     "127.0.0.1:9000",
		"DATA_DIR":                        "/var/lib/market",
		"MONGODB_URI":                     "mongodb://user:s3cret@db.internal:27017/?replicaSet=rs0",
		"MONGODB_DATABASE":                "market_prod",
		"MEILI_URL":                       "https://search.internal:7700",
		"MEILI_API_KEY":                   "meili-key",
		"MEILI_INDEX_PREFIX":              "market_prod-",
		"JWT_SECRET":                      secret32,
		"MARKET_ENV":                      "production",
		"LOG_LEVEL":                       "debug",
		"MARKET_PROXY_HEADER":             "X-Forwarded-For",
		"MARKET_SHUTDOWN_TIMEOUT":         "1m30s",
		"MARKET_CLOCK_INTERVAL":           "250ms",
		"SMTP_URL":                        "smtps://market:pw@mail.example.com",
		"MAIL_FROM":                       "市场 <noreply@example.gov.cn>",
		"PUBLIC_URL":                      "https://market.example.gov.cn/",
		"MARKET_DOCUMENT_MAX_MB":          "20",
		"MARKET_DOCUMENT_MAX_FILES":       "12",
		"MARKET_BID_DOCUMENTS_MAX_MB":     "100",
		"MARKET_DOCUMENT_MAX_EXPANDED_MB": "512",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := &config{
		Addr: "127.0.0.1:9000", DataDir: "/var/lib/market",
		MongoURI: "mongodb://user:s3cret@db.internal:27017/?replicaSet=rs0", MongoDatabase: "market_prod",
		MeiliURL: "https://search.internal:7700", MeiliAPIKey: "meili-key", MeiliIndexPrefix: "market_prod-",
		JWTSecret: secret32, Env: "production", LogLevel: slog.LevelDebug,
		ProxyHeader: "X-Forwarded-For", ShutdownTimeout: 90 * time.Second, ClockInterval: 250 * time.Millisecond,
		SMTPURL: "smtps://market:pw@mail.example.com", MailFrom: "市场 <noreply@example.gov.cn>", PublicURL: "https://market.example.gov.cn",
		Documents: app.DocumentLimits{File: upload.Limits{MaxBytes: 20 << 20, MaxExpandedBytes: 512 << 20, MaxEntries: 10000},
			MaxFiles: 12, MaxBidBytes: 100 << 20},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		env     map[string]string
		varName string // the variable the error must name; "" means valid
		secret  string // text the error must not contain
	}{
		{name: "production without JWT_SECRET", env: map[string]string{"MARKET_ENV": "production"}, varName: "JWT_SECRET"},
		{name: "production with JWT_SECRET", env: map[string]string{"MARKET_ENV": "production", "JWT_SECRET": secret32}},
		{name: "short JWT_SECRET", env: map[string]string{"JWT_SECRET": secret32[:31]}, varName: "JWT_SECRET", secret: secret32[:31]},
		{name: "short JWT_SECRET in production", env: map[string]string{"MARKET_ENV": "production", "JWT_SECRET": "short"}, varName: "JWT_SECRET", secret: "short"},
		{name: "blank JWT_SECRET", env: map[string]string{"JWT_SECRET": "   "}, varName: "JWT_SECRET"},

		{name: "MONGODB_URI without host", env: map[string]string{"MONGODB_URI": "mongodb://"}, varName: "MONGODB_URI"},
		{name: "MONGODB_URI http", env: map[string]string{"MONGODB_URI": "http://x"}, varName: "MONGODB_URI"},
		{name: "MONGODB_URI with password, no host", env: map[string]string{"MONGODB_URI": "mongodb://user:s3cret@/x?bad"}, varName: "MONGODB_URI", secret: "s3cret"},
		{name: "MONGODB_URI with password, bad option", env: map[string]string{"MONGODB_URI": "mongodb://user:s3cret@db/x?bad"}, varName: "MONGODB_URI", secret: "s3cret"},
		{name: "MONGODB_URI with password, bad port", env: map[string]string{"MONGODB_URI": "mongodb://user:s3cret@db:99999/x"}, varName: "MONGODB_URI", secret: "s3cret"},
		{name: "MONGODB_URI with password, bad escape", env: map[string]string{"MONGODB_URI": "mongodb://user:s3cret%@db/x"}, varName: "MONGODB_URI", secret: "s3cret"},
		{
			name: "MONGODB_URI with password, host forgotten", env: map[string]string{"MONGODB_URI": "mongodb://user:s3cret/x"},
			varName: "MONGODB_URI", secret: "s3cret",
		},
		{name: "MONGODB_URI valid", env: map[string]string{"MONGODB_URI": "mongodb://localhost:27017"}},
		{name: "MARKET_DOCUMENT_MAX_MB zero", env: map[string]string{"MARKET_DOCUMENT_MAX_MB": "0"}, varName: "MARKET_DOCUMENT_MAX_MB"},
		{name: "MARKET_DOCUMENT_MAX_MB words", env: map[string]string{"MARKET_DOCUMENT_MAX_MB": "50MB"}, varName: "MARKET_DOCUMENT_MAX_MB"},
		{name: "MARKET_DOCUMENT_MAX_FILES too many", env: map[string]string{"MARKET_DOCUMENT_MAX_FILES": "100000"}, varName: "MARKET_DOCUMENT_MAX_FILES"},
		{name: "MARKET_BID_DOCUMENTS_MAX_MB negative", env: map[string]string{"MARKET_BID_DOCUMENTS_MAX_MB": "-1"}, varName: "MARKET_BID_DOCUMENTS_MAX_MB"},
		{name: "MARKET_DOCUMENT_MAX_EXPANDED_MB valid", env: map[string]string{"MARKET_DOCUMENT_MAX_EXPANDED_MB": "2048"}},

		{name: "MONGODB_DATABASE with a dot", env: map[string]string{"MONGODB_DATABASE": "market.prod"}, varName: "MONGODB_DATABASE"},

		{name: "MARKET_ADDR without port", env: map[string]string{"MARKET_ADDR": "localhost"}, varName: "MARKET_ADDR"},
		{name: "MARKET_ADDR port only", env: map[string]string{"MARKET_ADDR": "8080"}, varName: "MARKET_ADDR"},
		{name: "MARKET_ADDR URL", env: map[string]string{"MARKET_ADDR": "http://localhost:8080"}, varName: "MARKET_ADDR"},
		{name: "MARKET_ADDR port 0", env: map[string]string{"MARKET_ADDR": "127.0.0.1:0"}},

		{name: "MARKET_PPROF_ADDR on every interface", env: map[string]string{"MARKET_PPROF_ADDR": ":6060"}, varName: "MARKET_PPROF_ADDR"},
		{name: "MARKET_PPROF_ADDR on a public address", env: map[string]string{"MARKET_PPROF_ADDR": "10.0.0.5:6060"}, varName: "MARKET_PPROF_ADDR"},
		{name: "MARKET_PPROF_ADDR without port", env: map[string]string{"MARKET_PPROF_ADDR": "127.0.0.1"}, varName: "MARKET_PPROF_ADDR"},
		{name: "MARKET_PPROF_ADDR loopback", env: map[string]string{"MARKET_PPROF_ADDR": "127.0.0.1:6060"}},
		{name: "MARKET_PPROF_ADDR localhost", env: map[string]string{"MARKET_PPROF_ADDR": "localhost:6060"}},

		{name: "MEILI_URL without scheme", env: map[string]string{"MEILI_URL": "localhost:7700"}, varName: "MEILI_URL"},
		{name: "MEILI_URL ftp", env: map[string]string{"MEILI_URL": "ftp://search:7700"}, varName: "MEILI_URL"},
		{name: "MEILI_URL without host", env: map[string]string{"MEILI_URL": "http://"}, varName: "MEILI_URL"},
		{name: "MEILI_URL unparsable", env: map[string]string{"MEILI_URL": "http://[::1"}, varName: "MEILI_URL"},
		{name: "MEILI_URL valid", env: map[string]string{"MEILI_URL": "http://localhost:7700"}},
		{name: "MEILI_INDEX_PREFIX with a dot", env: map[string]string{"MEILI_INDEX_PREFIX": "market.prod"}, varName: "MEILI_INDEX_PREFIX"},
		{name: "MEILI_INDEX_PREFIX with a space", env: map[string]string{"MEILI_INDEX_PREFIX": "market prod"}, varName: "MEILI_INDEX_PREFIX"},
		{name: "MEILI_INDEX_PREFIX too long", env: map[string]string{"MEILI_INDEX_PREFIX": strings.Repeat("m", 65)}, varName: "MEILI_INDEX_PREFIX"},
		{name: "MEILI_INDEX_PREFIX valid", env: map[string]string{"MEILI_INDEX_PREFIX": "market_staging-2"}},

		{name: "LOG_LEVEL unknown", env: map[string]string{"LOG_LEVEL": "verbose"}, varName: "LOG_LEVEL"},
		{name: "LOG_LEVEL number", env: map[string]string{"LOG_LEVEL": "3"}, varName: "LOG_LEVEL"},
		{name: "LOG_LEVEL upper case", env: map[string]string{"LOG_LEVEL": "WARN"}},

		{name: "MARKET_SHUTDOWN_TIMEOUT word", env: map[string]string{"MARKET_SHUTDOWN_TIMEOUT": "soon"}, varName: "MARKET_SHUTDOWN_TIMEOUT"},
		{name: "MARKET_SHUTDOWN_TIMEOUT without unit", env: map[string]string{"MARKET_SHUTDOWN_TIMEOUT": "20"}, varName: "MARKET_SHUTDOWN_TIMEOUT"},
		{name: "MARKET_SHUTDOWN_TIMEOUT zero", env: map[string]string{"MARKET_SHUTDOWN_TIMEOUT": "0s"}, varName: "MARKET_SHUTDOWN_TIMEOUT"},
		{name: "MARKET_SHUTDOWN_TIMEOUT negative", env: map[string]string{"MARKET_SHUTDOWN_TIMEOUT": "-5s"}, varName: "MARKET_SHUTDOWN_TIMEOUT"},
		{name: "MARKET_CLOCK_INTERVAL word", env: map[string]string{"MARKET_CLOCK_INTERVAL": "often"}, varName: "MARKET_CLOCK_INTERVAL"},
		{name: "MARKET_CLOCK_INTERVAL too short", env: map[string]string{"MARKET_CLOCK_INTERVAL": "1ms"}, varName: "MARKET_CLOCK_INTERVAL"},

		{name: "MARKET_ENV unknown", env: map[string]string{"MARKET_ENV": "staging"}, varName: "MARKET_ENV"},
		{name: "MARKET_ENV capitalised", env: map[string]string{"MARKET_ENV": "Production"}, varName: "MARKET_ENV"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := loadConfig(fakeEnv(c.env))
			if c.varName == "" {
				if err != nil || cfg == nil {
					t.Fatalf("loadConfig(%v) = %v, want no error", c.env, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("loadConfig(%v) = %+v, want an error naming %s", c.env, cfg, c.varName)
			}
			if cfg != nil {
				t.Errorf("loadConfig returned a config with its error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, c.varName+": ") {
				t.Errorf("error %q does not start with the variable %s", msg, c.varName)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q spans lines", msg)
			}
			if uri := c.env["MONGODB_URI"]; uri != "" && strings.Contains(msg, uri) {
				t.Errorf("error %q quotes the connection string", msg)
			}
			if c.secret != "" && strings.Contains(msg, c.secret) {
				t.Errorf("error %q reveals the secret %q", msg, c.secret)
			}
		})
	}
}

func TestRunBadConfiguration(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		args    []string
		env     map[string]string
		varName string
	}{
		{"production without JWT_SECRET", nil, map[string]string{"MARKET_ENV": "production"}, "JWT_SECRET"},
		{"bad MONGODB_URI for seed", []string{"seed"}, map[string]string{"MONGODB_URI": "mongodb://user:s3cret@/x?bad"}, "MONGODB_URI"},
		{"bad LOG_LEVEL for admin", []string{"admin", "create-operator", "--email", "a@example.com"}, map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"bad MARKET_ADDR for serve", []string{"serve"}, map[string]string{"MARKET_ADDR": "nowhere"}, "MARKET_ADDR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dataDir := filepath.Join(t.TempDir(), "data")
			env := map[string]string{"DATA_DIR": dataDir}
			for k, v := range c.env {
				env[k] = v
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, fakeEnv(env), strings.NewReader(""), &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit code %d, want 2", code)
			}
			checkOneLine(t, stderr.String(), c.varName)
			if strings.Contains(stderr.String(), "s3cret") {
				t.Errorf("stderr reveals the password: %q", stderr.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			if _, err := os.Stat(dataDir); err == nil {
				t.Errorf("DATA_DIR was created despite the bad configuration")
			}
		})
	}
}

// checkOneLine fails unless stderr is exactly one line naming name.
func checkOneLine(t *testing.T, stderr, name string) {
	t.Helper()
	if !strings.HasSuffix(stderr, "\n") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr %q, want exactly one line", stderr)
	}
	if !strings.Contains(stderr, name) {
		t.Errorf("stderr %q does not name %s", stderr, name)
	}
}

func TestRunUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string // a fragment stderr must hold
		stdout string // a fragment stdout must hold
	}{
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`, ""},
		{"help", []string{"help"}, 0, "", "usage: market"},
		{"--help", []string{"--help"}, 0, "", "usage: market"},
		{"admin without subcommand", []string{"admin"}, 2, "usage: market admin create-operator", ""},
		{"admin unknown subcommand", []string{"admin", "delete-everything"}, 2, "usage: market admin create-operator", ""},
		{"create-operator without --email", []string{"admin", "create-operator"}, 2, "usage: market admin create-operator", ""},
		{"create-operator with an unknown flag", []string{"admin", "create-operator", "--email", "a@example.com", "--root"}, 2, "usage:", ""},
		{"create-operator with an extra argument", []string{"admin", "create-operator", "--email", "a@example.com", "extra"}, 2, "usage:", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dataDir := filepath.Join(t.TempDir(), "data")
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, fakeEnv(map[string]string{"DATA_DIR": dataDir}), strings.NewReader(""), &stdout, &stderr)
			if code != c.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, c.code, stderr.String())
			}
			if c.stderr != "" && !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("stderr %q, want it to hold %q", stderr.String(), c.stderr)
			}
			if c.stderr == "" && stderr.Len() != 0 {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
			if c.stdout != "" && !strings.Contains(stdout.String(), c.stdout) {
				t.Errorf("stdout %q, want it to hold %q", stdout.String(), c.stdout)
			}
			if _, err := os.Stat(dataDir); err == nil {
				t.Errorf("a usage error touched DATA_DIR")
			}
		})
	}
}

// TestBinaryBadConfiguration checks the real process: exit status 2 and one
// line on stderr naming the variable, before anything starts.
func TestBinaryBadConfiguration(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	r := runBinary(t, dataDir, nil, []string{"MARKET_ENV=production"}, "serve")
	if r.code != 2 {
		t.Errorf("exit code %d, want 2; stderr %q", r.code, r.stderr)
	}
	checkOneLine(t, r.stderr, "JWT_SECRET")
	if r.stdout != "" {
		t.Errorf("stdout %q, want nothing", r.stdout)
	}
	if _, err := os.Stat(dataDir); err == nil {
		t.Errorf("DATA_DIR was created despite the bad configuration")
	}
}
