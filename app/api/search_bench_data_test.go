package api_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"syscall"
	"time"

	"market/models"
)

// syntheticListings returns n published bilingual listings built from the
// vocabularies, deterministic for a seed: half Chinese, half English, with
// budgets, deadlines and publication times spread out.
func syntheticListings(n int, seed uint64, now time.Time) []*models.Opportunity {
	v := models.AllVocabularies()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pick := func(terms []models.Term) models.Term { return terms[rng.IntN(len(terms))] }
	zhNeeds := []string{"平台建设", "系统升级", "数据治理", "智慧城市运行", "移动应用开发", "数字化转型咨询", "物联网感知网络", "大数据分析平台"}
	enNeeds := []string{"platform", "system upgrade", "data platform", "smart city operations", "mobile app", "digital transformation", "IoT sensor network", "analytics platform"}
	buyers := []string{"大数据中心", "城运中心", "卫健委", "教育局", "交通委", "科委"}
	out := make([]*models.Opportunity, 0, n)
	for i := range n {
		c1, c2, sc, d := pick(v.Capabilities), pick(v.Capabilities), pick(v.Scenarios), pick(v.Districts)
		var title, desc string
		if i%2 == 0 {
			need := zhNeeds[rng.IntN(len(zhNeeds))]
			title = fmt.Sprintf("%s%s%s项目", d.ZH, sc.ZH, need)
			desc = fmt.Sprintf("围绕%s场景，应用%s与%s技术，建设%s。项目编号%d，要求服务商具备相关案例。", sc.ZH, c1.ZH, c2.ZH, need, i)
		} else {
			need := enNeeds[rng.IntN(len(enNeeds))]
			title = fmt.Sprintf("%s %s for %s", sc.EN, need, d.EN)
			desc = fmt.Sprintf("Use %s and %s to deliver a %s for the %s district (listing %d); providers must show similar work.", c1.EN, c2.EN, need, d.EN, i)
		}
		caps := []string{c1.Code}
		if c2.Code != c1.Code {
			caps = append(caps, c2.Code)
		}
		published := now.Add(-time.Duration(rng.IntN(60*24)) * time.Hour)
		lo := int64(rng.IntN(5_000_000)) * 100
		kind := models.KindGovernmentNeed
		if rng.IntN(4) == 0 {
			kind = models.KindSMEHelp
		}
		status := models.StatusPublished
		if rng.IntN(10) == 0 {
			status = models.StatusClosed
		}
		buyer := pick(v.Districts).ZH + buyers[rng.IntN(len(buyers))]
		out = append(out, &models.Opportunity{
			ID: fmt.Sprintf("bench%07d", i), Code: fmt.Sprintf("SH-2026-%06d", i%1_000_000), Kind: kind, Status: status, Version: 3,
			Title: title, Description: desc, Domain: pick(v.Domains).Code, District: d.Code,
			Scenarios: []string{sc.Code}, Capabilities: caps,
			Budget:      models.Budget{MinFen: lo, MaxFen: lo + int64(rng.IntN(10_000_000))*100 + 100},
			BidDeadline: now.Add(time.Duration(1+rng.IntN(90*24)) * time.Hour),
			Eligibility: models.Eligibility{VerifiedOnly: true, SMEOnly: kind == models.KindGovernmentNeed && rng.IntN(5) == 0},
			Criteria:    []models.Criterion{{ID: "c1", Name: "技术方案", Weight: 60}, {ID: "c2", Name: "价格", Weight: 40}},
			Buyer:       models.OrgRef{ID: fmt.Sprintf("buyer%03d", rng.IntN(200)), Name: buyer, Kind: models.OrgGovernment},
			PublishedAt: &published, CreatedAt: published, UpdatedAt: published,
		})
	}
	return out
}

// latencies collects durations from concurrent workers.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// count returns how many durations were recorded.
func (l *latencies) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.d)
}

// mean returns the mean duration.
func (l *latencies) mean() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var sum time.Duration
	for _, d := range l.d {
		sum += d
	}
	return sum / time.Duration(max(1, len(l.d)))
}

// quantile returns the q-quantile (0..1) of the durations.
func (l *latencies) quantile(q float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return 0
	}
	s := slices.Clone(l.d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

// run calls do total times from clients goroutines (stopping early after
// limit, if positive) and records each call's latency; do gets the call's
// number.
func (l *latencies) run(clients, total int, limit time.Duration, do func(i int) error) error {
	stop := time.Now().Add(limit)
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < total && (limit <= 0 || time.Now().Before(stop)); i += clients {
				start := time.Now()
				if err := do(i); err != nil {
					errs <- err
					return
				}
				l.add(time.Since(start))
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// processCPU returns the CPU time (user and system) this process has used:
// on a machine shared with other work, steadier than wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ms formats a duration in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
