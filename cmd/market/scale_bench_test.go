package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// scaleListings reads MARKET_SCALE_BENCH_LISTINGS: the N of scale S
// (100,000 unless set; 0 generates nothing, so both stores are near-empty).
func scaleListings(getenv func(string) string) (int, error) {
	v := strings.TrimSpace(getenv("MARKET_SCALE_BENCH_LISTINGS"))
	if v == "" {
		return 100_000, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("MARKET_SCALE_BENCH_LISTINGS must be a whole number of listings, not %q", v)
	}
	return n, nil
}

// BenchmarkScale is the acceptance measurement of the embedded store at
// scale S. In one run it measures the real binary on the embedded
// defaults on a store generated at scale S (`market generate`) and on a
// near-empty one, both serving at once: every request a person makes, in
// alternating blocks, with 1 and 8 clients; a bid burst from 32 clients;
// start-up, memory, `market verify-audit` and `market reindex` at S. It
// prints a Markdown report (also written to MARKET_SCALE_BENCH_OUT when
// set) with each target met or not, and fails only on a correctness
// check: an answer the harness did not expect, a lost or duplicated bid,
// or a process that does not exit 0. It takes many minutes, so it runs
// only with MARKET_SCALE_BENCH=1 (make bench sets it);
// MARKET_SCALE_BENCH_LISTINGS changes N. MARKET_SCALE_BENCH_STORE names a
// DATA_DIR that `market generate` filled before, to copy instead of
// generating again (the generation takes half an hour at S); the
// listings it holds are then N. MARKET_SCALE_BENCH_PPROF names a directory
// where a CPU profile of each server over the first 30 s of the writes is
// written.
func BenchmarkScale(b *testing.B) {
	if os.Getenv("MARKET_SCALE_BENCH") == "" {
		b.Skip("set MARKET_SCALE_BENCH=1 to run (make bench does); MARKET_SCALE_BENCH_LISTINGS=N changes the size")
	}
	n, err := scaleListings(os.Getenv)
	if err != nil {
		b.Fatal(err)
	}
	rep := &scaleReport{listings: n}
	progress := func(format string, args ...any) { fmt.Printf("scale benchmark: "+format+"\n", args...) }
	progress("N = %d listings", n)

	done := rep.timePhase("build the binary")
	marketBinary(b)
	done()
	root := b.TempDir()
	dirs := [2]string{filepath.Join(root, "near-empty"), filepath.Join(root, "scale")}
	prepareStores(b, rep, dirs, n, progress)

	done = rep.timePhase("start both servers")
	var srvs [2]*server
	for _, s := range []int{storeEmpty, storeS} { // S alone, so that its start-up is timed undisturbed
		var env []string
		if os.Getenv("MARKET_SCALE_BENCH_PPROF") != "" {
			env = append(env, "MARKET_PPROF_ADDR="+pprofAddrs()[s])
		}
		if srvs[s], rep.startup[s], err = startTimed(b, dirs[s], env...); err != nil {
			b.Fatal(err)
		}
	}
	done()
	progress("S ready %s after its start", secs(rep.startup[storeS]))
	tally := newScaleTally()
	worlds := [2]*scaleWorld{{t: newScaleTarget("near-empty", srvs[storeEmpty], tally)}, {t: newScaleTarget("S", srvs[storeS], tally)}}

	done = rep.timePhase("fixtures through the API, both stores at once")
	if err := buildFixtures(worlds); err != nil {
		fail(b, rep, tally, err)
	}
	done()
	progress("fixtures made; waiting for the servers to go idle")
	done = rep.timePhase("servers going idle")
	if rep.settled, err = settle(worlds); err != nil {
		b.Fatal(err)
	}
	done()

	measureRows(b, rep, tally, worlds, progress)

	done = rep.timePhase("bid burst, S then near-empty")
	for _, s := range []int{storeS, storeEmpty} {
		if rep.bursts[s], err = runBurst(worlds[s]); err != nil {
			fail(b, rep, tally, err)
		}
		progress("burst on %s: %.0f bids/s", worlds[s].t.name, rep.bursts[s].bidsPerSecond())
	}
	done()

	for s, srv := range srvs {
		if rep.memory[s], err = readMemory(srv.cmd.Process.Pid); err != nil {
			b.Fatal(err)
		}
	}
	done = rep.timePhase("stop both servers")
	for _, srv := range srvs {
		srv.terminate(b) // fails unless it exits 0
	}
	done()
	finish(b, rep, tally)
}

// prepareStores generates S into dirs[storeS] (unless n is 0), times a
// reindex and an audit verification there, and creates the operator in
// both stores.
func prepareStores(b *testing.B, rep *scaleReport, dirs [2]string, n int, progress func(string, ...any)) {
	if from := os.Getenv("MARKET_SCALE_BENCH_STORE"); from != "" && n > 0 {
		done := rep.timePhase("copy of a generated store")
		if err := copyStore(from, dirs[storeS]); err != nil {
			b.Fatal(err)
		}
		syscall.Sync() // a store at rest, as generate leaves it, not one the kernel is still writing back
		done()
		progress("copied the store generated in %s (MARKET_SCALE_BENCH_STORE) rather than generating one", from)
	} else if n > 0 {
		done := rep.timePhase("market generate")
		c, err := generateStore(b, dirs[storeS], n)
		if err != nil {
			b.Fatal(err)
		}
		done()
		rep.commands = append(rep.commands, c)
		progress("generated in %s", secs(c.elapsed))
	}
	for _, args := range [][]string{{"reindex"}, {"verify-audit"}} {
		done := rep.timePhase("market " + args[0] + " at S")
		c, err := runCommand(b, dirs[storeS], nil, scaleCmdLimit, args...)
		if err != nil {
			b.Fatal(err)
		}
		done()
		rep.commands = append(rep.commands, c)
		progress("%s: %s (%s)", c.name, secs(c.elapsed), c.out)
	}
	for _, dir := range dirs {
		if _, err := runCommand(b, dir, strings.NewReader(scalePassword+"\n"), scaleCmdLimit,
			"admin", "create-operator", "--email", scaleOperator); err != nil {
			b.Fatal(err)
		}
	}
}

