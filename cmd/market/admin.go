package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// admin runs the operator's account commands.
func admin(ctx context.Context, cfg *config, args []string, stdin io.Reader, stdout, logs io.Writer) error {
	if len(args) == 0 || args[0] != "create-operator" {
		return &usageError{"usage: market admin create-operator --email ADDR [--name NAME]"}
	}
	fs := flag.NewFlagSet("create-operator", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "the operator's email address")
	name := fs.String("name", "Operator", "the operator's display name")
	if err := fs.Parse(args[1:]); err != nil || *email == "" || fs.NArg() > 0 {
		return &usageError{"usage: market admin create-operator --email ADDR [--name NAME]"}
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	sys, err := open(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer sys.close(context.Background())
	u, generated, err := sys.app.CreateOperator(ctx, *email, password, *name)
	if err != nil {
		return fmt.Errorf("creating operator: %w", err)
	}
	fmt.Fprintf(stdout, "created operator %s (id %s)\n", u.Email, u.ID)
	if password == "" {
		fmt.Fprintf(stdout, "password (shown once): %s\n", generated)
	}
	return nil
}

// readPassword reads one line from stdin when it is a pipe or a file;
// from a terminal, or with nothing to read, it returns "" (generate one).
func readPassword(stdin io.Reader) (string, error) {
	if f, ok := stdin.(*os.File); ok {
		st, err := f.Stat()
		if err != nil || st.Mode()&os.ModeCharDevice != 0 {
			return "", nil
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
