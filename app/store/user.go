package store

import (
	"context"

	"market/models"
)

// Users are the accounts; emails are unique.
type Users interface {
	// CreateUser inserts a user; a taken email gives a conflict.
	CreateUser(ctx context.Context, u *models.User) error
	// DeleteUser removes a user; registration uses it to undo a half-made account.
	DeleteUser(ctx context.Context, id string) error
	// UserByID returns a user, or not_found.
	UserByID(ctx context.Context, id string) (*models.User, error)
	// UserByEmail returns the user with the given (normalised) email, or not_found.
	UserByEmail(ctx context.Context, email string) (*models.User, error)
	// CountUsers returns how many accounts exist.
	CountUsers(ctx context.Context) (int, error)
}
