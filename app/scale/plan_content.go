package scale

import (
	"fmt"
	"slices"
	"strings"

	"market/app"
	"market/models"
)

// governmentNeed writes a government need's fields: a project of one
// scenario in the buyer's district, its capabilities, budget, dates,
// eligibility and criteria.
func governmentNeed(r *rng, v *vocab, l *listingPlan, s *skeleton) app.OpportunityInput {
	sw := pick(r, v.scenarios)
	p := v.place(l.buyer.district)
	domain := sw.domain
	if r.chance(0.1) {
		domain = pick(r, []string{"economy", "life", "governance"})
	}
	scens := []string{sw.code}
	if r.chance(0.3) {
		if other := pick(r, v.scenarios).code; other != sw.code {
			scens = append(scens, other)
		}
	}
	l.caps = pickN(r, sw.caps, r.between(2, 4))
	if r.chance(0.25) {
		if c := pick(r, v.terms.Capabilities).Code; !slices.Contains(l.caps, c) {
			l.caps = append(l.caps, c)
		}
	}
	project, goal := pick(r, sw.projects), pick(r, sw.goals)
	title := p.zh + project.zh + pick(r, []string{"建设项目", "采购项目", "（一期）", "升级改造项目", "运维服务采购", "试点项目", "建设"})
	english := r.chance(0.1)
	switch {
	case english:
		title = fmt.Sprintf("%s for %s", upperFirst(project.en), p.en)
		if r.chance(0.3) {
			title += pick(r, []string{" (phase II)", " (pilot)", " upgrade"})
		}
	case r.chance(0.38):
		title += fmt.Sprintf(" %s for %s", upperFirst(project.en), p.en)
	}
	var b strings.Builder
	if !english {
		fmt.Fprintf(&b, "项目背景：%s\n\n建设目标：%s。\n\n建设内容：\n", background(r, p.zh, project.zh, l.buyer.name, s.created.Year()), goal.zh)
		for i, c := range l.caps {
			fmt.Fprintf(&b, "%d. %s；\n", i+1, pick(r, v.tasks[c]).zh)
		}
		fmt.Fprintf(&b, "\n%s", pick(r, deliveryTerms()))
	}
	if english || r.chance(0.5) {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "Summary: %s plans a %s. The goal is to %s. Scope: ", p.en, project.en, goal.en)
		for i, c := range l.caps {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(pick(r, v.tasks[c]).en)
		}
		b.WriteString(".")
	}
	maxYuan := roundTo(r.logInt(200_000, 30_000_000), 10_000)
	budget := models.Budget{MinFen: 100 * roundTo(int64(float64(maxYuan)*(0.5+0.35*r.Float64())), 10_000), MaxFen: 100 * maxYuan}
	if r.chance(0.05) {
		budget.MinFen = 0
	}
	l.smeOnly = r.chance(0.12)
	return input(r, v, title, b.String(), domain, l.buyer.district, scens, l.caps, budget, s,
		models.Eligibility{VerifiedOnly: l.smeOnly || r.chance(0.95), SMEOnly: l.smeOnly})
}

