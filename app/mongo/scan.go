package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// The search index synchroniser reads documents in batches: by a list of IDs
// (one query, however many IDs: embedded FerretDB scans the collection for
// every query, so one query per batch rather than one per document), their
// versions alone, or every document of a collection through a cursor.

// OpportunitiesByIDs returns the listings with the given IDs that exist.
func (db *DB) OpportunitiesByIDs(ctx context.Context, ids []string) ([]*models.Opportunity, error) {
	out := []*models.Opportunity{}
	if err := findByIDs(ctx, db.db.Collection(colOpportunities), ids, nil, &out); err != nil {
		return nil, fmt.Errorf("reading %d opportunities: %w", len(ids), err)
	}
	return out, nil
}

// OrganizationsByIDs returns the organisations with the given IDs that exist.
func (db *DB) OrganizationsByIDs(ctx context.Context, ids []string) ([]*models.Organization, error) {
	out := []*models.Organization{}
	if err := findByIDs(ctx, db.db.Collection(colOrganizations), ids, nil, &out); err != nil {
		return nil, fmt.Errorf("reading %d organisations: %w", len(ids), err)
	}
	return out, nil
}

// OpportunityVersions returns the stored version of each listing (of those
// named, or of every listing when ids is nil); missing ones are left out.
func (db *DB) OpportunityVersions(ctx context.Context, ids []string) (map[string]int, error) {
	v, err := versions(ctx, db.db.Collection(colOpportunities), ids)
	if err != nil {
		return nil, fmt.Errorf("reading opportunity versions: %w", err)
	}
	return v, nil
}

// OrganizationVersions returns the stored version of each organisation (of
// those named, or of every one when ids is nil); missing ones are left out.
func (db *DB) OrganizationVersions(ctx context.Context, ids []string) (map[string]int, error) {
	v, err := versions(ctx, db.db.Collection(colOrganizations), ids)
	if err != nil {
		return nil, fmt.Errorf("reading organisation versions: %w", err)
	}
	return v, nil
}

// EachOpportunity calls fn with every listing, batch at a time, in no
// particular order, stopping at fn's first error.
func (db *DB) EachOpportunity(ctx context.Context, batch int, fn func([]*models.Opportunity) error) error {
	return each(ctx, db.db.Collection(colOpportunities), batch, fn)
}

// EachOrganization calls fn with every organisation, batch at a time, in no
// particular order, stopping at fn's first error.
func (db *DB) EachOrganization(ctx context.Context, batch int, fn func([]*models.Organization) error) error {
	return each(ctx, db.db.Collection(colOrganizations), batch, fn)
}

// InsertOpportunities inserts listings in bulk; benchmarks and imports use it.
func (db *DB) InsertOpportunities(ctx context.Context, list []*models.Opportunity) error {
	if len(list) == 0 {
		return nil
	}
	if _, err := db.db.Collection(colOpportunities).InsertMany(ctx, anys(list)); err != nil {
		return fmt.Errorf("inserting %d opportunities: %w", len(list), wrap(err))
	}
	return nil
}

// findByIDs decodes into out the documents of col whose _id is in ids.
func findByIDs(ctx context.Context, col *driver.Collection, ids []string, projection any, out any) error {
	if len(ids) == 0 {
		return nil
	}
	opts := options.Find()
	if projection != nil {
		opts.SetProjection(projection)
	}
	cur, err := col.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, opts)
	if err != nil {
		return wrap(err)
	}
	return wrap(cur.All(ctx, out))
}

// versions reads the version field of the documents of col named by ids
// (all of them when ids is nil).
func versions(ctx context.Context, col *driver.Collection, ids []string) (map[string]int, error) {
	var rows []struct {
		ID      string `bson:"_id"`
		Version int    `bson:"version"`
	}
	projection := bson.D{{Key: "_id", Value: 1}, {Key: "version", Value: 1}}
	if ids == nil {
		cur, err := col.Find(ctx, bson.D{}, options.Find().SetProjection(projection))
		if err != nil {
			return nil, wrap(err)
		}
		if err := cur.All(ctx, &rows); err != nil {
			return nil, wrap(err)
		}
	} else if err := findByIDs(ctx, col, ids, projection, &rows); err != nil {
		return nil, err
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.ID] = r.Version
	}
	return out, nil
}

// each streams every document of col to fn in batches.
func each[T any](ctx context.Context, col *driver.Collection, batch int, fn func([]*T) error) error {
	cur, err := col.Find(ctx, bson.D{}, options.Find().SetBatchSize(int32(batch)))
	if err != nil {
		return fmt.Errorf("scanning %s: %w", col.Name(), wrap(err))
	}
	defer cur.Close(context.WithoutCancel(ctx))
	page := make([]*T, 0, batch)
	for cur.Next(ctx) {
		v := new(T)
		if err := cur.Decode(v); err != nil {
			return fmt.Errorf("decoding %s: %w", col.Name(), err)
		}
		if page = append(page, v); len(page) == batch {
			if err := fn(page); err != nil {
				return err
			}
			page = make([]*T, 0, batch)
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("scanning %s: %w", col.Name(), wrap(err))
	}
	if len(page) > 0 {
		return fn(page)
	}
	return nil
}

// Collections returns the names of the database's collections.
func (db *DB) Collections(ctx context.Context) ([]string, error) {
	names, err := db.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("listing collections: %w", wrap(err))
	}
	return names, nil
}

// CountRaw returns how many documents a collection holds.
func (db *DB) CountRaw(ctx context.Context, collection string) (int, error) {
	n, err := db.db.Collection(collection).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("counting %s: %w", collection, wrap(err))
	}
	return int(n), nil
}

// EachRaw calls fn with every document of a collection as stored, batch
// at a time, in no particular order, stopping at fn's first error: a
// migration copies a store with it.
func (db *DB) EachRaw(ctx context.Context, collection string, batch int, fn func([]bson.Raw) error) error {
	cur, err := db.db.Collection(collection).Find(ctx, bson.D{}, options.Find().SetBatchSize(int32(batch)))
	if err != nil {
		return fmt.Errorf("scanning %s: %w", collection, wrap(err))
	}
	defer cur.Close(context.WithoutCancel(ctx))
	page := make([]bson.Raw, 0, batch)
	for cur.Next(ctx) {
		// The cursor reuses its buffer: keep a copy.
		if page = append(page, append(bson.Raw(nil), cur.Current...)); len(page) == batch {
			if err := fn(page); err != nil {
				return err
			}
			page = make([]bson.Raw, 0, batch)
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("scanning %s: %w", collection, wrap(err))
	}
	if len(page) > 0 {
		return fn(page)
	}
	return nil
}

// ImportRaw inserts raw documents, as EachRaw gives them, into a
// collection, in order, stopping at the first that fails (its key taken,
// say): a copy of another store's documents into a new one.
func (db *DB) ImportRaw(ctx context.Context, collection string, docs []bson.Raw) error {
	if len(docs) == 0 {
		return nil
	}
	if _, err := db.db.Collection(collection).InsertMany(ctx, anys(docs)); err != nil {
		return fmt.Errorf("importing %d documents into %s: %w", len(docs), collection, wrap(err))
	}
	return nil
}
