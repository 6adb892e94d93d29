package store

import (
	"context"

	"market/models"
)

// Questions are created and answered by Commit.
type Questions interface {
	// QuestionByID returns a question, or not_found.
	QuestionByID(ctx context.Context, id string) (*models.Question, error)
	// QuestionsByOpportunity returns every question about a listing, oldest first (ties by ID).
	QuestionsByOpportunity(ctx context.Context, opportunityID string) ([]*models.Question, error)
}
