package app

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"market/models"
)

// match scores how well provider p, whose features are f, fits listing
// o, and explains it, for the page of a ranking shown. What the profile's
// texts name it reads from f, but for a count of case studies beyond what
// f counts, so that it seldom reads the texts themselves.
func (ix *matchIndex) match(o *models.Opportunity, p *models.Organization, f *matchFeatures) models.Match {
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
	if best, scenario := ix.caseStudyReason(o, p, f); best > 0 {
		m.Reasons = append(m.Reasons, models.MatchReason{Kind: models.ReasonCaseStudies, Count: best, Scenario: scenario,
			Points: pointsCaseStudy * min(best, maxCaseStudies)})
	}
	if named := ix.named(o, f); len(named) > 0 {
		m.Reasons = append(m.Reasons, models.MatchReason{Kind: models.ReasonProfile, Covered: named, Points: len(named)})
	}
	for _, r := range m.Reasons {
		m.Score += r.Points
	}
	m.Explanation = ix.explain(m.Reasons)
	return m
}

// caseStudyReason returns the first of o's scenarios that most of p's case
// studies name, and how many do (0 if none does). f counts them up to
// maxCaseStudies; only scenarios that many name are counted again, in the
// texts.
func (ix *matchIndex) caseStudyReason(o *models.Opportunity, p *models.Organization, f *matchFeatures) (best int, scenario string) {
	var texts []string
	for _, s := range o.Scenarios {
		i, ok := ix.scenario[s]
		if !ok {
			continue
		}
		n := int(f.caseStudies >> (2 * i) & 3)
		if n == maxCaseStudies {
			if texts == nil {
				texts = make([]string, len(p.Profile.CaseStudies))
				for j, cs := range p.Profile.CaseStudies {
					texts[j] = strings.ToLower(cs.Title + "\n" + cs.Summary)
				}
			}
			n = 0
			for _, text := range texts {
				if mentionsLower(text, ix.lower.Scenarios[i]) {
					n++
				}
			}
		}
		if n > best {
			best, scenario = n, s
		}
	}
	return best, scenario
}

// named returns the first maxProfileTerms of o's capabilities, then
// scenarios, that the profile summary names, as f says.
func (ix *matchIndex) named(o *models.Opportunity, f *matchFeatures) []string {
	var named []string
	for _, list := range [...]struct {
		codes  []string
		number map[string]uint
		named  uint64
	}{{o.Capabilities, ix.capability, f.summaryCapabilities}, {o.Scenarios, ix.scenario, f.summaryScenarios}} {
		for _, c := range list.codes {
			if i, ok := list.number[c]; ok && list.named>>i&1 != 0 && len(named) < maxProfileTerms {
				named = append(named, c)
			}
		}
	}
	return named
}

// termLabel returns the label of code in terms, numbered by number, in
// Chinese or English; the code itself for an unknown code or an empty label.
func termLabel(terms []models.Term, number map[string]uint, code string, zh bool) string {
	var t models.Term
	if i, ok := number[code]; ok {
		t = terms[i]
	}
	if zh {
		return cmp.Or(t.ZH, code)
	}
	return cmp.Or(t.EN, code)
}

// explanation writes an explanation's two sentences, a clause at a time.
type explanation struct {
	zh, en strings.Builder
}

// clause starts a clause in each language, after a separator but for the first.
func (e *explanation) clause() {
	if e.zh.Len() > 0 {
		e.zh.WriteString("；")
		e.en.WriteString("; ")
	}
}

// write writes strings to the clause of one language.
func write(b *strings.Builder, s ...string) {
	for _, x := range s {
		b.WriteString(x)
	}
}

// labels writes the labels of codes to the clause of each language, with
// their separators; kind numbers a code, or says which vocabulary it is in.
func (e *explanation) labels(codes []string, kind func(code string) ([]models.Term, map[string]uint)) {
	for i, c := range codes {
		if i > 0 {
			e.zh.WriteString("、")
			e.en.WriteString(", ")
		}
		terms, number := kind(c)
		e.zh.WriteString(termLabel(terms, number, c, true))
		e.en.WriteString(termLabel(terms, number, c, false))
	}
}

// explain turns reasons into one sentence per language, with the vocabulary labels.
func (ix *matchIndex) explain(reasons []models.MatchReason) models.Explanation {
	v := &ix.vocab
	capability := func(string) ([]models.Term, map[string]uint) { return v.Capabilities, ix.capability }
	capabilityOrScenario := func(c string) ([]models.Term, map[string]uint) {
		if _, ok := ix.capability[c]; ok {
			return v.Capabilities, ix.capability
		}
		return v.Scenarios, ix.scenario
	}
	var e explanation
	for _, r := range reasons {
		switch r.Kind {
		case models.ReasonCapabilities:
			e.clause()
			write(&e.zh, "覆盖", strconv.Itoa(r.Required), "项所需能力中的", strconv.Itoa(len(r.Covered)), "项：")
			write(&e.en, "covers ", strconv.Itoa(len(r.Covered)), " of ", strconv.Itoa(r.Required), " required capabilities: ")
			e.labels(r.Covered, capability)
		case models.ReasonDistrict:
			e.clause()
			write(&e.zh, "服务", termLabel(v.Districts, ix.place, r.District, true))
			write(&e.en, "serves ", termLabel(v.Districts, ix.place, r.District, false))
		case models.ReasonSME:
			e.clause()
			write(&e.zh, "中小企业，适合中小企业求助")
			write(&e.en, "an SME, suited to an SME help request")
		case models.ReasonCaseStudies:
			e.clause()
			n := strconv.Itoa(r.Count)
			write(&e.zh, n, "个", termLabel(v.Scenarios, ix.scenario, r.Scenario, true), "案例")
			write(&e.en, n, " ", plural(r.Count, "case study", "case studies"), " in ", termLabel(v.Scenarios, ix.scenario, r.Scenario, false))
		case models.ReasonProfile:
			e.clause()
			write(&e.zh, "简介提及")
			write(&e.en, "profile mentions ")
			e.labels(r.Covered, capabilityOrScenario)
		}
	}
	if e.zh.Len() == 0 {
		return models.Explanation{ZH: "无明显匹配", EN: "no particular fit"}
	}
	return models.Explanation{ZH: e.zh.String(), EN: e.en.String()}
}

// plural picks the singular or plural form for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
