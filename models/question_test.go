package models_test

import (
	"strings"
	"testing"
	"time"

	"market/models"
)

func TestCleanQuestionText(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"chinese kept as is", "请问是否需要支持国产化数据库？", "请问是否需要支持国产化数据库？", true},
		{"trimmed", " \n\t Is on-premise hosting required?  \r\n", "Is on-premise hosting required?", true},
		{"inner line breaks kept", "第一，\n第二。", "第一，\n第二。", true},
		{"empty", "", "", false},
		{"blank", " \t\n\u3000", "", false}, // U+3000 is the ideographic space
		{"2000 characters of 3 bytes each", strings.Repeat("问", 2000), strings.Repeat("问", 2000), true},
		{"2001 characters", strings.Repeat("问", 2001), strings.Repeat("问", 2001), false},
		{"2000 after trimming", "  " + strings.Repeat("a", 2000) + "  ", strings.Repeat("a", 2000), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := models.CleanQuestionText("body.text", tt.in)
			if got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
			if ok := len(errs) == 0; ok != tt.ok {
				t.Fatalf("errors %v, want ok=%v", errs, tt.ok)
			}
			if !tt.ok && (len(errs) != 1 || errs[0].Location != "body.text") {
				t.Errorf("errors %v, want one at body.text", errs)
			}
		})
	}
}

func TestCleanAnswerText(t *testing.T) {
	if _, errs := models.CleanAnswerText("body.text", strings.Repeat("答", models.MaxAnswerLength)); len(errs) != 0 {
		t.Errorf("a %d-character answer: %v", models.MaxAnswerLength, errs)
	}
	if _, errs := models.CleanAnswerText("body.text", strings.Repeat("答", models.MaxAnswerLength+1)); len(errs) != 1 {
		t.Errorf("a %d-character answer was accepted", models.MaxAnswerLength+1)
	}
	if _, errs := models.CleanAnswerText("body.text", "   "); len(errs) != 1 {
		t.Error("a blank answer was accepted")
	}
}

func TestQuestionStatusAndAsker(t *testing.T) {
	q := &models.Question{
		ID: "q1", OpportunityID: "o1", Text: "问题", Version: 1,
		AskedBy: models.Asker{OrganizationID: "org-a", OrganizationName: "甲公司", UserID: "u1"},
		AskedAt: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC),
	}
	if q.Answered() || q.Status() != models.QuestionOpen {
		t.Fatalf("new question: answered %v, status %s", q.Answered(), q.Status())
	}
	if !q.AskedByOrg("org-a") || q.AskedByOrg("org-b") || q.AskedByOrg("") {
		t.Error("AskedByOrg")
	}

	at := q.AskedAt.Add(time.Hour)
	q.Answer, q.AnsweredAt, q.Version = "答复", &at, 2
	if !q.Answered() || q.Status() != models.QuestionAnswered {
		t.Fatalf("answered question: answered %v, status %s", q.Answered(), q.Status())
	}

	anon := q.WithoutAsker()
	if anon.AskedBy != (models.Asker{}) {
		t.Errorf("WithoutAsker kept %+v", anon.AskedBy)
	}
	if anon.ID != q.ID || anon.Text != q.Text || anon.Answer != q.Answer || !anon.AnsweredAt.Equal(at) || anon.Version != 2 {
		t.Errorf("WithoutAsker changed other fields: %+v", anon)
	}
	if q.AskedBy.OrganizationID != "org-a" {
		t.Error("WithoutAsker changed the original")
	}
	*anon.AnsweredAt = at.Add(time.Hour)
	if !q.AnsweredAt.Equal(at) {
		t.Error("WithoutAsker shares AnsweredAt with the original")
	}
}
