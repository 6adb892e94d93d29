package scale

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"market/models"
)

// profile writes a provider's profile as of t: what it offers, where, and
// the projects it has done (in years up to t's).
func profile(r *rng, v *vocab, o *orgPlan, t time.Time) models.Profile {
	capsZH, capsEN := make([]string, len(o.caps)), make([]string, len(o.caps))
	for i, c := range o.caps {
		l := label(v.terms.Capabilities, c)
		capsZH[i], capsEN[i] = l.zh, l.en
	}
	served := []string{models.DistrictCitywide}
	if r.chance(0.65) {
		served = []string{o.district}
		for range r.between(0, 4) {
			if d := v.places[r.IntN(len(v.places)-1)].code; !slices.Contains(served, d) {
				served = append(served, d)
			}
		}
	}
	home := v.place(o.district)
	summary := fmt.Sprintf("%s专注于%s，服务%s及周边客户。", o.name, strings.Join(capsZH, "、"), home.zh)
	if strings.HasPrefix(o.name, "Shanghai ") || r.chance(0.5) {
		summary += fmt.Sprintf(" We specialise in %s for clients in %s and beyond.", strings.ToLower(strings.Join(capsEN, ", ")), home.en)
	}
	p := models.Profile{Summary: summary, Capabilities: append([]string{}, o.caps...), DistrictsServed: served, CaseStudies: []models.CaseStudy{}}
	n := r.between(0, 4)
	if o.kind == orgTradeSME {
		n = r.between(0, 1)
	}
	for range n {
		sw := pick(r, v.scenarios)
		project, where := pick(r, sw.projects), v.places[r.IntN(len(v.places))]
		cs := models.CaseStudy{Year: max(1990, t.Year()-r.between(0, 8))}
		if r.chance(0.7) {
			cs.Title = where.zh + project.zh + "项目"
			cs.Summary = fmt.Sprintf("为%s建设%s，%s。", where.zh+pick(r, districtAgencies()), project.zh, pick(r, sw.goals).zh)
		} else {
			cs.Title = fmt.Sprintf("%s for %s", upperFirst(project.en), where.en)
			cs.Summary = fmt.Sprintf("Delivered a %s; the client aimed to %s.", project.en, pick(r, sw.goals).en)
		}
		p.CaseStudies = append(p.CaseStudies, cs)
	}
	return p
}
