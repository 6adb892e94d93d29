package app

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"market/app/auth"
	"market/app/store"
	"market/models"
)

// accessTTLSeconds is an access token's lifetime, as told to clients.
const accessTTLSeconds = int(auth.AccessTTL / time.Second)

// Limits on account fields.
const (
	maxPasswordLength    = 256
	maxDisplayNameLength = 100
	maxEmailLength       = 254
)

// Tokens are what a client keeps after signing in.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int // seconds until the access token expires
}

// Session is a signed-in user with its organisation (nil for operators) and tokens.
type Session struct {
	User         *models.User
	Organization *models.Organization
	Tokens       Tokens
	// Hashing is how long signing in waited for its turn to run argon2id
	// and ran it: the deliberate cost of a password, which the API reports
	// apart (Server-Timing) so that the rest of a sign-in can be measured.
	Hashing time.Duration
}

// Registration is what a new user says about itself and its organisation.
type Registration struct {
	Email        string
	Password     string
	DisplayName  string
	Organization models.NewOrganization
}

// Register creates an unverified organisation and its first member, and signs
// the member in. A taken email or credit code gives a conflict and writes nothing.
func (a *App) Register(ctx context.Context, r Registration) (*Session, error) {
	var errs []models.FieldError
	email, emailErr := normalizeEmail(r.Email)
	if emailErr != nil {
		errs = append(errs, models.FieldError{Location: "body.email", Message: emailErr.Error()})
	}
	errs = append(errs, validatePassword("body.password", r.Password)...)
	name := strings.TrimSpace(r.DisplayName)
	if name == "" || utf8.RuneCountInString(name) > maxDisplayNameLength {
		errs = append(errs, models.FieldError{Location: "body.displayName", Message: "display name must be 1 to 100 characters"})
	}
	errs = append(errs, r.Organization.Validate("body.organization")...)
	if len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	hash, hashing, err := a.hashPassword(ctx, r.Password)
	if err != nil {
		return nil, fmt.Errorf("hashing password: %w", err)
	}
	now := a.Now()
	org := &models.Organization{
		ID: models.NewID(), Name: r.Organization.Name, Kind: r.Organization.Kind, SME: r.Organization.SME,
		CreditCode: r.Organization.CreditCode, District: r.Organization.District,
		Verification: models.VerificationUnverified, Profile: emptyProfile(),
		Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	user := &models.User{
		ID: models.NewID(), Email: email, DisplayName: name, Role: models.RoleMember,
		OrganizationID: org.ID, PasswordHash: hash, CreatedAt: now,
	}
	// The user goes first: its unique email decides which of many concurrent
	// registrations wins, and a loser has written nothing. The organisation
	// and its first event, its registration, are one commit: a taken credit
	// code writes neither, and the user is removed again.
	if err := a.db.CreateUser(ctx, user); err != nil {
		return nil, err
	}
	actor := models.EventActor{UserID: user.ID, OrganizationID: org.ID, OrganizationName: org.Name, Role: user.Role}
	c := registrationChange(org)
	if err := create(ctx, a, a.organizationAggregate(), org.ID, org, actor, &c, now); err != nil {
		a.undoRegistration(ctx, user.ID)
		return nil, fmt.Errorf("registering organisation %s: %w", org.ID, err)
	}
	return a.startSession(ctx, user, org, hashing)
}

// undoRegistration removes the user of a failed registration. It goes on
// when the caller's context ends, and logs what it could not undo.
func (a *App) undoRegistration(ctx context.Context, userID string) {
	ctx = context.WithoutCancel(ctx)
	if err := a.db.DeleteUser(ctx, userID); err != nil {
		a.log.ErrorContext(ctx, "undoing registration", "user", userID, "err", err)
	}
}

// Login signs a user in. A wrong email and a wrong password give the same error.
func (a *App) Login(ctx context.Context, email, password string) (*Session, error) {
	wrong := models.Errorf(models.ECREDENTIALS, "wrong email or password")
	normalized, err := normalizeEmail(email)
	var user *models.User
	if err == nil {
		user, err = a.db.UserByEmail(ctx, normalized)
	} else {
		err = models.Errorf(models.ENOTFOUND, "not an address")
	}
	if models.ErrorCode(err) == models.ENOTFOUND {
		_, _, _ = a.checkPassword(ctx, password, a.dummyHash) // as slow as a real check
		return nil, wrong
	} else if err != nil {
		return nil, err
	}
	ok, hashing, err := a.checkPassword(ctx, password, user.PasswordHash)
	if err != nil {
		return nil, fmt.Errorf("checking password of %s: %w", user.ID, err)
	} else if !ok {
		return nil, wrong
	}
	var org *models.Organization
	if user.OrganizationID != "" {
		if org, err = a.db.OrganizationByID(ctx, user.OrganizationID); err != nil {
			return nil, fmt.Errorf("loading organisation of %s: %w", user.ID, err)
		}
	}
	return a.startSession(ctx, user, org, hashing)
}

// Refresh exchanges a refresh token for new tokens; the old one is spent.
// Presenting a spent token revokes its whole family.
func (a *App) Refresh(ctx context.Context, refreshToken string) (*Tokens, error) {
	bad := models.Errorf(models.EUNAUTHENTICATED, "invalid refresh token")
	old, err := a.db.RefreshTokenByHash(ctx, auth.HashToken(refreshToken))
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, bad
	} else if err != nil {
		return nil, err
	}
	now := a.Now()
	if !now.Before(old.ExpiresAt) {
		return nil, bad
	}
	plain := auth.RandomToken(32)
	next := &store.RefreshToken{
		Hash: auth.HashToken(plain), Family: old.Family, UserID: old.UserID, Parent: old.Hash,
		ExpiresAt: now.Add(auth.RefreshTTL), CreatedAt: now,
	}
	if err := a.db.RotateRefreshToken(ctx, next); models.ErrorCode(err) == models.ECONFLICT {
		// Already spent: someone holds a copy. End the family for everyone.
		if err := a.db.RevokeRefreshFamily(ctx, old.Family); err != nil {
			return nil, err
		}
		a.log.WarnContext(ctx, "refresh token reused; family revoked", "user", old.UserID, "family", old.Family)
		return nil, bad
	} else if err != nil {
		return nil, err
	}
	// Checked after the rotation, so a revocation racing with it still wins.
	if revoked, err := a.db.RefreshFamilyRevoked(ctx, old.Family); err != nil {
		return nil, err
	} else if revoked {
		return nil, bad
	}
	user, err := a.db.UserByID(ctx, old.UserID)
	if err != nil {
		return nil, fmt.Errorf("loading user of refresh token: %w", err)
	}
	access, _, err := a.tokens.Issue(user.ID, user.OrganizationID, user.Role)
	if err != nil {
		return nil, err
	}
	return &Tokens{AccessToken: access, RefreshToken: plain, ExpiresIn: accessTTLSeconds}, nil
}

