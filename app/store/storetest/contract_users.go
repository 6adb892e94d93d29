package storetest

import (
	"testing"
	"time"

	"market/app/store"
	"market/models"
)

// user returns a member account.
func user(id, email string) *models.User {
	return &models.User{ID: id, Email: email, DisplayName: "User " + id, Role: models.RoleMember,
		OrganizationID: "org-" + id, PasswordHash: "hash", CreatedAt: at(0)}
}

// userTests check accounts.
func userTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"create_and_read": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			u := user("u1", "a@example.com")
			must(t, s.CreateUser(ctx, u))
			got, err := s.UserByID(ctx, "u1")
			must(t, err)
			same(t, got, u)
			got, err = s.UserByEmail(ctx, "a@example.com")
			must(t, err)
			same(t, got, u)
			must(t, s.CreateUser(ctx, user("u2", "b@example.com")))
			if n, err := s.CountUsers(ctx); err != nil || n != 2 {
				t.Errorf("CountUsers = %d, %v; want 2", n, err)
			}
		},
		"email_taken": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			must(t, s.CreateUser(ctx, user("u1", "a@example.com")))
			wantErr(t, s.CreateUser(ctx, user("u2", "a@example.com")), models.ECONFLICT, "an account with this email already exists")
			if _, err := s.UserByID(ctx, "u2"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("the loser of a taken email was stored: %v", err)
			}
		},
		"not_found": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			_, err := s.UserByID(ctx, "nobody")
			wantErr(t, err, models.ENOTFOUND, "user not found")
			_, err = s.UserByEmail(ctx, "nobody@example.com")
			wantErr(t, err, models.ENOTFOUND, "user not found")
			if n, err := s.CountUsers(ctx); err != nil || n != 0 {
				t.Errorf("CountUsers = %d, %v; want 0", n, err)
			}
		},
		"delete": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			must(t, s.CreateUser(ctx, user("u1", "a@example.com")))
			must(t, s.DeleteUser(ctx, "u1"))
			_, err := s.UserByID(ctx, "u1")
			wantErr(t, err, models.ENOTFOUND, "user not found")
			must(t, s.DeleteUser(ctx, "u1"))
			// The email is free again.
			must(t, s.CreateUser(ctx, user("u2", "a@example.com")))
		},
	}
}

// token returns a refresh token of a family.
func token(hash, family, parent string) *store.RefreshToken {
	return &store.RefreshToken{Hash: hash, Family: family, UserID: "u1", Parent: parent,
		ExpiresAt: at(24 * time.Hour), CreatedAt: at(0)}
}

// refreshTokenTests check sign-ins' token chains.
func refreshTokenTests() map[string]func(*testing.T, store.Store) {
	return map[string]func(*testing.T, store.Store){
		"start_and_rotate": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			first := token("h0", "f1", "")
			must(t, s.StartRefreshFamily(ctx, first))
			if first.Parent != "root:f1" {
				t.Errorf("first token's parent = %q, want root:f1", first.Parent)
			}
			got, err := s.RefreshTokenByHash(ctx, "h0")
			must(t, err)
			same(t, got, first)
			must(t, s.RotateRefreshToken(ctx, token("h1", "f1", "h0")))
			wantErr(t, s.RotateRefreshToken(ctx, token("h2", "f1", "h0")), models.ECONFLICT, "")
			if _, err := s.RefreshTokenByHash(ctx, "h2"); models.ErrorCode(err) != models.ENOTFOUND {
				t.Errorf("a second successor of a spent token was stored: %v", err)
			}
			must(t, s.RotateRefreshToken(ctx, token("h2", "f1", "h1")))
		},
		"not_found": func(t *testing.T, s store.Store) {
			_, err := s.RefreshTokenByHash(ctxOf(t), "nope")
			wantErr(t, err, models.ENOTFOUND, "")
		},
		"revoke": func(t *testing.T, s store.Store) {
			ctx := ctxOf(t)
			must(t, s.StartRefreshFamily(ctx, token("h0", "f1", "")))
			must(t, s.StartRefreshFamily(ctx, token("g0", "f2", "")))
			if revoked, err := s.RefreshFamilyRevoked(ctx, "f1"); err != nil || revoked {
				t.Errorf("new family revoked = %v, %v; want false", revoked, err)
			}
			must(t, s.RevokeRefreshFamily(ctx, "f1"))
			must(t, s.RevokeRefreshFamily(ctx, "f1"))
			if revoked, err := s.RefreshFamilyRevoked(ctx, "f1"); err != nil || !revoked {
				t.Errorf("revoked family revoked = %v, %v; want true", revoked, err)
			}
			if revoked, err := s.RefreshFamilyRevoked(ctx, "f2"); err != nil || revoked {
				t.Errorf("other family revoked = %v, %v; want false", revoked, err)
			}
			if revoked, err := s.RefreshFamilyRevoked(ctx, "never"); err != nil || !revoked {
				t.Errorf("unknown family revoked = %v, %v; want true", revoked, err)
			}
		},
	}
}
