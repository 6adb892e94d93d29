// Package meili is the Meilisearch engine, for production: a search.Engine
// backed by a Meilisearch server (through meilisearch-go), to which it sends
// settings, filters and query text written so that the server answers as
// the embedded engine does. Its tests check every request against
// Meilisearch's own OpenAPI document, and run the engine contract
// (search/searchtest) against a real server when MEILI_URL is set.
package meili

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	ms "github.com/meilisearch/meilisearch-go"

	"market/search"
	"market/search/internal/querytext"
)

// Config configures the Meilisearch engine.
type Config struct {
	// URL is the server's base URL (MEILI_URL).
	URL string
	// APIKey is sent as a bearer token (MEILI_API_KEY); empty sends none.
	APIKey string
	// IndexPrefix is put before every index name to make the index's uid
	// on the server: index "opportunities" is "<IndexPrefix>opportunities"
	// there, while callers keep using the plain name. It lets several
	// deployments or test runs share one server. At most 64 ASCII letters,
	// digits, '-' and '_'; empty by default.
	IndexPrefix string
	// CallTimeout bounds every HTTP call; zero means 10 seconds.
	CallTimeout time.Duration
	// TaskTimeout bounds the wait for an indexing task; zero means 2 minutes.
	TaskTimeout time.Duration
	// PollInterval is how often a task's status is polled; zero means 50 ms.
	PollInterval time.Duration
	// HTTPClient replaces the engine's own HTTP client (see newTransport)
	// when set.
	HTTPClient *http.Client
}

// Engine is the Meilisearch engine. Each method puts a deadline on every call
// it makes and awaits every task it enqueues, checking how the task ended.
type Engine struct {
	client ms.ServiceManager
	cfg    Config

	mu      sync.RWMutex
	indexes map[string]*meiliIndex
}

// meiliIndex is what an ensured index's queries need, and when the
// server says it created the index (Ping compares, to notice an index
// the server lost and made again).
type meiliIndex struct {
	spec      search.IndexSpec
	seg       *querytext.Segmenter
	createdAt time.Time
}

// Compile-time check that Engine is a search.Engine.
var _ search.Engine = (*Engine)(nil)

// New returns an engine for the server at cfg.URL; it does not contact it.
func New(cfg Config) (*Engine, error) {
	if cfg.URL == "" {
		return nil, errors.New("search: meilisearch: no URL given")
	}
	if err := checkIndexPrefix(cfg.IndexPrefix); err != nil {
		return nil, err
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 10 * time.Second
	}
	if cfg.TaskTimeout <= 0 {
		cfg.TaskTimeout = 2 * time.Minute
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = 50 * time.Millisecond
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Transport: newTransport()}
	}
	opts := []ms.Option{ms.WithAPIKey(cfg.APIKey), ms.WithCustomClient(cfg.HTTPClient)}
	return &Engine{client: ms.New(cfg.URL, opts...), cfg: cfg, indexes: map[string]*meiliIndex{}}, nil
}

// newTransport is the engine's HTTP transport: Go's default, without
// asking for compressed responses, and keeping enough idle connections for
// a server's concurrent searches. A gzip response from Meilisearch 1.50
// took some 45 ms more than the same response uncompressed (measured on
// loopback: 48 ms against 7 ms for a page of 20 highlighted hits), a stall
// of the size of a delayed TCP acknowledgement, while compression saves
// nothing on the short links between the application and its engine. Go's
// default of two idle connections per host would close and reopen
// connections under eight concurrent searches.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DisableCompression = true
	t.MaxIdleConnsPerHost = 64
	return t
}

// maxIndexPrefix is the longest IndexPrefix, in bytes.
const maxIndexPrefix = 64

// checkIndexPrefix checks an IndexPrefix: at most maxIndexPrefix ASCII
// letters, digits, '-' and '_', which every index uid may hold.
func checkIndexPrefix(p string) error {
	if len(p) > maxIndexPrefix {
		return fmt.Errorf("search: meilisearch: index prefix %q is longer than %d bytes", p, maxIndexPrefix)
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("search: meilisearch: index prefix %q may hold only ASCII letters, digits, '-' and '_'", p)
		}
	}
	return nil
}

// uid returns the uid on the server of the index with the given name.
func (m *Engine) uid(name string) string { return m.cfg.IndexPrefix + name }

// call returns a context bounded by the per-call timeout.
func (m *Engine) call(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, m.cfg.CallTimeout)
}

// await waits (with its own deadline) for a task to finish and fails unless
// it succeeded: WaitForTask itself reports a failed task as a success.
func (m *Engine) await(ctx context.Context, op string, info *ms.TaskInfo, callErr error) error {
	if callErr != nil {
		return meiliError(op, callErr)
	}
	if info == nil {
		return fmt.Errorf("search: meilisearch: %s: no task returned", op)
	}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.TaskTimeout)
	defer cancel()
	task, err := m.client.WaitForTask(ctx, info.TaskUID, m.cfg.PollInterval)
	if err != nil {
		return search.Unavailable(fmt.Sprintf("meilisearch: %s: await task %d", op, info.TaskUID), err)
	}
	if task.Status != ms.TaskStatusSucceeded {
		return &TaskError{Op: op, UID: info.TaskUID, Status: string(task.Status), Code: string(task.Error.Code), Message: task.Error.Message}
	}
	return nil
}

