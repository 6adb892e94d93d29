package main

// The scale benchmark's actors and the API calls that make its fixtures:
// every account, organisation, listing, bid and question the benchmark
// measures is made through the API, the same way on both stores.

import (
	"fmt"
	"net/http"
	"time"

	"market/models"
)

// scalePassword is the password of every account the harness makes.
const scalePassword = "scale-bench-password-2026"

// scaleTokenAge is how old an access token may get before the harness
// signs in again: tokens last 15 minutes, a measured row takes minutes.
const scaleTokenAge = 8 * time.Minute

// scaleActor is a user the harness signed in, and its organisation.
type scaleActor struct {
	email  string
	orgID  string // empty for operators
	token  string
	signed time.Time
}

// sessionBody is what register and login answer.
type sessionBody struct {
	Organization *struct {
		ID string `json:"id"`
	} `json:"organization"`
	Tokens struct {
		AccessToken string `json:"accessToken"`
	} `json:"tokens"`
}

// listingRef is a listing and the version the harness last saw.
type listingRef struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Status  string `json:"status"`
}

// idRef is anything the API answers with an id and a version (bids, questions).
type idRef struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

// scaleCreditCode is the n-th unified social credit code of the harness:
// valid, the same in both stores, and in a range ("91310199BNCH…") that
// generated organisations are unlikely to use.
func scaleCreditCode(n int) string {
	first17 := fmt.Sprintf("91310199BNCH%05d", n)
	check, _ := models.CreditCodeCheckChar(first17) // always ok: digits and B, N, C, H are in the set
	return first17 + string(check)
}

// signIn signs email in and returns the actor.
func (w *scaleWorld) signIn(email string) (*scaleActor, error) {
	var s sessionBody
	err := w.t.call(scaleReq{what: "sign in", method: http.MethodPost, path: "/api/v1/auth/login",
		body: jsonBody(map[string]string{"email": email, "password": scalePassword}), want: http.StatusOK}, &s)
	if err != nil {
		return nil, err
	}
	a := &scaleActor{email: email, token: s.Tokens.AccessToken, signed: time.Now()}
	if s.Organization != nil {
		a.orgID = s.Organization.ID
	}
	w.actors = append(w.actors, a)
	return a, nil
}

// refresh signs in again every actor whose token is getting old.
func (w *scaleWorld) refresh() error {
	for _, a := range w.actors {
		if time.Since(a.signed) < scaleTokenAge {
			continue
		}
		var s sessionBody
		err := w.t.call(scaleReq{what: "sign in again", method: http.MethodPost, path: "/api/v1/auth/login",
			body: jsonBody(map[string]string{"email": a.email, "password": scalePassword}), want: http.StatusOK}, &s)
		if err != nil {
			return err
		}
		a.token, a.signed = s.Tokens.AccessToken, time.Now()
	}
	return nil
}

