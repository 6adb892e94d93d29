package api

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"market/app"
	"market/models"
)

// Atom 1.0 (RFC 4287) documents, as encoding/xml writes them: it escapes
// text and attributes, and replaces characters XML cannot hold.
const (
	atomNS          = "http://www.w3.org/2005/Atom"
	atomFeedPath    = "/feeds/opportunities.atom"
	atomContentType = "application/atom+xml; charset=utf-8"
	// atomSummaryLength is how much of a description an entry's summary keeps.
	atomSummaryLength = 280
)

// atomFeed is an Atom feed document.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

// atomEntry is one listing in the feed.
type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Links      []atomLink     `xml:"link"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
}

// atomText is a text construct; type "text" means plain text.
type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// atomLink is a link element.
type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// atomPerson names an author.
type atomPerson struct {
	Name string `xml:"name"`
}

// atomCategory tags an entry with a vocabulary code.
type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomOutput struct {
	ContentType  string `header:"Content-Type"`
	CacheControl string `header:"Cache-Control"`
	Body         []byte
}

// registerAtom registers GET /feeds/opportunities.atom.
func (s *Server) registerAtom() {
	huma.Register(s.api, huma.Operation{
		OperationID: "opportunitiesAtom", Method: http.MethodGet, Path: atomFeedPath, Tags: []string{"Open data"},
		Summary:     "Atom 1.0 feed of newly published listings",
		Description: fmt.Sprintf("The %d listings published most recently, newest first; each entry links to the listing's page.", app.FeedSize),
		Middlewares: huma.Middlewares{s.openData},
		Responses: map[string]*huma.Response{"200": {Description: "An Atom feed",
			Content: map[string]*huma.MediaType{"application/atom+xml": {Schema: &huma.Schema{Type: "string"}}}}},
		Errors: []int{http.StatusServiceUnavailable},
	}, handle(s, func(ctx context.Context, _ models.Actor, _ *struct{}) (*atomOutput, error) {
		items, err := s.app.NewlyPublished(ctx, app.FeedSize)
		if err != nil {
			return nil, err
		}
		body, err := atomDocument(baseURL(ctx), items, s.app.Now())
		if err != nil {
			return nil, err
		}
		return &atomOutput{ContentType: atomContentType, CacheControl: "public, max-age=60", Body: body}, nil
	}))
}

// atomDocument writes the feed of items, whose links start with base.
func atomDocument(base string, items []*models.Opportunity, now time.Time) ([]byte, error) {
	feed := atomFeed{
		ID: base + atomFeedPath, Title: atomText{Type: "text", Text: "机会清单：新发布 Opportunity list: newly published"},
		Updated: atomTime(now),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + atomFeedPath},
			{Rel: "alternate", Type: "text/html", Href: base + "/opportunities"}},
		Author:  atomPerson{Name: app.OCDSPublisherName},
		Entries: []atomEntry{},
	}
	if len(items) > 0 {
		feed.Updated = ""
	}
	v := models.AllVocabularies()
	for _, o := range items {
		href := base + "/opportunities/" + o.ID
		e := atomEntry{
			ID: href, Title: atomText{Type: "text", Text: o.Code + " " + o.Title},
			Updated: atomTime(o.UpdatedAt), Published: atomTime(*o.PublishedAt),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: href}},
			Author:  atomPerson{Name: o.Buyer.Name},
			Summary: atomText{Type: "text", Text: atomSummary(o, v)},
		}
		if o.Domain != "" {
			e.Categories = append(e.Categories, atomCategory{Term: o.Domain, Scheme: base + "/api/v1/vocabularies#domains", Label: feedLabel(v.Domains, o.Domain)})
		}
		if o.District != "" {
			e.Categories = append(e.Categories, atomCategory{Term: o.District, Scheme: base + "/api/v1/vocabularies#districts", Label: feedLabel(v.Districts, o.District)})
		}
		for _, c := range o.Capabilities {
			e.Categories = append(e.Categories, atomCategory{Term: c, Scheme: base + "/api/v1/vocabularies#capabilities", Label: feedLabel(v.Capabilities, c)})
		}
		if feed.Updated == "" || e.Updated > feed.Updated {
			feed.Updated = e.Updated
		}
		feed.Entries = append(feed.Entries, e)
	}
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("writing the Atom feed: %w", err)
	}
	return append([]byte(xml.Header), out...), nil
}

// atomSummary describes a listing in a line, then the start of its description.
func atomSummary(o *models.Opportunity, v models.Vocabularies) string {
	parts := []string{o.Code, feedLabel(v.Districts, o.District)}
	if o.Budget.MaxFen > 0 {
		parts = append(parts, fmt.Sprintf("预算 budget ¥%s–%s", fenAsYuan(o.Budget.MinFen), fenAsYuan(o.Budget.MaxFen)))
	}
	// The deadline in the city's time, its offset written out (+08:00).
	parts = append(parts, "截止 deadline "+o.BidDeadline.In(time.FixedZone("CST", 8*3600)).Format(time.RFC3339), "状态 status "+o.Status)
	summary := strings.Join(parts, " · ")
	if d := strings.TrimSpace(o.Description); d != "" {
		if r := []rune(d); len(r) > atomSummaryLength {
			d = string(r[:atomSummaryLength]) + "…"
		}
		summary += "\n\n" + d
	}
	return summary
}

// feedLabel returns a vocabulary term's Chinese and English labels, or the code.
func feedLabel(terms []models.Term, code string) string {
	for _, t := range terms {
		if t.Code == code {
			return strings.TrimSpace(t.ZH + " " + t.EN)
		}
	}
	return code
}

// atomTime formats t as an RFC 3339 date-time in UTC.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
