package meili

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorded is one request the fake received.
type recorded struct {
	Method, Path, Query string
	Op                  string // "METHOD /template" of the matched operation
	Body                map[string]any
	Raw                 string
}

// fakeMeili is an httptest server that checks every request against
// Meilisearch's OpenAPI document, answers with bodies that its response
// schemas accept, and records what it got. It keeps just enough state to
// play the task life cycle: indexes exist once created, and a task is
// "processing" when first polled and then "succeeded" (or "failed" for the
// task kinds in fail).
type fakeMeili struct {
	t      *testing.T
	api    *openAPI
	apiKey string
	srv    *httptest.Server

	mu       sync.Mutex
	requests []recorded
	indexes  map[string]bool
	settings map[string]map[string]any // index → the settings its tasks applied
	tasks    map[int64]map[string]any
	polled   map[int64]bool
	nextUID  int64
	fail     map[string]bool // task type → fail it
	delay    time.Duration   // added to GET /health and /version, for deadline tests
	onSearch func(body map[string]any) map[string]any
}

// newFakeMeili starts the fake; it stops at the end of the test.
func newFakeMeili(t *testing.T, apiKey string) *fakeMeili {
	f := &fakeMeili{t: t, api: loadOpenAPI(t), apiKey: apiKey, indexes: map[string]bool{}, settings: map[string]map[string]any{},
		tasks: map[int64]map[string]any{}, polled: map[int64]bool{}, fail: map[string]bool{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// fakeTime is the time every fake task carries.
const fakeTime = "2026-03-01T09:00:00.000000Z"

func (f *fakeMeili) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	op, problems := f.api.checkRequest(r, raw, f.apiKey)
	if enc := r.Header.Get("Accept-Encoding"); enc != "" {
		problems = append(problems, "Accept-Encoding "+enc+": compressed responses stall for tens of milliseconds (see newTransport)")
	}
	for _, p := range problems {
		f.t.Errorf("request breaks the Meilisearch OpenAPI document: %s", p)
	}
	rec := recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Raw: string(raw)}
	if len(raw) > 0 {
		var body any
		_ = json.Unmarshal(raw, &body)
		rec.Body, _ = body.(map[string]any)
	}
	if op != nil {
		rec.Op = op.method + " " + op.path
	}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	delay := f.delay
	f.mu.Unlock()
	if op == nil || len(problems) > 0 {
		f.reply(w, nil, http.StatusBadRequest, apiError("bad_request", "request does not match the document"))
		return
	}
	if delay > 0 && (rec.Op == "GET /health" || rec.Op == "GET /version") {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	status, body := f.route(op, r, rec)
	f.reply(w, op, status, body)
}

// route plays the server's part for each operation the engine uses.
func (f *fakeMeili) route(op *apiOp, r *http.Request, rec recorded) (int, any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	segs := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	switch rec.Op {
	case "GET /health":
		return 200, map[string]any{"status": "available"}
	case "GET /version":
		return 200, map[string]any{"commitSha": "0000000", "commitDate": fakeTime, "pkgVersion": "1.15.2"}
	case "GET /indexes/{indexUid}/settings":
		if !f.indexes[segs[1]] {
			return 404, apiError("index_not_found", fmt.Sprintf("Index `%s` not found.", segs[1]))
		}
		return 200, copyMap(f.settings[segs[1]])
	case "GET /indexes/{indexUid}":
		if !f.indexes[segs[1]] {
			return 404, apiError("index_not_found", fmt.Sprintf("Index `%s` not found.", segs[1]))
		}
		return 200, map[string]any{"uid": segs[1], "primaryKey": "id", "createdAt": fakeTime, "updatedAt": fakeTime}
	case "POST /indexes":
		uid, _ := rec.Body["uid"].(string)
		return f.enqueue(uid, "indexCreation", nil)
	case "PATCH /indexes/{indexUid}/settings":
		return f.enqueue(segs[1], "settingsUpdate", rec.Body)
	case "POST /indexes/{indexUid}/documents":
		return f.enqueue(segs[1], "documentAdditionOrUpdate", nil)
	case "POST /indexes/{indexUid}/documents/delete":
		return f.enqueue(segs[1], "documentDeletion", nil)
	case "DELETE /indexes/{indexUid}/documents":
		return f.enqueue(segs[1], "documentDeletion", nil)
	case "DELETE /indexes/{indexUid}":
		return f.enqueue(segs[1], "indexDeletion", nil)
	case "GET /tasks/{taskUid}":
		var uid int64
		_, _ = fmt.Sscan(segs[1], &uid)
		task, ok := f.tasks[uid]
		if !ok {
			return 404, apiError("task_not_found", "Task not found.")
		}
		if !f.polled[uid] {
			f.polled[uid] = true
			view := copyMap(task)
			view["status"], view["error"], view["finishedAt"], view["duration"] = "processing", nil, nil, nil
			delete(view, "finishedAt")
			return 200, view
		}
		return 200, task
	case "POST /indexes/{indexUid}/search":
		if f.onSearch == nil {
			return 200, searchBody(nil, 0, rec.Body)
		}
		return 200, f.onSearch(rec.Body)
	}
	f.t.Errorf("fake Meilisearch does not implement %s", rec.Op)
	return 501, apiError("internal", "not implemented by the fake")
}

// enqueue records a task (already finished, as seen by its next polls) and
// returns its summary, with the status code the server uses: 202. Only a
// settings task carries details: the document's DetailsView must also be a
// (closed) Settings object, which the server's details for other kinds of
// task are not, so they are left null here.
func (f *fakeMeili) enqueue(index, kind string, details map[string]any) (int, any) {
	if kind != "settingsUpdate" {
		details = nil
	}
	uid := f.nextUID
	f.nextUID++
	task := map[string]any{
		"uid": uid, "batchUid": uid, "indexUid": index, "status": "succeeded", "type": kind,
		"canceledBy": nil, "details": details, "error": nil, "duration": "PT0.001S",
		"enqueuedAt": fakeTime, "startedAt": fakeTime, "finishedAt": fakeTime,
	}
	switch {
	case f.fail[kind]:
		task["status"] = "failed"
		task["error"] = apiError("invalid_document_fields", "the fake was told to fail "+kind+" tasks")
	case kind == "indexCreation":
		f.indexes[index] = true
	case kind == "indexDeletion":
		delete(f.indexes, index)
		delete(f.settings, index)
	case kind == "settingsUpdate":
		if f.settings[index] == nil {
			f.settings[index] = map[string]any{}
		}
		for k, v := range details {
			f.settings[index][k] = v
		}
	}
	f.tasks[uid] = task
	return 202, map[string]any{"taskUid": uid, "indexUid": index, "status": "enqueued", "type": kind, "enqueuedAt": fakeTime}
}

// reply writes a JSON body after checking it against the operation's
// documented response schema, so that the engine decodes what the server
// would send.
func (f *fakeMeili) reply(w http.ResponseWriter, op *apiOp, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		f.t.Errorf("fake: marshal reply: %v", err)
	}
	if op != nil {
		if err := f.api.checkResponse(op, status, b); err != nil {
			f.t.Errorf("fake reply breaks the document: %v", err)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// apiError is a Meilisearch error body.
func apiError(code, message string) map[string]any {
	return map[string]any{"message": message, "code": code, "type": "invalid_request",
		"link": "https://docs.meilisearch.com/errors#" + code}
}

// searchBody is a page-mode search response with the given hits.
func searchBody(hits []map[string]any, total int, req map[string]any) map[string]any {
	if hits == nil {
		hits = []map[string]any{}
	}
	page, _ := req["page"].(float64)
	per, _ := req["hitsPerPage"].(float64)
	q, _ := req["q"].(string)
	pages := 0
	if per > 0 {
		pages = (total + int(per) - 1) / int(per)
	}
	return map[string]any{"hits": hits, "query": q, "processingTimeMs": 1, "hitsPerPage": int(per),
		"page": int(page), "totalPages": pages, "totalHits": total}
}

// copyMap returns a shallow copy.
func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// with changes the fake's behaviour under its lock.
func (f *fakeMeili) with(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
}

// ops returns the operations received so far, in order.
func (f *fakeMeili) ops() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.requests))
	for _, r := range f.requests {
		out = append(out, r.Op)
	}
	return out
}

// history returns the requests received so far, in order.
func (f *fakeMeili) history() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// last returns the most recent request for an operation.
// count returns how many requests the fake got for op.
func (f *fakeMeili) count(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.Op == op {
			n++
		}
	}
	return n
}

func (f *fakeMeili) last(op string) (recorded, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.requests) - 1; i >= 0; i-- {
		if f.requests[i].Op == op {
			return f.requests[i], true
		}
	}
	return recorded{}, false
}
