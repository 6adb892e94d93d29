package api_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"market/app"
	"market/app/api"
	"market/search"
)

// losingEngine wraps an engine and plays one that lost its indexes: lose
// empties them behind the application's back, and Ping says so until the
// indexes are ensured again.
type losingEngine struct {
	search.Engine
	lost    atomic.Bool
	ensured atomic.Int32
}

// lose empties both indexes, as a server restarted on an empty database.
func (l *losingEngine) lose(t *testing.T) {
	t.Helper()
	l.lost.Store(true)
	for _, name := range []string{"opportunities", "providers"} {
		if err := l.Engine.DeleteAll(context.Background(), name); err != nil {
			t.Fatal(err)
		}
	}
}

func (l *losingEngine) Ping(ctx context.Context) error {
	if l.lost.Load() {
		return search.Unavailable("test: index opportunities", search.ErrIndexLost)
	}
	return l.Engine.Ping(ctx)
}

func (l *losingEngine) EnsureIndex(ctx context.Context, spec search.IndexSpec) (bool, error) {
	fresh, err := l.Engine.EnsureIndex(ctx, spec)
	if err == nil {
		l.ensured.Add(1)
		fresh = fresh || l.lost.Swap(false)
	}
	return fresh, err
}

// TestSearchLostIndexIsFilledAgain: when the engine says it lost an index,
// /readyz says so, searches answer 503 rather than too few results, and the
// synchroniser ensures the indexes again and fills them from the database,
// with nothing missing (a change stored meanwhile included).
func TestSearchLostIndexIsFilledAgain(t *testing.T) {
	var losing *losingEngine
	opts := app.SearchOptions{Exclusive: true, PollInterval: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		CheckInterval: 100 * time.Millisecond}
	e := newEnvWith(t, api.LoginLimits{}, envOptions{search: &opts, wrap: func(inner search.Engine) search.Engine {
		losing = &losingEngine{Engine: inner}
		return losing
	}})
	m := newMarketOn(t, e)
	var mu sync.Mutex
	var want []string
	for i := range 4 {
		want = append(want, m.publish(m.buyer, "government_need", map[string]any{"title": "遗失索引 faultcheck " + string(rune('a'+i))}).ID)
	}
	converge(t, m, &mu, &want, "at first")
	before := losing.ensured.Load()

	losing.lose(t)
	readyzSays(t, m, "lost an index")
	want = append(want, m.publish(m.buyer, "government_need", map[string]any{"title": "遗失索引 faultcheck meanwhile"}).ID)
	converge(t, m, &mu, &want, "after the engine lost its indexes")
	if after := losing.ensured.Load(); after < before+2 {
		t.Errorf("indexes ensured %d times after the loss, want both again", after-before)
	}
}
