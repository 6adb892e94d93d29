package models

import "testing"

func TestSavedQueryMatches(t *testing.T) {
	o := &Opportunity{Kind: KindGovernmentNeed, Domain: "governance", District: "xuhui", Title: "城运平台升级 City platform",
		Description: "建设数字孪生底座", Capabilities: []string{"iot", "digital_twin"}, Scenarios: []string{"smart_transport"},
		Budget: Budget{MinFen: 100, MaxFen: 500}, Buyer: OrgRef{Name: "徐汇区大数据中心"}}
	i64 := func(v int64) *int64 { return &v }
	yes, no := true, false
	for _, c := range []struct {
		name string
		q    SavedQuery
		want bool
	}{
		{"empty", SavedQuery{}, true},
		{"district", SavedQuery{Districts: []string{"pudong", "xuhui"}}, true},
		{"other district", SavedQuery{Districts: []string{"pudong"}}, false},
		{"any capability", SavedQuery{Capabilities: []string{"ai", "iot"}}, true},
		{"no capability", SavedQuery{Capabilities: []string{"ai"}}, false},
		{"scenario", SavedQuery{Scenarios: []string{"smart_transport"}}, true},
		{"kind", SavedQuery{Kinds: []string{KindSMEHelp}}, false},
		{"domain", SavedQuery{Domains: []string{"economy"}}, false},
		{"budget reaches", SavedQuery{BudgetMinFen: i64(500)}, true},
		{"budget too high", SavedQuery{BudgetMinFen: i64(501)}, false},
		{"budget starts below", SavedQuery{BudgetMaxFen: i64(100)}, true},
		{"budget starts above", SavedQuery{BudgetMaxFen: i64(99)}, false},
		{"sme only", SavedQuery{SMEOnly: &yes}, false},
		{"not sme only", SavedQuery{SMEOnly: &no}, true},
		{"words in title and label", SavedQuery{Text: "city 物联网"}, true},
		{"English label, any case", SavedQuery{Text: "DIGITAL TWIN"}, true},
		{"buyer name", SavedQuery{Text: "大数据中心"}, true},
		{"missing word", SavedQuery{Text: "city blockchain"}, false},
	} {
		if got := c.q.Matches(o); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
