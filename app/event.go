package app

import (
	"context"
	"encoding/json"
	"fmt"

	"market/models"
)

// change describes one state change of an aggregate, to be recorded as an event.
type change struct {
	Type    string
	Summary string
	Changes []models.Change
	// Public events appear in the history everyone can read.
	Public bool
}

// systemActor is the platform itself, acting by the clock.
func systemActor() models.EventActor { return models.EventActor{Role: models.RoleSystem} }

// eventActor describes actor for the audit trail, with its organisation's name.
func (a *App) eventActor(ctx context.Context, actor models.Actor) (models.EventActor, error) {
	ea := models.EventActor{UserID: actor.UserID, OrganizationID: actor.OrganizationID, Role: actor.Role}
	if actor.OrganizationID != "" {
		org, err := a.db.OrganizationByID(ctx, actor.OrganizationID)
		if err != nil {
			return ea, fmt.Errorf("naming the actor's organisation: %w", err)
		}
		ea.OrganizationName = org.Name
	}
	return ea, nil
}

// record appends event seq of stream, chained to event seq-1, with a JSON
// snapshot of the aggregate after the change. Only one writer can append a
// given seq: the others get a conflict.
func (a *App) record(ctx context.Context, stream string, seq int, actor models.EventActor, c change, snapshot any) (*models.Event, error) {
	prev := ""
	if seq > 1 {
		p, err := a.db.Event(ctx, stream, seq-1)
		if err != nil {
			return nil, fmt.Errorf("reading the previous event: %w", err)
		}
		prev = p.Hash
	}
	snap, err := json.Marshal(snapshot)
	if err != nil {
		return nil, fmt.Errorf("encoding snapshot of %s: %w", stream, err)
	}
	changes := c.Changes
	if changes == nil {
		changes = []models.Change{}
	}
	e := &models.Event{
		ID: models.NewID(), Stream: stream, Seq: seq, Type: c.Type, At: a.Now(), Actor: actor,
		Summary: c.Summary, Changes: changes, Public: c.Public, Snapshot: snap,
	}
	e.Seal(prev)
	if err := a.db.AppendEvent(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}
