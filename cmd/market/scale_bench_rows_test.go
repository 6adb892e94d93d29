package main

// The requests the scale benchmark times: every request a person makes,
// as rows of the report. A read repeats one request; a write needs a fresh
// target each time, which the previous write left (a draft to submit, a
// listing under review to approve…) or the fixtures prepared (closed
// listings with bids to score and award).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// scaleRow is one kind of request.
type scaleRow struct {
	name  string
	write bool
	// requests returns n requests for one store, in the order they are sent.
	requests func(w *scaleWorld, n int) ([]scaleReq, error)
	// record takes a write's answers, in the same order, to prepare later rows.
	record func(w *scaleWorld, answers [][]byte) error
}

// scalePipeline holds, for one store, the targets each measured write
// leaves for the next.
type scalePipeline struct {
	drafts    []string     // made by draft, submitted by submit
	pending   []string     // approved by approve
	published []listingRef // bid on, asked about and amended
	bids      []idRef      // amended, then withdrawn
	questions []question   // answered by answer
}

// question is a question about a listing.
type question struct{ listing, id string }

// repeat returns a row's requests: n times the same.
func repeat(r func(w *scaleWorld) scaleReq) func(*scaleWorld, int) ([]scaleReq, error) {
	return func(w *scaleWorld, n int) ([]scaleReq, error) {
		out := make([]scaleReq, n)
		for i := range out {
			out[i] = r(w)
		}
		return out, nil
	}
}

// get is a GET of path as who (nil: anonymous) expecting 200.
func get(what, path string, who *scaleActor) scaleReq {
	r := scaleReq{what: what, method: http.MethodGet, path: path, want: http.StatusOK}
	if who != nil {
		r.token = who.token
	}
	return r
}

// searchQueries are typical listing searches: text, filters and a sort.
// The harness's listings match each, so that the near-empty store finds
// some too.
func searchQueries() []string {
	return []string{
		"q=%E6%99%BA%E6%85%A7%E5%9F%8E%E5%B8%82&district=xuhui&district=pudong&district=huangpu&domain=governance&sort=deadline", // 智慧城市
		"q=data+platfrom&domain=governance&domain=economy&kind=government_need&sort=-deadline",                                   // a typo
		"q=%E6%95%B0%E5%AD%97%E5%AD%AA%E7%94%9F+%E5%B9%B3%E5%8F%B0&capability=iot&capability=big_data&district=xuhui",            // 数字孪生 平台
	}
}

// readRows are the reads a person makes, as the measured people.
func readRows() []scaleRow {
	return []scaleRow{
		{name: "listing page: GET /opportunities/{id}", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("listing", "/api/v1/opportunities/"+w.typical, w.bidder)
		})},
		{name: "listing page: GET …/{id}/history", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("history", "/api/v1/opportunities/"+w.typical+"/history", w.bidder)
		})},
		{name: "listing page: GET …/{id}/questions", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("questions", "/api/v1/opportunities/"+w.typical+"/questions", w.bidder)
		})},
		{name: "search: GET /opportunities?q=…&district=…", requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
			qs, out := searchQueries(), make([]scaleReq, n)
			for i := range out {
				out[i] = get("search", "/api/v1/opportunities?"+qs[i%len(qs)], w.bidder)
			}
			return out, nil
		}},
		{name: "my bids: GET /me/bids", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("my bids", "/api/v1/me/bids", w.bidder)
		})},
		{name: "buyer's dashboard: GET /opportunities?mine=true", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("dashboard", "/api/v1/opportunities?mine=true", w.buyer)
		})},
		{name: "notifications and unread count: GET /me/notifications", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("notifications", "/api/v1/me/notifications", w.bidder)
		})},
		{name: "operator: GET /admin/organizations?verification=unverified", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("verification queue", "/api/v1/admin/organizations?verification=unverified", w.op)
		})},
		{name: "operator: GET /opportunities?status=pending_review&sort=deadline", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("review queue", "/api/v1/opportunities?status=pending_review&sort=deadline", w.op)
		})},
		{name: "matching: GET /opportunities/{id}/matches (buyer)", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("matches", "/api/v1/opportunities/"+w.matchListing+"/matches", w.buyer)
		})},
		{name: "recommendations: GET /me/recommendations (provider)", requests: repeat(func(w *scaleWorld) scaleReq {
			return get("recommendations", "/api/v1/me/recommendations", w.bidder)
		})},
	}
}

