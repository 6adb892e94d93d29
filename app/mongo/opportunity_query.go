package mongo

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// OpportunityQuery selects listings straight from the database, for the
// lists that the search index does not hold (an organisation's own drafts,
// the operators' review queue). Every query scans the collection on
// embedded FerretDB: public searches go to the search engine instead.
// Empty fields match everything.
type OpportunityQuery struct {
	// Text is matched, case-insensitively and literally, against the title,
	// the description and the code.
	Text         string
	Statuses     []string
	Kinds        []string
	Domains      []string
	Districts    []string
	Capabilities []string // any of them
	Scenarios    []string // any of them
	BuyerID      string
	SMEOnly      *bool
	// PublishedOnly keeps listings that were published at some time.
	PublishedOnly bool
	// BudgetMinFen keeps listings whose budget reaches it (maxFen ≥ it);
	// BudgetMaxFen those whose budget starts at or below it (minFen ≤ it).
	BudgetMinFen, BudgetMaxFen *int64
	DeadlineFrom, DeadlineTo   *time.Time
	// Sort is a field name, "-" first for descending: bidDeadline,
	// publishedAt, budget.maxFen or updatedAt (the default, descending).
	Sort     string
	Page     int
	PageSize int
}

// filter builds the query document; values are always literals.
func (q *OpportunityQuery) filter() bson.D {
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

// sort returns the sort document: the requested field, then _id.
func (q *OpportunityQuery) sort() bson.D {
	field, dir := "updatedAt", -1
	if q.Sort != "" {
		field, dir = q.Sort, 1
		if field[0] == '-' {
			field, dir = field[1:], -1
		}
	}
	switch field {
	case "bidDeadline", "publishedAt", "budget.maxFen", "updatedAt":
	default:
		field, dir = "updatedAt", -1
	}
	return bson.D{{Key: field, Value: dir}, {Key: "_id", Value: 1}}
}

// FindOpportunities returns one page of the listings q selects and their total.
func (db *DB) FindOpportunities(ctx context.Context, q OpportunityQuery) ([]*models.Opportunity, int, error) {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PageSize < 1 {
		q.PageSize = 20
	}
	col := db.db.Collection(colOpportunities)
	filter := q.filter()
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, fmt.Errorf("counting opportunities: %w", wrap(err))
	}
	cur, err := col.Find(ctx, filter, options.Find().SetSort(q.sort()).
		SetSkip(int64((q.Page-1)*q.PageSize)).SetLimit(int64(q.PageSize)))
	if err != nil {
		return nil, 0, fmt.Errorf("finding opportunities: %w", wrap(err))
	}
	items := []*models.Opportunity{}
	if err := cur.All(ctx, &items); err != nil {
		return nil, 0, fmt.Errorf("reading opportunities: %w", wrap(err))
	}
	return items, int(total), nil
}
