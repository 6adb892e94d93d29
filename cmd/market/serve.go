package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"

	"market/app"
	"market/app/api"
	"market/frontend"
)

// serve runs the HTTP server and the search index synchroniser until ctx
// ends (SIGINT or SIGTERM), then stops accepting, lets requests in flight
// finish, stops the background jobs, and closes the search engine and the
// database.
func serve(ctx context.Context, cfg *config, logs io.Writer) error {
	sys, err := openWithSearch(ctx, cfg, logs)
	if err != nil {
		return err
	}
	defer sys.close(context.Background())

	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return fmt.Errorf("opening the embedded frontend: %w", err)
	}
	srv := api.New(api.Config{
		App:         sys.app,
		Logger:      sys.log,
		Frontend:    dist,
		ProxyHeader: cfg.ProxyHeader,
		PublicURL:   cfg.PublicURL,
		Checks:      []api.Check{{Name: "database", Check: sys.db.Ping}, {Name: "search", Check: sys.app.SearchReady}},
	})
	if err := srv.Registry().Register(api.SearchMetrics(sys.app)); err != nil {
		return fmt.Errorf("registering the search metrics: %w", err)
	}
	mailer, mailName, err := newMailer(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("MARKET_ADDR: %w", err)
	}
	pprofCtx, stopPprof := context.WithCancel(context.Background())
	defer stopPprof()
	if _, err := servePprof(pprofCtx, cfg.PprofAddr, sys.log); err != nil {
		_ = ln.Close()
		return err
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	clockCtx, stopClock := context.WithCancel(context.Background())
	clockDone := make(chan struct{})
	go func() {
		defer close(clockDone)
		sys.app.RunClock(clockCtx, cfg.ClockInterval, holderName())
	}()
	defer func() { stopClock(); <-clockDone }()
	// The synchroniser ensures the indexes and catches up from the database
	// in the background: the server answers meanwhile (/readyz says when
	// search is ready), and keeps running while the engine is down.
	syncCtx, stopSync := context.WithCancel(context.Background())
	syncDone := make(chan struct{})
	go func() {
		defer close(syncDone)
		sys.app.RunSearchSync(syncCtx)
	}()
	defer func() { stopSync(); <-syncDone }()
	// The alert worker matches changed listings with saved searches and
	// followers and sends the emails, retrying while the mail server fails.
	alertCtx, stopAlerts := context.WithCancel(context.Background())
	alertDone := make(chan struct{})
	go func() {
		defer close(alertDone)
		sys.app.RunAlerts(alertCtx, app.AlertOptions{Mailer: mailer, PublicURL: cfg.PublicURL, Holder: holderName()})
	}()
	defer func() { stopAlerts(); <-alertDone }()
	sys.log.Info("alerts", "mail", mailName)
	sys.log.Info("listening", "addr", ln.Addr().String(), "env", cfg.Env)

	select {
	case err := <-served:
		return fmt.Errorf("serving HTTP: %w", err)
	case <-ctx.Done():
	}
	sys.log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutting down HTTP: %w", err)
	}
	<-served
	sys.log.Info("stopped")
	return nil
}

// holderName identifies this process in the leases of background jobs.
func holderName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s/%d", host, os.Getpid())
}