// signInRow is sign-in as the bidder, less argon2id. The server hashes
// passwords with the production argon2id cost, and reports how long a
// sign-in waited for its turn to hash and hashed (Server-Timing: argon2),
// which is left out of its latency: the request's own cost is the rest.
func signInRow() scaleRow {
	return scaleRow{
		name: "sign-in less argon2id: POST /auth/login",
		requests: repeat(func(w *scaleWorld) scaleReq {
			return scaleReq{what: "sign in", method: http.MethodPost, path: "/api/v1/auth/login", want: http.StatusOK, less: "argon2",
				body: jsonBody(map[string]string{"email": w.bidder.email, "password": scalePassword})}
		}),
	}
}

// targets returns the first n of a row's targets, or an error when an
// earlier row left fewer (one of its writes failed).
func targets[T any](w *scaleWorld, what string, list []T, n int) ([]T, error) {
	if len(list) < n {
		return nil, fmt.Errorf("%s on the %s store: %d targets, want %d (an earlier write failed)", what, w.t.name, len(list), n)
	}
	return list[:n], nil
}

// each maps a row's targets to requests.
func each[T any](w *scaleWorld, what string, list []T, n int, req func(int, T) scaleReq) ([]scaleReq, error) {
	ts, err := targets(w, what, list, n)
	if err != nil {
		return nil, err
	}
	out := make([]scaleReq, n)
	for i, t := range ts {
		out[i] = req(i, t)
	}
	return out, nil
}

// decodeAll decodes each answer of a write.
func decodeAll[T any](w *scaleWorld, what string, answers [][]byte) ([]T, error) {
	out := make([]T, len(answers))
	for i, a := range answers {
		if err := json.Unmarshal(a, &out[i]); err != nil {
			return nil, fmt.Errorf("%s on the %s store: answer %d: %w: %.200s", what, w.t.name, i, err, a)
		}
	}
	return out, nil
}

