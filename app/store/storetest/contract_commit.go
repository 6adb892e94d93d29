package storetest

import (
	"slices"
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// markerIDs returns the IDs of the waiting index and alert markers.
func markerIDs(t testing.TB, s store.Store) (index, alert []string) {
	t.Helper()
	ctx := ctxOf(t)
	im, err := s.DirtyMarkers(ctx, 1000)
	must(t, err)
	for _, m := range im {
		index = append(index, m.ID)
	}
	am, err := s.AlertMarkers(ctx, 1000)
	must(t, err)
	for _, m := range am {
		alert = append(alert, m.ID)
	}
	return index, alert
}

// wantEvents checks the seqs of a stream's stored events.
func wantEvents(t testing.TB, s store.Store, stream string, seqs ...int) {
	t.Helper()
	events, err := s.Events(ctxOf(t), stream)
	must(t, err)
	var got []int
	for _, e := range events {
		got = append(got, e.Seq)
	}
	if !slices.Equal(got, seqs) {
		t.Errorf("events of %s: seqs %v, want %v", stream, got, seqs)
	}
}

// commitTests check Commit and Restore: the one versioned write.
func commitTests(cfg config) map[string]func(*testing.T, store.Store) {
	tests := map[string]func(*testing.T, store.Store){
		"create_and_change": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o := listing("l1")
			must(t, commitDoc(t, s, o, at(time.Minute), withMarkers("opportunity/l1", true)))
			o.Version, o.Title = 2, "Changed"
			e2 := eventOf("opportunity/l1", 2, at(time.Hour))
			must(t, s.Commit(ctx, store.Commit{Event: e2, Doc: o, Prev: 1, Index: "opportunity/l1", Alert: true}))
			got, err := s.OpportunityByID(ctx, "l1")
			must(t, err)
			same(t, got, o)
			wantEvents(t, s, "opportunity/l1", 1, 2)
			e, err := s.Event(ctx, "opportunity/l1", 2)
			must(t, err)
			same(t, e, e2)
			markers, err := s.DirtyMarkers(ctx, 10)
			must(t, err)
			want := []store.IndexMarker{
				{ID: store.IndexMarkerID("opportunity/l1", 1), Key: "opportunity/l1", Version: 1, At: at(time.Minute)},
				{ID: store.IndexMarkerID("opportunity/l1", 2), Key: "opportunity/l1", Version: 2, At: at(time.Hour)},
			}
			same(t, markers, want)
			alerts, err := s.AlertMarkers(ctx, 10)
			must(t, err)
			same(t, alerts, []store.AlertMarker{
				{ID: store.AlertMarkerID("l1", 1), OpportunityID: "l1", Version: 1, At: at(time.Minute)},
				{ID: store.AlertMarkerID("l1", 2), OpportunityID: "l1", Version: 2, At: at(time.Hour)},
			})
		},
		"no_markers_unless_asked": func(t *testing.T, s store.Store) {
			create(t, s, listing("l1"), bid("b1", "l1", "o1", at(0)))
			if index, alert := markerIDs(t, s); len(index)+len(alert) != 0 {
				t.Errorf("markers %v %v, want none", index, alert)
			}
		},
		"every_aggregate": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			b, q, o := bid("b1", "l1", "o1", at(0)), question("q1", "l1", at(0)), organization("o1", "C1")
			create(t, s, b, q, o)
			b.Status = models.BidWithdrawn
			bump(t, s, b, at(time.Hour))
			now := at(time.Hour)
			q.Answer, q.AnsweredAt = "Yes", &now
			bump(t, s, q, now)
			o.Verification = models.VerificationVerified
			bump(t, s, o, now)
			gotB, err := s.BidByID(ctx, "b1")
			must(t, err)
			same(t, gotB, b)
			gotQ, err := s.QuestionByID(ctx, "q1")
			must(t, err)
			same(t, gotQ, q)
			gotO, err := s.OrganizationByID(ctx, "o1")
			must(t, err)
			same(t, gotO, o)
			for _, stream := range []string{"bid/b1", "question/q1", "organization/o1"} {
				wantEvents(t, s, stream, 1, 2)
			}
		},
		"seq_taken": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o := listing("l1")
			create(t, s, o)
			winner, loser := *o, *o
			winner.Version, winner.Title = 2, "Winner"
			loser.Version, loser.Title = 2, "Loser"
			must(t, commitDoc(t, s, &winner, at(time.Hour)))
			wantSeqTaken(t, commitDoc(t, s, &loser, at(2*time.Hour), withMarkers("other/l1", true)))
			got, err := s.OpportunityByID(ctx, "l1")
			must(t, err)
			same(t, got, &winner)
			e, err := s.Event(ctx, "opportunity/l1", 2)
			must(t, err)
			if !e.At.Equal(at(time.Hour)) {
				t.Errorf("event 2 is the loser's (at %v)", e.At)
			}
			wantEvents(t, s, "opportunity/l1", 1, 2)
			if index, alert := markerIDs(t, s); cfg.atomic && len(index)+len(alert) != 0 {
				t.Errorf("a failed commit left markers %v %v", index, alert)
			}
		},
		"taken_seq_of_new_document": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			must(t, tamperer(t, s).AppendEvent(ctx, eventOf("question/q1", 1, at(0))))
			wantSeqTaken(t, commitDoc(t, s, question("q1", "l1", at(0)), at(time.Hour)))
			if _, err := s.QuestionByID(ctx, "q1"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("a document whose first seq was taken was stored: %v", err)
			}
		},
		"document_moved_on": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			// Stored at version 3 without events: a commit from version 1
			// finds seq 2 free but the document moved on.
			o := listing("l1", func(o *models.Opportunity) { o.Version = 3 })
			must(t, s.InsertOpportunities(ctx, []*models.Opportunity{o}))
			stale := *o
			stale.Version, stale.Title = 2, "Stale"
			err := s.Commit(ctx, store.Commit{Event: eventOf("opportunity/l1", 2, at(time.Hour)), Doc: &stale, Prev: 1,
				Index: "opportunity/l1", Alert: true})
			wantErr(t, err, models.ECONFLICT, "the opportunity was changed concurrently; reload and try again")
			got, err := s.OpportunityByID(ctx, "l1")
			must(t, err)
			same(t, got, o)
			if cfg.atomic {
				wantEvents(t, s, "opportunity/l1")
				if index, alert := markerIDs(t, s); len(index)+len(alert) != 0 {
					t.Errorf("a failed commit left markers %v %v", index, alert)
				}
			}
		},
		"versions_checked": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o := listing("l1")
			create(t, s, o)
			next := *o
			next.Version = 3
			err := s.Commit(ctx, store.Commit{Event: eventOf("opportunity/l1", 2, at(time.Hour)), Doc: &next, Prev: 1})
			wantErr(t, err, models.EINTERNAL, "")
			next.Version = 2
			err = s.Commit(ctx, store.Commit{Event: eventOf("opportunity/l1", 3, at(time.Hour)), Doc: &next, Prev: 1})
			wantErr(t, err, models.EINTERNAL, "")
			wantEvents(t, s, "opportunity/l1", 1)
		},
		"restore": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			o := listing("l1")
			create(t, s, o)
			// A process stopped between the event of version 2 and its document.
			must(t, tamperer(t, s).AppendEvent(ctx, eventOf("opportunity/l1", 2, at(time.Hour))))
			next := *o
			next.Version, next.Title = 2, "Next"
			wantSeqTaken(t, commitDoc(t, s, &next, at(2*time.Hour)))
			fixed := *o
			fixed.Version, fixed.Title = 2, "From the snapshot"
			wantErr(t, s.Restore(ctx, &fixed, 2), models.ECONFLICT, "the opportunity was changed concurrently; reload and try again")
			must(t, s.Restore(ctx, &fixed, 1))
			got, err := s.OpportunityByID(ctx, "l1")
			must(t, err)
			same(t, got, &fixed)
			wantEvents(t, s, "opportunity/l1", 1, 2)
			next.Version = 3
			must(t, commitDoc(t, s, &next, at(3*time.Hour)))
			wantEvents(t, s, "opportunity/l1", 1, 2, 3)
		},
		"restore_names_the_aggregate": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			b, q, o := bid("b1", "l1", "o1", at(0)), question("q1", "l1", at(0)), organization("o1", "C1")
			create(t, s, b, q, o)
			wantErr(t, s.Restore(ctx, b, 7), models.ECONFLICT, "the bid was changed concurrently; reload and try again")
			wantErr(t, s.Restore(ctx, q, 7), models.ECONFLICT, "the question was changed concurrently; reload and try again")
			wantErr(t, s.Restore(ctx, o, 7), models.ECONFLICT, "the organisation was changed concurrently; reload and try again")
		},
	}
	if cfg.atomic {
		tests["failed_insert_leaves_nothing"] = func(t *testing.T, s store.Store) {
			create(t, s, listing("l1"))
			dup := listing("l2", func(o *models.Opportunity) { o.Code = "SH-2026-Tl1" })
			wantErr(t, commitDoc(t, s, dup, at(time.Hour), withMarkers("opportunity/l2", true)), models.ECONFLICT, "")
			wantEvents(t, s, "opportunity/l2")
			if index, alert := markerIDs(t, s); len(index)+len(alert) != 0 {
				t.Errorf("a failed commit left markers %v %v", index, alert)
			}
		}
	}
	return tests
}