// Logout revokes the family of the given refresh token. An unknown token is
// not an error: the caller is signed out either way.
func (a *App) Logout(ctx context.Context, refreshToken string) error {
	t, err := a.db.RefreshTokenByHash(ctx, auth.HashToken(refreshToken))
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return a.db.RevokeRefreshFamily(ctx, t.Family)
}

// Authenticate verifies an access token and returns who it speaks for.
func (a *App) Authenticate(token string) (models.Actor, error) {
	c, err := a.tokens.Verify(token)
	if err != nil {
		return models.Actor{}, models.Errorf(models.EUNAUTHENTICATED, "invalid or expired access token")
	}
	return models.Actor{UserID: c.Subject, OrganizationID: c.Org, Role: c.Role}, nil
}

// Me returns the signed-in user and its organisation (nil for operators).
func (a *App) Me(ctx context.Context, actor models.Actor) (*models.User, *models.Organization, error) {
	if actor.Anonymous() {
		return nil, nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	user, err := a.db.UserByID(ctx, actor.UserID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, nil, models.Errorf(models.EUNAUTHENTICATED, "the account no longer exists")
	} else if err != nil {
		return nil, nil, err
	}
	if user.OrganizationID == "" {
		return user, nil, nil
	}
	org, err := a.db.OrganizationByID(ctx, user.OrganizationID)
	if err != nil {
		return nil, nil, fmt.Errorf("loading organisation of %s: %w", user.ID, err)
	}
	return user, org, nil
}

// startSession issues an access token and starts a refresh-token family;
// hashing is how long the password took (Session.Hashing).
func (a *App) startSession(ctx context.Context, user *models.User, org *models.Organization, hashing time.Duration) (*Session, error) {
	access, _, err := a.tokens.Issue(user.ID, user.OrganizationID, user.Role)
	if err != nil {
		return nil, err
	}
	now := a.Now()
	plain := auth.RandomToken(32)
	rt := &store.RefreshToken{
		Hash: auth.HashToken(plain), Family: models.NewID(), UserID: user.ID,
		ExpiresAt: now.Add(auth.RefreshTTL), CreatedAt: now,
	}
	if err := a.db.StartRefreshFamily(ctx, rt); err != nil {
		return nil, err
	}
	return &Session{User: user, Organization: org, Hashing: hashing, Tokens: Tokens{
		AccessToken: access, RefreshToken: plain, ExpiresIn: accessTTLSeconds,
	}}, nil
}

// normalizeEmail checks that s is a plain address and lower-cases it.
func normalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > maxEmailLength {
		return "", errors.New("email must be a valid address of at most 254 characters")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return "", errors.New("email must be a plain address such as name@example.com")
	}
	return s, nil
}

// validatePassword checks a new password's length.
func validatePassword(at, p string) []models.FieldError {
	n := utf8.RuneCountInString(p)
	if n < models.MinPasswordLength || len(p) > maxPasswordLength {
		return []models.FieldError{{Location: at, Message: "password must be 10 to 256 characters"}}
	}
	return nil
}

// emptyProfile returns a profile whose lists are empty rather than nil.
func emptyProfile() models.Profile {
	return models.Profile{Capabilities: []string{}, CaseStudies: []models.CaseStudy{}, DistrictsServed: []string{}}
}
