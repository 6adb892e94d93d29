// Package mongo stores the marketplace in MongoDB through mongo-driver v2,
// or in the embedded FerretDB server that speaks the same protocol.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"market/app/store"
	"market/models"
)

// Collection names.
const (
	colUsers           = "users"
	colOrganizations   = "organizations"
	colRefreshTokens   = "refresh_tokens"
	colRefreshFamilies = "refresh_families"
	colEvents          = "events"
	colOpportunities   = "opportunities"
	colCodes           = "codes"
	colLeases          = "leases"
	colQuestions       = "questions"
	colBids            = "bids"
	colBidSlots        = "bid_slots"
	colIdempotency     = "idempotency"
	colNotifications   = "notifications"
)

// opTimeout bounds every database call that has no shorter deadline.
const opTimeout = 10 * time.Second

// DB is the marketplace's document store.
type DB struct {
	client *driver.Client
	db     *driver.Database
}

// The compile-time checks that DB is a store.
var (
	_ store.Store    = (*DB)(nil)
	_ store.Tamperer = (*DB)(nil)
)

// Open connects to the server at uri, uses the named database, checks that
// the server answers and creates the indexes.
func Open(ctx context.Context, uri, database string) (*DB, error) {
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(5 * time.Second).
		SetConnectTimeout(5 * time.Second).
		SetTimeout(opTimeout)
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("MONGODB_URI: %w", err)
	}
	client, err := driver.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("connecting to MongoDB: %w", err)
	}
	db := &DB{client: client, db: client.Database(database)}
	if err := db.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("reaching MongoDB: %w", err)
	}
	if err := db.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return db, nil
}

// Close disconnects from the server.
func (db *DB) Close(ctx context.Context) error {
	if err := db.client.Disconnect(ctx); err != nil {
		return fmt.Errorf("disconnecting from MongoDB: %w", err)
	}
	return nil
}

// Ping checks that the server answers.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return db.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}

// Drop deletes the whole database; tests use it to clean up.
func (db *DB) Drop(ctx context.Context) error {
	return db.db.Drop(ctx)
}

// ensureIndexes creates the indexes every invariant relies on; it is idempotent.
func (db *DB) ensureIndexes(ctx context.Context) error {
	// Indexes are named as MongoDB names them by default: key_1[_key_1…].
	index := func(unique bool, keys ...string) indexSpec {
		d, names := bson.D{}, []string{}
		for _, k := range keys {
			d = append(d, bson.E{Key: k, Value: 1})
			names = append(names, k+"_1")
		}
		name := strings.Join(names, "_")
		return indexSpec{name, driver.IndexModel{Keys: d, Options: options.Index().SetUnique(unique).SetName(name)}}
	}
	unique := func(keys ...string) indexSpec { return index(true, keys...) }
	plain := func(keys ...string) indexSpec { return index(false, keys...) }
	// Every query a request makes has an index here: by owner, then by the
	// order it reads in.
	indexes := map[string][]indexSpec{
		colUsers:           {unique("email"), plain("organizationId")},
		colOrganizations:   {unique("creditCode"), plain("verification", "createdAt"), plain("kind", "verification")},
		colRefreshTokens:   {unique("parent"), plain("family")},
		colRefreshFamilies: {plain("userId")},
		colEvents:          {unique("stream", "seq"), plain("public", "at")},
		colOpportunities: {unique("code"), plain("status", "bidDeadline"), plain("status", "updatedAt"),
			plain("buyer.id", "updatedAt"), plain("publishedAt")},
		colLeases:        {plain("name", "slot")},
		colQuestions:     {plain("opportunityId", "askedAt")},
		colBids:          {plain("opportunityId", "submittedAt"), plain("bidder.id", "submittedAt")},
		colBidSlots:      {plain("opportunityId")},
		colNotifications: {plain("organizationId", "createdAt"), plain("organizationId", "read")},
		colIndexQueue:    {plain("at")},
		colSavedSearches: {unique("userId", "slot")},
		colFollows:       {plain("opportunityId", "createdAt"), plain("userId", "createdAt")},
		colAlertQueue:    {plain("at")},
		colAlertDigest:   {plain("at")},
		colMailQueue:     {plain("nextAt")},
		colMailClaims:    {plain("at")},
	}
	for col, specs := range indexes {
		if err := db.createMissingIndexes(ctx, col, specs); err != nil {
			return err
		}
	}
	return nil
}

// createMissingIndexes creates, one by one, the indexes of col that do not
// exist yet. FerretDB v1 panics on a createIndexes command that names an
// index it already has alongside others, so existing ones are never resent.
func (db *DB) createMissingIndexes(ctx context.Context, col string, want []indexSpec) error {
	iv := db.db.Collection(col).Indexes()
	specs, err := iv.ListSpecifications(ctx)
	if err != nil {
		return fmt.Errorf("listing indexes of %s: %w", col, wrap(err))
	}
	have := make(map[string]bool, len(specs))
	for _, s := range specs {
		have[s.Name] = true
	}
	for _, w := range want {
		if have[w.name] {
			continue
		}
		if _, err := iv.CreateOne(ctx, w.model); err != nil {
			return fmt.Errorf("creating index on %s: %w", col, wrap(err))
		}
	}
	return nil
}

// indexSpec is an index with its name, by which existing ones are recognised.
type indexSpec struct {
	name  string
	model driver.IndexModel
}

// wrap turns driver errors into application errors where the caller can act
// on them: a duplicate key is a conflict, an unreachable server is unavailable.
func wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, driver.ErrNoDocuments):
		return models.Errorf(models.ENOTFOUND, "not found")
	case driver.IsDuplicateKeyError(err):
		return &models.Error{Code: models.ECONFLICT, Message: "already exists"}
	case driver.IsNetworkError(err), driver.IsTimeout(err), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, driver.ErrClientDisconnected), errors.As(err, new(topology.ServerSelectionError)):
		return fmt.Errorf("%w (%w)", models.Errorf(models.EUNAVAILABLE, "the database is unavailable; nothing was written"), err)
	}
	return err
}
