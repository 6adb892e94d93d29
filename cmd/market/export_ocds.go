package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"market/app"
)

// exportOCDSUsage is the command's usage line.
const exportOCDSUsage = "usage: market export-ocds [-o FILE] [-since RFC3339] [-base-url URL]"

// exportOCDSOptions are the command's flags.
type exportOCDSOptions struct {
	out     string
	since   time.Time
	baseURL string
}

// parseExportOCDS reads the command's flags; the default base URL is
// PUBLIC_URL.
func parseExportOCDS(cfg *config, args []string) (*exportOCDSOptions, error) {
	fs := flag.NewFlagSet("export-ocds", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	out := fs.String("o", "", "write the release package to this file, atomically (default: standard output)")
	since := fs.String("since", "", "only releases dated at or after this RFC 3339 time")
	base := fs.String("base-url", "", "the marketplace's public base URL, for the package uri (default: PUBLIC_URL)")
	if err := fs.Parse(args); err != nil {
		return nil, &usageError{fmt.Sprintf("export-ocds: %v\n%s", err, exportOCDSUsage)}
	}
	if fs.NArg() > 0 {
		return nil, &usageError{fmt.Sprintf("export-ocds: unexpected argument %q\n%s", fs.Arg(0), exportOCDSUsage)}
	}
	o := &exportOCDSOptions{out: *out, baseURL: strings.TrimRight(*base, "/")}
	if *since != "" {
		t, err := time.Parse(time.RFC3339Nano, *since)
		if err != nil {
			return nil, &usageError{fmt.Sprintf("export-ocds: -since %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", *since)}
		}
		o.since = t
	}
	if o.baseURL == "" {
		o.baseURL = cfg.PublicURL
	}
	if u, err := url.Parse(o.baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &usageError{fmt.Sprintf("export-ocds: -base-url %q is not an http(s) URL", o.baseURL)}
	}
	return o, nil
}

// exportOCDS writes the OCDS releases (all, or those since -since) as one
// release package: the same releases GET /api/v1/ocds/releases serves, page
// after page. With -o the file is replaced atomically (a temporary file in
// the same directory, then a rename); otherwise it goes to stdout.
func exportOCDS(ctx context.Context, cfg *config, args []string, stdout, logs io.Writer) error {
	opts, err := parseExportOCDS(cfg, args)
	if err != nil {
		return err
	}
	sys, err := open(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer sys.close(context.Background())
	releases := []app.OCDSRelease{}
	for page := 1; ; page++ {
		p, err := sys.app.OCDSReleases(ctx, app.OCDSQuery{Since: opts.since, Page: page, PageSize: app.OCDSMaxPageSize, BaseURL: opts.baseURL})
		if err != nil {
			return fmt.Errorf("reading releases (page %d): %w", page, err)
		}
		releases = append(releases, p.Releases...)
		if !p.More {
			break
		}
	}
	uri := opts.baseURL + "/api/v1/ocds/releases"
	if !opts.since.IsZero() {
		uri += "?" + url.Values{"since": {opts.since.UTC().Format(time.RFC3339Nano)}}.Encode()
	}
	data, err := json.MarshalIndent(sys.app.NewOCDSPackage(uri, releases), "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the release package: %w", err)
	}
	data = append(data, '\n')
	if opts.out == "" {
		if _, err := stdout.Write(data); err != nil {
			return fmt.Errorf("writing the release package: %w", err)
		}
		return nil
	}
	if err := writeFileAtomic(opts.out, data); err != nil {
		return err
	}
	fmt.Fprintf(logs, "market: wrote %d releases to %s\n", len(releases), opts.out)
	return nil
}

// writeFileAtomic replaces path with data: readers see the old file or the
// new one, never a part.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("creating a temporary file in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", f.Name(), err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("setting the mode of %s: %w", f.Name(), err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", f.Name(), err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", f.Name(), err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	return nil
}
