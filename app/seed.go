package app

import (
	"context"
	"fmt"
	"time"

	"market/models"
)

// DemoPassword is the password of every demo account; for local use only.
const DemoPassword = "demo-password-2026"

// demoOrg is one demo organisation with its first member.
type demoOrg struct {
	email, person string
	org           models.NewOrganization
	verified      bool
	profile       models.Profile
}

// demoOrgs returns the demo organisations: a district government buyer,
// three enterprises and two SMEs.
func demoOrgs() []demoOrg {
	code := seedCreditCode
	return []demoOrg{
		{email: "buyer@demo.example", person: "王敏", verified: true,
			org: models.NewOrganization{Name: "徐汇区大数据中心", Kind: models.OrgGovernment, CreditCode: code("11310104MB2F00011"), District: "xuhui"}},
		{email: "bidder1@demo.example", person: "李强", verified: true,
			org: models.NewOrganization{Name: "上海数智城市科技有限公司", Kind: models.OrgEnterprise, CreditCode: code("91310115MA1K00021"), District: "pudong"},
			profile: models.Profile{Summary: "城市运行“一网统管”平台与数字孪生。City operations platforms and digital twins.",
				Capabilities: []string{"digital_twin", "iot", "gis", "big_data"}, DistrictsServed: []string{"citywide"},
				CaseStudies: []models.CaseStudy{{Title: "徐汇区城运中心数字孪生底座", Summary: "Digital twin base for the Xuhui operations centre.", Year: 2024}}}},
		{email: "bidder2@demo.example", person: "Chen Jie", verified: true,
			org: models.NewOrganization{Name: "Huangpu River AI Labs Co., Ltd.", Kind: models.OrgEnterprise, CreditCode: code("91310101MA1G00031"), District: "huangpu"},
			profile: models.Profile{Summary: "AI and big data for one-network government services.",
				Capabilities: []string{"ai", "big_data", "data_governance", "cloud"}, DistrictsServed: []string{"huangpu", "xuhui", "jingan"},
				CaseStudies: []models.CaseStudy{{Title: "Smart approval assistant", Summary: "AI pre-review of permit applications.", Year: 2025}}}},
		{email: "bidder3@demo.example", person: "赵磊", verified: true,
			org: models.NewOrganization{Name: "浦江云安信息技术有限公司", Kind: models.OrgEnterprise, CreditCode: code("91310112MA1H00041"), District: "minhang"},
			profile: models.Profile{Summary: "云计算与网络安全服务。Cloud and cybersecurity services.",
				Capabilities: []string{"cloud", "cybersecurity", "5g"}, DistrictsServed: []string{"minhang", "xuhui", "songjiang"}}},
		{email: "sme1@demo.example", person: "周婷", verified: true,
			org: models.NewOrganization{Name: "松江精密零件制造有限公司", Kind: models.OrgEnterprise, SME: true, CreditCode: code("91310117MA1J00051"), District: "songjiang"},
			profile: models.Profile{Summary: "小型制造企业，提供轻量化 ERP 实施经验。A small manufacturer that also implements lightweight ERP.",
				Capabilities: []string{"erp_crm", "low_code"}, DistrictsServed: []string{"songjiang", "qingpu"}}},
		{email: "sme2@demo.example", person: "Liu Yang", verified: false,
			org: models.NewOrganization{Name: "Jing'an Corner Coffee Roasters", Kind: models.OrgEnterprise, SME: true, CreditCode: code("92310106MA1L00061"), District: "jingan"}},
	}
}

// Seed fills an empty store with a living demo market, through the use
// cases, so that every event, hash chain, notification and open-data
// release is real: the demo accounts (all with DemoPassword, and an
// operator, operator@demo.example), more government buyers and providers
// with profiles, and some 60 listings in every state, with questions,
// amendments, bids, evaluations and awards. The App's clock must be clock,
// set SeedSpan before the real time: Seed replays the market's history
// forward, step by step, and ends with the clock at the real time and the
// listings whose deadline has passed closed. It does nothing and returns
// false when any account exists.
func (a *App) Seed(ctx context.Context, clock SeedClock) (bool, error) {
	n, err := a.db.CountUsers(ctx)
	if err != nil {
		return false, err
	} else if n > 0 {
		return false, nil
	}
	if clock == nil {
		return false, fmt.Errorf("seeding needs a clock to replay the market's history on")
	}
	p := &seedPlan{a: a, start: a.Now(), end: clock.Real().UTC().Truncate(time.Millisecond), members: map[string]*seedMember{}}
	if p.end.Sub(p.start) < SeedSpan-time.Hour {
		return false, fmt.Errorf("seeding: the application's clock (%s) must start %s before the real time (%s)",
			p.start.Format(time.RFC3339), SeedSpan, p.end.Format(time.RFC3339))
	}
	op, _, err := a.CreateOperator(ctx, "operator@demo.example", DemoPassword, "平台运营")
	if err != nil {
		return false, fmt.Errorf("seeding operator: %w", err)
	}
	p.operator = models.Actor{UserID: op.ID, Role: models.RoleOperator}
	for _, d := range append(demoOrgs(), marketOrgs()...) {
		clock.Advance(40 * time.Minute) // organisations join over the first day
		m, err := a.seedOrg(ctx, p.operator, d)
		if err != nil {
			return false, err
		}
		p.members[d.email] = m
		if m.provider {
			p.providers = append(p.providers, m)
		}
	}
	for i, l := range seedListings() {
		if err := p.story(i, l); err != nil {
			return false, err
		}
	}
	if err := p.replay(ctx, clock); err != nil {
		return false, err
	}
	clock.Advance(clock.Real().Sub(a.Now())) // the real time from here on
	if _, err := a.CloseDue(ctx); err != nil {
		return false, fmt.Errorf("seeding: closing due listings: %w", err)
	}
	return true, nil
}

// seedOrg registers one demo organisation's first member, fills in its
// profile and has an operator verify it.
func (a *App) seedOrg(ctx context.Context, operator models.Actor, d demoOrg) (*seedMember, error) {
	s, err := a.Register(ctx, Registration{Email: d.email, Password: DemoPassword, DisplayName: d.person, Organization: d.org})
	if err != nil {
		return nil, fmt.Errorf("seeding %s: %w", d.email, err)
	}
	m := &seedMember{email: d.email, org: d, actor: models.Actor{UserID: s.User.ID, OrganizationID: s.Organization.ID, Role: models.RoleMember}}
	if d.profile.Capabilities != nil {
		if _, err := a.UpdateProfile(ctx, m.actor, s.Organization.ID, d.profile); err != nil {
			return nil, fmt.Errorf("seeding profile of %s: %w", d.email, err)
		}
	}
	if d.verified {
		if _, err := a.VerifyOrganization(ctx, operator, s.Organization.ID); err != nil {
			return nil, fmt.Errorf("verifying %s: %w", d.org.Name, err)
		}
	}
	m.provider = d.verified && d.org.Kind == models.OrgEnterprise && d.profile.Capabilities != nil
	return m, nil
}
