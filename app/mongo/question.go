package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// QuestionByID returns a question.
func (db *DB) QuestionByID(ctx context.Context, id string) (*models.Question, error) {
	return byID[models.Question](ctx, db, colQuestions, id, "question")
}

// QuestionsByOpportunity returns every question about a listing, oldest first.
func (db *DB) QuestionsByOpportunity(ctx context.Context, opportunityID string) ([]*models.Question, error) {
	cur, err := db.db.Collection(colQuestions).Find(ctx, bson.D{{Key: "opportunityId", Value: opportunityID}},
		options.Find().SetSort(bson.D{{Key: "askedAt", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("listing questions of %s: %w", opportunityID, wrap(err))
	}
	items := []*models.Question{}
	if err := cur.All(ctx, &items); err != nil {
		return nil, fmt.Errorf("reading questions of %s: %w", opportunityID, wrap(err))
	}
	return items, nil
}
