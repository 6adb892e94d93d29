package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"market/app"
	"market/app/auth"
	"market/app/filestore"
	"market/app/mongo"
	"market/app/sqlite"
	"market/app/store"
	"market/search"
	"market/search/bleve"
	"market/search/meili"
)

// system is the wired application: storage, use cases and what to close.
type system struct {
	cfg *config
	log *slog.Logger
	db  store.Store
	// embedded says that db is the embedded store, which this process alone writes.
	embedded bool
	app      *app.App
	// engine is the search engine, for serve and reindex; nil for the other
	// commands, whose changes the server indexes when it next starts.
	engine search.Engine
}

// newLogger returns the JSON logger every log line goes through.
func newLogger(cfg *config, w io.Writer) *slog.Logger {
	return slog.New(app.LogHandler(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: cfg.LogLevel})))
}

// open starts or connects to the database and builds the application
// without a search engine, logging JSON lines to logs.
func open(ctx context.Context, cfg *config, logs io.Writer) (*system, error) {
	return openSystem(ctx, cfg, logs, false, nil)
}

// openAt is open with the application reading the given clock rather than
// the real time (seed replays a history on it).
func openAt(ctx context.Context, cfg *config, logs io.Writer, now func() time.Time) (*system, error) {
	return openSystem(ctx, cfg, logs, false, now)
}

// openWithSearch is open with the search engine: Meilisearch at MEILI_URL,
// or else the embedded Bleve index under DATA_DIR/search. It does not
// contact the engine: the application's synchroniser prepares the indexes
// and retries while the engine is down.
func openWithSearch(ctx context.Context, cfg *config, logs io.Writer) (*system, error) {
	return openSystem(ctx, cfg, logs, true, nil)
}

// newEngine returns the configured search engine and its name for logs.
func newEngine(cfg *config) (search.Engine, string, error) {
	if cfg.MeiliURL != "" {
		m, err := meili.New(meili.Config{URL: cfg.MeiliURL, APIKey: cfg.MeiliAPIKey, IndexPrefix: cfg.MeiliIndexPrefix})
		if err != nil {
			return nil, "", fmt.Errorf("MEILI_URL: %w", err)
		}
		return m, "meilisearch", nil
	}
	b, err := bleve.New(filepath.Join(cfg.DataDir, "search"))
	if err != nil {
		return nil, "", fmt.Errorf("opening the embedded search index: %w", err)
	}
	return b, "bleve", nil
}

// openSystem is open, with the search engine when withSearch is set and
// the application's clock now (the real time when nil).
func openSystem(ctx context.Context, cfg *config, logs io.Writer, withSearch bool, now func() time.Time) (*system, error) {
	log := newLogger(cfg, logs)
	s := &system{cfg: cfg, log: log}
	db, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	s.db, s.embedded = db, cfg.MongoURI == ""
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
	contents, err := openContents(cfg, db)
	if err != nil {
		s.close(context.Background())
		return nil, err
	}
	ac := app.Config{DB: db, Tokens: signer, Logger: log, Contents: contents, Documents: cfg.Documents, Now: now}
	if withSearch {
		name := ""
		if s.engine, name, err = newEngine(cfg); err != nil {
			s.close(context.Background())
			return nil, err
		}
		// With the embedded store this process is its only writer.
		ac.Search, ac.SearchOptions = s.engine, app.SearchOptions{Exclusive: s.embedded}
		log.Info("search engine", "engine", name)
	}
	if s.app, err = app.New(ac); err != nil {
		s.close(context.Background())
		return nil, err
	}
	return s, nil
}

// prepareDataDir creates DATA_DIR (private to this user) and migrates an
// earlier release's embedded store there, for the embedded store to open.
func prepareDataDir(ctx context.Context, cfg *config, log *slog.Logger) error {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("creating DATA_DIR: %w", err)
	}
	if err := os.Chmod(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("restricting DATA_DIR: %w", err)
	}
	return migrateFerretDB(ctx, cfg, log)
}

// openStore opens the embedded store in DATA_DIR (migrating an earlier
// release's first), or connects to MongoDB at MONGODB_URI.
func openStore(ctx context.Context, cfg *config, log *slog.Logger) (store.Store, error) {
	octx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if cfg.MongoURI != "" {
		return mongo.Open(octx, cfg.MongoURI, cfg.MongoDatabase)
	}
	if err := prepareDataDir(ctx, cfg, log); err != nil {
		return nil, err
	}
	db, err := sqlite.Open(octx, filepath.Join(cfg.DataDir, storeFile))
	if err != nil {
		return nil, err
	}
	log.Info("embedded store opened", "data_dir", cfg.DataDir)
	return db, nil
}

// openContents opens where documents' content is kept: MongoDB GridFS
// beside the MongoDB store (uploads staged in DATA_DIR/uploads), or else
// files in DATA_DIR/files.
func openContents(cfg *config, db store.Store) (store.Contents, error) {
	if m, ok := db.(*mongo.DB); ok {
		staging := filepath.Join(cfg.DataDir, "uploads")
		if err := os.MkdirAll(staging, 0o700); err != nil {
			return nil, fmt.Errorf("creating the upload staging directory: %w", err)
		}
		return m.Contents(staging), nil
	}
	fs, err := filestore.Open(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return nil, fmt.Errorf("opening the document files: %w", err)
	}
	return fs, nil
}

// close closes the search engine and the store.
func (s *system) close(ctx context.Context) {
	if s.engine != nil {
		if err := s.engine.Close(); err != nil {
			s.log.Error("closing the search engine", "err", err)
		}
	}
	if s.db != nil {
		if err := s.db.Close(ctx); err != nil {
			s.log.Error("closing database", "err", err)
		}
	}
}