// scaleOperator is the operator the harness creates in both stores.
const scaleOperator = "scale-operator@bench.example"

// buildFixtures makes the fixtures on both stores at once, waits until
// the listings that must close are due, and closes them out.
func buildFixtures(worlds [2]*scaleWorld) error {
	both := func(step func(w *scaleWorld) error) error {
		var wg sync.WaitGroup
		errs := make([]error, len(worlds))
		for s, w := range worlds {
			wg.Go(func() { errs[s] = step(w) })
		}
		wg.Wait()
		return errors.Join(errs...)
	}
	err := both(func(w *scaleWorld) error {
		if err := w.people(scaleOperator); err != nil {
			return err
		}
		if err := w.closing(writePlan().total()); err != nil {
			return err
		}
		if err := w.reviewQueue(); err != nil {
			return err
		}
		return w.open()
	})
	if err != nil {
		return err
	}
	due := worlds[storeEmpty].lastDue
	if worlds[storeS].lastDue.After(due) {
		due = worlds[storeS].lastDue
	}
	time.Sleep(time.Until(due) + time.Second)
	return both(func(w *scaleWorld) error {
		if err := w.refresh(); err != nil {
			return err
		}
		return w.closeOut()
	})
}

// measureRows times every read, sign-in, then every write.
func measureRows(b *testing.B, rep *scaleReport, tally *scaleTally, worlds [2]*scaleWorld, progress func(string, ...any)) {
	type planned struct {
		rows []scaleRow
		plan scalePlan
	}
	for _, group := range []planned{{append(readRows(), signInRow()), readPlan()}, {writeRows(), writePlan()}} {
		what := "reads"
		if group.rows[0].write {
			what = "writes"
		}
		done := rep.timePhase("measure " + what)
		var profiled func() error
		if dir := os.Getenv("MARKET_SCALE_BENCH_PPROF"); dir != "" && what == "writes" {
			profiled = profileWrites(dir, 30)
		}
		for _, row := range group.rows {
			res, err := measureRow(row, worlds, group.plan)
			if err != nil {
				fail(b, rep, tally, err)
			}
			rep.rows = append(rep.rows, res)
			progress("%s: p50 %s / %s, p99 (8 clients) %s / %s (near-empty / S), %s", row.name,
				ms(res.lat[storeEmpty][0].quantile(0.5)), ms(res.lat[storeS][0].quantile(0.5)),
				ms(res.lat[storeEmpty][1].quantile(0.99)), ms(res.lat[storeS][1].quantile(0.99)), secs(res.took))
		}
		done()
		if profiled != nil {
			if err := profiled(); err != nil {
				progress("profiling the servers: %v", err)
			}
		}
	}
}

// fail reports what was measured so far and the unexpected answers, then
// stops the benchmark with err.
func fail(b *testing.B, rep *scaleReport, tally *scaleTally, err error) {
	b.Helper()
	rep.nUnexpect, rep.unexpected = tally.total(), tally.lines()
	fmt.Println(rep.markdown())
	b.Fatal(err)
}

// finish prints the report, writes it to MARKET_SCALE_BENCH_OUT when set,
// reports the main figures as metrics, and fails on any unexpected answer
// or any lost or duplicated bid.
func finish(b *testing.B, rep *scaleReport, tally *scaleTally) {
	b.Helper()
	rep.nUnexpect, rep.unexpected = tally.total(), tally.lines()
	md := rep.markdown()
	fmt.Println(md)
	if out := os.Getenv("MARKET_SCALE_BENCH_OUT"); out != "" {
		if err := os.WriteFile(out, []byte(md), 0o644); err != nil {
			b.Errorf("writing the report: %v", err)
		}
	}
	b.ReportMetric(rep.startup[storeS].Seconds(), "startup-s")
	b.ReportMetric(float64(rep.memory[storeS].hwm)/1024, "hwm-MiB")
	if br := rep.bursts[storeS]; br != nil {
		b.ReportMetric(br.bidsPerSecond(), "burst-bids/s")
		b.ReportMetric(float64(br.lat.quantile(0.99))/float64(time.Millisecond), "burst-p99-ms")
	}
	if rep.nUnexpect > 0 {
		b.Errorf("%d answers the harness did not expect (see the report)", rep.nUnexpect)
	}
	for _, br := range rep.bursts {
		if br != nil && (br.lost > 0 || br.duplicated > 0 || br.miscounted > 0) {
			b.Errorf("bid burst on the %s store: %d lost, %d duplicated, %d listings miscounted", br.store, br.lost, br.duplicated, br.miscounted)
		}
	}
}
