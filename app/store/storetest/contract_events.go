package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// appendEvents appends events 1 to n of each stream through the Tamperer,
// each at the given time plus its seq in minutes; it returns them.
func appendEvents(t testing.TB, s store.Store, n int, streams ...string) []*models.Event {
	t.Helper()
	var out []*models.Event
	for _, stream := range streams {
		for seq := 1; seq <= n; seq++ {
			e := eventOf(stream, seq, at(time.Duration(seq)*time.Minute))
			must(t, tamperer(t, s).AppendEvent(ctxOf(t), e))
			out = append(out, e)
		}
	}
	return out
}

// eventTests check the audit trail's reads and the Tamperer.
func eventTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"read": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			all := appendEvents(t, s, 3, "bid/b", "bid/a", "opportunity/a")
			e, err := s.Event(ctx, "bid/a", 2)
			must(t, err)
			same(t, e, all[4])
			_, err = s.Event(ctx, "bid/a", 4)
			wantErr(t, err, models.ENOTFOUND, "")
			list, err := s.Events(ctx, "bid/a")
			must(t, err)
			same(t, list, all[3:6])
			if list, err := s.Events(ctx, "bid/none"); err != nil || len(list) != 0 {
				t.Errorf("Events of an empty stream: %d, %v", len(list), err)
			}
			list, err = s.EventsOfStreams(ctx, []string{"opportunity/a", "bid/b", "bid/none"})
			must(t, err)
			sameIDs(t, "EventsOfStreams", list, eventKey, "bid/b#1", "bid/b#2", "bid/b#3", "opportunity/a#1", "opportunity/a#2", "opportunity/a#3")
			if list, err := s.EventsOfStreams(ctx, nil); err != nil || len(list) != 0 {
				t.Errorf("EventsOfStreams(nil): %d, %v", len(list), err)
			}
		},
		"each": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			appendEvents(t, s, 12, "s/b", "s/a", "s/c")
			var got []string
			must(t, s.EachEvent(ctx, func(e *models.Event) error {
				got = append(got, eventKey(e))
				return nil
			}))
			var want []string
			for _, stream := range []string{"s/a", "s/b", "s/c"} {
				for seq := 1; seq <= 12; seq++ {
					want = append(want, fmt.Sprintf("%s#%d", stream, seq))
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("EachEvent order: %v", got)
			}
			stop, calls := errors.New("stop"), 0
			err := s.EachEvent(ctx, func(*models.Event) error {
				if calls++; calls == 5 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || calls != 5 {
				t.Errorf("EachEvent after fn's error: %v after %d calls; want stop after 5", err, calls)
			}
		},
		"public": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			tm := tamperer(t, s)
			add := func(stream string, seq int, typ string, public bool, when time.Time, id string) {
				e := eventOf(stream, seq, when)
				e.ID, e.Type, e.Public = id, typ, public
				e.Seal("")
				must(t, tm.AppendEvent(ctx, e))
			}
			add("opportunity/a", 1, "opportunity.published", true, at(time.Hour), "e3")
			add("opportunity/a", 2, "opportunity.awarded", true, at(3*time.Hour), "e1")
			add("opportunity/b", 1, "opportunity.published", true, at(time.Hour), "e2")
			add("opportunity/b", 2, "opportunity.published", false, at(2*time.Hour), "e4")
			add("bid/x", 1, "bid.submitted", true, at(2*time.Hour), "e5")
			add("opportunity/c", 1, "opportunity.published", true, at(4*time.Hour), "e6")
			types := []string{"opportunity.published", "opportunity.awarded"}
			byID := func(e *models.Event) string { return e.ID }
			list, err := s.PublicEvents(ctx, store.PublicEventQuery{Types: types})
			must(t, err)
			sameIDs(t, "all", list, byID, "e2", "e3", "e1", "e6")
			list, err = s.PublicEvents(ctx, store.PublicEventQuery{Types: types, Since: at(time.Hour + time.Millisecond)})
			must(t, err)
			sameIDs(t, "since", list, byID, "e1", "e6")
			list, err = s.PublicEvents(ctx, store.PublicEventQuery{Types: types, Since: at(3 * time.Hour)})
			must(t, err)
			sameIDs(t, "since, inclusive", list, byID, "e1", "e6")
			list, err = s.PublicEvents(ctx, store.PublicEventQuery{Types: types, Skip: 1, Limit: 2})
			must(t, err)
			sameIDs(t, "page", list, byID, "e3", "e1")
			list, err = s.PublicEvents(ctx, store.PublicEventQuery{Types: []string{"opportunity.awarded"}})
			must(t, err)
			sameIDs(t, "one type", list, byID, "e1")
			if list, err := s.PublicEvents(ctx, store.PublicEventQuery{}); err != nil || len(list) != 0 {
				t.Errorf("no types: %d events, %v; want none", len(list), err)
			}
		},
		"tamper": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			tm := tamperer(t, s)
			all := appendEvents(t, s, 3, "bid/a")
			must(t, tm.TamperEvent(ctx, "bid/a", 2, "summary", "rewritten"))
			must(t, tm.TamperEvent(ctx, "bid/a", 2, "changes.0.after", "forged"))
			e, err := s.Event(ctx, "bid/a", 2)
			must(t, err)
			want := *all[1]
			want.Summary, want.Changes = "rewritten", []models.Change{{Field: "f", Before: "a", After: "forged"}}
			same(t, e, &want)
			if e.ComputeHash() == e.Hash {
				t.Error("a tampered event still matches its hash")
			}
			wantErr(t, tm.TamperEvent(ctx, "bid/a", 9, "summary", "x"), models.ENOTFOUND, "")
			must(t, tm.RemoveEvent(ctx, "bid/a", 2))
			wantEvents(t, s, "bid/a", 1, 3)
			wantErr(t, tm.RemoveEvent(ctx, "bid/a", 2), models.ENOTFOUND, "")
			wantSeqTaken(t, tm.AppendEvent(ctx, eventOf("bid/a", 3, at(time.Hour))))
			must(t, tm.AppendEvent(ctx, eventOf("bid/a", 2, at(time.Hour))))
			wantEvents(t, s, "bid/a", 1, 2, 3)
		},
	}
}
