package app

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"market/models"
)

// The rule of matching as first written, plainly and slowly: matchIndex's
// match and score must give what it gives, which tests check on random
// listings and profiles.

// scoreMatch scores how well provider p fits listing o and explains it.
func scoreMatch(o *models.Opportunity, p *models.Organization) models.Match {
	v := models.AllVocabularies()
	m := models.Match{Reasons: []models.MatchReason{}}
	if n := len(o.Capabilities); n > 0 {
		var covered []string
		for _, c := range o.Capabilities {
			if slices.Contains(p.Profile.Capabilities, c) {
				covered = append(covered, c)
			}
		}
		if len(covered) > 0 {
			m.Reasons = append(m.Reasons, models.MatchReason{Kind: models.ReasonCapabilities, Covered: covered, Required: n,
				Points: pointsCapabilities * len(covered) / n})
		}
	}
	if slices.Contains(p.Profile.DistrictsServed, o.District) || slices.Contains(p.Profile.DistrictsServed, models.DistrictCitywide) {
		d := o.District
		if !slices.Contains(p.Profile.DistrictsServed, d) {
			d = models.DistrictCitywide
		}
		m.Reasons = append(m.Reasons, models.MatchReason{Kind: models.ReasonDistrict, District: d, Points: pointsDistrict})
	}
	if p.SME && o.Kind == models.KindSMEHelp {
		m.Reasons = append(m.Reasons, models.MatchReason{Kind: models.ReasonSME, Points: pointsSME})
	}
	best, bestScenario := 0, ""
	for _, s := range o.Scenarios {
		t, ok := models.TermOf(v.Scenarios, s)
		if !ok {
			continue
		}
		n := 0
		for _, cs := range p.Profile.CaseStudies {
			if mentions(cs.Title+"\n"+cs.Summary, t) {
				n++
			}
		}
		if n > best {
			best, bestScenario = n, s
		}
	}
	if best > 0 {
		m.Reasons = append(m.Reasons, models.MatchReason{Kind: models.ReasonCaseStudies, Count: best, Scenario: bestScenario,
			Points: pointsCaseStudy * min(best, maxCaseStudies)})
	}
	var named []string
	for _, list := range []struct {
		terms []models.Term
		codes []string
	}{{v.Capabilities, o.Capabilities}, {v.Scenarios, o.Scenarios}} {
		for _, c := range list.codes {
			if t, ok := models.TermOf(list.terms, c); ok && mentions(p.Profile.Summary, t) && len(named) < maxProfileTerms {
				named = append(named, c)
			}
		}
	}
	if len(named) > 0 {
		m.Reasons = append(m.Reasons, models.MatchReason{Kind: models.ReasonProfile, Covered: named, Points: len(named)})
	}
	for _, r := range m.Reasons {
		m.Score += r.Points
	}
	m.Explanation = explainReference(m.Reasons)
	return m
}

// mentions reports whether text names the term, in Chinese or English, ignoring case.
func mentions(text string, t models.Term) bool {
	text = strings.ToLower(text)
	return strings.Contains(text, strings.ToLower(t.ZH)) || strings.Contains(text, strings.ToLower(t.EN))
}

// explain turns reasons into one sentence per language, with the vocabulary labels.
func explainReference(reasons []models.MatchReason) models.Explanation {
	v := models.AllVocabularies()
	label := func(terms []models.Term, codes []string, zh bool) []string {
		out := make([]string, len(codes))
		for i, c := range codes {
			t, _ := models.TermOf(terms, c)
			out[i] = t.EN
			if zh {
				out[i] = t.ZH
			}
			out[i] = cmp.Or(out[i], c)
		}
		return out
	}
	var zh, en []string
	for _, r := range reasons {
		switch r.Kind {
		case models.ReasonCapabilities:
			zh = append(zh, fmt.Sprintf("覆盖%d项所需能力中的%d项：%s", r.Required, len(r.Covered), strings.Join(label(v.Capabilities, r.Covered, true), "、")))
			en = append(en, fmt.Sprintf("covers %d of %d required capabilities: %s", len(r.Covered), r.Required, strings.Join(label(v.Capabilities, r.Covered, false), ", ")))
		case models.ReasonDistrict:
			zh = append(zh, "服务"+label(v.Districts, []string{r.District}, true)[0])
			en = append(en, "serves "+label(v.Districts, []string{r.District}, false)[0])
		case models.ReasonSME:
			zh = append(zh, "中小企业，适合中小企业求助")
			en = append(en, "an SME, suited to an SME help request")
		case models.ReasonCaseStudies:
			zh = append(zh, fmt.Sprintf("%d个%s案例", r.Count, label(v.Scenarios, []string{r.Scenario}, true)[0]))
			en = append(en, fmt.Sprintf("%d %s in %s", r.Count, plural(r.Count, "case study", "case studies"), label(v.Scenarios, []string{r.Scenario}, false)[0]))
		case models.ReasonProfile:
			var zl, el []string
			for _, c := range r.Covered {
				if models.HasCode(v.Capabilities, c) {
					zl, el = append(zl, label(v.Capabilities, []string{c}, true)...), append(el, label(v.Capabilities, []string{c}, false)...)
				} else {
					zl, el = append(zl, label(v.Scenarios, []string{c}, true)...), append(el, label(v.Scenarios, []string{c}, false)...)
				}
			}
			zh = append(zh, "简介提及"+strings.Join(zl, "、"))
			en = append(en, "profile mentions "+strings.Join(el, ", "))
		}
	}
	if len(zh) == 0 {
		return models.Explanation{ZH: "无明显匹配", EN: "no particular fit"}
	}
	return models.Explanation{ZH: strings.Join(zh, "；"), EN: strings.Join(en, "; ")}
}
