package main

// The document benchmark: 50 MiB uploads and downloads through the real
// binary, alone and eight at once, with the server's resident memory
// sampled while eight run.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	docBenchSize     = 50 << 20              // bytes per file: the default MARKET_DOCUMENT_MAX_MB, exactly
	docBenchParallel = 8                     // files sent or fetched at once
	docBenchSample   = 5 * time.Millisecond  // how often VmRSS is read during a burst
	docBenchTarget   = 64 << 10              // KiB: the most a burst of uploads may grow the server's RSS
	docBenchTimeout  = 3 * time.Minute       // one transfer
	docBenchBlock    = 1 << 20               // the pseudo-random block a file repeats
	docBenchHeader   = "%PDF-1.4\n"          // what makes the server sniff a PDF
	docBenchQuiet    = 10 * time.Millisecond // server CPU over docBenchQuietFor that counts as idle
	docBenchQuietFor = 250 * time.Millisecond
)

// docFile is the content of one file: docBenchHeader, then its block
// repeated up to docBenchSize bytes, made as it is read so that the client
// never holds a whole file.
type docFile struct {
	block []byte
	sum   string // hex SHA-256 of the whole content
}

// newDocFile makes the n-th file, each with content of its own (the server
// keeps contents by hash, so identical files would be stored once).
func newDocFile(n uint64) docFile {
	f := docFile{block: make([]byte, docBenchBlock)}
	_, _ = rand.NewChaCha8([32]byte{byte(n), byte(n >> 8), 'd', 'o', 'c'}).Read(f.block)
	h := sha256.New()
	_, _ = io.Copy(h, f.reader())
	f.sum = hex.EncodeToString(h.Sum(nil))
	return f
}

// reader streams the file's content.
func (f docFile) reader() io.Reader { return &docReader{block: f.block} }

type docReader struct {
	block []byte
	off   int64
}

func (r *docReader) Read(p []byte) (int, error) {
	if r.off >= docBenchSize {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), docBenchSize-r.off)]
	n := 0
	for n < len(p) {
		var m int
		if r.off < int64(len(docBenchHeader)) {
			m = copy(p[n:], docBenchHeader[r.off:])
		} else {
			m = copy(p[n:], r.block[(r.off-int64(len(docBenchHeader)))%docBenchBlock:])
		}
		n += m
		r.off += int64(m)
	}
	return n, nil
}

// docTransfer is one measured transfer of files.
type docTransfer struct {
	files   int
	elapsed time.Duration
}

func (t docTransfer) mbPerSec() float64 {
	return float64(t.files) * docBenchSize / 1e6 / t.elapsed.Seconds()
}

// docMemory is the server's resident memory around a burst, KiB.
type docMemory struct {
	before  int64 // VmRSS once the server was idle, just before
	peak    int64 // the most VmRSS sampled during the burst
	hwm     int64 // VmHWM after the burst: the lifetime peak
	samples int
}

func (m docMemory) growth() int64 { return m.peak - m.before }

// docBenchReport is what the benchmark measured.
type docBenchReport struct {
	upload, uploads     docTransfer
	download, downloads docTransfer
	upMem, downMem      docMemory
	took                time.Duration
}

// docBenchDone is the report of the run that measured: go test calls the
// benchmark again with a larger b.N when a run took less than -benchtime,
// and those calls report it again rather than measure again.
var docBenchDone *docBenchReport

// BenchmarkDocumentTransfer measures 50 MiB document uploads and downloads
// through the real binary on a fresh DATA_DIR: one alone, then eight at
// once (to eight drafts), each direction; it reports MB/s (10^6 bytes) and
// the server's VmRSS before and at its peak during the bursts, sampled
// every 5 ms. It fails on a wrong status, size or SHA-256, never on a time
// or on memory. The work is done once whatever the -benchtime (make bench
// gives 2 s): ns/op is its time, unless it took less than the -benchtime.
func BenchmarkDocumentTransfer(b *testing.B) {
	if docBenchDone == nil {
		docBenchDone = measureDocuments(b)
	}
	docBenchDone.reportTo(b)
}

