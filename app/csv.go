package app

import (
	"context"

	"market/models"
)

// ExportMaxRows caps the rows of one listing export.
const ExportMaxRows = 10_000

// exportPageSize is the page size an export reads the list with.
const exportPageSize = 100

// ExportOpportunities returns every listing q selects that the actor may
// list, as ListOpportunities would page through them (q's page and page
// size are ignored), up to ExportMaxRows; truncated says that more
// matched. Anonymous callers get public listings only.
func (a *App) ExportOpportunities(ctx context.Context, actor models.Actor, q OpportunityQuery) (items []*models.Opportunity, truncated bool, err error) {
	items = []*models.Opportunity{}
	q.PageSize = exportPageSize
	for page := 1; ; page++ {
		q.Page = page
		list, err := a.ListOpportunities(ctx, actor, q)
		if err != nil {
			return nil, false, err
		}
		for _, o := range list.Items {
			if len(items) == ExportMaxRows {
				return items, true, nil
			}
			items = append(items, o)
		}
		if len(list.Items) == 0 || page*exportPageSize >= list.Total {
			return items, false, nil
		}
	}
}
