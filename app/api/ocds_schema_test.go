package api_test

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The OCDS 1.1.5 schemas and the bid extension, vendored from
// ../shared/ocds with their licences (see testdata/ocds/README.md).
const (
	ocdsDir           = "testdata/ocds"
	ocdsSharedDir     = "../../../shared/ocds"
	ocdsReleaseURL    = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
	ocdsPackageURL    = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
	ocdsBidPatchFile  = "bid_extension/release-schema.json"
	ocdsReleaseFile   = "release-schema.json"
	ocdsPackageFile   = "release-package-schema.json"
	ocdsStatisticFile = "bid_extension/statistic.csv"
)

// loadJSON decodes a vendored JSON file with jsonschema's decoder.
func loadJSON(t testing.TB, name string) any {
	t.Helper()
	f, err := os.Open(filepath.Join(ocdsDir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
	return v
}

// mergePatch applies a JSON Merge Patch (RFC 7386) to target, as OCDS
// applies an extension's release-schema.json to the release schema.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	out := map[string]any{}
	if t, ok := target.(map[string]any); ok {
		for k, v := range t {
			out[k] = v
		}
	}
	for k, v := range p {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = mergePatch(out[k], v)
	}
	return out
}

// ocdsPackageSchema compiles the release package schema, whose releases
// refer by URL to the release schema with the bid extension merged in.
// Both URLs are registered as local resources: nothing is fetched.
func ocdsPackageSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	release := mergePatch(loadJSON(t, ocdsReleaseFile), loadJSON(t, ocdsBidPatchFile))
	props := release.(map[string]any)["properties"].(map[string]any)
	if props["bids"] == nil {
		t.Fatal("the merged release schema has no bids property")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(ocdsReleaseURL, release); err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(ocdsPackageURL, loadJSON(t, ocdsPackageFile)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(ocdsPackageURL)
	if err != nil {
		t.Fatalf("compiling the release package schema: %v", err)
	}
	return s
}

// validatePackage validates a release package's JSON against the schema.
func validatePackage(t testing.TB, s *jsonschema.Schema, body []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the package is not JSON: %v\n%s", err, body)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("the release package does not validate against OCDS 1.1 with the bid extension:\n%v\n%s", err, body)
	}
}

// codelist reads the codes of a vendored codelist CSV.
func codelist(t testing.TB, name string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ocdsDir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "Code" {
			col = i
		}
	}
	codes := map[string]bool{}
	for _, r := range rows[1:] {
		codes[r[col]] = true
	}
	return codes
}

// The vendored schemas are the shared ones, byte for byte, when the shared
// directory sits next to the repository (as in CI).
func TestOCDSVendoredSchemasMatchShared(t *testing.T) {
	if _, err := os.Stat(ocdsSharedDir); err != nil {
		t.Logf("no %s next to the repository (%v): the vendored copies could not be compared; they are validated against anyway", ocdsSharedDir, err)
		return
	}
	compared := 0
	err := filepath.WalkDir(ocdsSharedDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(ocdsSharedDir, path)
		shared, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		vendored, err := os.ReadFile(filepath.Join(ocdsDir, rel))
		if err != nil {
			t.Errorf("%s is not vendored in %s: %v", rel, ocdsDir, err)
			return nil
		}
		if !bytes.Equal(shared, vendored) {
			t.Errorf("%s/%s differs from %s", ocdsDir, rel, path)
		}
		compared++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if compared == 0 {
		t.Fatalf("no files in %s", ocdsSharedDir)
	}
	t.Logf("compared %d files with %s", compared, ocdsSharedDir)
}

// The validator itself refuses a broken package, so that a pass means something.
func TestOCDSValidatorRejectsBadPackages(t *testing.T) {
	s := ocdsPackageSchema(t)
	good := `{"uri":"https://example.com/p","version":"1.1","publishedDate":"2026-01-01T00:00:00Z","publisher":{"name":"x"},
	"releases":[{"ocid":"ocds-x-1","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender",
	"bids":{"statistics":[{"id":"1","measure":"bids","value":1}],"details":[{"id":"b1","status":"valid"}]}}]}`
	validatePackage(t, s, []byte(good))
	for name, bad := range map[string]string{
		"bad tag":        strings.Replace(good, `"tender"]`, `"bogus"]`, 1),
		"bad bid status": strings.Replace(good, `"status":"valid"`, `"status":"sealed"`, 1),
		"no releases":    strings.Replace(good, `"releases":[`, `"releases":[],"x":[`, 1),
		"bad date":       strings.Replace(good, `"date":"2026-01-01T00:00:00Z"`, `"date":"yesterday"`, 1),
		"stat no value":  strings.Replace(good, `,"value":1`, ``, 1),
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.Validate(v) == nil {
			t.Errorf("%s: the schema accepted %s", name, bad)
		}
	}
}
