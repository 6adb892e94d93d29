package api_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"market/app/api"
)

// oasSchemaFile is the OpenAPI 3.1 schema published by the OpenAPI
// Initiative, as shipped by a package (see testdata/README.md).
const oasSchemaFile = "testdata/openapi-3.1-schema.json"

// docURL is where the served document is added as a resource, so that its
// component schemas can be compiled by JSON pointer with their refs resolved.
const docURL = "mem://market/openapi.json"

// fetchOpenAPI fetches the served OpenAPI document and decodes it with
// jsonschema's decoder, which keeps numbers exact.
func fetchOpenAPI(t *testing.T, e *env) map[string]any {
	t.Helper()
	r := e.do(http.MethodGet, "/api/openapi.json", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: status %d: %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "json") {
		t.Fatalf("GET /api/openapi.json: content type %q", ct)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("decoding the document: %v", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("the document is a %T, not an object", v)
	}
	return doc
}

// loadOASSchema compiles the OpenAPI 3.1 schema from testdata.
func loadOASSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.FromSlash(oasSchemaFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("decoding %s: %v", oasSchemaFile, err)
	}
	m, _ := v.(map[string]any)
	id, _ := m["$id"].(string)
	if !strings.HasPrefix(id, "https://spec.openapis.org/oas/3.1/schema/") {
		t.Fatalf("%s: $id %q is not an OAS 3.1 schema", oasSchemaFile, id)
	}
	if m["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Fatalf("%s: $schema %v, want JSON Schema 2020-12", oasSchemaFile, m["$schema"])
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, v); err != nil {
		t.Fatalf("adding %s: %v", id, err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("compiling %s: %v", id, err)
	}
	return sch
}

func TestOpenAPIDocumentIsValid31(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	doc := fetchOpenAPI(t, e)

	version, _ := doc["openapi"].(string)
	if !strings.HasPrefix(version, "3.1") {
		t.Fatalf("openapi %q, want 3.1.x", version)
	}

	// The whole document against the OAI's schema for OAS 3.1 documents.
	if err := loadOASSchema(t).Validate(doc); err != nil {
		t.Fatalf("the document is not a valid OpenAPI 3.1 document:\n%v", err)
	}

	// That schema checks Schema Objects only as objects or booleans (they may
	// use any dialect), so compile each one as a JSON Schema 2020-12 schema,
	// which validates it against the 2020-12 meta-schemas.
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, doc); err != nil {
		t.Fatalf("adding the document: %v", err)
	}
	compile := func(ptr string) {
		t.Helper()
		if _, err := c.Compile(docURL + "#" + ptr); err != nil {
			t.Errorf("schema at %s does not compile as JSON Schema 2020-12:\n%v", ptr, err)
		}
	}

	components, _ := doc["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)
	if len(schemas) == 0 {
		t.Fatal("the document has no components.schemas")
	}
	for _, name := range sortedKeys(schemas) {
		compile("/components/schemas/" + escapePointer(name))
	}

	// And the inline schemas of the operations: parameters, request and
	// response bodies, response headers.
	inline := 0
	walkSchemas(doc["paths"], "/paths", func(ptr string) { inline++; compile(ptr) })
	if inline == 0 {
		t.Error("found no schema under paths")
	}
}

// walkSchemas calls fn with the JSON pointer of every "schema" member under v.
// Schemas themselves are not descended into.
func walkSchemas(v any, ptr string, fn func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			p := ptr + "/" + escapePointer(k)
			if k == "schema" {
				if _, ok := v[k].(map[string]any); ok {
					fn(p)
					continue
				}
			}
			walkSchemas(v[k], p, fn)
		}
	case []any:
		for i, x := range v {
			walkSchemas(x, ptr+"/"+strconv.Itoa(i), fn)
		}
	}
}

// escapePointer escapes a JSON pointer reference token (RFC 6901).
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// docRoute reports whether a route serves the documentation itself.
func docRoute(path string) bool {
	switch path {
	case "/api/openapi.json", "/api/openapi.yaml", "/api/openapi-3.0.json", "/api/openapi-3.0.yaml", "/api/docs":
		return true
	}
	return path == "/api/schemas" || strings.HasPrefix(path, "/api/schemas/")
}

var fiberParam = regexp.MustCompile(`:([A-Za-z0-9_]+)[?]?`)

