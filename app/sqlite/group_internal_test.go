package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"market/app/store"
)

// TestRequestsWritesGoFirst: a group holds the requests' writes queued, in
// the order they came, or else the background writes; a background write
// that has waited backgroundWait goes first; a group holds maxGroup writes
// at most.
func TestRequestsWritesGoFirst(t *testing.T) {
	if !store.IsBackground(store.Background(context.Background())) || store.IsBackground(context.Background()) {
		t.Fatal("store.Background does not mark a context, or an unmarked one reads as marked")
	}
	t0 := time.Now()
	names := map[*groupWrite]string{}
	queue := func(ws ...*groupWrite) *writeGroups { return &writeGroups{queue: ws} }
	named := func(name string, background bool, queued time.Time) *groupWrite {
		x := &groupWrite{done: make(chan error, 1), background: background, queued: queued}
		names[x] = name
		return x
	}
	got := func(group []*groupWrite) string {
		out := ""
		for _, x := range group {
			out += names[x] + " "
		}
		return out
	}
	g := queue(named("b1", true, t0), named("r1", false, t0), named("b2", true, t0), named("r2", false, t0))
	for _, want := range []string{"r1 r2 ", "b1 b2 ", ""} {
		if group := got(g.next(t0.Add(10 * time.Millisecond))); group != want {
			t.Fatalf("group %q, want %q", group, want)
		}
	}
	g = queue(named("b1", true, t0), named("r1", false, t0.Add(time.Second)), named("b2", true, t0.Add(time.Second)))
	for _, want := range []string{"b1 b2 ", "r1 "} {
		if group := got(g.next(t0.Add(backgroundWait))); group != want {
			t.Fatalf("with a background write waiting %v: group %q, want %q", backgroundWait, group, want)
		}
	}
	var many []*groupWrite
	for i := range maxGroup + 8 {
		many = append(many, named(fmt.Sprint("r", i), false, t0))
	}
	g = queue(many...)
	if n := len(g.next(t0)); n != maxGroup {
		t.Fatalf("first group of %d, want %d", n, maxGroup)
	}
	if n := len(g.next(t0)); n != 8 {
		t.Fatalf("second group of %d, want 8", n)
	}
}
