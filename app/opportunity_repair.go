package app

import (
	"context"
	"encoding/json"

	"market/models"
)

// repairOpportunity brings a listing's stored document up to its latest
// event, for the case where a process stopped between appending an event and
// storing the document: the event's snapshot is the truth. It is called when
// appending finds the next seq taken, and is harmless when nothing is behind.
func (a *App) repairOpportunity(ctx context.Context, id string) {
	o, err := a.db.OpportunityByID(ctx, id)
	if err != nil {
		a.log.WarnContext(ctx, "repair: loading opportunity", "id", id, "err", err)
		return
	}
	events, err := a.db.Events(ctx, models.StreamOpportunity+id)
	if err != nil || len(events) == 0 {
		a.log.WarnContext(ctx, "repair: loading events", "id", id, "err", err)
		return
	}
	last := events[len(events)-1]
	if last.Seq <= o.Version {
		return
	}
	var fixed models.Opportunity
	if err := json.Unmarshal(last.Snapshot, &fixed); err != nil || fixed.Version != last.Seq {
		a.log.ErrorContext(ctx, "repair: unreadable snapshot", "id", id, "seq", last.Seq, "err", err)
		return
	}
	if err := a.db.ReplaceOpportunity(ctx, &fixed, o.Version); err != nil {
		a.log.WarnContext(ctx, "repair: storing", "id", id, "err", err)
		return
	}
	a.log.WarnContext(ctx, "repaired opportunity from its event stream", "id", id, "from", o.Version, "to", fixed.Version)
}
