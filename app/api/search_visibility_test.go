package api_test

import (
	"slices"
	"strings"
	"testing"
)

// TestSearchVisibility: anonymous callers and members only ever see public
// listings, whatever statuses they ask for; the owner's drafts are listed
// with mine=true and the operators' queue from the database.
func TestSearchVisibility(t *testing.T) {
	w := newWorld(t)
	hidden := []string{w.draft.ID, w.pending.ID}
	noneHidden := func(who string, p searchPage) {
		t.Helper()
		for _, id := range p.ids() {
			if slices.Contains(hidden, id) {
				t.Errorf("%s sees unpublished listing %s", id, who)
			}
		}
		for _, it := range p.Items {
			if it.Status == "draft" || it.Status == "pending_review" || it.Status == "rejected" {
				t.Errorf("%s sees a %s listing", who, it.Status)
			}
		}
	}
	callers := map[string][]string{"anonymous": nil, "owner": w.buyer.bearer(), "provider": w.provider.bearer()}
	for who, auth := range callers {
		for _, query := range []string{
			"", q("status", "draft"), q("status", "pending_review"), q("status", "rejected"),
			q("status", "draft", "status", "pending_review", "status", "published"),
			q("q", "智慧城市"), q("q", "机密草稿"), q("q", "secret draft"), q("q", "pending review"),
			q("q", "智慧城市", "status", "draft"),
		} {
			p := w.search(t, query, auth...)
			noneHidden(who, p)
			if strings.Contains(query, "published") && !sameIDs(p.ids(), w.publicIDs()...) {
				t.Errorf("%s ?%s: %v, want the five published listings", who, query, p.ids())
			}
			if query == q("status", "draft") && (len(p.Items) != 0 || p.Total != 0) {
				t.Errorf("%s asking for drafts got %v (total %d)", who, p.ids(), p.Total)
			}
		}
	}
	// The owner finds its own drafts with mine=true; operators see the queue.
	if mine := w.search(t, q("mine", "true", "pageSize", "100"), w.buyer.bearer()...); !sameIDs(mine.ids(),
		append(w.publicIDs()[:3:3], w.L5.ID, w.draft.ID, w.pending.ID)...) {
		t.Errorf("the buyer's own listings: %v", mine.ids())
	}
	if queue := w.search(t, q("status", "pending_review"), w.op.bearer()...); !sameIDs(queue.ids(), w.pending.ID) {
		t.Errorf("the operators' review queue: %v", queue.ids())
	}
	if def := w.search(t, "", w.op.bearer()...); !sameIDs(def.ids(), w.publicIDs()...) {
		t.Errorf("an operator's default list: %v", def.ids())
	}
	w.do("GET", "/api/v1/opportunities?mine=true", nil).problem(t, 401, "unauthenticated")
}

// TestSearchHostileInput: values that look like filter syntax, quotes,
// backslashes and very long values are refused or matched as text; none
// ever widens the results to an unpublished listing.
func TestSearchHostileInput(t *testing.T) {
	w := newWorld(t)
	hostile := []string{
		`x" OR status = "draft`, `x' OR status = 'draft`, `) OR (1=1`, `draft" OR "1"="1`, `\" OR status != "published`,
		`status:draft`, `*`, `NOT published`, `"`, `\`, `'; DROP TABLE x; --`, strings.Repeat("a", 300),
		`x OR status = draft`, `{"$ne": null}`, `$where`, `published OR draft`,
	}
	for _, param := range []string{"district", "capability", "scenario", "domain", "kind", "status"} {
		for _, v := range hostile {
			w.do("GET", "/api/v1/opportunities?"+q(param, v), nil).problem(t, 422, "validation_failed")
			// Alongside a good value too.
			w.do("GET", "/api/v1/opportunities?"+q(param, "xuhui", param, v), nil).problem(t, 422, "validation_failed")
		}
	}
	for _, v := range hostile {
		r := w.do("GET", "/api/v1/opportunities?"+q("q", v), nil)
		if len(v) > 200 {
			r.problem(t, 422, "validation_failed")
			continue
		}
		if r.Status != 200 {
			t.Errorf("q=%q: %d %s", v, r.Status, r.Body)
			continue
		}
		var p searchPage
		r.decode(t, &p)
		for _, id := range p.ids() {
			if id == w.draft.ID || id == w.pending.ID {
				t.Errorf("q=%q reveals an unpublished listing", v)
			}
		}
	}
	for _, v := range []string{"-1", "abc", "1e99", "99999999999999999999"} {
		w.do("GET", "/api/v1/opportunities?"+q("budgetMinFen", v), nil).problem(t, 422, "validation_failed")
	}
	w.do("GET", "/api/v1/opportunities?"+q("deadlineFrom", "tomorrow"), nil).problem(t, 422, "validation_failed")
	w.do("GET", "/api/v1/opportunities?"+q("smeOnly", "maybe"), nil).problem(t, 422, "validation_failed")
}
