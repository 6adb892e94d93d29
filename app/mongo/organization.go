package mongo

import (
	"context"
	"fmt"
	"time"

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
	var o models.Organization
	err := db.db.Collection(colOrganizations).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&o)
	if err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ENOTFOUND {
			return nil, models.Errorf(models.ENOTFOUND, "organisation not found")
		}
		return nil, fmt.Errorf("finding organisation: %w", err)
	}
	return &o, nil
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

// UpdateOrganization loads an organisation, lets change modify it, and writes
// it back with its version bumped, with writers of one organisation serialised.
// change returns an error to abandon the update. The write is conditional on
// the version read, so a concurrent writer in another process gives a
// conflict instead of a lost update.
func (db *DB) UpdateOrganization(ctx context.Context, id string, now time.Time, change func(*models.Organization) error) (*models.Organization, error) {
	defer db.locks.Lock("org:" + id)()
	o, err := db.OrganizationByID(ctx, id)
	if err != nil {
		return nil, err
	}
	prev := o.Version
	if err := change(o); err != nil {
		return nil, err
	}
	o.Version = prev + 1
	o.UpdatedAt = now.UTC().Truncate(time.Millisecond)
	res, err := db.db.Collection(colOrganizations).ReplaceOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "version", Value: prev}}, o)
	if err != nil {
		return nil, fmt.Errorf("updating organisation: %w", wrap(err))
	}
	if res.MatchedCount == 0 {
		return nil, models.Errorf(models.ECONFLICT, "the organisation was changed concurrently; try again")
	}
	return o, nil
}
