package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// checkPprofAddr checks MARKET_PPROF_ADDR: empty, or a host:port whose
// host is a loopback address, since profiles show the process's insides.
func checkPprofAddr(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return &configError{"MARKET_PPROF_ADDR", fmt.Sprintf("not a host:port address (%v)", err)}
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return &configError{"MARKET_PPROF_ADDR", "must be a loopback address such as 127.0.0.1:6060: profiles are not for the network"}
	}
	return nil
}

// servePprof serves Go's profiles (/debug/pprof/) on addr until ctx ends,
// when addr is set, and returns the address it listens on: an operator's
// tool for finding where a server's time goes
// (`go tool pprof http://127.0.0.1:6060/debug/pprof/profile`).
func servePprof(ctx context.Context, addr string, log *slog.Logger) (string, error) {
	if addr == "" {
		return "", nil
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("MARKET_PPROF_ADDR: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("profiles server stopped", "error", err)
		}
	}()
	log.Info("serving Go's profiles", "addr", ln.Addr().String())
	return ln.Addr().String(), nil
}