// smeHelp writes an SME's help request.
func smeHelp(r *rng, v *vocab, l *listingPlan, s *skeleton) app.OpportunityInput {
	need := pick(r, v.smeNeeds)
	p := v.place(l.buyer.district)
	l.caps = append([]string{}, need.caps...)
	var title string
	switch r.weighted([]float64{45, 30, 15, 10}) {
	case 0:
		title = "帮助我们" + need.need.zh
	case 1:
		title = fmt.Sprintf("帮助我们%s %s", need.need.zh, upperFirst("help us "+need.need.en))
	case 2:
		title = fmt.Sprintf("%s企业寻求服务商：%s", p.short, need.need.zh)
	default:
		title = upperFirst("help us " + need.need.en)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "我们是一家约 %d 人的企业，位于%s。%s，希望%s。\n\n需要的服务：\n", r.between(8, 180), p.zh, need.background.zh, need.need.zh)
	for i, c := range l.caps {
		fmt.Fprintf(&b, "%d. %s；\n", i+1, pick(r, v.tasks[c]).zh)
	}
	if r.chance(0.4) || strings.HasPrefix(title, "Help") {
		fmt.Fprintf(&b, "\nWe are a small firm in %s: %s, and we would like to %s.", p.en, need.background.en, need.need.en)
	}
	maxYuan := roundTo(r.logInt(need.minYuan, need.maxYuan), 1_000)
	budget := models.Budget{MinFen: 100 * roundTo(maxYuan/3+r.Int64N(maxYuan/3+1), 1_000), MaxFen: 100 * maxYuan}
	domain := "economy"
	if r.chance(0.15) {
		domain = "life"
	}
	return input(r, v, title, b.String(), domain, l.buyer.district, need.scenarios, l.caps, budget, s,
		models.Eligibility{VerifiedOnly: r.chance(0.7)})
}

// input assembles a listing's fields, with the dates of its skeleton.
func input(r *rng, v *vocab, title, description, domain, district string, scens, caps []string, budget models.Budget,
	s *skeleton, eligibility models.Eligibility) app.OpportunityInput {
	deadline := s.deadline
	start := deadline.Add(r.span(15*day, 60*day)).Truncate(day)
	end := start.Add(r.span(60*day, 365*day))
	criteria := criteriaFor(r, v)
	return app.OpportunityInput{Title: &title, Description: &description, Domain: &domain, District: &district,
		Scenarios: &scens, Capabilities: &caps, Budget: &budget, BidDeadline: &deadline, DeliveryStart: &start,
		DeliveryEnd: &end, Eligibility: &eligibility, Criteria: &criteria}
}

// criteriaFor draws criteria and their weights: multiples of 5 summing
// to 100, the first (the technical approach, as a rule) the heaviest.
func criteriaFor(r *rng, v *vocab) []models.Criterion {
	names := pick(r, v.criteria)
	out := make([]models.Criterion, len(names))
	left := 100
	for i, name := range names {
		w, rest := left, len(names)-1-i // every later criterion needs 5 at least
		if rest > 0 {
			lo, hi := 5, left-5*rest
			if i == 0 {
				lo, hi = min(40, hi), min(70, hi)
			} else {
				hi = min(hi, max(lo, left/2))
			}
			w = 5 * r.between(lo/5, hi/5)
		}
		out[i] = models.Criterion{Name: name, Weight: w}
		left -= w
	}
	return out
}

// background is the opening of a government need's description.
func background(r *rng, place, project, buyer string, year int) string {
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("为贯彻落实上海市城市数字化转型工作要求，%s拟建设%s。", place, project)
	case 1:
		return fmt.Sprintf("当前%s相关业务存在数据分散、系统林立、协同不足等问题，亟需建设%s。", place, project)
	case 2:
		return fmt.Sprintf("随着业务量持续增长，%s现有系统已难以满足管理和服务需求，计划开展%s。", buyer, project)
	case 3:
		return fmt.Sprintf("根据%d年度重点工作安排，%s计划开展%s建设。", year, buyer, project)
	}
	return fmt.Sprintf("为提升%s的精细化管理和服务水平，%s面向社会公开征集%s解决方案。", place, buyer, project)
}

// deliveryTerms end a government need's description.
func deliveryTerms() []string {
	return []string{"交付要求：系统须通过第三方安全测评和用户验收，提供一年免费运维。",
		"交付要求：分两期交付，一期上线试运行三个月后开展二期建设。",
		"交付要求：按国家和本市信息化项目验收规范组织验收，提交全部源代码和文档。",
		"交付要求：中标人须在合同签订后十日内进场，并按月提交进度报告。",
		"交付要求：须符合网络安全等级保护和个人信息保护相关要求。"}
}

// roundTo rounds n down to a multiple of unit (at least unit).
func roundTo(n, unit int64) int64 { return max(unit, n/unit*unit) }
