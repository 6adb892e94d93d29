package app

import (
	"context"
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
	// with adds to the commit what the change writes besides (a bid slot
	// claimed or freed).
	with []commitOption
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
