package mongo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// maxSocketPath keeps the unix socket path under the kernel's 108-byte limit.
const maxSocketPath = 100

// Embedded is a FerretDB server running in this process on SQLite files,
// listening on a private unix socket. Start one per process.
type Embedded struct {
	uri     string
	sockDir string // a temporary directory holding the socket, removed on Stop, or ""
	cancel  context.CancelFunc
	done    chan struct{}
}

// StartEmbedded starts FerretDB with its SQLite files under dataDir/db and
// its socket in dataDir (mode 0700), logging through logger (which should be
// quiet: FerretDB at debug level slows inserts many times over).
func StartEmbedded(dataDir string, logger *slog.Logger) (*Embedded, error) {
	dbDir := filepath.Join(dataDir, "db")
	if err := os.MkdirAll(dbDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating database directory: %w", err)
	}
	if err := os.Chmod(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("restricting data directory: %w", err)
	}
	abs, err := filepath.Abs(dbDir)
	if err != nil {
		return nil, fmt.Errorf("resolving database directory: %w", err)
	}
	e := &Embedded{done: make(chan struct{})}
	sock := filepath.Join(dataDir, "ferretdb.sock")
	if len(sock) > maxSocketPath {
		// A deep DATA_DIR would overflow sun_path: use a private short directory.
		if e.sockDir, err = os.MkdirTemp("", "market-db-"); err != nil {
			return nil, fmt.Errorf("creating socket directory: %w", err)
		}
		sock = filepath.Join(e.sockDir, "ferretdb.sock")
	}
	if err := os.Remove(sock); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("removing stale socket: %w", err)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: sock},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: (&url.URL{Scheme: "file", Path: abs + "/"}).String(),
	})
	if err != nil {
		e.removeSockDir()
		return nil, fmt.Errorf("starting embedded FerretDB: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	if err := waitForSocket(sock, 10*time.Second); err != nil {
		e.Stop()
		return nil, err
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		e.Stop()
		return nil, fmt.Errorf("restricting socket: %w", err)
	}
	e.uri = f.MongoDBURI()
	return e, nil
}

// URI is the connection string of the embedded server.
func (e *Embedded) URI() string { return e.uri }

// Stop shuts the server down and waits for it to close its files.
func (e *Embedded) Stop() {
	e.cancel()
	<-e.done
	e.removeSockDir()
}

func (e *Embedded) removeSockDir() {
	if e.sockDir != "" {
		_ = os.RemoveAll(e.sockDir)
	}
}

// waitForSocket waits until the listener's socket file exists.
func waitForSocket(path string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("embedded FerretDB did not open %s within %s", path, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
