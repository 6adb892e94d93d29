package sqlite

import (
	"context"
	"fmt"

	"market/models"
)

// questionsTable stores clarification questions by listing.
func questionsTable() table[models.Question] {
	return table[models.Question]{name: "questions", columns: []string{"id", "opportunity_id", "asked_at", "version"},
		values: func(q *models.Question) []any { return []any{q.ID, q.OpportunityID, ms(q.AskedAt), q.Version} }}
}

// QuestionByID returns a question, or not_found.
func (db *DB) QuestionByID(ctx context.Context, id string) (*models.Question, error) {
	return readByID[models.Question](ctx, db, "questions", "question", id)
}

// QuestionsByOpportunity returns every question about a listing, oldest first (ties by ID).
func (db *DB) QuestionsByOpportunity(ctx context.Context, opportunityID string) ([]*models.Question, error) {
	out, err := readAll[models.Question](ctx, db, "question",
		"SELECT doc FROM questions WHERE opportunity_id = ? ORDER BY asked_at, id", opportunityID)
	if err != nil {
		return nil, fmt.Errorf("listing questions of %s: %w", opportunityID, err)
	}
	return out, nil
}
