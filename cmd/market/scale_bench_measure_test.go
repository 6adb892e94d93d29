package main

// How the scale benchmark times a row: both servers run at once, and the
// row's requests go to them in alternating blocks (near-empty, S,
// near-empty, S, …), first with 1 client, then with 8 concurrent ones, so
// that whatever else the machine does at the time falls on both alike.

import (
	"bytes"
	"fmt"
	"math"
	"sync"
	"syscall"
	"time"
)

// The stores, as indexes of the benchmark's pairs.
const (
	storeEmpty = 0 // the near-empty store
	storeS     = 1 // the store at scale S
)

// scaleClients are the two numbers of concurrent clients each row is timed with.
func scaleClients() [2]int { return [2]int{1, 8} }

// scalePlan is how many requests a row sends to each store: warm first,
// untimed, then blocks timed with 1 client (per[0] requests each), then
// blocks timed with 8 clients (per[1] each).
type scalePlan struct {
	warm, blocks int
	per          [2]int
}

// readPlan times 240 reads with 1 client and 320 with 8 on each store,
// in 8 blocks each: short blocks, so that a disturbance seldom falls on
// one store alone.
func readPlan() scalePlan { return scalePlan{warm: 3, blocks: 8, per: [2]int{30, 40}} }

// writePlan times 104 writes with 1 client and 128 with 8 on each store,
// in 8 blocks each.
func writePlan() scalePlan { return scalePlan{warm: 2, blocks: 8, per: [2]int{13, 16}} }

// total is the number of requests of the plan per store.
func (p scalePlan) total() int { return p.warm + p.blocks*(p.per[0]+p.per[1]) }

// readRowBudget is about as long as one read row may take. Should a read
// be so slow at S that the plan would take longer, the row sends fewer
// requests (the report gives n), so that the whole benchmark still ends.
const readRowBudget = 90 * time.Second

// fit shrinks the timed blocks so that requests taking about each (on
// the slower store, with 1 client) fit readRowBudget on both stores, to
// no fewer than 10 and 16 requests a block.
func (p scalePlan) fit(each time.Duration) scalePlan {
	// With 8 clients on 2 cores, a block takes about a quarter of the
	// time with 1 client; both stores are sent the plan.
	expected := 2 * each * time.Duration(p.blocks) * time.Duration(p.per[0]+p.per[1]/4)
	if expected <= readRowBudget {
		return p
	}
	f := float64(readRowBudget) / float64(expected)
	p.per = [2]int{max(10, int(f*float64(p.per[0]))), max(16, int(f*float64(p.per[1])))}
	return p
}

// rowResult is one row's latencies, by store and by number of clients.
type rowResult struct {
	name  string
	write bool
	lat   [2][2]durations
	// excluded are the durations the server reported apart and the
	// latencies leave out (sign-in: argon2), by store and clients.
	excluded [2][2]durations
	per      int // requests per block with 1 client
	took     time.Duration
	// serverCPU and harnessCPU are the CPU time the server of each store,
	// and this process, used during that store's timed blocks.
	serverCPU, harnessCPU [2]time.Duration
}

// cpuPerRequest is the server's and the harness's CPU time per timed
// request on store s.
func (r *rowResult) cpuPerRequest(s int) (server, harness time.Duration) {
	n := time.Duration(max(1, len(r.lat[s][0])+len(r.lat[s][1])))
	return r.serverCPU[s] / n, r.harnessCPU[s] / n
}

// blockDifference is the mean, over the pairs of blocks timed with 1
// client, of the difference between the stores' p50s (S − near-empty),
// and its standard error: how far apart the stores are, and how much of
// that the noise between blocks could explain.
func (r *rowResult) blockDifference() (mean, stderr time.Duration) {
	n := len(r.lat[storeS][0]) / max(r.per, 1)
	if n == 0 {
		return 0, 0
	}
	d := make([]float64, n)
	sum := 0.0
	for i := range d {
		block := func(s int) time.Duration { return r.lat[s][0][i*r.per : (i+1)*r.per].quantile(0.5) }
		d[i] = float64(block(storeS) - block(storeEmpty))
		sum += d[i]
	}
	m := sum / float64(n)
	if n < 2 {
		return time.Duration(m), 0
	}
	v := 0.0
	for _, x := range d {
		v += (x - m) * (x - m)
	}
	return time.Duration(m), time.Duration(math.Sqrt(v / float64(n-1) / float64(n)))
}

// selfCPU is the CPU time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measureRow times row on both stores.
func measureRow(row scaleRow, worlds [2]*scaleWorld, plan scalePlan) (*rowResult, error) {
	start := time.Now()
	res := &rowResult{name: row.name, write: row.write}
	var reqs [2][]scaleReq
	var answers [2][][]byte
	for s, w := range worlds {
		if err := w.refresh(); err != nil {
			return nil, err
		}
		var err error
		if reqs[s], err = row.requests(w, plan.total()); err != nil {
			return nil, err
		}
		if row.record != nil {
			answers[s] = make([][]byte, plan.total())
		}
	}
	var warm [2]durations
	for s, w := range worlds {
		warm[s], _ = runBlock(w.t, reqs[s][:plan.warm], 1, answers[s])
	}
	if !row.write { // writes keep their plan: each leaves the next one's targets
		plan = plan.fit(max(warm[storeEmpty].quantile(0), warm[storeS].quantile(0)))
	}
	res.per = plan.per[0]
	off := plan.warm
	for c, clients := range scaleClients() {
		for range plan.blocks {
			end := off + plan.per[c]
			for s, w := range worlds {
				var keep [][]byte
				if answers[s] != nil {
					keep = answers[s][off:end]
				}
				pid := w.t.srv.cmd.Process.Pid
				cpu, err := readCPU(pid)
				if err != nil {
					return nil, err
				}
				self := selfCPU()
				lat, excluded := runBlock(w.t, reqs[s][off:end], clients, keep)
				res.lat[s][c] = append(res.lat[s][c], lat...)
				res.excluded[s][c] = append(res.excluded[s][c], excluded...)
				res.harnessCPU[s] += selfCPU() - self
				after, err := readCPU(pid)
				if err != nil {
					return nil, err
				}
				res.serverCPU[s] += after - cpu
			}
			off = end
		}
	}
	if row.record != nil {
		for s, w := range worlds {
			if err := row.record(w, answers[s]); err != nil {
				return nil, fmt.Errorf("%s: %w", row.name, err)
			}
		}
	}
	res.took = time.Since(start)
	return res, nil
}

// runBlock sends reqs to t from clients concurrent clients, client c
// sending requests c, c+clients, c+2·clients…, each reading answers into a
// buffer of its own; it returns each request's latency and what it left
// out (scaleReq.less; nil when no request leaves anything out) and, when
// answers is not nil, keeps a copy of each answer there (after timing it).
func runBlock(t *scaleTarget, reqs []scaleReq, clients int, answers [][]byte) (lat, excluded durations) {
	lat = make(durations, len(reqs))
	if len(reqs) > 0 && reqs[0].less != "" {
		excluded = make(durations, len(reqs))
	}
	var wg sync.WaitGroup
	for c := range min(clients, len(reqs)) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := c; i < len(reqs); i += clients {
				var left time.Duration
				_, lat[i], left = t.send(reqs[i], &buf)
				if excluded != nil {
					excluded[i] = left
				}
				if answers != nil {
					answers[i] = bytes.Clone(buf.Bytes())
				}
			}
		})
	}
	wg.Wait()
	return lat, excluded
}