// register makes a user with a new organisation of kind "government" or
// "enterprise", verified by the operator when verify is set.
func (w *scaleWorld) register(label, kind string, sme, verify bool) (*scaleActor, error) {
	w.seq++
	email := fmt.Sprintf("scale-%s-%03d@bench.example", label, w.seq)
	var s sessionBody
	err := w.t.call(scaleReq{what: "register", method: http.MethodPost, path: "/api/v1/auth/register", want: http.StatusCreated,
		body: jsonBody(map[string]any{"email": email, "password": scalePassword, "displayName": "基准 Bench " + label,
			"organization": map[string]any{"name": fmt.Sprintf("基准测试%s科技有限公司 Bench %s %03d", label, label, w.seq),
				"kind": kind, "creditCode": scaleCreditCode(w.seq), "sme": sme, "district": "xuhui"}})}, &s)
	if err != nil {
		return nil, err
	}
	if s.Organization == nil {
		return nil, fmt.Errorf("register %s: no organisation in the answer", email)
	}
	a := &scaleActor{email: email, orgID: s.Organization.ID, token: s.Tokens.AccessToken, signed: time.Now()}
	w.actors = append(w.actors, a)
	if verify {
		if err := w.t.call(scaleReq{what: "verify organisation", method: http.MethodPost, token: w.op.token,
			path: "/api/v1/admin/organizations/" + a.orgID + "/verify", want: http.StatusOK}, nil); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// provider registers a verified enterprise with a profile, so that it
// takes part in matching and gets recommendations. The profile is as rich
// as the generator's richest (a bilingual summary, four capabilities,
// three case studies), so that a page of matches holds the same kind of
// profiles near-empty as at S.
func (w *scaleWorld) provider(label string) (*scaleActor, error) {
	a, err := w.register(label, "enterprise", false, true)
	if err != nil {
		return nil, err
	}
	err = w.t.call(scaleReq{what: "profile", method: http.MethodPut, path: "/api/v1/organizations/" + a.orgID + "/profile",
		token: a.token, want: http.StatusOK, body: jsonBody(map[string]any{
			"summary": fmt.Sprintf("基准测试%s科技有限公司专注于数字孪生、物联网、大数据与地理信息，服务徐汇区及周边客户。"+
				" We specialise in digital twins, IoT, big data and GIS for clients in Xuhui and beyond.", label),
			"capabilities": []string{"digital_twin", "iot", "big_data", "gis"},
			"caseStudies": []map[string]any{
				{"title": "徐汇区城市运行数字孪生底座项目", "summary": "为徐汇区城运中心建设城市运行数字孪生底座，实现城市运行态势一屏统览、事件闭环处置。", "year": 2024},
				{"title": "Smart community IoT platform for Pudong", "summary": "Delivered a smart community IoT platform; the client aimed to monitor elderly residents' safety and respond to alarms faster.", "year": 2023},
				{"title": "黄浦区公共数据治理平台项目", "summary": "为黄浦区大数据中心建设公共数据治理平台，汇聚各委办局数据，提升数据质量和共享效率。", "year": 2022},
			},
			"districtsServed": []string{"xuhui", "pudong", "huangpu", "citywide"},
		})}, nil)
	return a, err
}

// draftBody is a complete listing, ready to submit, due at deadline. Its
// words are those of the benchmark's search queries, so that searches
// find the harness's listings in the near-empty store too, and its
// description has the shape and length of the generator's government
// needs (background, goal, scope, delivery terms, an English summary), so
// that a page of results holds the same kind of text near-empty as at S.
func draftBody(n int, deadline time.Time) []byte {
	return jsonBody(map[string]any{
		"kind":  "government_need",
		"title": fmt.Sprintf("徐汇区智慧城市数字孪生平台建设 Smart city digital twin data platform %d", n),
		"description": "项目背景：为贯彻落实上海市城市数字化转型工作要求，徐汇区拟建设城市运行数字孪生平台。\n\n" +
			"建设目标：建设城市运行数字孪生底座，汇聚物联网感知数据，支撑“一网统管”，实现城市运行态势一屏统览。\n\n" +
			"建设内容：\n1. 构建重点区域三维数字孪生场景；\n2. 部署物联感知设备并接入统一物联平台；\n" +
			"3. 汇聚各委办局业务数据，建设城市运行数据资源池；\n\n" +
			"交付要求：系统须通过第三方安全测评和用户验收，提供一年免费运维。\n\n" +
			fmt.Sprintf("Summary: Xuhui plans a city operations digital twin platform (lot %d). The goal is to bring together IoT data "+
				"and serve the one-network platform. Scope: build 3D digital twins of key areas; install sensors and connect them to "+
				"the unified IoT platform; pool the agencies' data into a city operations data platform.", n),
		"domain": "governance", "district": "xuhui", "scenarios": []string{"one_network_operations", "smart_community"},
		"capabilities": []string{"digital_twin", "iot", "big_data"},
		"budget":       map[string]any{"minFen": 50_000_000, "maxFen": 120_000_000},
		"bidDeadline":  deadline.UTC().Format(time.RFC3339Nano),
		"eligibility":  map[string]any{"verifiedOnly": true, "smeOnly": false},
		"criteria":     []map[string]any{{"name": "技术方案 Technical", "weight": 60}, {"name": "价格 Price", "weight": 40}},
	})
}

// draft makes a listing as who, due at deadline.
func (w *scaleWorld) draft(who *scaleActor, deadline time.Time) (listingRef, error) {
	w.listings++
	var l listingRef
	err := w.t.call(scaleReq{what: "draft", method: http.MethodPost, path: "/api/v1/opportunities", token: who.token,
		body: draftBody(w.listings, deadline), want: http.StatusCreated}, &l)
	return l, err
}

// act posts a listing action (submit, approve, extend, award…) as who.
func (w *scaleWorld) act(who *scaleActor, id, action string, body any) (listingRef, error) {
	r := scaleReq{what: action, method: http.MethodPost, path: "/api/v1/opportunities/" + id + "/" + action, token: who.token, want: http.StatusOK}
	if body != nil {
		r.body = jsonBody(body)
	}
	var l listingRef
	err := w.t.call(r, &l)
	return l, err
}

// publish drafts, submits and approves a listing of who, due at deadline.
func (w *scaleWorld) publish(who *scaleActor, deadline time.Time) (listingRef, error) {
	l, err := w.draft(who, deadline)
	if err != nil {
		return l, err
	}
	if _, err := w.act(who, l.ID, "submit", nil); err != nil {
		return l, err
	}
	return w.act(w.op, l.ID, "approve", nil)
}

// bidBody is a bid at price (fen).
func bidBody(price int64) []byte {
	return jsonBody(map[string]any{"priceFen": price, "durationDays": 120,
		"proposal": "以数字孪生底座和物联网平台交付，分三期实施。Delivered in three phases on our twin platform.",
		"team":     []map[string]string{{"name": "张工 Zhang", "role": "架构师 Architect"}, {"name": "李工 Li", "role": "项目经理 PM"}}})
}

// bid places who's bid on a listing, with an Idempotency-Key as a browser would.
func (w *scaleWorld) bid(who *scaleActor, listingID string, price int64) (idRef, error) {
	w.bids++
	var b idRef
	err := w.t.call(scaleReq{what: "bid", method: http.MethodPost, path: "/api/v1/opportunities/" + listingID + "/bids",
		token: who.token, key: fmt.Sprintf("fixture-%d", w.bids), body: bidBody(price), want: http.StatusCreated}, &b)
	return b, err
}

// ask asks a question about a listing as who, and returns its id.
func (w *scaleWorld) ask(who *scaleActor, listingID, text string) (string, error) {
	var q idRef
	err := w.t.call(scaleReq{what: "question", method: http.MethodPost, path: "/api/v1/opportunities/" + listingID + "/questions",
		token: who.token, body: jsonBody(map[string]string{"text": text}), want: http.StatusCreated}, &q)
	return q.ID, err
}

// answer answers a question as the listing's owner.
func (w *scaleWorld) answer(owner *scaleActor, listingID, questionID string) error {
	return w.t.call(scaleReq{what: "answer", method: http.MethodPost, token: owner.token,
		path: "/api/v1/opportunities/" + listingID + "/questions/" + questionID + "/answer",
		body: jsonBody(map[string]string{"text": "交付期为签约后六个月。Delivery is six months after signing."}), want: http.StatusOK}, nil)
}

// amend amends a published listing of owner, returning its new version.
func (w *scaleWorld) amend(owner *scaleActor, l listingRef, n int) (listingRef, error) {
	var out listingRef
	err := w.t.call(scaleReq{what: "amend", method: http.MethodPatch, path: "/api/v1/opportunities/" + l.ID, token: owner.token,
		body: amendBody(l.Version, n), want: http.StatusOK}, &out)
	return out, err
}

// amendBody is the n-th amendment of a listing at version.
func amendBody(version, n int) []byte {
	return jsonBody(map[string]any{"version": version, "amendmentReason": fmt.Sprintf("补充说明第%d次 Clarification %d", n, n),
		"description": fmt.Sprintf("建设城市运行数字孪生底座（第%d次补充：接口清单见附件）。\n\n"+
			"Build a digital twin base for city operations (clarification %d: the interface list is attached).", n, n)})
}

// scoreBody scores a bid on both criteria of the harness's listings.
func scoreBody() []byte {
	return jsonBody(map[string]any{"scores": map[string]int{"c1": 85, "c2": 70}})
}

// awardBody awards a listing to bid.
func awardBody(bidID string) []byte {
	return jsonBody(map[string]string{"bidId": bidID, "reason": "综合得分最高 Highest total score"})
}
