package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"market/app"
	"market/models"
)

// summaryListings are listings of every shape a list shows: with and
// without award, deadline, publication, criteria and labels, and with text
// where encoders are known to differ.
func summaryListings(now time.Time) []*models.Opportunity {
	published := now.Add(-time.Hour)
	texts := []string{"智慧城市 <数据> & \"quotes\" \\ /", "line\nbreak\ttab\x00", "\u2028\u2029 invalid \xff utf-8 🙂"}
	var out []*models.Opportunity
	for i, text := range texts {
		o := &models.Opportunity{ID: "L" + text[:1], Code: "SH-2026-00000" + string(rune('1'+i)), Kind: "government_need",
			Status: models.StatusPublished, Version: i + 1, Title: text, Description: text, Domain: "life", District: "xuhui",
			Scenarios: []string{"digital_commerce"}, Budget: models.Budget{MinFen: 100, MaxFen: int64(1000 * (i + 1))},
			BidDeadline: now.Add(time.Duration(i-1) * 24 * time.Hour), Eligibility: models.Eligibility{VerifiedOnly: i%2 == 0},
			Buyer: models.OrgRef{ID: "buyer", Name: text, Kind: "government"}, BidCount: 3 + i, PublishedAt: &published,
			CreatedAt: now.Add(-2 * time.Hour), UpdatedAt: now.Add(-time.Hour)}
		if i == 1 {
			o.Criteria = []models.Criterion{{ID: "c1", Name: text, Weight: 60}, {ID: "c2", Name: "价格", Weight: 40}}
			o.Status, o.Award = models.StatusAwarded, &models.Award{BidID: "B1", Supplier: models.OrgRef{ID: "s", Name: text, Kind: "enterprise", SME: true},
				PriceFen: 500, AwardedAt: now, BidCount: 2, Reason: text}
		}
		if i == 2 {
			o.Status, o.Reason, o.PublishedAt, o.Capabilities = models.StatusCancelled, text, nil, []string{"iot", "ai"}
		}
		out = append(out, o)
	}
	return out
}

// TestSummaryItemsWriteWhatEncodingTheBodyWrites checks that a page built
// from the summary cache is, byte for byte, the page encoding/json writes
// for the documented body, for search results (no bid counts; cached, so
// asked twice) and for lists from the database (bid counts shown to the
// owner), with and without highlights, long ones cropped.
func TestSummaryItemsWriteWhatEncodingTheBodyWrites(t *testing.T) {
	now := time.Date(2026, 11, 27, 8, 30, 15, 123456789, time.UTC)
	listings := summaryListings(now)
	long := strings.Repeat("长文本", 200) + "<mark>智慧城市</mark>" + strings.Repeat("&lt;b&gt;", 100)
	highlights := []map[string]string{nil, {"title": "<mark>智慧</mark>城市", "description": long}, {"description": "a <mark>b</mark>"}}
	owner := models.Actor{UserID: "u", OrganizationID: "buyer", Role: models.RoleMember}
	cache := newSummaryCache(2)
	for _, c := range []struct {
		name        string
		actor       models.Actor
		bidsCounted bool
	}{{"search", models.Actor{}, false}, {"search again, from the cache, by the owner", owner, false},
		{"database, owner", owner, true}, {"database, anonymous", models.Actor{}, true}} {
		list := &app.OpportunityList{Items: listings, Highlights: highlights, BidsCounted: c.bidsCounted}
		got, err := cache.items(list, c.actor, now)
		if err != nil {
			t.Fatal(err)
		}
		want := opportunityListOutputBody{Items: []opportunitySummaryBody{}}
		for i, o := range listings {
			b := opportunitySummaryBody{OpportunityView: *newOpportunityBody(o, c.actor, now)}
			if !c.bidsCounted {
				b.BidCount = nil
			}
			if h := highlights[i]; h != nil {
				b.Highlight = highlightBody{Title: h["title"], Description: h["description"]}
			}
			want.Items = append(want.Items, b)
		}
		var wantJSON bytes.Buffer
		enc := json.NewEncoder(&wantJSON)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(want.Items); err != nil {
			t.Fatal(err)
		}
		if string(got)+"\n" != wantJSON.String() {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, wantJSON.Bytes())
		}
		// The whole page, through the response format.
		facets := listingFacetsBody{Domain: map[string]int{"life": 3}, District: map[string]int{}, Kind: map[string]int{"sme_help": 1}}
		want.Total, want.Page, want.PageSize, want.Facets = 3, 1, 20, facets
		var page, wantPage bytes.Buffer
		if err := jsonFormat().Marshal(&page, opportunityListPage{Items: got, Total: 3, Page: 1, PageSize: 20, Facets: facets}); err != nil {
			t.Fatal(err)
		}
		pageEnc := json.NewEncoder(&wantPage)
		pageEnc.SetEscapeHTML(false)
		if err := pageEnc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if page.String() != wantPage.String() {
			t.Errorf("%s, page:\n got %s\nwant %s", c.name, page.Bytes(), wantPage.Bytes())
		}
		if c.bidsCounted != strings.Contains(string(got), `"bidCount":3`) {
			t.Errorf("%s: bid counts shown %v, want %v: %s", c.name, !c.bidsCounted, c.bidsCounted, got)
		}
	}
}

// TestSummaryCacheFollowsChangesAndStaysBounded checks that a listing's new
// summary is never answered with the old one's JSON, and that the cache
// holds at most two generations.
func TestSummaryCacheFollowsChangesAndStaysBounded(t *testing.T) {
	now := time.Now().UTC()
	cache := newSummaryCache(2)
	old := summaryListings(now)[0]
	page := func(o *models.Opportunity) string {
		b, err := cache.items(&app.OpportunityList{Items: []*models.Opportunity{o}, Highlights: []map[string]string{nil}}, models.Actor{}, now)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if !strings.Contains(page(old), `"version":1`) {
		t.Fatalf("first page: %s", page(old))
	}
	changed := *old // what the application stores when the listing changes
	changed.Version, changed.UpdatedAt, changed.Title = 2, now, "amended title"
	if got := page(&changed); !strings.Contains(got, `"version":2`) || !strings.Contains(got, "amended title") {
		t.Errorf("after the change: %s", got)
	}
	for _, o := range summaryListings(now) {
		page(o)
	}
	if n := len(cache.cur) + len(cache.prev); n > 4 {
		t.Errorf("the cache holds %d entries, want at most 4", n)
	}
}
