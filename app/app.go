// Package app holds the marketplace's use cases: the rules of who may do what,
// applied on top of the document store.
package app

import (
	"fmt"
	"log/slog"
	"time"

	"market/app/auth"
	"market/app/store"
	"market/search"
	"market/search/indexer"
)

// App carries the dependencies every use case needs. Build it with New.
type App struct {
	db     store.Store
	locks  *keyedMutex
	tokens *auth.Signer
	argon2 auth.Argon2Params
	now    func() time.Time
	log    *slog.Logger
	search *indexer.Indexer
	// residents are the sets kept in memory, with SearchOptions.Exclusive.
	residents residents
	// matchFeatures are the providers' features and the listings' queries
	// that ranking scores, kept by version when no resident set keeps them.
	matchFeatures *matchFeatureCache
	// dummyHash is checked when a login names an unknown email, so that the
	// answer takes as long as for a wrong password.
	dummyHash string
	// hashSlots bound the password hashes that run at once (password.go).
	hashSlots chan struct{}
	// files keeps documents' content; docLimits bound documents.
	files     store.Contents
	docLimits DocumentLimits
}

// Config holds what New needs. Now and Logger may be nil for the defaults.
type Config struct {
	DB     store.Store
	Tokens *auth.Signer
	Argon2 auth.Argon2Params
	Now    func() time.Time
	Logger *slog.Logger
	// Search is the search engine that answers public listing and provider
	// searches; nil leaves changes marked for a later process to index and
	// lists public listings from the database.
	Search search.Engine
	// SearchOptions tunes the index synchroniser.
	SearchOptions SearchOptions
	// Contents keeps the content of listings' and bids' documents; nil
	// answers document uploads and downloads with unavailable.
	Contents store.Contents
	// Documents bounds documents; the zero value uses DefaultDocumentLimits.
	Documents DocumentLimits
}

// New returns an App.
func New(c Config) (*App, error) {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Argon2 == (auth.Argon2Params{}) {
		c.Argon2 = auth.DefaultArgon2()
	}
	dummy, err := auth.HashPassword(auth.RandomToken(16), c.Argon2)
	if err != nil {
		return nil, fmt.Errorf("preparing password check: %w", err)
	}
	ix, err := newMatchIndex()
	if err != nil {
		return nil, fmt.Errorf("preparing matching: %w", err)
	}
	if c.Documents == (DocumentLimits{}) {
		c.Documents = DefaultDocumentLimits()
	}
	a := &App{db: c.DB, locks: newKeyedMutex(), tokens: c.Tokens, argon2: c.Argon2, now: c.Now, log: c.Logger, dummyHash: dummy,
		hashSlots: newHashSlots(), matchFeatures: newMatchFeatureCache(ix), files: c.Contents, docLimits: c.Documents}
	a.search = a.newSearchIndex(c)
	if c.SearchOptions.Exclusive {
		a.residents = newResidents(c.DB, a, ix)
	}
	return a, nil
}

// Now returns the application's current time in UTC, at the millisecond
// precision the database keeps.
func (a *App) Now() time.Time { return a.now().UTC().Truncate(time.Millisecond) }
