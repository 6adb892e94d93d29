package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// notificationsTable stores organisations' inboxes; notification_counts,
// kept by triggers, holds each inbox's total and unread count.
func notificationsTable() table[models.Notification] {
	return table[models.Notification]{name: "notifications", columns: []string{"id", "organization_id", "created_at", "read"},
		values: func(n *models.Notification) []any {
			return []any{n.ID, n.OrganizationID, ms(n.CreatedAt), boolInt(n.Read)}
		}}
}

// CreateNotifications inserts notifications, all or none.
func (db *DB) CreateNotifications(ctx context.Context, ns []*models.Notification) error {
	if len(ns) == 0 {
		return nil
	}
	t := notificationsTable()
	rows, err := rowsOf(t, ns)
	if err != nil {
		return fmt.Errorf("inserting notifications: %w", err)
	}
	if err := db.write(ctx, func(tx *sql.Tx) error { return db.insertRows(ctx, tx, t, "INSERT", rows) }); err != nil {
		return fmt.Errorf("inserting notifications: %w", err)
	}
	return nil
}

// ListNotifications returns one page of an organisation's notifications,
// newest first (ties by ID), with their total and how many are unread,
// read in one snapshot. The counts come from notification_counts, so a
// page costs the same however many notifications the inbox holds.
func (db *DB) ListNotifications(ctx context.Context, orgID string, page, pageSize int) ([]*models.Notification, int, int, error) {
	page, limit := max(page, 1), pageSize
	if limit < 1 {
		limit = -1 // no limit, as MongoDB reads a limit of 0
	}
	offset := 0
	if limit > 0 {
		offset = (page - 1) * limit
	}
	// Statements are prepared before the transaction holds a connection.
	counts, err := db.rstmts.get(ctx, "SELECT total, unread FROM notification_counts WHERE organization_id = ?")
	if err != nil {
		return nil, 0, 0, fmt.Errorf("counting notifications: %w", err)
	}
	list, err := db.rstmts.get(ctx, "SELECT doc FROM notifications WHERE organization_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
	if err != nil {
		return nil, 0, 0, fmt.Errorf("listing notifications: %w", err)
	}
	tx, err := db.reader.BeginTx(ctx, nil)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("listing notifications: %w", wrap(err))
	}
	defer func() { _ = tx.Rollback() }()
	var total, unread int
	switch err := tx.StmtContext(ctx, counts).QueryRowContext(ctx, orgID).Scan(&total, &unread); {
	case err == sql.ErrNoRows:
		return []*models.Notification{}, 0, 0, nil
	case err != nil:
		return nil, 0, 0, fmt.Errorf("counting notifications: %w", wrap(err))
	}
	rows, err := tx.StmtContext(ctx, list).QueryContext(ctx, orgID, limit, offset)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("listing notifications: %w", wrap(err))
	}
	items, err := scanDocs[models.Notification](rows, "notification")
	if err != nil {
		return nil, 0, 0, fmt.Errorf("listing notifications: %w", err)
	}
	return items, total, unread, nil
}

// MarkNotificationRead marks one of an organisation's notifications
// read; another organisation's, or an unknown one, is not_found.
func (db *DB) MarkNotificationRead(ctx context.Context, orgID, id string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		var owner string
		if err := db.txQueryRow(ctx, tx, "SELECT organization_id FROM notifications WHERE id = ?", id).Scan(&owner); err != nil {
			if err = wrap(err); models.ErrorCode(err) == models.ENOTFOUND {
				return notFound("notification")
			}
			return err
		}
		if owner != orgID {
			return notFound("notification")
		}
		_, err := db.patchRow(ctx, tx, "notifications", id, "read = ?", []any{1}, bson.E{Key: "read", Value: true})
		return err
	})
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND {
			return err
		}
		return fmt.Errorf("marking notification %s read: %w", id, err)
	}
	return nil
}
