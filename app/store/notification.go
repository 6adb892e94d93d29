package store

import (
	"context"

	"market/models"
)

// Notifications are organisations' inboxes.
type Notifications interface {
	// CreateNotifications inserts notifications.
	CreateNotifications(ctx context.Context, ns []*models.Notification) error
	// ListNotifications returns one page of an organisation's
	// notifications, newest first (ties by ID), with their total and how
	// many are unread.
	ListNotifications(ctx context.Context, orgID string, page, pageSize int) (items []*models.Notification, total, unread int, err error)
	// MarkNotificationRead marks one of an organisation's notifications
	// read; another organisation's, or an unknown one, is not_found.
	MarkNotificationRead(ctx context.Context, orgID, id string) error
}
