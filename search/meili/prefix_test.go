package meili

import (
	"context"
	"strings"
	"testing"

	"market/search"
	"market/search/searchtest"
)

// TestMeiliIndexPrefix checks that every index uid the engine sends to the
// server carries the IndexPrefix, while its callers name indexes plainly.
func TestMeiliIndexPrefix(t *testing.T) {
	const prefix, uid = "run-42_", "run-42_opportunities"
	m, fake := newPrefixedFakeEngine(t, prefix)
	ctx := context.Background()
	if _, err := m.EnsureIndex(ctx, searchtest.Spec("opportunities")); err != nil {
		t.Fatalf("EnsureIndex: %v", err)
	}
	if err := m.Upsert(ctx, "opportunities", searchtest.Docs()); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	if _, err := m.Search(ctx, "opportunities", search.Query{Text: "platform"}); err != nil {
		t.Fatalf("Search: %v", err)
	}
	if err := m.Delete(ctx, "opportunities", []string{"p01"}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := m.DeleteAll(ctx, "opportunities"); err != nil {
		t.Fatalf("DeleteAll: %v", err)
	}
	if err := m.DropIndex(ctx, "opportunities"); err != nil {
		t.Fatalf("DropIndex: %v", err)
	}
	var indexOps []string
	for _, r := range fake.history() {
		switch {
		case r.Op == "POST /indexes":
			if r.Body["uid"] != uid {
				t.Errorf("index created with uid %v, want %s", r.Body["uid"], uid)
			}
		case strings.Contains(r.Op, "{indexUid}"):
			if !strings.HasPrefix(r.Path+"/", "/indexes/"+uid+"/") {
				t.Errorf("%s went to %s, want /indexes/%s/...", r.Op, r.Path, uid)
			}
		default:
			continue
		}
		indexOps = append(indexOps, r.Op)
	}
	if len(indexOps) < 8 {
		t.Errorf("only %d requests naming an index: %v", len(indexOps), indexOps)
	}
}

// TestMeiliIndexPrefixChecked checks that New accepts only prefixes of at
// most 64 ASCII letters, digits, '-' and '_'.
func TestMeiliIndexPrefixChecked(t *testing.T) {
	for _, p := range []string{"", "run-42_", "ABCxyz09", strings.Repeat("a", 64)} {
		if _, err := New(Config{URL: "http://127.0.0.1:7700", IndexPrefix: p}); err != nil {
			t.Errorf("prefix %q: %v", p, err)
		}
	}
	for _, p := range []string{"a b", "a/b", "a.b", "a:b", "é", "a\x00", "a*", strings.Repeat("a", 65)} {
		if _, err := New(Config{URL: "http://127.0.0.1:7700", IndexPrefix: p}); err == nil {
			t.Errorf("prefix %q accepted", p)
		}
	}
}
