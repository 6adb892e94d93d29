package main

// The scale benchmark's HTTP client: one per server under measurement,
// cheap enough not to be what is measured. Connections are kept alive and
// reused, request bodies are encoded once before the timer starts, and each
// client goroutine reads answers into a buffer of its own. Every answer the
// harness did not expect (a status other than the one it asked for, or no
// answer at all) is counted, whether it came while preparing or measuring.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// scaleRequestLimit bounds one request: a request that takes longer has
// timed out, which the benchmark counts and fails on.
const scaleRequestLimit = 60 * time.Second

// scaleTarget is one running server and the harness's client of it.
type scaleTarget struct {
	name  string // "near-empty" or "S", as the report names the store
	srv   *server
	http  *http.Client
	tally *scaleTally
}

// newScaleTarget returns a client of srv that keeps up to 128 connections
// open, so that the burst's 32 clients never dial during the measurement.
func newScaleTarget(name string, srv *server, tally *scaleTally) *scaleTarget {
	tr := &http.Transport{Proxy: nil, MaxIdleConns: 128, MaxIdleConnsPerHost: 128,
		IdleConnTimeout: 10 * time.Minute, DisableCompression: true}
	return &scaleTarget{name: name, srv: srv, http: &http.Client{Transport: tr, Timeout: scaleRequestLimit}, tally: tally}
}

// scaleReq is one request of the harness.
type scaleReq struct {
	what   string // what it is, for the tally of unexpected answers
	method string
	path   string // under the server's URL, with the query
	token  string // access token; empty for an anonymous request
	body   []byte // JSON; nil for none
	key    string // Idempotency-Key; empty for none
	want   int    // the status the harness expects
	// less names a Server-Timing metric of the answer whose duration is
	// not counted in the request's latency (sign-in: argon2).
	less string
}

// jsonBody encodes a request body. The harness's bodies are maps and
// slices of strings, numbers and times, which always encode.
func jsonBody(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encoding a request body: %v", err))
	}
	return b
}

// send sends r and reads the answer into buf (reset first). It returns the
// status (0 for no answer), the time from sending the request until the
// last byte of the answer was read less the duration of r.less, and that
// duration. An unexpected answer is tallied.
func (s *scaleTarget) send(r scaleReq, buf *bytes.Buffer) (status int, elapsed, excluded time.Duration) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequest(r.method, s.srv.url+r.path, body)
	if err != nil {
		s.tally.add(s.name, r, 0, []byte(err.Error()))
		return 0, 0, 0
	}
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.key != "" {
		req.Header.Set("Idempotency-Key", r.key)
	}
	buf.Reset()
	start := time.Now()
	resp, err := s.http.Do(req)
	if err == nil {
		_, err = buf.ReadFrom(resp.Body)
		resp.Body.Close()
	}
	elapsed = time.Since(start)
	switch {
	case err != nil:
		s.tally.add(s.name, r, 0, []byte(err.Error()))
		return 0, elapsed, 0
	case resp.StatusCode != r.want:
		s.tally.add(s.name, r, resp.StatusCode, buf.Bytes())
	case r.less != "":
		if excluded, err = serverTiming(resp.Header.Get("Server-Timing"), r.less); err != nil {
			s.tally.add(s.name, r, resp.StatusCode, []byte(err.Error()))
		}
	}
	return resp.StatusCode, elapsed - excluded, excluded
}

// serverTiming returns the duration of metric in a Server-Timing header
// value ("argon2;dur=12.5, db;dur=3").
func serverTiming(header, metric string) (time.Duration, error) {
	for _, m := range strings.Split(header, ",") {
		params := strings.Split(strings.TrimSpace(m), ";")
		if params[0] != metric {
			continue
		}
		for _, p := range params[1:] {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "dur="); ok {
				d, err := strconv.ParseFloat(v, 64)
				if err != nil || d < 0 {
					return 0, fmt.Errorf("Server-Timing %q: a bad duration of %s", header, metric)
				}
				return time.Duration(d * float64(time.Millisecond)), nil
			}
		}
	}
	return 0, fmt.Errorf("Server-Timing %q: no duration of %s", header, metric)
}

// call sends r while preparing (untimed) and decodes the JSON answer into
// out, unless out is nil. An unexpected status is an error (and tallied).
func (s *scaleTarget) call(r scaleReq, out any) error {
	var buf bytes.Buffer
	status, _, _ := s.send(r, &buf)
	if status != r.want {
		return fmt.Errorf("%s: %s %s on the %s store: status %d, want %d: %.300s", r.what, r.method, r.path, s.name, status, r.want, buf.Bytes())
	}
	if out != nil {
		if err := json.Unmarshal(buf.Bytes(), out); err != nil {
			return fmt.Errorf("%s: decoding the answer to %s %s: %w", r.what, r.method, r.path, err)
		}
	}
	return nil
}

// scaleTally counts the answers the harness did not expect, by store,
// request and status, and keeps the first few in full.
type scaleTally struct {
	mu      sync.Mutex
	counts  map[string]int
	samples []string
}

// maxTallySamples is how many unexpected answers are kept for the report.
const maxTallySamples = 20

func newScaleTally() *scaleTally { return &scaleTally{counts: map[string]int{}} }

// add records one unexpected answer (status 0: none, body the error).
func (t *scaleTally) add(store string, r scaleReq, status int, body []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[fmt.Sprintf("%s store: %s (%s): %d, expected %d", store, r.what, r.method, status, r.want)]++
	if len(t.samples) < maxTallySamples {
		t.samples = append(t.samples, fmt.Sprintf("%s store: %s %s: %d: %.300s", store, r.method, r.path, status,
			strings.Join(strings.Fields(string(body)), " ")))
	}
}

// total is the number of unexpected answers so far.
func (t *scaleTally) total() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, c := range t.counts {
		n += c
	}
	return n
}

// lines describes the unexpected answers: counts by kind, then samples.
func (t *scaleTally) lines() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for k, c := range t.counts {
		out = append(out, fmt.Sprintf("%d × %s", c, k))
	}
	sort.Strings(out)
	for _, s := range t.samples {
		out = append(out, "e.g. "+s)
	}
	return out
}

// durations are latencies of one kind of request.
type durations []time.Duration

// quantile returns the q-quantile (nearest rank), or 0 for no durations.
func (d durations) quantile(q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// ms formats a duration in milliseconds, with more digits when small.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f ms", v)
	case v < 100:
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}
