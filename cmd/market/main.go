// Command market is the opportunity-list marketplace: one binary that serves
// the API and the web frontend, and runs the operator's commands.
//
//	market [serve]                        serve HTTP (the default)
//	market seed                           fill an empty store with demo data
//	market generate [--listings N]        fill an empty store with scale S, for benchmarks
//	market reindex                        rebuild the search indexes from the database
//	market admin create-operator --email  create an operator account
//	market healthcheck                    exit 0 when the local server is ready
//	market verify-audit                   check the audit trail's hash chains
//	market export-ocds [-o FILE]          write the OCDS releases as a release package
//
// Configuration comes from environment variables; see README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"market/app/scale"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usage is printed for an unknown command.
const usage = `usage: market [command]

commands:
  serve                               serve the API and the web frontend (default)
  seed                                fill an empty store with demo data
  generate [--listings N] [--seed N] [--shards N] [--operator EMAIL]
                                      fill an empty embedded store with scale S (100,000 listings
                                      over ten years) for benchmarks; every account's password is
                                      ` + scale.Password + `
  reindex                             rebuild the search indexes from the database
  admin create-operator --email ADDR  create an operator (password from stdin, or generated)
  healthcheck                         exit 0 when the server on MARKET_ADDR is ready
  verify-audit                        recompute the audit trail's hash chains; exit 1 at a broken link
  export-ocds [-o FILE] [-since T]    write the OCDS release package (open data) to FILE or stdout
`

// run runs one command and returns the process exit code: 0 for success,
// 1 for a failure, 2 for bad usage or configuration.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve", "seed", "generate", "reindex", "admin", "healthcheck", "verify-audit", "export-ocds":
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "market: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "market: configuration:", err)
		return 2
	}
	switch cmd {
	case "serve":
		err = serve(ctx, cfg, stderr)
	case "seed":
		err = seed(ctx, cfg, stdout, stderr)
	case "generate":
		err = generate(ctx, cfg, args, stdin, stdout, stderr)
	case "reindex":
		err = reindex(ctx, cfg, stdout, stderr)
	case "admin":
		err = admin(ctx, cfg, args, stdin, stdout, stderr)
	case "healthcheck":
		err = healthcheck(ctx, cfg)
	case "verify-audit":
		err = verifyAudit(ctx, cfg, args, stdout, stderr)
	case "export-ocds":
		err = exportOCDS(ctx, cfg, args, stdout, stderr)
	}
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "market:", err)
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "market:", err)
		return 1
	}
	return 0
}

// usageError is a mistake in a command's arguments.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }
