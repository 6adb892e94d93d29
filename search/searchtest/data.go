package searchtest

import (
	"fmt"
	"time"

	"market/search"
)

// Spec is an index shaped like the opportunity list's.
func Spec(name string) search.IndexSpec {
	return search.IndexSpec{
		Name: name,
		Fields: []search.Field{
			{Name: "title", Type: search.Text},
			{Name: "description", Type: search.Text},
			{Name: "capabilityLabels", Type: search.Text},
			{Name: "buyerName", Type: search.Text},
			{Name: "code", Type: search.Keyword, Filterable: true, Sortable: true},
			{Name: "kind", Type: search.Keyword, Facet: true},
			{Name: "status", Type: search.Keyword, Filterable: true},
			{Name: "domain", Type: search.Keyword, Facet: true},
			{Name: "district", Type: search.Keyword, Facet: true},
			{Name: "capabilities", Type: search.Keyword, Facet: true},
			{Name: "smeOnly", Type: search.Bool, Filterable: true, Facet: true},
			{Name: "budgetMaxFen", Type: search.Number, Filterable: true, Sortable: true},
			{Name: "bidDeadline", Type: search.Time, Filterable: true, Sortable: true},
		},
		Synonyms: search.CapabilitySynonyms(),
	}
}

// Base is the fixtures' reference instant.
func Base() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

// listing is a fixture: the fields that vary between documents.
type listing struct {
	id, code, status, kind, domain, district string
	title, description                       string
	capabilities                             []string
	smeOnly                                  bool
	budgetYuan                               int64
	deadlineDays                             int
}

// contractListings are the documents the contract suite searches. Each
// comment says what the document is there to show.
func contractListings() []listing {
	return []listing{
		// Chinese 智慧城市 and 物联网, never "IoT".
		{"p01", "SH-2026-000001", "published", "government_need", "governance", "pudong",
			"智慧城市运行管理平台建设", "建设全市统一的城市运行管理平台，接入物联网感知设备。",
			[]string{"big_data"}, false, 5_000_000, 30},
		// English "data governance": a synonym of 数据治理.
		{"p02", "SH-2026-000002", "published", "government_need", "life", "xuhui",
			"Data governance platform for the district health commission", "Build a metadata catalogue and data quality checks.",
			[]string{"data_governance"}, false, 1_200_000, 20},
		// Chinese 数据治理.
		{"p03", "SH-2026-000003", "published", "government_need", "governance", "huangpu",
			"数据治理与共享交换平台", "围绕政务数据治理，建设共享交换体系。",
			[]string{"data_governance"}, true, 800_000, 45},
		// English "IoT" only, never 物联网; "parking" for typos.
		{"p04", "SH-2026-000004", "published", "sme_help", "life", "jingan",
			"IoT sensor network for smart parking", "Deploy IoT sensors in residential car parks.",
			[]string{}, false, 300_000, 10},
		// Has 城市 and 智能 but not 智慧城市.
		{"p05", "SH-2026-000005", "published", "government_need", "governance", "minhang",
			"城市管理智能巡检", "利用图像识别发现城市管理问题，智能化巡检。",
			[]string{}, false, 2_000_000, 60},
		// Has 数据 and 治理 but not 数据治理.
		{"p06", "SH-2026-000006", "published", "government_need", "governance", "yangpu",
			"社区治理数据看板", "汇总社区数据，支撑基层治理。",
			[]string{}, false, 150_000, 15},
		// English "big data": a synonym of 大数据.
		{"p07", "SH-2026-000007", "closed", "sme_help", "economy", "songjiang",
			"Big data analytics for a textile factory", "Analyse production records to reduce waste.",
			[]string{}, true, 400_000, 5},
		// Chinese 云计算: a synonym of cloud.
		{"p08", "SH-2026-000008", "published", "sme_help", "economy", "jiading",
			"企业管理系统迁移上云", "将现有ERP系统迁移到云计算平台。",
			[]string{}, false, 600_000, 25},
		// Markup in the title, for highlights.
		{"p09", "SH-2026-000009", "published", "government_need", "life", "xuhui",
			`<script>alert("x")</script> Platform & "tools" for <b>schools</b>`, "A learning platform for 120 schools.",
			[]string{}, false, 900_000, 40},
		// Drafts and others that must stay out of a published-only search; they
		// contain every word other tests look for.
		{"d01", "SH-2026-000010", "draft", "government_need", "governance", "pudong",
			"草稿：智慧城市数据治理 platform draft", "物联网 IoT 大数据 big data 云计算 cloud platform",
			[]string{"iot"}, false, 9_000_000, 30},
		{"d02", "SH-2026-000011", "pending_review", "government_need", "governance", "xuhui",
			"待审核 智慧城市 platform", "数据治理 pending review",
			[]string{"iot"}, false, 7_000_000, 30},
		{"d03", "SH-2026-000012", `x" OR status = "draft`, "government_need", "governance", "xuhui",
			"hostile status platform 智慧城市", "a status value that looks like filter syntax",
			[]string{}, false, 1, 30},
	}
}

// Docs turns the fixtures into documents.
func Docs() []search.Document {
	var docs []search.Document
	for _, l := range contractListings() {
		docs = append(docs, l.doc())
	}
	return docs
}

// doc turns a fixture into a document.
func (l listing) doc() search.Document {
	return search.Document{ID: l.id, Fields: map[string]any{
		"title":            l.title,
		"description":      l.description,
		"capabilityLabels": capabilityLabels(l.capabilities),
		"buyerName":        fmt.Sprintf("Buyer of %s", l.code),
		"code":             l.code,
		"kind":             l.kind,
		"status":           l.status,
		"domain":           l.domain,
		"district":         l.district,
		"capabilities":     l.capabilities,
		"smeOnly":          l.smeOnly,
		"budgetMaxFen":     l.budgetYuan * 100,
		"bidDeadline":      Base().AddDate(0, 0, l.deadlineDays),
	}}
}

// capabilityLabels returns the English labels of capability codes.
func capabilityLabels(codes []string) []string {
	labels := map[string]string{"big_data": "Big data", "data_governance": "Data governance", "iot": "IoT"}
	var out []string
	for _, c := range codes {
		out = append(out, labels[c])
	}
	return out
}
