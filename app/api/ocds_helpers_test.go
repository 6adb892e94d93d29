package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"market/app"
)

// ocdsRelease is what the tests read of a release.
type ocdsRelease struct {
	OCID, ID string
	Date     time.Time
	Tag      []string
	Parties  []struct {
		ID, Name string
		Roles    []string
		Details  *struct{ Scale string }
	}
	Buyer  struct{ ID, Name string }
	Tender struct {
		ID, Title, Status string
		Value, MinValue   *struct {
			Amount   float64
			Currency string
		}
		TenderPeriod         struct{ StartDate, EndDate *time.Time }
		AwardCriteriaDetails string
		NumberOfTenderers    *int
		Amendments           []struct{ ID, Rationale string }
	}
	Awards []struct {
		ID, Status string
		Value      struct{ Amount float64 }
		Suppliers  []struct{ ID, Name string }
	}
	Contracts []struct{ Status string }
	Bids      *struct {
		Statistics []struct {
			Measure string
			Value   float64
		}
		Details []struct {
			ID, Status string
			Tenderers  []struct{ ID, Name string }
			Value      struct{ Amount float64 }
		}
	}
	raw string // the release as served
}

// ocdsPackage is a decoded release package.
type ocdsPackage struct {
	URI      string
	Releases []json.RawMessage
	Links    *struct{ Next string }
}

// ocdsFetch gets one page of releases, validates the package against the
// OCDS schemas and decodes its releases.
func ocdsFetch(t *testing.T, e *env, query string) ([]ocdsRelease, string) {
	t.Helper()
	r := e.do("GET", "/api/v1/ocds/releases?"+query, nil)
	if r.Status != 200 {
		t.Fatalf("GET /ocds/releases?%s: %d %s", query, r.Status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	var pkg ocdsPackage
	r.decode(t, &pkg)
	if len(pkg.Releases) > 0 {
		validatePackage(t, ocdsPackageSchema(t), r.Body)
	}
	out := make([]ocdsRelease, 0, len(pkg.Releases))
	for _, raw := range pkg.Releases {
		var rel ocdsRelease
		if err := json.Unmarshal(raw, &rel); err != nil {
			t.Fatal(err)
		}
		rel.raw = string(raw)
		out = append(out, rel)
	}
	next := ""
	if pkg.Links != nil {
		next = pkg.Links.Next
	}
	return out, next
}

// ocdsAll walks every page of releases (pageSize at a time) by links.next.
func ocdsAll(t *testing.T, e *env, query string) []ocdsRelease {
	t.Helper()
	var all []ocdsRelease
	for pages := 0; query != ""; pages++ {
		if pages > 100 {
			t.Fatal("links.next never ends")
		}
		rels, next := ocdsFetch(t, e, query)
		all = append(all, rels...)
		query = ""
		if next != "" {
			u, err := url.Parse(next)
			if err != nil || u.Path != "/api/v1/ocds/releases" {
				t.Fatalf("links.next %q", next)
			}
			query = u.RawQuery
		}
	}
	return all
}

// ofListing returns the releases of one listing, by their tags joined.
func ofListing(rels []ocdsRelease, code string) (out []ocdsRelease, tags []string) {
	for _, r := range rels {
		if r.OCID == app.OCIDPrefix+code {
			out = append(out, r)
			tags = append(tags, strings.Join(r.Tag, "+"))
		}
	}
	return out, tags
}

// bidNeedles are what of the bids must not show before the deadline.
func bidNeedles(names, ids []string, prices []int64) []string {
	out := append(append([]string{}, names...), ids...)
	for _, p := range prices {
		out = append(out, strconv.FormatInt(p, 10), fmt.Sprintf("%d.%02d", p/100, p%100), strconv.FormatFloat(float64(p)/100, 'f', -1, 64))
	}
	return out
}

// assertSealed fails when text shows any needle.
func assertSealed(t *testing.T, what, text string, needles []string) {
	t.Helper()
	for _, n := range needles {
		if strings.Contains(text, n) {
			t.Errorf("LEAK: %s shows %q before the deadline: %s", what, n, text)
		}
	}
}
