package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// OrganizationByID returns the organisation with the given id.
func (db *DB) OrganizationByID(ctx context.Context, id string) (*models.Organization, error) {
	return byID[models.Organization](ctx, db, colOrganizations, id, "organisation")
}

// ListOrganizations returns one page of organisations, oldest first, and the total.
func (db *DB) ListOrganizations(ctx context.Context, f store.OrganizationFilter) ([]*models.Organization, int, error) {
	filter := bson.D{}
	if f.Verification != "" {
		filter = append(filter, bson.E{Key: "verification", Value: f.Verification})
	}
	col := db.db.Collection(colOrganizations)
	total, err := col.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, fmt.Errorf("counting organisations: %w", wrap(err))
	}
	opts := options.Find().
		SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}).
		SetSkip(int64((f.Page - 1) * f.PageSize)).
		SetLimit(int64(f.PageSize))
	cur, err := col.Find(ctx, filter, opts)
	if err != nil {
		return nil, 0, fmt.Errorf("listing organisations: %w", wrap(err))
	}
	orgs := []*models.Organization{}
	if err := cur.All(ctx, &orgs); err != nil {
		return nil, 0, fmt.Errorf("reading organisations: %w", wrap(err))
	}
	return orgs, int(total), nil
}
