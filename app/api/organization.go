package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/models"
)

// caseStudyBody is one case study on a provider's profile.
type caseStudyBody struct {
	Title   string `json:"title" minLength:"1" maxLength:"200"`
	Summary string `json:"summary" maxLength:"2000"`
	Year    int    `json:"year" minimum:"1990" maximum:"2100"`
}

// profileBody is a provider's profile.
type profileBody struct {
	Summary         string          `json:"summary" maxLength:"4000"`
	Capabilities    []string        `json:"capabilities" maxItems:"32" doc:"Capability codes from /vocabularies"`
	CaseStudies     []caseStudyBody `json:"caseStudies" maxItems:"20"`
	DistrictsServed []string        `json:"districtsServed" maxItems:"32" doc:"District codes from /vocabularies"`
}

// organizationBody is an organisation as the API shows it.
type organizationBody struct {
	ID                 string      `json:"id"`
	Name               string      `json:"name"`
	Kind               string      `json:"kind" enum:"government,enterprise"`
	SME                bool        `json:"sme"`
	CreditCode         string      `json:"creditCode"`
	District           string      `json:"district"`
	Verification       string      `json:"verification" enum:"unverified,verified,rejected"`
	VerificationReason string      `json:"verificationReason,omitempty" doc:"Why verification was refused; shown to members and operators"`
	Profile            profileBody `json:"profile"`
	CreatedAt          time.Time   `json:"createdAt"`
	UpdatedAt          time.Time   `json:"updatedAt"`
}

// newOrganizationBody shows o to viewer; nil gives nil.
func newOrganizationBody(o *models.Organization, viewer models.Actor) *organizationBody {
	if o == nil {
		return nil
	}
	b := &organizationBody{
		ID: o.ID, Name: o.Name, Kind: o.Kind, SME: o.SME, CreditCode: o.CreditCode, District: o.District,
		Verification: o.Verification, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
		Profile: profileBody{
			Summary: o.Profile.Summary, Capabilities: nonNil(o.Profile.Capabilities),
			DistrictsServed: nonNil(o.Profile.DistrictsServed), CaseStudies: []caseStudyBody{},
		},
	}
	for _, cs := range o.Profile.CaseStudies {
		b.Profile.CaseStudies = append(b.Profile.CaseStudies, caseStudyBody(cs))
	}
	if viewer.MemberOf(o.ID) || viewer.IsOperator() {
		b.VerificationReason = o.VerificationReason
	}
	return b
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type organizationOutput struct {
	Body *organizationBody
}

type organizationIDInput struct {
	ID string `path:"id" maxLength:"64"`
}

type updateProfileInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body profileBody
}

type listOrganizationsInput struct {
	Verification string `query:"verification" enum:"unverified,verified,rejected" doc:"Only organisations in this state"`
	Page         int    `query:"page" minimum:"1" default:"1"`
	PageSize     int    `query:"pageSize" minimum:"1" maximum:"100" default:"20"`
}

type organizationListOutput struct {
	Body struct {
		Items    []*organizationBody `json:"items"`
		Total    int                 `json:"total"`
		Page     int                 `json:"page"`
		PageSize int                 `json:"pageSize"`
	}
}

type rejectInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"2000"`
	}
}

// registerOrganizations registers the organisation and operator routes.
func (s *Server) registerOrganizations() {
	tags := []string{"Organisations"}
	huma.Register(s.api, huma.Operation{
		OperationID: "getOrganization", Method: http.MethodGet, Path: "/api/v1/organizations/{id}", Tags: tags,
		Summary:     "An organisation",
		Description: "Verified organisations are public; others only to their members and operators.",
		Errors:      []int{http.StatusNotFound},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *organizationIDInput) (*organizationOutput, error) {
		o, err := s.app.Organization(ctx, actor, in.ID)
		if err != nil {
			return nil, err
		}
		return &organizationOutput{Body: newOrganizationBody(o, actor)}, nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "updateProfile", Method: http.MethodPut, Path: "/api/v1/organizations/{id}/profile", Tags: tags,
		Summary: "Replace the organisation's provider profile (members)", Security: bearer(),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *updateProfileInput) (*organizationOutput, error) {
		p := models.Profile{Summary: in.Body.Summary, Capabilities: in.Body.Capabilities, DistrictsServed: in.Body.DistrictsServed}
		for _, cs := range in.Body.CaseStudies {
			p.CaseStudies = append(p.CaseStudies, models.CaseStudy(cs))
		}
		o, err := s.app.UpdateProfile(ctx, actor, in.ID, p)
		if err != nil {
			return nil, err
		}
		return &organizationOutput{Body: newOrganizationBody(o, actor)}, nil
	}))

	admin := []string{"Operators"}
	huma.Register(s.api, huma.Operation{
		OperationID: "listOrganizations", Method: http.MethodGet, Path: "/api/v1/admin/organizations", Tags: admin,
		Summary: "Organisations by verification state, oldest first (operators)", Security: bearer(),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *listOrganizationsInput) (*organizationListOutput, error) {
		list, err := s.app.ListOrganizations(ctx, actor, in.Verification, in.Page, in.PageSize)
		if err != nil {
			return nil, err
		}
		out := &organizationListOutput{}
		out.Body.Items = []*organizationBody{}
		for _, o := range list.Items {
			out.Body.Items = append(out.Body.Items, newOrganizationBody(o, actor))
		}
		out.Body.Total, out.Body.Page, out.Body.PageSize = list.Total, list.Page, list.PageSize
		return out, nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "verifyOrganization", Method: http.MethodPost, Path: "/api/v1/admin/organizations/{id}/verify", Tags: admin,
		Summary: "Verify an organisation (operators)", Security: bearer(),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *organizationIDInput) (*organizationOutput, error) {
		o, err := s.app.VerifyOrganization(ctx, actor, in.ID)
		if err != nil {
			return nil, err
		}
		return &organizationOutput{Body: newOrganizationBody(o, actor)}, nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "rejectOrganization", Method: http.MethodPost, Path: "/api/v1/admin/organizations/{id}/reject", Tags: admin,
		Summary: "Reject an organisation, or withdraw its verification, with a reason (operators)", Security: bearer(),
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *rejectInput) (*organizationOutput, error) {
		o, err := s.app.RejectOrganization(ctx, actor, in.ID, in.Body.Reason)
		if err != nil {
			return nil, err
		}
		return &organizationOutput{Body: newOrganizationBody(o, actor)}, nil
	}))
}
