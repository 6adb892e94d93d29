package models

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Question statuses, derived from whether the buyer has answered.
const (
	QuestionOpen     = "open"
	QuestionAnswered = "answered"
)

// Limits on question text, in characters (runes), after trimming.
const (
	MaxQuestionLength = 2000
	MaxAnswerLength   = 4000
)

// Asker is who asked a question. Only operators ever see it: the buyer's
// answer is published to everyone and the asker stays anonymous.
type Asker struct {
	OrganizationID   string `bson:"organizationId"`
	OrganizationName string `bson:"organizationName"`
	UserID           string `bson:"userId"`
}

// Question is a provider's clarification question about a published
// listing, and the buyer's answer once given. Answers are final.
type Question struct {
	ID            string     `bson:"_id"`
	OpportunityID string     `bson:"opportunityId"`
	Text          string     `bson:"text"`
	AskedBy       Asker      `bson:"askedBy"`
	AskedAt       time.Time  `bson:"askedAt"`
	Answer        string     `bson:"answer,omitempty"`
	AnsweredAt    *time.Time `bson:"answeredAt,omitempty"`
	// Version is the seq of the question's latest event: 1 when asked, 2 when answered.
	Version int `bson:"version"`
}

// Answered reports whether the buyer has answered the question.
func (q *Question) Answered() bool { return q.AnsweredAt != nil }

// Status returns QuestionOpen or QuestionAnswered.
func (q *Question) Status() string {
	if q.Answered() {
		return QuestionAnswered
	}
	return QuestionOpen
}

// AskedByOrg reports whether orgID is the asking organisation.
func (q *Question) AskedByOrg(orgID string) bool {
	return orgID != "" && q.AskedBy.OrganizationID == orgID
}

// WithoutAsker returns a copy of the question with the asker's identity
// removed, as anyone but an operator may see it.
func (q *Question) WithoutAsker() *Question {
	c := *q
	c.AskedBy = Asker{}
	if q.AnsweredAt != nil {
		t := *q.AnsweredAt
		c.AnsweredAt = &t
	}
	return &c
}

// CleanQuestionText trims a question's text and checks that it is 1 to
// MaxQuestionLength characters; location names the field ("body.text").
func CleanQuestionText(location, text string) (string, []FieldError) {
	return cleanText(location, text, MaxQuestionLength, "a question must be 1 to 2000 characters")
}

// CleanAnswerText trims an answer's text and checks that it is 1 to
// MaxAnswerLength characters; location names the field ("body.text").
func CleanAnswerText(location, text string) (string, []FieldError) {
	return cleanText(location, text, MaxAnswerLength, "an answer must be 1 to 4000 characters")
}

// cleanText trims text and checks its length in characters.
func cleanText(location, text string, limit int, message string) (string, []FieldError) {
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n == 0 || n > limit {
		return text, []FieldError{{Location: location, Message: message}}
	}
	return text, nil
}
