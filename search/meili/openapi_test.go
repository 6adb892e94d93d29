package meili

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// openAPIPath is Meilisearch v1.15.2's own OpenAPI document, in the shared
// folder beside the repository (../shared from the repository root; tests
// run in search/meili/).
const openAPIPath = "../../../shared/meilisearch/open-api.json"

// openAPIURL is the URL the document is registered under for $ref resolution.
const openAPIURL = "file:///meilisearch/open-api.json"

// apiOp is one operation of the document.
type apiOp struct {
	method, path string
	re           *regexp.Regexp
	literals     int
	op           map[string]any
	pointer      string
}

// openAPI checks requests and responses against the document.
type openAPI struct {
	compiler *jsonschema.Compiler
	ops      []apiOp
}

// loadOpenAPI reads the document, applies the errata below and compiles it.
// A missing document fails the test: these checks must never silently vanish.
func loadOpenAPI(t testing.TB) *openAPI {
	t.Helper()
	abs, _ := filepath.Abs(openAPIPath)
	f, err := os.Open(openAPIPath)
	if err != nil {
		t.Fatalf("Meilisearch OpenAPI document missing: %s (%s): the shared folder must sit beside the repository: %v", openAPIPath, abs, err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("parse %s: %v", abs, err)
	}
	doc, _ := v.(map[string]any)
	applyErrata(t, doc)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(openAPIURL, doc); err != nil {
		t.Fatalf("add %s: %v", abs, err)
	}
	a := &openAPI{compiler: c}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			o, ok := op.(map[string]any)
			if !ok {
				continue
			}
			re := pathPattern(path)
			a.ops = append(a.ops, apiOp{
				method: strings.ToUpper(method), path: path, re: re, op: o,
				literals: strings.Count(path, "/") - strings.Count(path, "{"),
				pointer:  "#/paths/" + pointerToken(path) + "/" + method,
			})
		}
	}
	if len(a.ops) < 50 {
		t.Fatalf("%s: only %d operations: not the Meilisearch document?", abs, len(a.ops))
	}
	return a
}

// applyErrata corrects the places where the v1.15.2 document disagrees with
// the server it describes (and with every client, meilisearch-go included).
// Each correction is as narrow as possible and asserts the error it fixes is
// still there, so that a corrected document makes the test say so.
func applyErrata(t testing.TB, doc map[string]any) {
	t.Helper()
	schemas := dig(doc, "components", "schemas").(map[string]any)
	// 1. SearchQuery lists its properties in snake_case and marks defaulted
	// ones required; the server reads camelCase (deserr rename_all =
	// camelCase), defaults every field and rejects unknown ones
	// (deny_unknown_fields). Rename, drop "required", forbid extras.
	sq := schemas["SearchQuery"].(map[string]any)
	props := sq["properties"].(map[string]any)
	if _, ok := props["highlight_pre_tag"]; !ok {
		t.Fatalf("erratum 1 no longer applies: SearchQuery has no snake_case highlight_pre_tag")
	}
	camel := map[string]any{}
	for k, v := range props {
		camel[camelCase(k)] = v
	}
	sq["properties"] = camel
	delete(sq, "required")
	sq["additionalProperties"] = false
	// 2. Adding or replacing documents marks csvDelimiter, a CSV-only query
	// parameter, as required.
	for _, method := range []string{"post", "put"} {
		op := dig(doc, "paths", "/indexes/{indexUid}/documents", method).(map[string]any)
		found := false
		for _, p := range op["parameters"].([]any) {
			pm := p.(map[string]any)
			if pm["name"] == "csvDelimiter" && pm["required"] == true {
				pm["required"] = false
				found = true
			}
		}
		if !found {
			t.Fatalf("erratum 2 no longer applies to %s documents", method)
		}
	}
	// 3. Routes that enqueue a task answer 202 Accepted on the server (and
	// meilisearch-go accepts nothing else), some are documented as 200: the
	// fake answers 202 and checks the body against the documented 2xx schema.
}

// pathPattern turns a path template into a regular expression: each
// {parameter} matches one segment.
func pathPattern(path string) *regexp.Regexp {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = "[^/]+"
		} else {
			segs[i] = regexp.QuoteMeta(s)
		}
	}
	return regexp.MustCompile("^" + strings.Join(segs, "/") + "$")
}

// dig walks a decoded JSON document.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}

// camelCase turns snake_case into camelCase.
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			r := []rune(parts[i])
			r[0] = unicode.ToUpper(r[0])
			parts[i] = string(r)
		}
	}
	return strings.Join(parts, "")
}

// pointerToken escapes a JSON pointer token and percent-encodes it for a URL fragment.
func pointerToken(s string) string {
	s = strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
	return url.PathEscape(s)
}

// find returns the operation a request addresses: the matching path with the
// most literal segments.
func (a *openAPI) find(method, path string) (*apiOp, bool) {
	var best *apiOp
	for i := range a.ops {
		o := &a.ops[i]
		if o.method == method && o.re.MatchString(path) && (best == nil || o.literals > best.literals) {
			best = o
		}
	}
	return best, best != nil
}

// schema compiles the schema at a pointer into the document.
func (a *openAPI) schema(pointer string) (*jsonschema.Schema, error) {
	return a.compiler.Compile(openAPIURL + pointer)
}