// measureDocuments runs the benchmark once.
func measureDocuments(b *testing.B) *docBenchReport {
	marketBinary(b)
	b.ResetTimer() // ns/op is then the measuring run's time, the build left out
	start := time.Now()
	srv, _, err := startTimed(b, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	pid := srv.cmd.Process.Pid
	c := &docClient{base: srv.url, http: &http.Client{Timeout: docBenchTimeout,
		Transport: &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 2 * docBenchParallel}}}
	defer c.http.CloseIdleConnections()
	if err := c.register(); err != nil {
		b.Fatal(err)
	}
	// Draft 0 takes the warm-up upload, 1 the lone one, 2… the burst.
	const n = 2 + docBenchParallel
	drafts, files := make([]docDraft, n), make([]docFile, n)
	for i := range drafts {
		if drafts[i], err = c.draft(i); err != nil {
			b.Fatal(err)
		}
		files[i] = newDocFile(uint64(i + 1))
	}
	urls := make([]string, n)
	burstOf := func(from int, do func(i int) error) (docTransfer, error) {
		errs := make([]error, n)
		var wg sync.WaitGroup
		t0 := time.Now()
		for i := from; i < n; i++ {
			wg.Go(func() { errs[i] = do(i) })
		}
		wg.Wait()
		return docTransfer{files: n - from, elapsed: time.Since(t0)}, errors.Join(errs...)
	}
	upload := func(i int) (err error) { urls[i], err = c.upload(drafts[i], files[i]); return err }
	download := func(i int) error { return c.download(urls[i], files[i]) }
	rep := &docBenchReport{}

	if err := upload(0); err != nil {
		b.Fatal(err)
	}
	docMust(b, docIdle(pid))
	t0 := time.Now()
	docMust(b, upload(1))
	rep.upload = docTransfer{files: 1, elapsed: time.Since(t0)}
	rep.upMem, rep.uploads = docBurst(b, pid, func() (docTransfer, error) { return burstOf(2, upload) })

	docMust(b, docIdle(pid))
	t0 = time.Now()
	docMust(b, download(1))
	rep.download = docTransfer{files: 1, elapsed: time.Since(t0)}
	rep.downMem, rep.downloads = docBurst(b, pid, func() (docTransfer, error) { return burstOf(2, download) })

	srv.terminate(b)
	rep.took = time.Since(start)
	b.Log(rep.markdown()) // go test keeps 10 lines of a benchmark's log: the report fits
	return rep
}

// docMust stops the benchmark on err.
func docMust(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// docIdle waits until the server has used less than docBenchQuiet of CPU
// over docBenchQuietFor, for at most 10 s.
func docIdle(pid int) error {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		before, err := readCPU(pid)
		if err != nil {
			return err
		}
		time.Sleep(docBenchQuietFor)
		after, err := readCPU(pid)
		if err != nil {
			return err
		}
		if after-before < docBenchQuiet {
			break
		}
	}
	return nil
}

// docBurst runs burst once the server is idle, sampling its VmRSS every
// docBenchSample meanwhile.
func docBurst(b *testing.B, pid int, burst func() (docTransfer, error)) (docMemory, docTransfer) {
	b.Helper()
	docMust(b, docIdle(pid))
	before, err := readMemory(pid)
	docMust(b, err)
	mem := docMemory{before: before.rss, peak: before.rss}
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(docBenchSample)
		defer tick.Stop()
		for {
			if m, err := readMemory(pid); err == nil {
				mem.peak, mem.samples = max(mem.peak, m.rss), mem.samples+1
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	t, err := burst()
	close(stop)
	<-sampled
	docMust(b, err)
	after, err := readMemory(pid)
	docMust(b, err)
	mem.hwm = after.hwm
	return mem, t
}

// docClient talks to the server as the one user of the benchmark.
type docClient struct {
	base, token string
	http        *http.Client
}

// docDraft is a draft listing and its version.
type docDraft struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

// send sends a JSON request and decodes the answer into out, unless its status is not want.
func (c *docClient) send(method, path string, body any, want int, out any) error {
	j, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(j))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.do(req, want, out)
}

// do sends req and decodes the answer into out, unless its status is not want.
func (c *docClient) do(req *http.Request, want int, out any) error {
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", req.Method, req.URL.Path, err)
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", req.Method, req.URL.Path, resp.StatusCode, want, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: %w: %s", req.Method, req.URL.Path, err, data)
	}
	return nil
}

// register registers a government user with an unverified organisation.
func (c *docClient) register() error {
	var s sessionBody
	err := c.send(http.MethodPost, "/api/v1/auth/register", map[string]any{
		"email": "documents@bench.example", "password": scalePassword, "displayName": "Document Bench",
		"organization": map[string]any{"name": "文档基准测试局 Document Bench Bureau", "kind": "government",
			"creditCode": scaleCreditCode(1), "sme": false, "district": "xuhui"},
	}, http.StatusCreated, &s)
	c.token = s.Tokens.AccessToken
	if err == nil && (c.token == "" || s.Organization == nil) {
		err = fmt.Errorf("register: no token or no organisation in the answer")
	}
	return err
}

