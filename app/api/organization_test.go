package api_test

import (
	"testing"
	"time"

	"market/app/api"
)

var profile = map[string]any{
	"summary":         "城市数字孪生与物联网平台。Digital twins and IoT platforms.",
	"capabilities":    []string{"iot", "digital_twin"},
	"caseStudies":     []map[string]any{{"title": "徐汇区城运中心", "summary": "City operations centre", "year": 2024}},
	"districtsServed": []string{"xuhui", "citywide"},
}

func TestProfileOnlyByMembers(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	a := e.register("a@example.com", "enterprise", false)
	b := e.register("b@example.com", "enterprise", true)
	op := e.operator()
	e.do("POST", "/api/v1/admin/organizations/"+b.OrgID+"/verify", nil, op.bearer()...)

	// A member of A cannot change B's profile, whether B is verified or not.
	e.do("PUT", "/api/v1/organizations/"+b.OrgID+"/profile", profile, a.bearer()...).problem(t, 403, "forbidden")
	e.do("PUT", "/api/v1/organizations/"+b.OrgID+"/profile", profile).problem(t, 401, "unauthenticated")
	// B unverified and unknown to A: not found rather than forbidden.
	e.do("POST", "/api/v1/admin/organizations/"+a.OrgID+"/reject", map[string]string{"reason": "documents missing"}, op.bearer()...)
	e.do("PUT", "/api/v1/organizations/"+a.OrgID+"/profile", profile, b.bearer()...).problem(t, 404, "not_found")
	e.do("PUT", "/api/v1/organizations/nope/profile", profile, b.bearer()...).problem(t, 404, "not_found")
	// Operators verify; they do not edit profiles.
	e.do("PUT", "/api/v1/organizations/"+b.OrgID+"/profile", profile, op.bearer()...).problem(t, 403, "forbidden")

	r := e.do("PUT", "/api/v1/organizations/"+b.OrgID+"/profile", profile, b.bearer()...)
	var org struct {
		Profile struct {
			Summary         string
			Capabilities    []string
			DistrictsServed []string
			CaseStudies     []struct {
				Title string
				Year  int
			}
		}
	}
	r.decode(t, &org)
	if r.Status != 200 || org.Profile.Summary != profile["summary"] || len(org.Profile.Capabilities) != 2 ||
		len(org.Profile.CaseStudies) != 1 || org.Profile.CaseStudies[0].Title != "徐汇区城运中心" {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	// Anyone may read a verified organisation, with the profile as saved.
	got := e.do("GET", "/api/v1/organizations/"+b.OrgID, nil)
	got.decode(t, &org)
	if got.Status != 200 || org.Profile.Summary != profile["summary"] {
		t.Fatalf("read back: %d %s", got.Status, got.Body)
	}
}

func TestProfileValidation(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	a := e.register("pv@example.com", "enterprise", false)
	path := "/api/v1/organizations/" + a.OrgID + "/profile"
	bad := []struct {
		name  string
		field string
		value any
		at    string
	}{
		{"unknown capability", "capabilities", []string{"iot", "telepathy"}, "body.capabilities[1]"},
		{"duplicate capability", "capabilities", []string{"iot", "iot"}, "body.capabilities[1]"},
		{"unknown district", "districtsServed", []string{"gotham"}, "body.districtsServed[0]"},
		{"future case study", "caseStudies", []map[string]any{{"title": "t", "summary": "", "year": 2999}}, "body.caseStudies[0].year"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{}
			for k, v := range profile {
				body[k] = v
			}
			body[tt.field] = tt.value
			p := e.do("PUT", path, body, a.bearer()...).problem(t, 422, "validation_failed")
			errs, _ := p["errors"].([]any)
			if len(errs) == 0 || errs[0].(map[string]any)["location"] != tt.at {
				t.Fatalf("errors %v, want one at %s", p["errors"], tt.at)
			}
		})
	}
}

