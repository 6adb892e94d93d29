package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// CreateUser inserts a user; a taken email gives a conflict error.
func (db *DB) CreateUser(ctx context.Context, u *models.User) error {
	if _, err := db.db.Collection(colUsers).InsertOne(ctx, u); err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ECONFLICT {
			return models.Errorf(models.ECONFLICT, "an account with this email already exists")
		}
		return fmt.Errorf("inserting user: %w", err)
	}
	return nil
}

// DeleteUser removes a user; registration uses it to undo a half-made account.
func (db *DB) DeleteUser(ctx context.Context, id string) error {
	if _, err := db.db.Collection(colUsers).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("deleting user: %w", wrap(err))
	}
	return nil
}

// UserByID returns the user with the given id.
func (db *DB) UserByID(ctx context.Context, id string) (*models.User, error) {
	return db.findUser(ctx, bson.D{{Key: "_id", Value: id}})
}

// UserByEmail returns the user with the given (normalised) email.
func (db *DB) UserByEmail(ctx context.Context, email string) (*models.User, error) {
	return db.findUser(ctx, bson.D{{Key: "email", Value: email}})
}

func (db *DB) findUser(ctx context.Context, filter bson.D) (*models.User, error) {
	var u models.User
	if err := db.db.Collection(colUsers).FindOne(ctx, filter).Decode(&u); err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ENOTFOUND {
			return nil, models.Errorf(models.ENOTFOUND, "user not found")
		}
		return nil, fmt.Errorf("finding user: %w", err)
	}
	return &u, nil
}

// CountUsers returns how many accounts exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	n, err := db.db.Collection(colUsers).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("counting users: %w", wrap(err))
	}
	return int(n), nil
}
