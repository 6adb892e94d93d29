package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// Lock serialises read-modify-write sequences on one aggregate in this
// process (see KeyedMutex) and returns the unlock function.
func (db *DB) Lock(key string) (unlock func()) { return db.locks.Lock(key) }

// CreateOpportunity inserts a new listing.
func (db *DB) CreateOpportunity(ctx context.Context, o *models.Opportunity) error {
	if _, err := db.db.Collection(colOpportunities).InsertOne(ctx, o); err != nil {
		return fmt.Errorf("inserting opportunity: %w", wrap(err))
	}
	return nil
}

// OpportunityByID returns a listing.
func (db *DB) OpportunityByID(ctx context.Context, id string) (*models.Opportunity, error) {
	return byID[models.Opportunity](ctx, db, colOpportunities, id, "opportunity")
}

// ReplaceOpportunity stores o if the stored version is still prev; otherwise
// it returns a conflict.
func (db *DB) ReplaceOpportunity(ctx context.Context, o *models.Opportunity, prev int) error {
	return replaceAtVersion(ctx, db, colOpportunities, o.ID, prev, o, "opportunity")
}

// OpportunityFilter selects listings for a list.
type OpportunityFilter struct {
	Statuses []string // any of these
	Kind     string
	BuyerID  string
	// PublishedOnly keeps only listings that were published at some time.
	PublishedOnly bool
	// OwnStatuses, with OwnerID, adds the owner's own listings in these
	// statuses to those the other fields select.
	OwnStatuses []string
	OwnerID     string
	Page        int
	PageSize    int
}

// ListOpportunities returns one page of listings, newest first, and the total.
func (db *DB) ListOpportunities(ctx context.Context, f OpportunityFilter) ([]*models.Opportunity, int, error) {
	filter := bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: f.Statuses}}}}
	if f.BuyerID != "" {
		filter = append(filter, bson.E{Key: "buyer.id", Value: f.BuyerID})
	}
	if f.PublishedOnly {
		filter = append(filter, bson.E{Key: "publishedAt", Value: bson.D{{Key: "$exists", Value: true}}})
	}
	if len(f.OwnStatuses) > 0 && f.OwnerID != "" {
		own := bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: f.OwnStatuses}}}, {Key: "buyer.id", Value: f.OwnerID}}
		filter = bson.D{{Key: "$or", Value: bson.A{filter, own}}}
	}
	if f.Kind != "" {
		filter = append(filter, bson.E{Key: "kind", Value: f.Kind})
	}
	col := db.db.Collection(colOpportunities)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, fmt.Errorf("counting opportunities: %w", wrap(err))
	}
	cur, err := col.Find(ctx, filter, options.Find().
		SetSort(bson.D{{Key: "updatedAt", Value: -1}, {Key: "_id", Value: 1}}).
		SetSkip(int64((f.Page-1)*f.PageSize)).SetLimit(int64(f.PageSize)))
	if err != nil {
		return nil, 0, fmt.Errorf("listing opportunities: %w", wrap(err))
	}
	items := []*models.Opportunity{}
	if err := cur.All(ctx, &items); err != nil {
		return nil, 0, fmt.Errorf("reading opportunities: %w", wrap(err))
	}
	return items, int(total), nil
}

// DueForClosing returns the ids of published listings whose deadline is at or before now.
func (db *DB) DueForClosing(ctx context.Context, now time.Time) ([]string, error) {
	cur, err := db.db.Collection(colOpportunities).Find(ctx, bson.D{
		{Key: "status", Value: models.StatusPublished},
		{Key: "bidDeadline", Value: bson.D{{Key: "$lte", Value: now}}},
	}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("finding listings due to close: %w", wrap(err))
	}
	var rows []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("reading listings due to close: %w", wrap(err))
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, nil
}
