package mongo

import (
	"context"
	"fmt"
	"regexp"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// filter builds the query document; values are always literals.
func opportunityFilter(q *store.OpportunityQuery) bson.D {
	f := bson.D{}
	in := func(field string, values []string) {
		if len(values) > 0 {
			f = append(f, bson.E{Key: field, Value: bson.D{{Key: "$in", Value: values}}})
		}
	}
	in("status", q.Statuses)
	in("kind", q.Kinds)
	in("domain", q.Domains)
	in("district", q.Districts)
	in("capabilities", q.Capabilities)
	in("scenarios", q.Scenarios)
	if q.BuyerID != "" {
		f = append(f, bson.E{Key: "buyer.id", Value: q.BuyerID})
	}
	if q.SMEOnly != nil {
		f = append(f, bson.E{Key: "eligibility.smeOnly", Value: *q.SMEOnly})
	}
	if q.PublishedOnly {
		f = append(f, bson.E{Key: "publishedAt", Value: bson.D{{Key: "$exists", Value: true}}})
	}
	if q.BudgetMinFen != nil {
		f = append(f, bson.E{Key: "budget.maxFen", Value: bson.D{{Key: "$gte", Value: *q.BudgetMinFen}}})
	}
	if q.BudgetMaxFen != nil {
		f = append(f, bson.E{Key: "budget.minFen", Value: bson.D{{Key: "$lte", Value: *q.BudgetMaxFen}}})
	}
	if q.DeadlineFrom != nil || q.DeadlineTo != nil {
		r := bson.D{}
		if q.DeadlineFrom != nil {
			r = append(r, bson.E{Key: "$gte", Value: *q.DeadlineFrom})
		}
		if q.DeadlineTo != nil {
			r = append(r, bson.E{Key: "$lte", Value: *q.DeadlineTo})
		}
		f = append(f, bson.E{Key: "bidDeadline", Value: r})
	}
	if q.Text != "" {
		re := bson.D{{Key: "$regex", Value: regexp.QuoteMeta(q.Text)}, {Key: "$options", Value: "i"}}
		f = append(f, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "title", Value: re}}, bson.D{{Key: "description", Value: re}}, bson.D{{Key: "code", Value: re}},
		}})
	}
	return f
}

// opportunitySort returns q's sort document: its field, then _id.
func opportunitySort(q *store.OpportunityQuery) bson.D {
	field, desc := q.SortField()
	dir := 1
	if desc {
		dir = -1
	}
	return bson.D{{Key: field, Value: dir}, {Key: "_id", Value: 1}}
}

// FindOpportunities returns one page of the listings q selects and their total.
func (db *DB) FindOpportunities(ctx context.Context, q store.OpportunityQuery) ([]*models.Opportunity, int, error) {
	page, pageSize := q.Paging()
	col := db.db.Collection(colOpportunities)
	filter := opportunityFilter(&q)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, fmt.Errorf("counting opportunities: %w", wrap(err))
	}
	cur, err := col.Find(ctx, filter, options.Find().SetSort(opportunitySort(&q)).
		SetSkip(int64((page-1)*pageSize)).SetLimit(int64(pageSize)))
	if err != nil {
		return nil, 0, fmt.Errorf("finding opportunities: %w", wrap(err))
	}
	items := []*models.Opportunity{}
	if err := cur.All(ctx, &items); err != nil {
		return nil, 0, fmt.Errorf("reading opportunities: %w", wrap(err))
	}
	return items, int(total), nil
}
