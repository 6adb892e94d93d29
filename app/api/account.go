package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// userBody is a user as the API shows it.
type userBody struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	Role        string `json:"role" enum:"member,operator"`
}

func newUserBody(u *models.User) userBody {
	return userBody{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Role: u.Role}
}

// tokensBody holds the tokens a client keeps after signing in.
type tokensBody struct {
	AccessToken  string `json:"accessToken" doc:"Bearer token for the Authorization header"`
	RefreshToken string `json:"refreshToken" doc:"Single-use token for POST /auth/refresh"`
	ExpiresIn    int    `json:"expiresIn" doc:"Seconds until the access token expires"`
}

func newTokensBody(t app.Tokens) tokensBody {
	return tokensBody{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, ExpiresIn: t.ExpiresIn}
}

// sessionBody answers registration and login.
type sessionBody struct {
	User         userBody          `json:"user"`
	Organization *organizationBody `json:"organization" doc:"null for operators"`
	Tokens       tokensBody        `json:"tokens"`
}

type sessionOutput struct {
	ServerTiming string `header:"Server-Timing" doc:"How long the password's argon2id hashing took, with the wait for its turn (argon2;dur=milliseconds): its deliberate cost, reported apart from the rest of the request"`
	Body         sessionBody
}

func newSessionOutput(s *app.Session, viewer models.Actor) *sessionOutput {
	return &sessionOutput{ServerTiming: serverTiming("argon2", s.Hashing), Body: sessionBody{
		User: newUserBody(s.User), Organization: newOrganizationBody(s.Organization, viewer), Tokens: newTokensBody(s.Tokens),
	}}
}

// serverTiming is a Server-Timing header value of one metric lasting d.
func serverTiming(metric string, d time.Duration) string {
	return metric + ";dur=" + strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 3, 64)
}

// actorOf is the actor a fresh session speaks for.
func actorOf(s *app.Session) models.Actor {
	return models.Actor{UserID: s.User.ID, OrganizationID: s.User.OrganizationID, Role: s.User.Role}
}

type registerInput struct {
	Body struct {
		Email        string `json:"email" format:"email" maxLength:"254"`
		Password     string `json:"password" minLength:"10" maxLength:"256"`
		DisplayName  string `json:"displayName" minLength:"1" maxLength:"100"`
		Organization struct {
			Name       string `json:"name" minLength:"1" maxLength:"200"`
			Kind       string `json:"kind" enum:"government,enterprise"`
			CreditCode string `json:"creditCode" minLength:"18" maxLength:"18" doc:"Unified social credit code (GB 32100-2015)"`
			SME        bool   `json:"sme,omitempty" doc:"A micro, small or medium enterprise"`
			District   string `json:"district" doc:"A district code from /vocabularies"`
		} `json:"organization"`
	}
}

type loginInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"256"`
	}
}

type refreshInput struct {
	Body struct {
		RefreshToken string `json:"refreshToken" minLength:"1" maxLength:"256"`
	}
}

type refreshOutput struct {
	Body struct {
		Tokens tokensBody `json:"tokens"`
	}
}

type meOutput struct {
	Body struct {
		User         userBody          `json:"user"`
		Organization *organizationBody `json:"organization" doc:"null for operators"`
	}
}

// bearer marks an operation as needing an access token.
func bearer() []map[string][]string { return []map[string][]string{{"bearer": {}}} }

// registerAccount registers the account routes.
func (s *Server) registerAccount() {
	tags := []string{"Accounts"}
	huma.Register(s.api, huma.Operation{
		OperationID: "register", Method: http.MethodPost, Path: "/api/v1/auth/register", Tags: tags,
		Summary:       "Register a user with a new, unverified organisation",
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusConflict, http.StatusUnprocessableEntity},
	}, handle(s, func(ctx context.Context, _ models.Actor, in *registerInput) (*sessionOutput, error) {
		o := in.Body.Organization
		sess, err := s.app.Register(ctx, app.Registration{
			Email: in.Body.Email, Password: in.Body.Password, DisplayName: in.Body.DisplayName,
			Organization: models.NewOrganization{Name: o.Name, Kind: o.Kind, CreditCode: o.CreditCode, SME: o.SME, District: o.District},
		})
		if err != nil {
			return nil, err
		}
		return newSessionOutput(sess, actorOf(sess)), nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "login", Method: http.MethodPost, Path: "/api/v1/auth/login", Tags: tags,
		Summary:     "Sign in",
		Description: "Failed attempts are limited per account and per address: over the limit the answer is 429 with Retry-After.",
		Errors:      []int{http.StatusUnauthorized, http.StatusTooManyRequests},
	}, handle(s, func(ctx context.Context, _ models.Actor, in *loginInput) (*sessionOutput, error) {
		sess, err := s.app.Login(ctx, in.Body.Email, in.Body.Password)
		if err != nil {
			return nil, err
		}
		return newSessionOutput(sess, actorOf(sess)), nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "refresh", Method: http.MethodPost, Path: "/api/v1/auth/refresh", Tags: tags,
		Summary:     "Exchange a refresh token for new tokens",
		Description: "The presented token is spent. Presenting a spent token revokes every token of its sign-in.",
		Errors:      []int{http.StatusUnauthorized},
	}, handle(s, func(ctx context.Context, _ models.Actor, in *refreshInput) (*refreshOutput, error) {
		t, err := s.app.Refresh(ctx, in.Body.RefreshToken)
		if err != nil {
			return nil, err
		}
		out := &refreshOutput{}
		out.Body.Tokens = newTokensBody(*t)
		return out, nil
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "logout", Method: http.MethodPost, Path: "/api/v1/auth/logout", Tags: tags,
		Summary: "Sign out: revoke the refresh token's sign-in", DefaultStatus: http.StatusNoContent,
	}, handle(s, func(ctx context.Context, _ models.Actor, in *refreshInput) (*struct{}, error) {
		return nil, s.app.Logout(ctx, in.Body.RefreshToken)
	}))

	huma.Register(s.api, huma.Operation{
		OperationID: "me", Method: http.MethodGet, Path: "/api/v1/me", Tags: tags,
		Summary: "The signed-in user and its organisation", Security: bearer(),
		Errors: []int{http.StatusUnauthorized},
	}, handle(s, func(ctx context.Context, actor models.Actor, _ *struct{}) (*meOutput, error) {
		u, org, err := s.app.Me(ctx, actor)
		if err != nil {
			return nil, err
		}
		out := &meOutput{}
		out.Body.User, out.Body.Organization = newUserBody(u), newOrganizationBody(org, actor)
		return out, nil
	}))
}
