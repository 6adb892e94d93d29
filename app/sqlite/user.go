package sqlite

import (
	"context"
	"fmt"

	"market/models"
)

// usersTable stores accounts; emails are unique.
func usersTable() table[models.User] {
	return table[models.User]{name: "users", columns: []string{"id", "email", "organization_id"},
		values: func(u *models.User) []any { return []any{u.ID, u.Email, u.OrganizationID} }}
}

// CreateUser inserts a user; a taken email gives a conflict.
func (db *DB) CreateUser(ctx context.Context, u *models.User) error {
	t := usersTable()
	row, err := t.row(u)
	if err != nil {
		return fmt.Errorf("inserting user: %w", err)
	}
	if _, err := db.exec(ctx, nil, t.insertSQL("INSERT"), row...); err != nil {
		if isUnique(err) {
			return models.Errorf(models.ECONFLICT, "an account with this email already exists")
		}
		return fmt.Errorf("inserting user: %w", err)
	}
	return nil
}

// DeleteUser removes a user; registration uses it to undo a half-made account.
func (db *DB) DeleteUser(ctx context.Context, id string) error {
	if _, err := db.exec(ctx, nil, "DELETE FROM users WHERE id = ?", id); err != nil {
		return fmt.Errorf("deleting user %s: %w", id, err)
	}
	return nil
}

// UserByID returns a user, or not_found.
func (db *DB) UserByID(ctx context.Context, id string) (*models.User, error) {
	return readOne[models.User](ctx, db, "user", id, "SELECT doc FROM users WHERE id = ?", id)
}

// UserByEmail returns the user with the given (normalised) email, or not_found.
func (db *DB) UserByEmail(ctx context.Context, email string) (*models.User, error) {
	return readOne[models.User](ctx, db, "user", "by email", "SELECT doc FROM users WHERE email = ?", email)
}

// CountUsers returns how many accounts exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	n, err := db.count(ctx, "SELECT count(*) FROM users")
	if err != nil {
		return 0, fmt.Errorf("counting users: %w", err)
	}
	return n, nil
}
