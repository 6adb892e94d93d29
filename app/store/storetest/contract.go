package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// Option tells the contract suite what a store documents beyond what every
// store must do.
type Option func(*config)

// config is what the options set.
type config struct {
	atomic bool
}

// AtomicCommits says that the store writes each Commit in one transaction,
// as store.Commit documents of the embedded store: the suite then also
// checks that a failed Commit leaves no marker, and no event when its
// document could not be stored (MongoDB writes the markers first and the
// event before the document, as documented, so these do not hold there).
func AtomicCommits() Option { return func(c *config) { c.atomic = true } }

// Run runs the contract suite of store.Store: every method's documented
// behaviour, each subtest against a new, empty store from open, which must
// arrange for its cleanup. The store must also implement store.Tamperer.
// The suite relies on documented semantics only, so that every store can
// pass it.
func Run(t *testing.T, open func(tb testing.TB) store.Store, opts ...Option) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	groups := []struct {
		name  string
		tests map[string]func(t *testing.T, s store.Store)
	}{
		{"users", userTests()},
		{"refresh_tokens", refreshTokenTests()},
		{"organizations", organizationTests()},
		{"opportunities", opportunityTests()},
		{"find_opportunities", findTests()},
		{"commit", commitTests(cfg)},
		{"events", eventTests()},
		{"bids", bidTests()},
		{"questions", questionTests()},
		{"notifications", notificationTests()},
		{"follows", followTests()},
		{"saved_searches", savedSearchTests()},
		{"queues", queueTests()},
		{"mail", mailTests()},
		{"races", raceTests()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for _, name := range sortedKeys(g.tests) {
				test := g.tests[name]
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					test(t, open(t))
				})
			}
		})
	}
}

// RunShared runs the invariants that must hold across processes sharing
// one store, each subtest against n handles on a new, empty store from
// open (n is 2), which must arrange for their cleanup.
func RunShared(t *testing.T, open func(tb testing.TB, n int) []store.Store) {
	tests := sharedTests()
	for _, name := range sortedKeys(tests) {
		test := tests[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, open(t, 2))
		})
	}
}

// at is a time of the suite's calendar: UTC, whole milliseconds (the
// precision stores keep), offset from the start of March 2026.
func at(offset time.Duration) time.Time {
	return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).Add(offset).Truncate(time.Millisecond)
}

// ctxOf returns a context for one test's calls.
func ctxOf(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// must fails the test at once on an error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantErr checks that err is an application error with the given code and,
// unless message is "", the given caller-safe message.
func wantErr(t testing.TB, err error, code, message string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("got no error, want %s %q", code, message)
	case models.ErrorCode(err) != code:
		t.Errorf("got error %v (code %s), want code %s", err, models.ErrorCode(err), code)
	case message != "" && models.ErrorMessage(err) != message:
		t.Errorf("got message %q, want %q (error %v)", models.ErrorMessage(err), message, err)
	}
}

// wantSeqTaken checks that err is the conflict of a taken seq.
func wantSeqTaken(t testing.TB, err error) {
	t.Helper()
	wantErr(t, err, models.ECONFLICT, "")
	if err != nil && !errors.Is(err, store.ErrSeqTaken) {
		t.Errorf("errors.Is(%v, store.ErrSeqTaken) = false, want true", err)
	}
}

// same checks that got and want are the same document (compared as JSON,
// which shows every field; times compare as UTC instants).
func same(t testing.TB, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	must(t, err)
	w, err := json.Marshal(want)
	must(t, err)
	if string(g) != string(w) {
		t.Errorf("got  %s\nwant %s", g, w)
	}
}

// sameIDs checks the IDs of a list against want, in order.
func sameIDs[T any](t testing.TB, what string, got []T, id func(T) string, want ...string) {
	t.Helper()
	ids := make([]string, len(got))
	for i, v := range got {
		ids[i] = id(v)
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("%s: got %v, want %v", what, ids, want)
	}
}

// sortedKeys returns the keys of m in order, so subtests run in a stable order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// tamperer returns s as a store.Tamperer, failing the test if it is not one.
func tamperer(t testing.TB, s store.Store) store.Tamperer {
	t.Helper()
	tm, ok := s.(store.Tamperer)
	if !ok {
		t.Fatalf("%T does not implement store.Tamperer", s)
	}
	return tm
}
