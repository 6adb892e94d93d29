package app

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// residentTestDoc is a document of a test resident set: a member when in,
// with a value the set derives the double of.
type residentTestDoc struct {
	id      string
	version int
	in      bool
	value   int
}

// newResidentTestSet returns a resident set of test documents, which
// loads those given.
func newResidentTestSet(docs ...*residentTestDoc) *resident[residentTestDoc, int] {
	return &resident[residentTestDoc, int]{
		load:   func(context.Context) ([]*residentTestDoc, error) { return docs, nil },
		key:    func(d *residentTestDoc) (string, int) { return d.id, d.version },
		member: func(d *residentTestDoc) bool { return d.in },
		derive: func(d *residentTestDoc) int { return 2 * d.value },
	}
}

// checkResident checks r's bookkeeping, and that its members are want's
// members (by ID, at their version).
func checkResident(t *testing.T, r *resident[residentTestDoc, int], want map[string]*residentTestDoc) {
	t.Helper()
	var got []string
	err := r.view(context.Background(), func(docs []*residentTestDoc, derived []int) {
		if len(docs) != len(derived) {
			t.Fatalf("%d members, %d derived values", len(docs), len(derived))
		}
		for i, d := range docs {
			if derived[i] != 2*d.value {
				t.Fatalf("member %s at %d: derived %d, want %d", d.id, i, derived[i], 2*d.value)
			}
			if p := r.known[d.id]; p.at != i || p.version != d.version {
				t.Fatalf("member %s (version %d) at %d: index says %+v", d.id, d.version, i, p)
			}
			got = append(got, fmt.Sprintf("%s@%d", d.id, d.version))
		}
		if tail := docs[len(docs):cap(docs)]; slices.ContainsFunc(tail, func(d *residentTestDoc) bool { return d != nil }) {
			t.Fatal("a dropped member is kept alive past the end")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	members := 0
	for _, p := range r.known {
		if p.at >= 0 {
			members++
		}
	}
	if members != len(got) {
		t.Fatalf("the index places %d members, the set holds %d", members, len(got))
	}
	var wantIDs []string
	for _, d := range want {
		if d.in {
			wantIDs = append(wantIDs, fmt.Sprintf("%s@%d", d.id, d.version))
		}
	}
	slices.Sort(got)
	slices.Sort(wantIDs)
	if !slices.Equal(got, wantIDs) {
		t.Fatalf("members %v, want %v", got, wantIDs)
	}
	all, err := r.all(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(got) {
		t.Fatalf("all: %d members, want %d", len(all), len(got))
	}
}

func TestResidentDenseBookkeeping(t *testing.T) {
	doc := func(id string, version int, in bool, value int) *residentTestDoc {
		return &residentTestDoc{id: id, version: version, in: in, value: value}
	}
	r := newResidentTestSet(doc("a", 1, true, 1), doc("b", 1, true, 2), doc("c", 1, true, 3))
	r.put(doc("d", 1, true, 4)) // before loading: the load reads the store
	checkResident(t, r, map[string]*residentTestDoc{"a": doc("a", 1, true, 1), "b": doc("b", 1, true, 2), "c": doc("c", 1, true, 3)})

	r.put(doc("d", 1, true, 4))  // added
	r.put(doc("b", 2, true, 20)) // replaced in place
	r.put(doc("a", 2, false, 0)) // no longer a member: d moves to its place
	r.put(doc("b", 1, true, 2))  // older: ignored
	r.put(doc("a", 1, true, 1))  // older than the version known not to be a member: ignored
	want := map[string]*residentTestDoc{"b": doc("b", 2, true, 20), "c": doc("c", 1, true, 3), "d": doc("d", 1, true, 4)}
	checkResident(t, r, want)
	r.put(doc("a", 3, true, 30)) // a member again
	r.remove("c")                // deleted
	r.remove("zz")               // unknown
	want["a"] = doc("a", 3, true, 30)
	delete(want, "c")
	checkResident(t, r, want)
	r.put(doc("c", 1, true, 3)) // a deleted document's versions are forgotten
	want["c"] = doc("c", 1, true, 3)
	checkResident(t, r, want)
}

// TestResidentDenseRandom checks the bookkeeping after each of thousands
// of random puts and removes against a map of the latest versions.
func TestResidentDenseRandom(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	r := newResidentTestSet()
	if _, err := r.all(context.Background()); err != nil {
		t.Fatal(err)
	}
	latest := map[string]*residentTestDoc{}
	for i := range 5000 {
		id := fmt.Sprint("d", rnd.IntN(40))
		if rnd.IntN(10) == 0 {
			r.remove(id)
			delete(latest, id)
		} else {
			d := &residentTestDoc{id: id, version: rnd.IntN(20), in: rnd.IntN(3) > 0, value: i}
			r.put(d)
			if old := latest[id]; old == nil || old.version <= d.version {
				latest[id] = d
			}
		}
		if i%50 == 0 || i > 4900 {
			checkResident(t, r, latest)
		}
	}
}