// meiliError wraps a failed call: a refused key (401, 403) makes the
// engine unavailable (ErrAccessDenied), another request the server refused
// (4xx) is an ordinary error, anything else (no answer, 5xx, a timeout)
// means the engine is unavailable.
func meiliError(op string, err error) error {
	var merr *ms.Error
	switch {
	case errors.As(err, &merr) && (merr.StatusCode == http.StatusUnauthorized || merr.StatusCode == http.StatusForbidden):
		return search.Unavailable("meilisearch: "+op, fmt.Errorf("%w: %w", search.ErrAccessDenied, err))
	case errors.As(err, &merr) && merr.StatusCode >= 400 && merr.StatusCode < 500:
		return fmt.Errorf("search: meilisearch: %s: %w", op, err)
	}
	return search.Unavailable("meilisearch: "+op, err)
}

// TaskError reports a Meilisearch task that did not succeed.
type TaskError struct {
	Op      string
	UID     int64
	Status  string
	Code    string
	Message string
}

// Error implements error.
func (e *TaskError) Error() string {
	return fmt.Sprintf("search: meilisearch: %s: task %d %s: %s (%s)", e.Op, e.UID, e.Status, e.Message, e.Code)
}

// get returns an ensured index.
func (m *Engine) get(name string) (*meiliIndex, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ix, ok := m.indexes[name]
	if !ok {
		return nil, fmt.Errorf("search: meilisearch: index %q not ensured", name)
	}
	return ix, nil
}

// Upsert adds or replaces documents in one task.
func (m *Engine) Upsert(ctx context.Context, index string, docs []search.Document) error {
	ix, err := m.get(index)
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return nil
	}
	body := make([]map[string]any, 0, len(docs))
	for _, d := range docs {
		fields, err := search.Normalize(&ix.spec, d)
		if err != nil {
			return err
		}
		fields[search.IDField] = d.ID
		if syn := cjkSynonyms(&ix.spec, ix.seg, fields); syn != nil {
			fields[synonymsField] = syn
		}
		body = append(body, fields)
	}
	pk := search.IDField
	cctx, cancel := m.call(ctx)
	info, err := m.client.Index(m.uid(index)).AddDocuments(cctx, body, &ms.DocumentOptions{PrimaryKey: &pk})
	cancel()
	return m.await(ctx, fmt.Sprintf("upsert %d documents into %s", len(docs), index), info, err)
}

// Flush returns at once: every write waits for its task, and Meilisearch's
// succeeded tasks are on disk.
func (m *Engine) Flush(ctx context.Context) error { return ctx.Err() }

// Delete removes documents by ID, by a filter on the primary key.
func (m *Engine) Delete(ctx context.Context, index string, ids []string) error {
	if _, err := m.get(index); err != nil {
		return err
	}
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		part := ids[start:min(start+batch, len(ids))]
		filter, err := meiliIDFilter(part)
		if err != nil {
			return err
		}
		cctx, cancel := m.call(ctx)
		info, err := m.client.Index(m.uid(index)).DeleteDocumentsByFilter(cctx, filter, nil)
		cancel()
		if err := m.await(ctx, fmt.Sprintf("delete %d documents from %s", len(part), index), info, err); err != nil {
			return err
		}
	}
	return nil
}

// DeleteAll removes every document, keeping the settings.
func (m *Engine) DeleteAll(ctx context.Context, index string) error {
	if _, err := m.get(index); err != nil {
		return err
	}
	cctx, cancel := m.call(ctx)
	info, err := m.client.Index(m.uid(index)).DeleteAllDocuments(cctx, nil)
	cancel()
	return m.await(ctx, "delete all documents from "+index, info, err)
}

// DropIndex deletes an index, its documents and settings; tests and tools
// clean up with it.
func (m *Engine) DropIndex(ctx context.Context, index string) error {
	cctx, cancel := m.call(ctx)
	info, err := m.client.DeleteIndex(cctx, m.uid(index))
	cancel()
	if err := m.await(ctx, "delete index "+index, info, err); err != nil {
		return err
	}
	m.mu.Lock()
	delete(m.indexes, index)
	m.mu.Unlock()
	return nil
}

// DropAll deletes every index ensured so far (see DropIndex).
func (m *Engine) DropAll(ctx context.Context) error {
	m.mu.RLock()
	names := make([]string, 0, len(m.indexes))
	for name := range m.indexes {
		names = append(names, name)
	}
	m.mu.RUnlock()
	for _, name := range names {
		if err := m.DropIndex(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// Close releases nothing: the HTTP client's idle connections time out.
func (m *Engine) Close() error { return nil }