func TestOrganizationVisibility(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	a := e.register("va@example.com", "government", false)
	other := e.register("vo@example.com", "enterprise", false)
	op := e.operator()
	path := "/api/v1/organizations/" + a.OrgID

	// Unverified: members and operators only.
	if r := e.do("GET", path, nil, a.bearer()...); r.Status != 200 {
		t.Fatalf("member: %d", r.Status)
	}
	if r := e.do("GET", path, nil, op.bearer()...); r.Status != 200 {
		t.Fatalf("operator: %d", r.Status)
	}
	e.do("GET", path, nil).problem(t, 404, "not_found")
	e.do("GET", path, nil, other.bearer()...).problem(t, 404, "not_found")

	// A rejection reason is shown to members, not to the public.
	e.do("POST", "/api/v1/admin/organizations/"+a.OrgID+"/reject", map[string]string{"reason": "需要补充材料"}, op.bearer()...)
	var body struct{ Verification, VerificationReason string }
	e.do("GET", path, nil, a.bearer()...).decode(t, &body)
	if body.Verification != "rejected" || body.VerificationReason != "需要补充材料" {
		t.Fatalf("member view after rejection: %+v", body)
	}
	e.do("POST", "/api/v1/admin/organizations/"+a.OrgID+"/verify", nil, op.bearer()...)
	body.VerificationReason = ""
	r := e.do("GET", path, nil)
	r.decode(t, &body)
	if r.Status != 200 || body.Verification != "verified" || body.VerificationReason != "" {
		t.Fatalf("public view after verification: %d %s", r.Status, r.Body)
	}
}

func TestOperatorVerification(t *testing.T) {
	e := newEnv(t, api.LoginLimits{})
	a := e.register("oa@example.com", "enterprise", false)
	e.clock.Advance(time.Second) // the queue is oldest first
	b := e.register("ob@example.com", "enterprise", true)
	op := e.operator()
	list := func(query string, who session) (total int, ids []string) {
		var body struct {
			Items []struct{ ID string }
			Total int
		}
		r := e.do("GET", "/api/v1/admin/organizations"+query, nil, who.bearer()...)
		if r.Status != 200 {
			t.Fatalf("list %s: %d %s", query, r.Status, r.Body)
		}
		r.decode(t, &body)
		for _, it := range body.Items {
			ids = append(ids, it.ID)
		}
		return body.Total, ids
	}
	if total, ids := list("?verification=unverified", op); total != 2 || len(ids) != 2 || ids[0] != a.OrgID {
		t.Fatalf("unverified queue: %d %v", total, ids)
	}
	if total, ids := list("?verification=unverified&pageSize=1&page=2", op); total != 2 || len(ids) != 1 || ids[0] != b.OrgID {
		t.Fatalf("second page: %d %v", total, ids)
	}

	// Members and anonymous callers cannot use the operator routes.
	e.do("GET", "/api/v1/admin/organizations", nil, a.bearer()...).problem(t, 403, "forbidden")
	e.do("GET", "/api/v1/admin/organizations", nil).problem(t, 401, "unauthenticated")
	e.do("POST", "/api/v1/admin/organizations/"+a.OrgID+"/verify", nil, a.bearer()...).problem(t, 403, "forbidden")
	e.do("POST", "/api/v1/admin/organizations/"+a.OrgID+"/verify", nil).problem(t, 401, "unauthenticated")
	e.do("POST", "/api/v1/admin/organizations/"+b.OrgID+"/reject", map[string]string{"reason": "x"}, a.bearer()...).problem(t, 403, "forbidden")

	if r := e.do("POST", "/api/v1/admin/organizations/"+a.OrgID+"/verify", nil, op.bearer()...); r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	e.do("POST", "/api/v1/admin/organizations/"+a.OrgID+"/verify", nil, op.bearer()...).problem(t, 409, "invalid_state")
	e.do("POST", "/api/v1/admin/organizations/"+b.OrgID+"/reject", map[string]string{"reason": ""}, op.bearer()...).problem(t, 422, "validation_failed")
	e.do("POST", "/api/v1/admin/organizations/nope/verify", nil, op.bearer()...).problem(t, 404, "not_found")
	if r := e.do("POST", "/api/v1/admin/organizations/"+b.OrgID+"/reject", map[string]string{"reason": "营业执照不清晰"}, op.bearer()...); r.Status != 200 {
		t.Fatalf("reject: %d %s", r.Status, r.Body)
	}
	if total, ids := list("?verification=unverified", op); total != 0 || len(ids) != 0 {
		t.Fatalf("queue after decisions: %d %v", total, ids)
	}
	if total, _ := list("?verification=verified", op); total != 1 {
		t.Fatalf("verified: %d", total)
	}
	// The member sees the outcome on its own organisation.
	var me struct {
		Organization struct{ Verification string }
	}
	e.do("GET", "/api/v1/me", nil, a.bearer()...).decode(t, &me)
	if me.Organization.Verification != "verified" {
		t.Fatalf("member sees %q", me.Organization.Verification)
	}
	e.do("GET", "/api/v1/admin/organizations?verification=bogus", nil, op.bearer()...).problem(t, 422, "validation_failed")
	e.do("GET", "/api/v1/admin/organizations?pageSize=101", nil, op.bearer()...).problem(t, 422, "validation_failed")
}
