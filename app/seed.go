package app

import (
	"context"
	"fmt"

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
	code := func(prefix string) string { // prefix is 17 characters
		c, _ := models.CreditCodeCheckChar(prefix)
		return prefix + string(c)
	}
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

// Seed fills an empty store with demo organisations, their members and an
// operator (operator@demo.example), all with DemoPassword. It does nothing
// and returns false when any account exists.
func (a *App) Seed(ctx context.Context) (bool, error) {
	n, err := a.db.CountUsers(ctx)
	if err != nil {
		return false, err
	} else if n > 0 {
		return false, nil
	}
	op, _, err := a.CreateOperator(ctx, "operator@demo.example", DemoPassword, "平台运营")
	if err != nil {
		return false, fmt.Errorf("seeding operator: %w", err)
	}
	operator := models.Actor{UserID: op.ID, Role: models.RoleOperator}
	members := map[string]models.Actor{}
	for _, d := range demoOrgs() {
		s, err := a.Register(ctx, Registration{Email: d.email, Password: DemoPassword, DisplayName: d.person, Organization: d.org})
		if err != nil {
			return false, fmt.Errorf("seeding %s: %w", d.email, err)
		}
		member := models.Actor{UserID: s.User.ID, OrganizationID: s.Organization.ID, Role: models.RoleMember}
		members[d.email] = member
		if d.profile.Capabilities != nil {
			if _, err := a.UpdateProfile(ctx, member, s.Organization.ID, d.profile); err != nil {
				return false, fmt.Errorf("seeding profile of %s: %w", d.email, err)
			}
		}
		if d.verified {
			if _, err := a.VerifyOrganization(ctx, operator, s.Organization.ID); err != nil {
				return false, fmt.Errorf("verifying %s: %w", d.org.Name, err)
			}
		}
	}
	if err := a.seedListings(ctx, operator, members); err != nil {
		return false, err
	}
	return true, nil
}
