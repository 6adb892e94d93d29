package main

// The scale benchmark's processes: the binary's one-shot commands, timed
// with their peak memory; servers started and timed until ready; what
// /proc says about a server's CPU and memory.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Limits on the benchmark's processes.
const (
	generateLimit = 60 * time.Minute // market generate at scale S
	scaleCmdLimit = 20 * time.Minute // reindex, verify-audit, admin
	readyLimit    = 10 * time.Minute // serve until /readyz answers 200
	settleLimit   = 3 * time.Minute  // waiting for the servers to go idle
)

// scaleCommand is the outcome of one run of a one-shot command.
type scaleCommand struct {
	name    string
	out     string        // its standard output, trimmed
	elapsed time.Duration // from start to exit
	maxRSS  int64         // peak resident memory, KiB (ProcessState's Maxrss)
}

// runCommand runs the binary with args on dataDir to completion and fails
// unless it exits 0.
func runCommand(tb testing.TB, dataDir string, stdin io.Reader, limit time.Duration, args ...string) (scaleCommand, error) {
	res := scaleCommand{name: "market " + strings.Join(args, " ")}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, marketBinary(tb), args...)
	cmd.Env = childEnv("MARKET_ADDR=127.0.0.1:0", "DATA_DIR="+dataDir)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res.elapsed = time.Since(start)
	res.out = strings.TrimSpace(stdout.String())
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.maxRSS = ru.Maxrss
		}
	}
	if err != nil {
		tail := stderr.String()
		if len(tail) > 2000 {
			tail = "…" + tail[len(tail)-2000:]
		}
		return res, fmt.Errorf("%s: %w (context: %v); stdout %q; stderr:\n%s", res.name, err, ctx.Err(), res.out, tail)
	}
	return res, nil
}

// copyStore copies the embedded store of DATA_DIR from into DATA_DIR to
// (both files, the database and its WAL, when the WAL is there).
func copyStore(from, to string) error {
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	for _, name := range []string{storeFile, storeFile + "-wal"} {
		src, err := os.Open(filepath.Join(from, name))
		if errors.Is(err, fs.ErrNotExist) && name != storeFile {
			continue
		} else if err != nil {
			return fmt.Errorf("copying the generated store: %w", err)
		}
		dst, err := os.OpenFile(filepath.Join(to, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			src.Close()
			return fmt.Errorf("copying the generated store: %w", err)
		}
		_, err = io.Copy(dst, src)
		src.Close()
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("copying %s: %w", name, err)
		}
	}
	return nil
}

// generateStore fills the empty store in dataDir with scale S for n
// listings: `market generate --listings N`.
func generateStore(tb testing.TB, dataDir string, n int) (scaleCommand, error) {
	return runCommand(tb, dataDir, nil, generateLimit, "generate", "--listings", strconv.Itoa(n))
}

// startTimed starts `market serve` on dataDir (with env added) and waits until GET /readyz
// answers 200, returning the server and the time from the process start.
func startTimed(tb testing.TB, dataDir string, env ...string) (*server, time.Duration, error) {
	start := time.Now()
	srv := startServer(tb, dataDir, env...) // waits for the "listening" line
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{Proxy: nil}}
	defer c.CloseIdleConnections()
	for time.Since(start) < readyLimit {
		resp, err := c.Get(srv.url + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return srv, time.Since(start), nil
			}
		}
		select {
		case <-srv.done:
			return nil, 0, fmt.Errorf("the server on %s exited before it was ready (%v)", dataDir, srv.err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil, 0, fmt.Errorf("the server on %s was not ready within %s", dataDir, readyLimit)
}

// procMemory is a process's resident memory, KiB: now and at its peak.
type procMemory struct{ rss, hwm int64 }

// readMemory reads VmRSS and VmHWM from /proc/<pid>/status.
func readMemory(pid int) (procMemory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procMemory{}, fmt.Errorf("reading the server's memory: %w", err)
	}
	var m procMemory
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			m.rss = v
		case "VmHWM:":
			m.hwm = v
		}
	}
	if m.rss == 0 || m.hwm == 0 {
		return m, errors.New("no VmRSS or VmHWM in /proc/<pid>/status")
	}
	return m, nil
}

// clockTick is the unit of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// readCPU reads the user and system CPU time a process has used.
func readCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("reading the server's CPU time: %w", err)
	}
	// The command name, in parentheses, may hold spaces: count fields after it.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * clockTick, nil
}

// settle waits until every server has used less than 3% of a core over
// a second (at most settleLimit): the work the fixtures left (indexing,
// compaction, collection) is then done before anything is timed.
func settle(worlds [2]*scaleWorld) (time.Duration, error) {
	start := time.Now()
	for _, w := range worlds {
		pid := w.t.srv.cmd.Process.Pid
		for time.Since(start) < settleLimit {
			before, err := readCPU(pid)
			if err != nil {
				return 0, err
			}
			time.Sleep(time.Second)
			after, err := readCPU(pid)
			if err != nil {
				return 0, err
			}
			if after-before < 30*time.Millisecond {
				break
			}
		}
	}
	return time.Since(start), nil
}

// pprofAddrs are the loopback addresses where the servers serve their
// profiles when MARKET_SCALE_BENCH_PPROF is set, by store.
func pprofAddrs() [2]string { return [2]string{"127.0.0.1:16060", "127.0.0.1:16061"} }

// profileWrites fetches a CPU profile of each server over the next
// seconds into dir (near-empty-writes.pprof, S-writes.pprof) and returns
// a function that waits for both.
func profileWrites(dir string, seconds int) func() error {
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for s, name := range []string{"near-empty", "S"} {
		wg.Go(func() {
			c := &http.Client{Timeout: time.Duration(seconds+30) * time.Second, Transport: &http.Transport{Proxy: nil}}
			res, err := c.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", pprofAddrs()[s], seconds))
			if err != nil {
				errs[s] = err
				return
			}
			defer res.Body.Close()
			f, err := os.Create(filepath.Join(dir, name+"-writes.pprof"))
			if err != nil {
				errs[s] = err
				return
			}
			_, err = io.Copy(f, res.Body)
			errs[s] = errors.Join(err, f.Close())
		})
	}
	return func() error { wg.Wait(); return errors.Join(errs...) }
}
