package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"market/app"
	"market/app/auth"
	"market/app/mongo"
)

// system is the wired application: storage, use cases and what to close.
type system struct {
	cfg      *config
	log      *slog.Logger
	db       *mongo.DB
	embedded *mongo.Embedded
	app      *app.App
}

// newLogger returns the JSON logger every log line goes through.
func newLogger(cfg *config, w io.Writer) *slog.Logger {
	return slog.New(app.LogHandler(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: cfg.LogLevel})))
}

// open starts or connects to the database and builds the application,
// logging JSON lines to logs.
func open(ctx context.Context, cfg *config, logs io.Writer) (*system, error) {
	log := newLogger(cfg, logs)
	s := &system{cfg: cfg, log: log}
	uri := cfg.MongoURI
	if uri == "" {
		// FerretDB logs at error level only: at debug it slows inserts many times over.
		quiet := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelError}))
		e, err := mongo.StartEmbedded(cfg.DataDir, quiet)
		if err != nil {
			return nil, err
		}
		s.embedded, uri = e, e.URI()
		log.Info("embedded database started", "data_dir", cfg.DataDir)
	}
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := mongo.Open(octx, uri, cfg.MongoDatabase)
	if err != nil {
		s.close(context.Background())
		return nil, err
	}
	s.db = db
	secret, err := cfg.jwtSecret(func() string { return auth.RandomToken(48) })
	if err != nil {
		s.close(context.Background())
		return nil, err
	}
	signer, err := auth.NewSigner(secret, time.Now)
	if err != nil {
		s.close(context.Background())
		return nil, fmt.Errorf("JWT_SECRET: %w", err)
	}
	if s.app, err = app.New(app.Config{DB: db, Tokens: signer, Logger: log}); err != nil {
		s.close(context.Background())
		return nil, err
	}
	return s, nil
}

// close disconnects from the database and stops the embedded server.
func (s *system) close(ctx context.Context) {
	if s.db != nil {
		if err := s.db.Close(ctx); err != nil {
			s.log.Error("closing database", "err", err)
		}
	}
	if s.embedded != nil {
		s.embedded.Stop()
	}
}