// writeRows are the writes a person makes, in an order in which each
// leaves the targets of the next.
func writeRows() []scaleRow {
	p := func(w *scaleWorld) *scalePipeline { return &w.pipeline }
	post := func(what, path string, who *scaleActor, body []byte, want int) scaleReq {
		return scaleReq{what: what, method: http.MethodPost, path: path, token: who.token, body: body, want: want}
	}
	return []scaleRow{
		{name: "draft: POST /opportunities", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				out, deadline := make([]scaleReq, n), time.Now().Add(scaleOpenLead)
				for i := range out {
					out[i] = post("draft", "/api/v1/opportunities", w.writer, draftBody(i, deadline), http.StatusCreated)
				}
				return out, nil
			},
			record: func(w *scaleWorld, a [][]byte) error {
				ls, err := decodeAll[listingRef](w, "draft", a)
				for _, l := range ls {
					p(w).drafts = append(p(w).drafts, l.ID)
				}
				return err
			}},
		{name: "submit: POST /opportunities/{id}/submit", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "submit", p(w).drafts, n, func(_ int, id string) scaleReq {
					return post("submit", "/api/v1/opportunities/"+id+"/submit", w.writer, nil, http.StatusOK)
				})
			},
			record: func(w *scaleWorld, a [][]byte) error {
				ls, err := decodeAll[listingRef](w, "submit", a)
				for _, l := range ls {
					p(w).pending = append(p(w).pending, l.ID)
				}
				return err
			}},
		{name: "approve: POST /opportunities/{id}/approve (operator)", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "approve", p(w).pending, n, func(_ int, id string) scaleReq {
					return post("approve", "/api/v1/opportunities/"+id+"/approve", w.op, nil, http.StatusOK)
				})
			},
			record: func(w *scaleWorld, a [][]byte) error {
				ls, err := decodeAll[listingRef](w, "approve", a)
				p(w).published = ls
				return err
			}},
		{name: "bid: POST /opportunities/{id}/bids", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "bid", p(w).published, n, func(i int, l listingRef) scaleReq {
					r := post("bid", "/api/v1/opportunities/"+l.ID+"/bids", w.writerBidder, bidBody(int64(60_000_000+i)), http.StatusCreated)
					r.key = fmt.Sprintf("measured-%d", i)
					return r
				})
			},
			record: func(w *scaleWorld, a [][]byte) (err error) {
				p(w).bids, err = decodeAll[idRef](w, "bid", a)
				return err
			}},
		{name: "bid amend: PATCH /bids/{id}", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "bid amend", p(w).bids, n, func(i int, b idRef) scaleReq {
					return scaleReq{what: "bid amend", method: http.MethodPatch, path: "/api/v1/bids/" + b.ID, token: w.writerBidder.token,
						body: jsonBody(map[string]any{"version": b.Version, "priceFen": 55_000_000 + i, "durationDays": 100}), want: http.StatusOK}
				})
			}},
		{name: "question: POST /opportunities/{id}/questions", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "question", p(w).published, n, func(i int, l listingRef) scaleReq {
					return post("question", "/api/v1/opportunities/"+l.ID+"/questions", w.asker,
						jsonBody(map[string]string{"text": fmt.Sprintf("预算是否含三年运维？Does the budget include three years of support? (%d)", i)}), http.StatusCreated)
				})
			},
			record: func(w *scaleWorld, a [][]byte) error {
				qs, err := decodeAll[struct {
					ID            string `json:"id"`
					OpportunityID string `json:"opportunityId"`
				}](w, "question", a)
				for _, q := range qs {
					p(w).questions = append(p(w).questions, question{listing: q.OpportunityID, id: q.ID})
				}
				return err
			}},
		{name: "answer: POST …/questions/{id}/answer", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "answer", p(w).questions, n, func(_ int, q question) scaleReq {
					return post("answer", "/api/v1/opportunities/"+q.listing+"/questions/"+q.id+"/answer", w.writer,
						jsonBody(map[string]string{"text": "含三年运维。Yes, three years of support."}), http.StatusOK)
				})
			}},
		{name: "amend: PATCH /opportunities/{id} (published, amendmentReason)", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "amend", p(w).published, n, func(_ int, l listingRef) scaleReq {
					return scaleReq{what: "amend", method: http.MethodPatch, path: "/api/v1/opportunities/" + l.ID, token: w.writer.token,
						body: amendBody(l.Version, 1), want: http.StatusOK}
				})
			}},
		{name: "withdraw: POST /bids/{id}/withdraw", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "withdraw", p(w).bids, n, func(_ int, b idRef) scaleReq {
					return post("withdraw", "/api/v1/bids/"+b.ID+"/withdraw", w.writerBidder, nil, http.StatusOK)
				})
			}},
		{name: "score: PUT /bids/{id}/scores", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "score", w.closed, n, func(_ int, c closedListing) scaleReq {
					return scaleReq{what: "score", method: http.MethodPut, path: "/api/v1/bids/" + c.bid + "/scores", token: c.owner.token,
						body: scoreBody(), want: http.StatusOK}
				})
			}},
		{name: "award: POST /opportunities/{id}/award", write: true,
			requests: func(w *scaleWorld, n int) ([]scaleReq, error) {
				return each(w, "award", w.closed, n, func(_ int, c closedListing) scaleReq {
					return post("award", "/api/v1/opportunities/"+c.id+"/award", c.owner, awardBody(c.bid), http.StatusOK)
				})
			}},
	}
}
