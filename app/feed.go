package app

import (
	"context"

	"market/app/store"
	"market/models"
)

// FeedSize is how many listings the feed of new listings holds.
const FeedSize = 50

// NewlyPublished returns the listings published most recently, newest
// first, at most limit (1 to 100): every listing that was published,
// whatever its status now. They come from the database, not the search
// index, so a listing is in the feed as soon as it is published. Anyone
// may read them: they are public.
func (a *App) NewlyPublished(ctx context.Context, limit int) ([]*models.Opportunity, error) {
	if limit < 1 || limit > 100 {
		limit = FeedSize
	}
	items, _, err := a.db.FindOpportunities(ctx, store.OpportunityQuery{Statuses: publicStatuses(), PublishedOnly: true,
		Sort: "-publishedAt", Page: 1, PageSize: limit})
	if err != nil {
		return nil, err
	}
	out := make([]*models.Opportunity, 0, len(items))
	for _, o := range items {
		if o.IsPublic() && o.PublishedAt != nil {
			out = append(out, o)
		}
	}
	return out, nil
}
