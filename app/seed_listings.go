package app

import (
	"context"
	"fmt"
	"time"

	"market/models"
)

// demoListing is one demo listing, its owner and how far it goes.
type demoListing struct {
	owner, kind string
	in          OpportunityInput
	publish     bool // submit (and approve, for government needs)
}

// seedListings drafts and publishes the demo listings.
func (a *App) seedListings(ctx context.Context, operator models.Actor, members map[string]models.Actor) error {
	now := a.Now()
	day := 24 * time.Hour
	str := func(s string) *string { return &s }
	tags := func(t ...string) *[]string { return &t }
	at := func(d time.Duration) *time.Time { t := now.Add(d).Truncate(time.Hour); return &t }
	criteria := func(cs ...models.Criterion) *[]models.Criterion { return &cs }
	listings := []demoListing{
		{owner: "buyer@demo.example", kind: models.KindGovernmentNeed, publish: true, in: OpportunityInput{
			Title:       str("徐汇区城市运行“一网统管”数字孪生底座建设"),
			Description: str("建设覆盖全区的城市运行数字孪生底座，汇聚物联感知、网格事件与时空数据，支撑城运中心的监测、预警与处置。\n\nBuild a district-wide digital twin for the city operations centre: IoT sensing, grid events and spatio-temporal data in one place."),
			Domain:      str("governance"), District: str("xuhui"),
			Scenarios:    tags("one_network_operations", "grid_governance"),
			Capabilities: tags("digital_twin", "iot", "gis", "big_data"),
			Budget:       &models.Budget{MinFen: 300_000_000, MaxFen: 500_000_000},
			BidDeadline:  at(21 * day), DeliveryStart: at(45 * day), DeliveryEnd: at(270 * day),
			Criteria: criteria(models.Criterion{Name: "技术方案 Technical approach", Weight: 50},
				models.Criterion{Name: "实施经验 Experience", Weight: 20}, models.Criterion{Name: "价格 Price", Weight: 30}),
		}},
		{owner: "buyer@demo.example", kind: models.KindGovernmentNeed, publish: true, in: OpportunityInput{
			Title:       str("Smart elderly-care service platform for Xuhui communities"),
			Description: str("An AI-assisted platform that matches elderly residents' care requests with community service providers, with data governance built in.\n\n智慧养老服务平台：智能派单与数据治理。"),
			Domain:      str("life"), District: str("xuhui"),
			Scenarios:    tags("elderly_care", "smart_community"),
			Capabilities: tags("ai", "data_governance", "mobile_apps"),
			Budget:       &models.Budget{MinFen: 80_000_000, MaxFen: 150_000_000},
			BidDeadline:  at(14 * day),
			Criteria:     criteria(models.Criterion{Name: "Technical approach", Weight: 60}, models.Criterion{Name: "Price", Weight: 40}),
		}},
		{owner: "buyer@demo.example", kind: models.KindGovernmentNeed, in: OpportunityInput{
			Title:  str("区级政务数据治理平台（草稿）"),
			Domain: str("governance"), Capabilities: tags("data_governance", "big_data"),
		}},
		{owner: "sme1@demo.example", kind: models.KindSMEHelp, publish: true, in: OpportunityInput{
			Title:       str("帮助我们把 ERP 系统迁移上云 Help us move our ERP to the cloud"),
			Description: str("我们是一家 60 人的精密零件制造企业，希望把本地部署的 ERP 迁移到云上，并接入设备数据。\n\nA 60-person manufacturer looking to move an on-premises ERP to the cloud and connect machine data."),
			Domain:      str("economy"), District: str("songjiang"),
			Scenarios:    tags("smart_manufacturing"),
			Capabilities: tags("cloud", "erp_crm", "industrial_internet"),
			Budget:       &models.Budget{MinFen: 5_000_000, MaxFen: 20_000_000},
			BidDeadline:  at(10 * day),
			Criteria:     criteria(models.Criterion{Name: "方案 Approach", Weight: 50}, models.Criterion{Name: "价格 Price", Weight: 50}),
		}},
	}
	for _, l := range listings {
		owner := members[l.owner]
		o, err := a.CreateOpportunity(ctx, owner, l.kind, l.in)
		if err != nil {
			return fmt.Errorf("seeding listing %q: %w", *l.in.Title, err)
		}
		if !l.publish {
			continue
		}
		if o, err = a.SubmitOpportunity(ctx, owner, o.ID); err != nil {
			return fmt.Errorf("submitting %s: %w", o.Code, err)
		}
		if o.Status == models.StatusPendingReview {
			if _, err = a.ApproveOpportunity(ctx, operator, o.ID); err != nil {
				return fmt.Errorf("approving %s: %w", o.Code, err)
			}
		}
	}
	return nil
}
