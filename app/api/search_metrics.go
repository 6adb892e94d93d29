package api

import (
	"github.com/prometheus/client_golang/prometheus"

	"market/app"
)

// searchMetrics reports the search index synchroniser's progress, read at
// each scrape.
type searchMetrics struct {
	stats    func() app.SearchStats
	lag      *prometheus.Desc
	lastSync *prometheus.Desc
	up       *prometheus.Desc
}

// Compile-time check that searchMetrics is a Prometheus collector.
var _ prometheus.Collector = (*searchMetrics)(nil)

// SearchMetrics returns the collector of the search index metrics:
// market_search_index_lag (changes waiting to be indexed),
// market_search_last_sync_timestamp_seconds (when the index last held every
// marked change) and market_search_engine_up. Register it on the server's
// Registry.
func SearchMetrics(a *app.App) prometheus.Collector {
	return &searchMetrics{
		stats: a.SearchStats,
		lag: prometheus.NewDesc("market_search_index_lag",
			"Changes stored in the database and not yet confirmed in the search index (dirty markers).", nil, nil),
		lastSync: prometheus.NewDesc("market_search_last_sync_timestamp_seconds",
			"When the search index last held every change marked before it, in Unix seconds; 0 before the first time.", nil, nil),
		up: prometheus.NewDesc("market_search_engine_up",
			"1 when the last call to the search engine succeeded, else 0.", nil, nil),
	}
}

// Describe sends the metrics' descriptions.
func (m *searchMetrics) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.lag
	ch <- m.lastSync
	ch <- m.up
}

// Collect sends the current values.
func (m *searchMetrics) Collect(ch chan<- prometheus.Metric) {
	st := m.stats()
	var last, up float64
	if !st.LastSync.IsZero() {
		last = float64(st.LastSync.UnixMilli()) / 1000
	}
	if st.Healthy {
		up = 1
	}
	ch <- prometheus.MustNewConstMetric(m.lag, prometheus.GaugeValue, float64(st.Pending))
	ch <- prometheus.MustNewConstMetric(m.lastSync, prometheus.GaugeValue, last)
	ch <- prometheus.MustNewConstMetric(m.up, prometheus.GaugeValue, up)
}
