package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"market/app"
)

// The OCDS schemas vendored for the API's tests (see app/api/testdata/ocds).
const (
	exportOCDSDir     = "../../app/api/testdata/ocds"
	exportReleaseURL  = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
	exportPackageURL  = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
	exportBidPatch    = "bid_extension/release-schema.json"
	exportReleaseFile = "release-schema.json"
	exportPackageFile = "release-package-schema.json"
)

// exportSchema compiles the release package schema with the bid extension
// merged (JSON Merge Patch) into the release schema, from local files only.
func exportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	load := func(name string) any {
		f, err := os.Open(filepath.Join(exportOCDSDir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		v, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	var merge func(target, patch any) any
	merge = func(target, patch any) any {
		p, ok := patch.(map[string]any)
		if !ok {
			return patch
		}
		out := map[string]any{}
		if m, ok := target.(map[string]any); ok {
			for k, v := range m {
				out[k] = v
			}
		}
		for k, v := range p {
			if v == nil {
				delete(out, k)
			} else {
				out[k] = merge(out[k], v)
			}
		}
		return out
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(exportReleaseURL, merge(load(exportReleaseFile), load(exportBidPatch))); err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(exportPackageURL, load(exportPackageFile)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(exportPackageURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestExportOCDS: `market export-ocds -o FILE` on a seeded store writes a
// release package that validates against OCDS 1.1 with the bid extension,
// with the seeded market's public history (tenders with their bids sealed,
// amendments, closings, awards, completions, cancellations) and no draft; without
// -o it writes the same to stdout; bad flags are usage errors.
func TestExportOCDS(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	if r := runBinary(t, dataDir, nil, nil, "seed"); r.code != 0 {
		t.Fatalf("seed: exit %d; stderr:\n%s", r.code, r.stderr)
	}
	outDir := t.TempDir()
	out := filepath.Join(outDir, "releases.json")
	if err := os.WriteFile(out, []byte("old content"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, dataDir, nil, nil, "export-ocds", "-o", out, "-base-url", "https://market.example")
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("export-ocds -o: exit %d, stdout %q; stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	if err := exportSchema(t).Validate(v); err != nil {
		t.Fatalf("the export does not validate:\n%v\n%s", err, data)
	}
	var pkg struct {
		URI      string
		Releases []struct {
			OCID   string
			Tag    []string
			Tender struct{ Title, Status string }
			Bids   *json.RawMessage
		}
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.URI != "https://market.example/api/v1/ocds/releases" || len(pkg.Releases) < 50 {
		t.Fatalf("uri %q, %d releases; want the seeded market's public history", pkg.URI, len(pkg.Releases))
	}
	tags := map[string]int{}
	for _, rel := range pkg.Releases {
		if !strings.HasPrefix(rel.OCID, app.OCIDPrefix) || len(rel.Tag) != 1 || strings.Contains(rel.Tender.Title, "草稿") {
			t.Errorf("release %+v", rel)
		}
		tags[rel.Tag[0]]++
		// Before the deadline the bids stay sealed.
		if (rel.Tag[0] == "tender" || rel.Tag[0] == "tenderAmendment") && (rel.Tender.Status != "active" || rel.Bids != nil) {
			t.Errorf("release %+v", rel)
		}
	}
	for _, tag := range []string{"tender", "tenderAmendment", "tenderUpdate", "award", "contractTermination", "tenderCancellation"} {
		if tags[tag] == 0 {
			t.Errorf("no %s release among %v", tag, tags)
		}
	}
	entries, err := os.ReadDir(outDir)
	if err != nil || len(entries) != 1 {
		t.Errorf("the output directory holds %v (%v); want only the export, no temporary file", entries, err)
	}

	// To stdout, the same releases.
	r = runBinary(t, dataDir, nil, nil, "export-ocds", "-base-url", "https://market.example")
	if r.code != 0 {
		t.Fatalf("export-ocds: exit %d; stderr:\n%s", r.code, r.stderr)
	}
	var again struct{ Releases []json.RawMessage }
	if err := json.Unmarshal([]byte(r.stdout), &again); err != nil || len(again.Releases) != len(pkg.Releases) {
		t.Fatalf("export to stdout: %v, %d releases", err, len(again.Releases))
	}
	// -since after everything: no releases.
	r = runBinary(t, dataDir, nil, nil, "export-ocds", "-since", "2999-01-01T00:00:00Z")
	if err := json.Unmarshal([]byte(r.stdout), &again); r.code != 0 || err != nil || len(again.Releases) != 0 {
		t.Fatalf("export-ocds -since 2999: exit %d, %v, %d releases", r.code, err, len(again.Releases))
	}
	for _, args := range [][]string{{"-since", "yesterday"}, {"extra"}, {"-base-url", "ftp://x"}, {"-nope"}} {
		if r := runBinary(t, dataDir, nil, nil, append([]string{"export-ocds"}, args...)...); r.code != 2 {
			t.Errorf("export-ocds %v: exit %d, want 2; stderr:\n%s", args, r.code, r.stderr)
		}
	}
}
