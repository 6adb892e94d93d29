package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token lifetimes and the claims every access token carries.
const (
	AccessTTL  = 15 * time.Minute
	RefreshTTL = 30 * 24 * time.Hour
	Issuer     = "market"
	Audience   = "market-api"
)

// ErrInvalidToken is returned for any access token that fails verification.
var ErrInvalidToken = errors.New("invalid access token")

// Claims are the access token's claims: the user, its organisation and role.
type Claims struct {
	Org  string `json:"org,omitempty"`
	Role string `json:"role"`
	jwt.RegisteredClaims
}

// Signer signs and verifies HS256 access tokens with one secret.
type Signer struct {
	secret []byte
	now    func() time.Time
	parser *jwt.Parser
}

// NewSigner returns a Signer for secret (at least 32 bytes), reading time from now.
func NewSigner(secret []byte, now func() time.Time) (*Signer, error) {
	if len(secret) < 32 {
		return nil, errors.New("JWT secret must be at least 32 bytes")
	}
	return &Signer{
		secret: secret,
		now:    now,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(Issuer),
			jwt.WithAudience(Audience),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithTimeFunc(now),
		),
	}, nil
}

// Issue returns a signed access token for the user and its expiry.
func (s *Signer) Issue(userID, orgID, role string) (string, time.Time, error) {
	now := s.now().Truncate(time.Second)
	exp := now.Add(AccessTTL)
	claims := Claims{
		Org:  orgID,
		Role: role,
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   userID,
			Issuer:    Issuer,
			Audience:  jwt.ClaimStrings{Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        RandomToken(12),
		},
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("signing access token: %w", err)
	}
	return signed, exp, nil
}

// Verify parses an access token, pinning HS256 and checking its signature,
// exp, nbf, iat, iss and aud. Any failure returns ErrInvalidToken.
func (s *Signer) Verify(token string) (*Claims, error) {
	var claims Claims
	_, err := s.parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return s.secret, nil })
	if err != nil || claims.Subject == "" || claims.Role == "" {
		return nil, ErrInvalidToken
	}
	return &claims, nil
}

// RandomToken returns n random bytes, URL-safe base64 encoded.
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // rand.Read never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the hex SHA-256 of an opaque token; only hashes are stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