// httpMethods are the Path Item members that are operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func TestOpenAPIListsEveryRoute(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	doc := fetchOpenAPI(t, e)
	paths, _ := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("the document has no paths")
	}

	documented := map[string]bool{} // "METHOD /path"
	for p, item := range paths {
		ops, _ := item.(map[string]any)
		for _, m := range httpMethods {
			if ops[m] != nil {
				documented[strings.ToUpper(m)+" "+p] = true
			}
		}
	}

	// Fiber registers a HEAD route beside each GET; keep a HEAD only if it has no GET.
	routed := map[string]bool{}
	var heads []string
	for _, r := range e.srv.Fiber().GetRoutes(true) {
		if r.Method == "USE" || docRoute(r.Path) {
			continue
		}
		key := r.Method + " " + fiberParam.ReplaceAllString(r.Path, "{$1}")
		if r.Method == http.MethodHead {
			heads = append(heads, key)
			continue
		}
		routed[key] = true
	}
	for _, h := range heads {
		if !routed["GET"+strings.TrimPrefix(h, "HEAD")] {
			routed[h] = true
		}
	}

	for _, k := range sortedKeys(routed) {
		if !documented[k] {
			t.Errorf("route %s is served but not in the OpenAPI document", k)
		}
	}
	for _, k := range sortedKeys(documented) {
		if !routed[k] {
			t.Errorf("operation %s is in the OpenAPI document but no route serves it", k)
		}
	}

	for _, k := range []string{
		"POST /api/v1/auth/register",
		"POST /api/v1/auth/login",
		"POST /api/v1/auth/refresh",
		"POST /api/v1/auth/logout",
		"GET /api/v1/me",
		"GET /api/v1/organizations/{id}",
		"PUT /api/v1/organizations/{id}/profile",
		"GET /api/v1/admin/organizations",
		"POST /api/v1/admin/organizations/{id}/verify",
		"POST /api/v1/admin/organizations/{id}/reject",
		"GET /api/v1/vocabularies",
		"GET /healthz",
		"GET /readyz",
		"GET /metrics",
		"GET /api/v1/opportunities/{id}/matches",
		"GET /api/v1/me/recommendations",
		"POST /api/v1/me/saved-searches",
		"GET /api/v1/me/saved-searches",
		"DELETE /api/v1/me/saved-searches/{id}",
		"POST /api/v1/opportunities/{id}/follow",
		"DELETE /api/v1/opportunities/{id}/follow",
		"GET /api/v1/me/follows",
	} {
		if !documented[k] {
			t.Errorf("%s is missing from the OpenAPI document", k)
		}
		if !routed[k] {
			t.Errorf("%s is not a registered route", k)
		}
	}
}

func TestOpenAPIErrorSchemaHasCode(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	doc := fetchOpenAPI(t, e)
	components, _ := doc["components"].(map[string]any)
	schemas, _ := components["schemas"].(map[string]any)

	// Collect the schemas that the 4xx and 5xx responses refer to.
	refs := map[string][]string{} // schema name -> responses using it
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range sortedKeys(paths) {
		item, _ := paths[p].(map[string]any)
		for _, m := range httpMethods {
			op, _ := item[m].(map[string]any)
			responses, _ := op["responses"].(map[string]any)
			for status, r := range responses {
				if !strings.HasPrefix(status, "4") && !strings.HasPrefix(status, "5") && status != "default" {
					continue
				}
				resp, _ := r.(map[string]any)
				content, _ := resp["content"].(map[string]any)
				if len(content) == 0 {
					t.Errorf("%s %s: response %s has no content", strings.ToUpper(m), p, status)
				}
				for ct, mt := range content {
					schema, _ := mt.(map[string]any)["schema"].(map[string]any)
					ref, _ := schema["$ref"].(string)
					name, ok := strings.CutPrefix(ref, "#/components/schemas/")
					if !ok {
						t.Errorf("%s %s: response %s %s: schema is not a component ref: %v", strings.ToUpper(m), p, status, ct, schema)
						continue
					}
					refs[name] = append(refs[name], strings.ToUpper(m)+" "+p+" "+status)
				}
			}
		}
	}
	if len(refs) == 0 {
		t.Fatal("no error response refers to a component schema")
	}

	for _, name := range sortedKeys(refs) {
		s, _ := schemas[name].(map[string]any)
		if s == nil {
			t.Errorf("error schema %q (used by %s) is not in components.schemas", name, refs[name][0])
			continue
		}
		props, _ := s["properties"].(map[string]any)
		code, _ := props["code"].(map[string]any)
		if code == nil {
			t.Errorf("error schema %q (used by %d responses, such as %s) has no code property; its properties: %v",
				name, len(refs[name]), refs[name][0], sortedKeys(props))
			continue
		}
		if typ := code["type"]; typ != "string" {
			t.Errorf("error schema %q: code has type %v, want string", name, typ)
		}
		required, _ := s["required"].([]any)
		if !slices.Contains(required, any("code")) {
			t.Errorf("error schema %q: code is not required (required: %v)", name, required)
		}
		for _, p := range []string{"type", "title", "status"} {
			if props[p] == nil {
				t.Errorf("error schema %q has no %s property", name, p)
			}
		}
	}

	r := e.do(http.MethodGet, "/api/docs", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("GET /api/docs: status %d: %s", r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("GET /api/docs: content type %q, want text/html", ct)
	}
	if !bytes.Contains(bytes.ToLower(r.Body), []byte("<html")) {
		t.Errorf("GET /api/docs: body is not an HTML page: %.200s", r.Body)
	}
	if !bytes.Contains(r.Body, []byte("/api/openapi")) {
		t.Errorf("GET /api/docs: the page does not load /api/openapi: %.200s", r.Body)
	}
}

// The first renderings of the OpenAPI documents may arrive together; run
// with -race, this fails if they race.
func TestOpenAPIDocumentsServedConcurrently(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		for _, p := range []string{"/api/openapi.json", "/api/openapi.yaml", "/api/openapi-3.0.json", "/api/openapi-3.0.yaml"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if r := e.do("GET", p, nil); r.Status != 200 || len(r.Body) < 1000 {
					t.Errorf("%s: %d, %d bytes", p, r.Status, len(r.Body))
				}
			}()
		}
	}
	wg.Wait()
}