// checkRequest returns every way a request departs from the document:
// unknown route, undeclared or missing query parameters, parameter values
// that break their schema, a body that breaks the requestBody schema, or a
// body where none is expected.
func (a *openAPI) checkRequest(r *http.Request, body []byte, apiKey string) (*apiOp, []string) {
	o, ok := a.find(r.Method, r.URL.Path)
	if !ok {
		return nil, []string{fmt.Sprintf("%s %s: no such operation in the document", r.Method, r.URL.Path)}
	}
	var problems []string
	bad := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s %s (%s): ", r.Method, r.URL.Path, o.path)+fmt.Sprintf(format, args...))
	}
	if apiKey != "" && r.Header.Get("Authorization") != "Bearer "+apiKey {
		bad("Authorization header %q, want the bearer key", r.Header.Get("Authorization"))
	}
	query := r.URL.Query()
	declared := map[string]bool{}
	params, _ := o.op["parameters"].([]any)
	for i, p := range params {
		pm := p.(map[string]any)
		name, in := pm["name"].(string), pm["in"].(string)
		if in != "query" {
			continue
		}
		declared[name] = true
		vals, present := query[name]
		if !present {
			if pm["required"] == true {
				bad("required query parameter %q missing", name)
			}
			continue
		}
		sch, err := a.schema(fmt.Sprintf("%s/parameters/%d/schema", o.pointer, i))
		if err != nil {
			bad("compile schema of %q: %v", name, err)
			continue
		}
		for _, v := range vals {
			if err := sch.Validate(paramValue(pm, v)); err != nil {
				bad("query parameter %s=%q: %v", name, v, err)
			}
		}
	}
	for name := range query {
		if !declared[name] {
			bad("undeclared query parameter %q", name)
		}
	}
	rb, hasBody := o.op["requestBody"].(map[string]any)
	switch {
	case !hasBody && len(body) > 0:
		bad("body sent, none expected: %s", body)
	case hasBody && len(body) == 0 && rb["required"] == true:
		bad("required body missing")
	case hasBody && len(body) > 0:
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			bad("Content-Type %q, want application/json", ct)
		}
		sch, err := a.schema(o.pointer + "/requestBody/content/application~1json/schema")
		if err != nil {
			bad("compile body schema: %v", err)
			break
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			bad("body is not JSON: %v", err)
		} else if err := sch.Validate(v); err != nil {
			bad("body %s: %v", body, err)
		}
	}
	return o, problems
}

// paramValue converts a query parameter to the JSON type its schema expects.
func paramValue(param map[string]any, v string) any {
	types := fmt.Sprint(dig(param, "schema", "type"))
	switch {
	case strings.Contains(types, "integer"):
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case strings.Contains(types, "boolean"):
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return v
}

// checkResponse validates a body the fake is about to send against the
// operation's documented 2xx (or given status) response schema.
func (a *openAPI) checkResponse(o *apiOp, status int, body []byte) error {
	responses, _ := o.op["responses"].(map[string]any)
	code := strconv.Itoa(status)
	if _, ok := responses[code]; !ok {
		codes := make([]string, 0, len(responses))
		for c := range responses {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		if status >= 300 || len(codes) == 0 || codes[0][0] != '2' {
			return fmt.Errorf("%s %s: status %d not documented (%v)", o.method, o.path, status, codes)
		}
		code = codes[0] // erratum 3: 202 documented as 200
	}
	sch, err := a.schema(o.pointer + "/responses/" + code + "/content/application~1json/schema")
	if err != nil {
		return fmt.Errorf("%s %s: compile response schema: %w", o.method, o.path, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s %s: response is not JSON: %w", o.method, o.path, err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("%s %s: response %s: %w", o.method, o.path, body, err)
	}
	return nil
}

// TestOpenAPIValidatorCatches checks that the validator rejects requests
// that depart from the document, so that a passing fake test means something.
func TestOpenAPIValidatorCatches(t *testing.T) {
	a := loadOpenAPI(t)
	for _, tc := range []struct {
		method, target, body string
		ok                   bool
	}{
		{"POST", "/indexes/x/search", `{"q":"a","page":1,"hitsPerPage":5,"matchingStrategy":"all","hybrid":null}`, true},
		{"POST", "/indexes/x/search", `{"q":"a","hits_per_page":5}`, false},         // snake_case is not what the server reads
		{"POST", "/indexes/x/search", `{"q":"a","matchingStrategy":"most"}`, false}, // not in the enum
		{"POST", "/indexes/x/search", `{"q":"a","page":-1}`, false},
		{"POST", "/indexes/x/search", ``, false},
		{"PATCH", "/indexes/x/settings", `{"typoTolerance":{"enabled":"yes"}}`, false},
		{"PATCH", "/indexes/x/settings", `{"searchableAttributes":["title"],"typoTolerance":{"enabled":true,"minWordSizeForTypos":{"oneTypo":5,"twoTypos":9}}}`, true},
		{"PATCH", "/indexes/x/settings", `{"rankingRule":["sort"]}`, false}, // a misspelt setting
		{"POST", "/indexes/x/documents?primaryKey=id", `[{"id":"a"}]`, true},
		{"POST", "/indexes/x/documents?primaryKey=id&secret=1", `[{"id":"a"}]`, false},
		{"POST", "/indexes/x/documents/delete", `{"filter":"id IN [\"a\"]"}`, true},
		{"POST", "/indexes/x/documents/delete", `{}`, false},
		{"POST", "/indexes/x/documents/delete-batch", `["a"]`, false}, // not in the document
		{"GET", "/health", ``, true},
		{"GET", "/health", `{"x":1}`, false},
		{"PUT", "/health", ``, false},
		{"GET", "/tasks/12", ``, true},
	} {
		r, _ := http.NewRequest(tc.method, "http://fake"+tc.target, strings.NewReader(tc.body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer k")
		_, problems := a.checkRequest(r, []byte(tc.body), "k")
		if tc.ok != (len(problems) == 0) {
			t.Errorf("%s %s %s: problems %v, want ok=%v", tc.method, tc.target, tc.body, problems, tc.ok)
		}
	}
}
