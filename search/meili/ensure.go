package meili

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"time"

	ms "github.com/meilisearch/meilisearch-go"

	"market/search"
	"market/search/internal/querytext"
)

// EnsureIndex creates the index (primary key "id") unless it exists, and
// gives it the spec's settings, the one place they are decided
// (meiliSettings). Settings the index already has are left alone: the
// server reindexes on every update, even to the same values, which takes
// seconds. An index that exists with other settings (a changed spec, or
// an index another release or a person made) is emptied and given the new
// ones: it is then fresh, as a new index is, and the caller fills it with
// documents of the new layout.
func (m *Engine) EnsureIndex(ctx context.Context, spec search.IndexSpec) (bool, error) {
	if err := spec.Validate(); err != nil {
		return false, err
	}
	spec = spec.WithDefaults()
	want := meiliSettings(&spec)
	created, createdAt, err := m.createIndex(ctx, spec.Name)
	if err != nil {
		return false, err
	}
	fresh := created
	if !created {
		same, err := m.hasSettings(ctx, spec.Name, want)
		if err != nil {
			return false, err
		}
		if !same {
			fresh = true
			cctx, cancel := m.call(ctx)
			info, err := m.client.Index(m.uid(spec.Name)).DeleteAllDocuments(cctx, nil)
			cancel()
			if err := m.await(ctx, "empty "+spec.Name+" for new settings", info, err); err != nil {
				return false, err
			}
		}
	}
	if fresh {
		cctx, cancel := m.call(ctx)
		info, err := m.client.Index(m.uid(spec.Name)).UpdateSettings(cctx, want)
		cancel()
		if err := m.await(ctx, "update settings of "+spec.Name, info, err); err != nil {
			return false, err
		}
	}
	m.mu.Lock()
	m.indexes[spec.Name] = &meiliIndex{spec: spec, seg: querytext.New(&spec), createdAt: createdAt}
	m.mu.Unlock()
	return fresh, nil
}

// createIndex creates the index unless it exists; it reports whether it
// did, and when the server says it created the index.
func (m *Engine) createIndex(ctx context.Context, name string) (bool, time.Time, error) {
	cctx, cancel := m.call(ctx)
	ix, err := m.client.GetIndex(cctx, m.uid(name))
	cancel()
	var merr *ms.Error
	switch {
	case err == nil:
		return false, ix.CreatedAt, nil
	case !errors.As(err, &merr) || merr.StatusCode != http.StatusNotFound:
		return false, time.Time{}, meiliError("get index "+name, err)
	}
	cctx, cancel = m.call(ctx)
	info, err := m.client.CreateIndex(cctx, &ms.IndexConfig{Uid: m.uid(name), PrimaryKey: search.IDField})
	cancel()
	err = m.await(ctx, "create index "+name, info, err)
	var terr *TaskError
	created := err == nil
	if errors.As(err, &terr) && terr.Code == "index_already_exists" {
		err = nil // another instance created it meanwhile
	}
	if err != nil {
		return false, time.Time{}, err
	}
	cctx, cancel = m.call(ctx)
	defer cancel()
	if ix, err = m.client.GetIndex(cctx, m.uid(name)); err != nil {
		return false, time.Time{}, meiliError("get index "+name, err)
	}
	return created, ix.CreatedAt, nil
}

// hasSettings reports whether the index has the settings want, comparing
// what meiliSettings sets (attribute lists that are sets, as sets).
func (m *Engine) hasSettings(ctx context.Context, name string, want *ms.Settings) (bool, error) {
	cctx, cancel := m.call(ctx)
	got, err := m.client.Index(m.uid(name)).GetSettings(cctx)
	cancel()
	if err != nil {
		return false, meiliError("get settings of "+name, err)
	}
	return reflect.DeepEqual(settingsKey(got), settingsKey(want)), nil
}

// settingsKey returns the part of settings meiliSettings decides, in a form
// where equal settings are deeply equal.
func settingsKey(s *ms.Settings) map[string]any {
	sorted := func(v []string) []string { v = slices.Clone(v); slices.Sort(v); return slices.Compact(v) }
	synonyms := map[string][]string{}
	for _, k := range slices.Sorted(maps.Keys(s.Synonyms)) {
		synonyms[k] = sorted(s.Synonyms[k])
	}
	out := map[string]any{
		"searchable": slices.Clone(s.SearchableAttributes),
		"filterable": sorted(s.FilterableAttributes),
		"sortable":   sorted(s.SortableAttributes),
		"synonyms":   synonyms,
		"ranking":    slices.Clone(s.RankingRules),
	}
	if t := s.TypoTolerance; t != nil {
		out["typos"] = fmt.Sprint(t.Enabled, t.MinWordSizeForTypos.OneTypo, t.MinWordSizeForTypos.TwoTypos,
			sorted(t.DisableOnWords), sorted(t.DisableOnAttributes))
	}
	if f := s.Faceting; f != nil {
		out["facets"] = fmt.Sprint(f.MaxValuesPerFacet, f.SortFacetValuesBy)
	}
	if p := s.Pagination; p != nil {
		out["pagination"] = p.MaxTotalHits
	}
	return out
}

// Ping checks that the server answers, accepts the key, and still holds
// every index ensured so far: the same index, made at the same time, and
// not one the server lost (restarted on an empty database) and made again
// as documents came (it does so by itself, with default settings).
func (m *Engine) Ping(ctx context.Context) error {
	m.mu.RLock()
	known := maps.Clone(m.indexes)
	m.mu.RUnlock()
	if len(known) == 0 {
		cctx, cancel := m.call(ctx)
		defer cancel()
		if _, err := m.client.Version(cctx); err != nil {
			return meiliError("version", err)
		}
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(known)) {
		cctx, cancel := m.call(ctx)
		ix, err := m.client.GetIndex(cctx, m.uid(name))
		cancel()
		var merr *ms.Error
		switch {
		case errors.As(err, &merr) && merr.StatusCode == http.StatusNotFound:
			return search.Unavailable("meilisearch: index "+name, search.ErrIndexLost)
		case err != nil:
			return meiliError("get index "+name, err)
		case !ix.CreatedAt.Equal(known[name].createdAt):
			return search.Unavailable("meilisearch: index "+name,
				fmt.Errorf("%w: made again at %s", search.ErrIndexLost, ix.CreatedAt.Format(time.RFC3339Nano)))
		}
	}
	return nil
}
