package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// CreateNotifications inserts notifications.
func (db *DB) CreateNotifications(ctx context.Context, ns []*models.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	if _, err := db.db.Collection(colNotifications).InsertMany(ctx, ns); err != nil {
		return fmt.Errorf("inserting notifications: %w", wrap(err))
	}
	return nil
}

// ListNotifications returns one page of an organisation's notifications,
// newest first, the total and how many are unread.
func (db *DB) ListNotifications(ctx context.Context, orgID string, page, pageSize int) ([]*models.Notification, int, int, error) {
	col := db.db.Collection(colNotifications)
	mine := bson.D{{Key: "organizationId", Value: orgID}}
	total, err := col.CountDocuments(ctx, mine)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("counting notifications: %w", wrap(err))
	}
	unread, err := col.CountDocuments(ctx, append(mine, bson.E{Key: "read", Value: false}))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("counting unread notifications: %w", wrap(err))
	}
	cur, err := col.Find(ctx, mine, options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: 1}}).
		SetSkip(int64((page-1)*pageSize)).SetLimit(int64(pageSize)))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("listing notifications: %w", wrap(err))
	}
	items := []*models.Notification{}
	if err := cur.All(ctx, &items); err != nil {
		return nil, 0, 0, fmt.Errorf("reading notifications: %w", wrap(err))
	}
	return items, int(total), int(unread), nil
}

// MarkNotificationRead marks one of an organisation's notifications read.
// Setting a flag to true is idempotent, so no lock is needed.
func (db *DB) MarkNotificationRead(ctx context.Context, orgID, id string) error {
	res, err := db.db.Collection(colNotifications).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "organizationId", Value: orgID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "read", Value: true}}}})
	if err != nil {
		return fmt.Errorf("marking notification read: %w", wrap(err))
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ENOTFOUND, "notification not found")
	}
	return nil
}
