package app

import (
	"context"

	"market/models"
)

// FollowedListing is a listing the user follows.
type FollowedListing struct {
	Follow      *models.Follow
	Opportunity *models.Opportunity
}

// FollowOpportunity makes the signed-in actor follow a listing it may see;
// following it again changes nothing.
func (a *App) FollowOpportunity(ctx context.Context, actor models.Actor, id string) error {
	if err := a.followable(ctx, actor, id); err != nil {
		return err
	}
	_, err := a.db.CreateFollow(ctx, &models.Follow{ID: models.FollowID(actor.UserID, id), UserID: actor.UserID,
		OrganizationID: actor.OrganizationID, OpportunityID: id, CreatedAt: a.Now()})
	return err
}

// followable checks that the actor is signed in and may see listing id.
func (a *App) followable(ctx context.Context, actor models.Actor, id string) error {
	if actor.Anonymous() {
		return models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	o, err := a.db.OpportunityByID(ctx, id)
	if err != nil {
		return err
	}
	if !canSee(actor, o) {
		return models.Errorf(models.ENOTFOUND, "opportunity not found")
	}
	return nil
}

// UnfollowOpportunity stops the actor following a listing it may see.
func (a *App) UnfollowOpportunity(ctx context.Context, actor models.Actor, id string) error {
	if err := a.followable(ctx, actor, id); err != nil {
		return err
	}
	return a.db.DeleteFollow(ctx, actor.UserID, id)
}

// Follows lists the listings the actor follows (those it may still see), newest follow first.
func (a *App) Follows(ctx context.Context, actor models.Actor) ([]FollowedListing, error) {
	if actor.Anonymous() {
		return nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	follows, err := a.db.FollowsByUser(ctx, actor.UserID)
	if err != nil || len(follows) == 0 {
		return []FollowedListing{}, err
	}
	ids := make([]string, len(follows))
	for i, f := range follows {
		ids[i] = f.OpportunityID
	}
	docs, err := a.db.OpportunitiesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*models.Opportunity, len(docs))
	for _, o := range docs {
		byID[o.ID] = o
	}
	out := []FollowedListing{}
	for _, f := range follows {
		if o := byID[f.OpportunityID]; o != nil && canSee(actor, o) {
			out = append(out, FollowedListing{Follow: f, Opportunity: o})
		}
	}
	return out, nil
}
