package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// questionAskerBody names who asked a question; operators only.
type questionAskerBody struct {
	OrganizationID   string `json:"organizationId"`
	OrganizationName string `json:"organizationName"`
	UserID           string `json:"userId"`
}

// questionBody is a clarification question as the API shows it.
type questionBody struct {
	ID            string             `json:"id"`
	OpportunityID string             `json:"opportunityId"`
	Text          string             `json:"text"`
	Answer        string             `json:"answer,omitempty" doc:"The buyer's answer, public once given"`
	AskedAt       time.Time          `json:"askedAt"`
	AnsweredAt    *time.Time         `json:"answeredAt,omitempty"`
	Status        string             `json:"status" enum:"open,answered"`
	Mine          bool               `json:"mine,omitempty" doc:"True when the caller's organisation asked it"`
	AskedBy       *questionAskerBody `json:"askedBy,omitempty" doc:"Who asked; shown to operators only"`
}

// newQuestionBody shows a question as the app prepared it for the caller:
// the asker is known only for operators.
func newQuestionBody(v app.QuestionView) *questionBody {
	q := v.Question
	b := &questionBody{
		ID: q.ID, OpportunityID: q.OpportunityID, Text: q.Text, Answer: q.Answer,
		AskedAt: q.AskedAt, AnsweredAt: q.AnsweredAt, Status: q.Status(), Mine: v.Mine,
	}
	if a := q.AskedBy; a != (models.Asker{}) {
		b.AskedBy = &questionAskerBody{OrganizationID: a.OrganizationID, OrganizationName: a.OrganizationName, UserID: a.UserID}
	}
	return b
}

type questionOutput struct {
	Body *questionBody
}

type questionListOutput struct {
	Body struct {
		Items []*questionBody `json:"items"`
	}
}

type questionListInput struct {
	ID string `path:"id" maxLength:"64"`
}

type askQuestionInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Text string `json:"text" minLength:"1" maxLength:"2000" doc:"The question; surrounding space is trimmed"`
	}
}

type answerQuestionInput struct {
	ID         string `path:"id" maxLength:"64"`
	QuestionID string `path:"questionId" maxLength:"64"`
	Body       struct {
		Text string `json:"text" minLength:"1" maxLength:"4000" doc:"The answer, published to everyone; it cannot be changed"`
	}
}

// registerQuestions registers the clarification question routes.
func (s *Server) registerQuestions() {
	tags := []string{"Questions"}
	huma.Register(s.api, huma.Operation{
		OperationID: "askQuestion", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/questions", Tags: tags,
		Summary: "Ask the buyer a clarification question (verified providers)", Security: bearer(),
		Description: "Members of a verified enterprise other than the buyer may ask while the listing is published and " +
			"before its deadline (after it: 409 deadline_passed; in any other status: 409 invalid_state). " +
			"The question stays private until answered; who asked is never shown but to operators.",
		DefaultStatus: http.StatusCreated,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict,
			http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *askQuestionInput) (*questionOutput, error) {
		v, err := s.app.AskQuestion(ctx, actor, in.ID, in.Body.Text)
		if err != nil {
			return nil, err
		}
		return &questionOutput{Body: newQuestionBody(*v)}, nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "listQuestions", Method: http.MethodGet, Path: "/api/v1/opportunities/{id}/questions", Tags: tags,
		Summary: "A listing's questions, oldest first",
		Description: "Answered questions for everyone who can see the listing; the caller's organisation also sees its " +
			"own unanswered ones (marked mine); the buyer's organisation and operators see all. " +
			"Only operators see who asked.",
		Errors: []int{http.StatusNotFound},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *questionListInput) (*questionListOutput, error) {
		views, err := s.app.Questions(ctx, actor, in.ID)
		if err != nil {
			return nil, err
		}
		out := &questionListOutput{}
		out.Body.Items = make([]*questionBody, 0, len(views))
		for _, v := range views {
			out.Body.Items = append(out.Body.Items, newQuestionBody(v))
		}
		return out, nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "answerQuestion", Method: http.MethodPost, Path: "/api/v1/opportunities/{id}/questions/{questionId}/answer", Tags: tags,
		Summary: "Answer a question publicly (the buyer's organisation)", Security: bearer(),
		Description: "Allowed while the listing is published or closed. Answers are final: answering again gives " +
			"409 invalid_state, as does a listing that is awarded, completed, unsuccessful or cancelled.",
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict,
			http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *answerQuestionInput) (*questionOutput, error) {
		v, err := s.app.AnswerQuestion(ctx, actor, in.ID, in.QuestionID, in.Body.Text)
		if err != nil {
			return nil, err
		}
		return &questionOutput{Body: newQuestionBody(*v)}, nil
	}))
}