// draft creates the i-th draft listing.
func (c *docClient) draft(i int) (docDraft, error) {
	var d docDraft
	err := c.send(http.MethodPost, "/api/v1/opportunities",
		map[string]any{"kind": "government_need", "title": fmt.Sprintf("文档基准 Document benchmark %d", i)}, http.StatusCreated, &d)
	return d, err
}

// upload streams f to draft d and returns the document's URL, checking its size and SHA-256.
func (c *docClient) upload(d docDraft, f docFile) (string, error) {
	q := url.Values{"fileName": {"specification-" + f.sum[:8] + ".pdf"}, "documentType": {"technicalSpecifications"},
		"language": {"zh"}, "version": {fmt.Sprint(d.Version)}}
	req, err := http.NewRequest(http.MethodPost, c.base+"/api/v1/opportunities/"+d.ID+"/documents?"+q.Encode(), f.reader())
	if err != nil {
		return "", err
	}
	req.ContentLength = docBenchSize
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "Bearer "+c.token)
	var out struct {
		Document struct {
			ID, SHA256, URL string
			Size            int64
		}
	}
	if err := c.do(req, http.StatusCreated, &out); err != nil {
		return "", err
	}
	if doc := out.Document; doc.SHA256 != f.sum || doc.Size != docBenchSize || !strings.HasSuffix(doc.URL, "/"+doc.ID) {
		return "", fmt.Errorf("upload to %s: document %+v, want SHA-256 %s and %d bytes", d.ID, doc, f.sum, docBenchSize)
	}
	return out.Document.URL, nil
}

// download fetches path into io.Discard, checking the byte count and SHA-256 against f.
func (c *docClient) download(path string, f docFile) error {
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("GET %s: status %d, want 200: %s", path, resp.StatusCode, data)
	}
	h := sha256.New()
	n, err := io.Copy(io.Discard, io.TeeReader(resp.Body, h))
	if err != nil {
		return fmt.Errorf("GET %s: after %d bytes: %w", path, n, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != docBenchSize || sum != f.sum {
		return fmt.Errorf("GET %s: %d bytes with SHA-256 %s, want %d with %s", path, n, sum, docBenchSize, f.sum)
	}
	return nil
}

// reportTo reports the main figures as the benchmark's metrics.
func (r *docBenchReport) reportTo(b *testing.B) {
	for _, m := range []struct {
		v    float64
		unit string
	}{
		{r.upload.mbPerSec(), "upload-MB/s"},
		{r.uploads.mbPerSec(), "upload8-MB/s"},
		{float64(r.upMem.growth()) / 1024, "upload8-rss-growth-MiB"},
		{r.download.mbPerSec(), "download-MB/s"},
		{r.downloads.mbPerSec(), "download8-MB/s"},
		{float64(r.downMem.growth()) / 1024, "download8-rss-growth-MiB"},
		{float64(r.downMem.hwm) / 1024, "hwm-MiB"},
	} {
		b.ReportMetric(m.v, m.unit)
	}
}

// markdown renders the report.
func (r *docBenchReport) markdown() string {
	var s strings.Builder
	fmt.Fprintf(&s, "## Document transfers: the real binary, %d MiB PDFs, fresh DATA_DIR\n", docBenchSize>>20)
	s.WriteString("| transfer | files | time | MB/s (10^6 B) | VmRSS before | VmRSS peak (sampled) | growth | VmHWM after | target: growth ≤ 64 MiB |\n" +
		"|---|---|---|---|---|---|---|---|---|\n")
	row := func(name string, t docTransfer, m *docMemory, target string) {
		mem := "| | | | |"
		if m != nil {
			mem = fmt.Sprintf("| %s | %s (%d samples) | %s | %s |", mib(m.before), mib(m.peak), m.samples, mib(m.growth()), mib(m.hwm))
		}
		fmt.Fprintf(&s, "| %s | %d | %.2f s | %.0f %s %s |\n", name, t.files, t.elapsed.Seconds(), t.mbPerSec(), mem, target)
	}
	row("upload, alone", r.upload, nil, "")
	row(fmt.Sprintf("uploads, %d at once", docBenchParallel), r.uploads, &r.upMem, met(r.upMem.growth() <= docBenchTarget))
	row("download, alone", r.download, nil, "")
	row(fmt.Sprintf("downloads, %d at once", docBenchParallel), r.downloads, &r.downMem, "(reported)")
	fmt.Fprintf(&s, "\nEvery answer's status, size and SHA-256 checked; the whole benchmark took %s.", secs(r.took))
	return s.String()
}
