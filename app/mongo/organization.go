package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// CreateOrganization inserts an organisation; a registered credit code gives a conflict.
func (db *DB) CreateOrganization(ctx context.Context, o *models.Organization) error {
	if _, err := db.db.Collection(colOrganizations).InsertOne(ctx, o); err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ECONFLICT {
			return models.Errorf(models.ECONFLICT, "an organisation with this credit code is already registered")
		}
		return fmt.Errorf("inserting organisation: %w", err)
	}
	return nil
}

// OrganizationByID returns the organisation with the given id.
func (db *DB) OrganizationByID(ctx context.Context, id string) (*models.Organization, error) {
	return byID[models.Organization](ctx, db, colOrganizations, id, "organisation")
}

// OrganizationFilter selects organisations for a list; empty fields match all.
type OrganizationFilter struct {
	Verification string
	Page         int
	PageSize     int
}

// ListOrganizations returns one page of organisations, oldest first, and the total.
func (db *DB) ListOrganizations(ctx context.Context, f OrganizationFilter) ([]*models.Organization, int, error) {
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

// ReplaceOrganization stores o if the stored version is still prev;
// otherwise it returns a conflict. Callers hold the organisation's lock
// (Lock("org:"+id)) and have recorded the event for o.Version first.
func (db *DB) ReplaceOrganization(ctx context.Context, o *models.Organization, prev int) error {
	return replaceAtVersion(ctx, db, colOrganizations, o.ID, prev, o, "organisation")
}

// DeleteOrganization removes an organisation; registration uses it to undo
// a half-made account.
func (db *DB) DeleteOrganization(ctx context.Context, id string) error {
	if _, err := db.db.Collection(colOrganizations).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("deleting organisation %s: %w", id, wrap(err))
	}
	return nil
}
