package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app"
	"market/app/mongo"
	"market/app/sqlite"
)

// storeFile is the embedded store's file in DATA_DIR.
const storeFile = "market.sqlite"

// ferretDBDir is the directory in DATA_DIR where releases before the SQLite
// store kept their embedded FerretDB's files; migrated, it is renamed
// ferretDBDir + ".migrated".
const ferretDBDir = "db"

// migrateBatch is how many documents one import transaction takes.
const migrateBatch = 2000

// migrateFerretDB moves the store of an earlier release (embedded FerretDB
// under DATA_DIR/db) into the SQLite store, once: when that store exists
// and the SQLite store does not. Every document of every collection is
// copied as stored into a new file, the counts are checked, then the file
// is renamed into place and the old directory renamed aside (kept as a
// backup): a failure or a crash at any point leaves the old store as it
// was and no new one, so the next start migrates again. The search indexes
// are then filled again from the database by the next start (see
// app.MarkFullPass).
func migrateFerretDB(ctx context.Context, cfg *config, log *slog.Logger) error {
	dir := filepath.Join(cfg.DataDir, ferretDBDir)
	dst := filepath.Join(cfg.DataDir, storeFile)
	if _, err := os.Stat(filepath.Join(dir, cfg.MongoDatabase+".sqlite")); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("looking for an earlier release's store: %w", err)
	}
	if _, err := os.Stat(dst); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("looking for the store: %w", err)
	}
	start := time.Now()
	log.Info("migrating the embedded store of an earlier release", "from", dir, "to", dst)
	tmp := dst + ".migrating"
	if err := removeStoreFiles(tmp); err != nil {
		return err
	}
	counts, err := copyFerretDB(ctx, cfg, tmp)
	if err != nil {
		_ = removeStoreFiles(tmp)
		return fmt.Errorf("migrating %s: %w (the earlier store is unchanged)", dir, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("installing the migrated store: %w", err)
	}
	if err := syncDir(cfg.DataDir); err != nil {
		return err
	}
	aside := dir + ".migrated"
	if _, err := os.Stat(aside); err == nil {
		aside = fmt.Sprintf("%s.migrated-%d", dir, time.Now().Unix())
	}
	if err := os.Rename(dir, aside); err != nil {
		return fmt.Errorf("moving the earlier store aside: %w", err)
	}
	log.Info("migrated the embedded store; the earlier one is kept as a backup", "documents", counts,
		"backup", aside, "elapsed", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// copyFerretDB copies every collection of the FerretDB store in DATA_DIR
// into a new SQLite store at path, checks the counts, marks a full pass of
// the search indexes due, and returns how many documents each held.
func copyFerretDB(ctx context.Context, cfg *config, path string) (map[string]int, error) {
	// FerretDB logs at error level only: at debug it slows it many times over.
	quiet := slog.New(slog.DiscardHandler)
	e, err := mongo.StartEmbedded(cfg.DataDir, quiet)
	if err != nil {
		return nil, err
	}
	defer e.Stop()
	src, err := mongo.Open(ctx, e.URI(), cfg.MongoDatabase)
	if err != nil {
		return nil, err
	}
	defer src.Close(context.WithoutCancel(ctx))
	dst, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer dst.Close(context.WithoutCancel(ctx))
	names, err := src.Collections(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, name := range names {
		copied := 0
		err := src.EachRaw(ctx, name, migrateBatch, func(docs []bson.Raw) error {
			copied += len(docs)
			return dst.ImportRaw(ctx, name, docs)
		})
		if err != nil {
			return nil, fmt.Errorf("copying %s: %w", name, err)
		}
		want, err := src.CountRaw(ctx, name)
		if err != nil {
			return nil, err
		}
		if copied != want {
			return nil, fmt.Errorf("copied %d documents of %s, which holds %d", copied, name, want)
		}
		counts[name] = copied
	}
	if err := app.MarkFullPass(ctx, dst); err != nil {
		return nil, err
	}
	return counts, dst.Close(ctx)
}

// removeStoreFiles removes a store file and its WAL and shared-memory files.
func removeStoreFiles(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing %s: %w", p, err)
		}
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("opening %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
