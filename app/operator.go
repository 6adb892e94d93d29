package app

import (
	"context"
	"fmt"

	"market/app/auth"
	"market/models"
)

// CreateOperator creates a platform operator account. An empty password gets
// a generated one, which is returned so it can be shown once.
func (a *App) CreateOperator(ctx context.Context, email, password, displayName string) (*models.User, string, error) {
	normalized, err := normalizeEmail(email)
	if err != nil {
		return nil, "", models.Invalid(models.FieldError{Location: "email", Message: err.Error()})
	}
	if password == "" {
		password = auth.RandomToken(18)
	}
	if errs := validatePassword("password", password); len(errs) > 0 {
		return nil, "", models.Invalid(errs...)
	}
	if displayName == "" {
		displayName = "Operator"
	}
	hash, _, err := a.hashPassword(ctx, password)
	if err != nil {
		return nil, "", fmt.Errorf("hashing password: %w", err)
	}
	u := &models.User{ID: models.NewID(), Email: normalized, DisplayName: displayName, Role: models.RoleOperator, PasswordHash: hash, CreatedAt: a.Now()}
	if err := a.db.CreateUser(ctx, u); err != nil {
		return nil, "", err
	}
	return u, password, nil
}
