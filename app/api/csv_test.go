package api_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// csvWant is the export's header row.
var csvWant = []string{"code", "title", "kind", "status", "buyer", "domain", "district", "districtName",
	"capabilities", "budgetMinYuan", "budgetMaxYuan", "bidDeadline", "publishedAt", "url"}

// exportCSV gets the export for query as who and parses it: the BOM, the
// headers and the header row are checked; it returns the rows by code.
func exportCSV(t *testing.T, e *env, query string, who ...string) map[string]map[string]string {
	t.Helper()
	r := e.do("GET", "/api/v1/opportunities.csv?"+query, nil, who...)
	if r.Status != 200 {
		t.Fatalf("GET /opportunities.csv?%s: %d %s", query, r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="opportunities.csv"` {
		t.Errorf("content disposition %q", cd)
	}
	body, ok := bytes.CutPrefix(r.Body, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("the export does not start with a UTF-8 byte-order mark: % x", r.Body[:min(len(r.Body), 8)])
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the export does not parse as CSV: %v\n%s", err, body)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], csvWant) {
		t.Fatalf("header row %v, want %v", rows, csvWant)
	}
	out := map[string]map[string]string{}
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out[m["code"]] = m
	}
	return out
}

// codes returns the codes of the exported rows, sorted.
func codes(rows map[string]map[string]string) []string {
	out := []string{}
	for c := range rows {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func TestCSVExportOfListings(t *testing.T) {
	w := newWorld(t)
	sorted := func(ls ...listing) []string {
		out := []string{}
		for _, l := range ls {
			out = append(out, l.Code)
		}
		slices.Sort(out)
		return out
	}
	rows := exportCSV(t, w.env, "")
	if got, want := codes(rows), sorted(w.L1, w.L2, w.L3, w.L4, w.L5); !slices.Equal(got, want) {
		t.Fatalf("anonymous export: %v, want the five published listings %v", got, want)
	}
	l1 := rows[w.L1.Code]
	if l1["title"] != "浦东新区智慧城市运行管理平台" || l1["buyer"] != "组织 buyer@gov.example" || l1["districtName"] == "" ||
		!strings.Contains(l1["districtName"], "浦东") {
		t.Errorf("Chinese text: %v", l1)
	}
	if l1["kind"] != "government_need" || l1["status"] != "published" || l1["domain"] != "governance" || l1["district"] != "pudong" ||
		l1["capabilities"] != "iot; data_governance" || l1["budgetMinYuan"] != "1000000.00" || l1["budgetMaxYuan"] != "5000000.00" ||
		l1["url"] != "http://example.com/opportunities/"+w.L1.ID || l1["bidDeadline"] == "" || l1["publishedAt"] == "" {
		t.Errorf("L1 row: %v", l1)
	}
	if rows[w.L5.Code]["title"] != "Elderly care platform <b>beta</b> & more 智慧养老" {
		t.Errorf("L5 title: %q", rows[w.L5.Code]["title"])
	}

	// The filters of GET /opportunities.
	for query, want := range map[string][]string{
		q("district", "xuhui"):                           sorted(w.L2, w.L5),
		q("capability", "ai"):                            sorted(w.L3, w.L5),
		q("kind", "sme_help"):                            sorted(w.L4),
		q("q", "数据治理", "domain", "governance"):           sorted(w.L1),
		q("budgetMinFen", "300000000"):                   sorted(w.L1, w.L3),
		q("smeOnly", "true"):                             sorted(w.L2),
		q("status", "draft", "status", "pending_review"): {},
	} {
		if got := codes(exportCSV(t, w.env, query)); !slices.Equal(got, want) {
			t.Errorf("export ?%s: %v, want %v", query, got, want)
		}
	}
	// Drafts never reach anyone but their owner, whatever is asked.
	for _, who := range [][]string{nil, w.provider.bearer(), w.sme.bearer()} {
		got := exportCSV(t, w.env, q("status", "draft", "status", "pending_review", "status", "published", "mine", "false"), who...)
		if got[w.draft.Code] != nil || got[w.pending.Code] != nil {
			t.Errorf("an export shows a listing never published: %v", codes(got))
		}
	}
	if got := exportCSV(t, w.env, q("mine", "true"), w.buyer.bearer()...); got[w.draft.Code] == nil {
		t.Errorf("the owner's own export lacks its draft: %v", codes(got))
	}
	w.do("GET", "/api/v1/opportunities.csv?mine=true", nil).problem(t, 401, "unauthenticated")
	w.do("GET", "/api/v1/opportunities.csv?pageSize=500", nil).problem(t, 422, "validation_failed")
	w.do("GET", "/api/v1/opportunities.csv?budgetMinFen=lots", nil).problem(t, 422, "validation_failed")

	// Cells a spreadsheet would run as formulas are neutralised.
	hostile := map[string]string{}
	for _, title := range []string{`=HYPERLINK("http://evil.example","点我")`, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1"} {
		l := w.publish(w.buyer, "government_need", map[string]any{"title": title})
		hostile[l.Code] = title
	}
	rows = exportCSV(t, w.env, "pageSize=1")
	for code, title := range hostile {
		if got := rows[code]["title"]; got != "'"+strings.TrimSpace(title) {
			t.Errorf("title %q exported as %q, want it prefixed with a single quote", title, got)
		}
	}
	if len(rows) != 10 {
		t.Errorf("the export has %d rows, want all 10 published listings (pageSize is ignored)", len(rows))
	}
}
