package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// csvPath is where the listing export is served.
const csvPath = "/api/v1/opportunities.csv"

// csvBOM starts the export so that spreadsheets read it as UTF-8.
const csvBOM = "\uFEFF"

// csvHeader is the export's header row.
var csvHeader = []string{"code", "title", "kind", "status", "buyer", "domain", "district", "districtName",
	"capabilities", "budgetMinYuan", "budgetMaxYuan", "bidDeadline", "publishedAt", "url"}

// OpportunityFilters are the parameters of GET /opportunities, which the
// export shares: an exported name, so that Huma reads the embedded fields.
type OpportunityFilters = listOpportunitiesInput

type csvInput struct {
	OpportunityFilters
}

type csvOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Truncated          string `header:"X-Truncated" doc:"true when more listings matched than the export holds"`
	Body               []byte
}

// registerCSV registers GET /opportunities.csv.
func (s *Server) registerCSV() {
	huma.Register(s.api, huma.Operation{
		OperationID: "opportunitiesCSV", Method: http.MethodGet, Path: csvPath, Tags: []string{"Open data"},
		Summary: "Export the listings a search selects as CSV",
		Description: fmt.Sprintf("The filters of GET /opportunities, with the same visibility (anonymous callers get public "+
			"listings only); page and pageSize are ignored: the export holds every matching row, up to %d (X-Truncated: true "+
			"when more matched). UTF-8 with a byte-order mark, so that spreadsheets show Chinese correctly; columns: %s. "+
			"Amounts are yuan, times RFC 3339 UTC. A cell starting with =, +, -, @, a tab or a carriage return gets a leading "+
			"single quote, so that no spreadsheet runs it as a formula.", app.ExportMaxRows, strings.Join(csvHeader, ", ")),
		Middlewares: huma.Middlewares{s.openData},
		Responses: map[string]*huma.Response{"200": {Description: "The listings as CSV",
			Content: map[string]*huma.MediaType{"text/csv": {Schema: &huma.Schema{Type: "string"}}}}},
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, handle(s, func(ctx context.Context, actor models.Actor, in *csvInput) (*csvOutput, error) {
		items, truncated, err := s.app.ExportOpportunities(ctx, actor, in.query())
		if err != nil {
			return nil, err
		}
		body, err := opportunitiesCSV(baseURL(ctx), items)
		if err != nil {
			return nil, err
		}
		return &csvOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="opportunities.csv"`,
			Truncated: strconv.FormatBool(truncated), Body: body}, nil
	}))
}

// opportunitiesCSV writes the export: the BOM, the header, one row per listing.
func opportunitiesCSV(base string, items []*models.Opportunity) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(csvBOM)
	w := csv.NewWriter(&buf)
	if err := w.Write(csvHeader); err != nil {
		return nil, fmt.Errorf("writing the CSV header: %w", err)
	}
	v := models.AllVocabularies()
	for _, o := range items {
		published := ""
		if o.PublishedAt != nil {
			published = o.PublishedAt.UTC().Format(time.RFC3339)
		}
		deadline := ""
		if !o.BidDeadline.IsZero() {
			deadline = o.BidDeadline.UTC().Format(time.RFC3339)
		}
		budgetMin, budgetMax := "", ""
		if o.Budget.MinFen > 0 || o.Budget.MaxFen > 0 {
			budgetMin, budgetMax = fenAsYuan(o.Budget.MinFen), fenAsYuan(o.Budget.MaxFen)
		}
		row := []string{o.Code, o.Title, o.Kind, o.Status, o.Buyer.Name, o.Domain, o.District, feedLabel(v.Districts, o.District),
			strings.Join(o.Capabilities, "; "), budgetMin, budgetMax, deadline, published,
			base + "/opportunities/" + o.ID}
		for i := range row {
			row[i] = csvCell(row[i])
		}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("writing a CSV row: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("writing the CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// csvCell neutralises a cell a spreadsheet would run as a formula (CSV
// injection): one starting with =, +, -, @, a tab or a carriage return
// gets a leading single quote.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// fenAsYuan writes an amount in fen as yuan with two decimals.
func fenAsYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
