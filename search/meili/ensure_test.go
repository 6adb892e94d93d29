package meili

import (
	"context"
	"errors"
	"net/http"
	"os"
	"testing"

	ms "github.com/meilisearch/meilisearch-go"

	"market/models"
	"market/search"
	"market/search/searchtest"
)

// TestMeiliChangedSettingsRefill checks that an index whose settings
// differ from the spec's is emptied, given the new settings and reported
// fresh, so that the caller fills it again; and that the same spec again
// changes nothing.
func TestMeiliChangedSettingsRefill(t *testing.T) {
	m, fake := newFakeEngine(t)
	ctx := context.Background()
	spec := searchtest.Spec("opportunities")
	if _, err := m.EnsureIndex(ctx, spec); err != nil {
		t.Fatal(err)
	}
	changed := spec
	changed.Synonyms = append(changed.Synonyms, []string{"城市大脑", "city brain"})
	fresh, err := m.EnsureIndex(ctx, changed)
	if err != nil || !fresh {
		t.Fatalf("EnsureIndex with a new synonym = %v, %v; want fresh", fresh, err)
	}
	if n := fake.count("DELETE /indexes/{indexUid}/documents"); n != 1 {
		t.Errorf("documents deleted %d times, want once", n)
	}
	if n := fake.count("PATCH /indexes/{indexUid}/settings"); n != 2 {
		t.Errorf("settings sent %d times, want twice", n)
	}
	if fresh, err := m.EnsureIndex(ctx, changed); err != nil || fresh {
		t.Fatalf("EnsureIndex with the same spec = %v, %v; want not fresh", fresh, err)
	}
}

// TestMeiliPingNoticesALostIndex checks that Ping reports an index the
// server no longer holds, or holds as made again, as ErrIndexLost.
func TestMeiliPingNoticesALostIndex(t *testing.T) {
	m, fake := newFakeEngine(t)
	ctx := context.Background()
	if _, err := m.EnsureIndex(ctx, searchtest.Spec("opportunities")); err != nil {
		t.Fatal(err)
	}
	fake.with(func() { delete(fake.indexes, "opportunities") })
	err := m.Ping(ctx)
	if !errors.Is(err, search.ErrIndexLost) || models.ErrorCode(err) != models.EUNAVAILABLE {
		t.Fatalf("Ping without the index: %v", err)
	}
	fake.with(func() { fake.indexes["opportunities"] = true })
	m.mu.Lock()
	m.indexes["opportunities"].createdAt = m.indexes["opportunities"].createdAt.Add(-1)
	m.mu.Unlock()
	if err := m.Ping(ctx); !errors.Is(err, search.ErrIndexLost) {
		t.Fatalf("Ping of an index made again: %v", err)
	}
}

// TestMeiliRefusedKey checks that a refused key (401 or 403) makes the
// engine unavailable with ErrAccessDenied, while another refused request
// stays an ordinary error.
func TestMeiliRefusedKey(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		err := meiliError("version", &ms.Error{StatusCode: status})
		if !errors.Is(err, search.ErrAccessDenied) || models.ErrorCode(err) != models.EUNAVAILABLE {
			t.Errorf("status %d: %v", status, err)
		}
	}
	err := meiliError("search", &ms.Error{StatusCode: http.StatusBadRequest})
	if errors.Is(err, search.ErrAccessDenied) || models.ErrorCode(err) == models.EUNAVAILABLE {
		t.Errorf("status 400: %v", err)
	}
}

// TestMeiliEnsureLive checks against a real server (MEILI_URL) that the
// settings the server reports back compare equal to those sent, so that a
// restart neither sends them again nor empties the index, and that a
// changed spec empties it.
func TestMeiliEnsureLive(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL not set: this test needs a Meilisearch server (MEILI_URL, MEILI_API_KEY)")
	}
	m := newLiveMeili(t, url)
	ctx := context.Background()
	spec := searchtest.Spec("opportunities")
	if fresh, err := m.EnsureIndex(ctx, spec); err != nil || !fresh {
		t.Fatalf("EnsureIndex = %v, %v; want fresh", fresh, err)
	}
	if err := m.Upsert(ctx, "opportunities", searchtest.Docs()); err != nil {
		t.Fatal(err)
	}
	again, err := New(m.cfg) // a restarted process
	if err != nil {
		t.Fatal(err)
	}
	if fresh, err := again.EnsureIndex(ctx, spec); err != nil || fresh {
		t.Fatalf("EnsureIndex after a restart = %v, %v; want not fresh", fresh, err)
	}
	if res, err := again.Search(ctx, "opportunities", search.Query{}); err != nil || res.Total != len(searchtest.Docs()) {
		t.Fatalf("after a restart: %+v, %v; want every document", res, err)
	}
	changed := spec
	changed.Synonyms = append(changed.Synonyms, []string{"城市大脑", "city brain"})
	if fresh, err := again.EnsureIndex(ctx, changed); err != nil || !fresh {
		t.Fatalf("EnsureIndex with a new synonym = %v, %v; want fresh", fresh, err)
	}
	if res, err := again.Search(ctx, "opportunities", search.Query{}); err != nil || res.Total != 0 {
		t.Fatalf("after a changed setting: %+v, %v; want an empty index to fill", res, err)
	}
}
