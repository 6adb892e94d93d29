package app

import (
	"strings"

	"market/models"
)

// seedListing is one listing of the seeded market: who posts it, what it
// asks for and the state its story ends in (a models.Status*).
type seedListing struct {
	owner, kind, state string
	title, description string
	domain, district   string
	scenarios, caps    string // comma-separated codes
	minWan, maxWan     int64  // budget in units of 10,000 yuan
	smeOnly            bool
	// demo marks the original demo listings (the browser journeys look for
	// them); openDays is then the deadline's distance after the real time.
	demo     bool
	openDays int
}

// need is a government need; help an SME's help request.
func need(state, owner, district, domain, title, description, scenarios, caps string, minWan, maxWan int64) seedListing {
	return seedListing{owner: owner, kind: models.KindGovernmentNeed, state: state, title: title, description: description,
		domain: domain, district: district, scenarios: scenarios, caps: caps, minWan: minWan, maxWan: maxWan}
}

func help(state, owner, district, domain, title, description, scenarios, caps string, minWan, maxWan int64) seedListing {
	l := need(state, owner, district, domain, title, description, scenarios, caps, minWan, maxWan)
	l.kind = models.KindSMEHelp
	return l
}

// setAside marks a government need as set aside for SMEs.
func (l seedListing) setAside() seedListing { l.smeOnly = true; return l }

// criteria are the listing's evaluation criteria, weights summing to 100.
func (l seedListing) criteria(i int) []models.Criterion {
	switch {
	case l.kind == models.KindSMEHelp:
		return []models.Criterion{{Name: "方案 Approach", Weight: 50}, {Name: "价格 Price", Weight: 50}}
	case i%2 == 0:
		return []models.Criterion{{Name: "技术方案 Technical approach", Weight: 50}, {Name: "实施经验 Experience", Weight: 20}, {Name: "价格 Price", Weight: 30}}
	default:
		return []models.Criterion{{Name: "技术方案", Weight: 60}, {Name: "价格", Weight: 40}}
	}
}

// english reports whether the listing's title is in English first.
func (l seedListing) english() bool { return l.title != "" && l.title[0] < 0x80 }

const (
	stDraft, stPending, stRejected = models.StatusDraft, models.StatusPendingReview, models.StatusRejected
	stPublished, stClosed          = models.StatusPublished, models.StatusClosed
	stAwarded, stCompleted         = models.StatusAwarded, models.StatusCompleted
	stUnsuccessful, stCancelled    = models.StatusUnsuccessful, models.StatusCancelled
)

// seedListings returns the seeded market's listings: the four original demo
// listings first, then Shanghai's districts and the city's own.
func seedListings() []seedListing {
	demo := func(l seedListing, openDays int) seedListing { l.demo, l.openDays = true, openDays; return l }
	ls := []seedListing{
		demo(need(stPublished, "buyer@demo.example", "xuhui", "governance", "徐汇区城市运行“一网统管”数字孪生底座建设",
			"建设覆盖全区的城市运行数字孪生底座，汇聚物联感知、网格事件与时空数据，支撑城运中心的监测、预警与处置。\n\nBuild a district-wide digital twin for the city operations centre: IoT sensing, grid events and spatio-temporal data in one place.",
			"one_network_operations,grid_governance", "digital_twin,iot,gis,big_data", 300, 500), 21),
		demo(need(stPublished, "buyer@demo.example", "xuhui", "life", "Smart elderly-care service platform for Xuhui communities",
			"An AI-assisted platform that matches elderly residents' care requests with community service providers, with data governance built in.\n\n智慧养老服务平台：智能派单与数据治理。",
			"elderly_care,smart_community", "ai,data_governance,mobile_apps", 80, 150), 14),
		demo(need(stDraft, "buyer@demo.example", "", "governance", "区级政务数据治理平台（草稿）", "", "", "data_governance,big_data", 0, 0), 0),
		demo(help(stPublished, "sme1@demo.example", "songjiang", "economy", "帮助我们把 ERP 系统迁移上云 Help us move our ERP to the cloud",
			"我们是一家 60 人的精密零件制造企业，希望把本地部署的 ERP 迁移到云上，并接入设备数据。\n\nA 60-person manufacturer looking to move an on-premises ERP to the cloud and connect machine data.",
			"smart_manufacturing", "cloud,erp_crm,industrial_internet", 5, 20), 10),

		need(stClosed, "buyer@demo.example", "xuhui", "governance", "徐汇区“一网通办”智能预审系统",
			"为区行政服务中心建设 AI 智能预审：材料自动识别、要素比对、缺件提示，覆盖 120 个高频事项，预审通过率目标 85%。\n\nAI pre-review of applications for 120 high-frequency services at the Xuhui administrative service centre.",
			"one_network_services", "ai,big_data,low_code", 150, 260),
		need(stAwarded, "buyer@demo.example", "xuhui", "life", "徐汇区社区卫生服务中心慢病管理数字化",
			"为 13 家社区卫生服务中心建设慢病随访与健康画像系统，对接市健康档案与家庭医生签约数据。",
			"smart_health,smart_community", "big_data,mobile_apps,ai", 90, 160),
		need(stCompleted, "buyer@demo.example", "xuhui", "governance", "徐汇区网格事件智能分拨",
			"对 12345 热线与网格巡查上报事件进行自动分类、定位与派单，减少人工分拨环节。\n\nAutomatic classification, geolocation and dispatch of hotline and grid-patrol events.",
			"grid_governance,one_network_operations", "ai,gis", 60, 120),
		need(stRejected, "buyer@demo.example", "xuhui", "economy", "徐汇滨江数字商圈客流分析",
			"基于手机信令与视频客流数据，分析滨江商圈客流结构与消费热度，为商圈运营提供决策支持。",
			"digital_commerce", "big_data,ai", 40, 80),
		need(stCancelled, "buyer@demo.example", "xuhui", "life", "徐汇区智慧停车共享平台（一期）",
			"整合公共停车场与小区错峰停车资源，提供车位查询、预约与无感支付。",
			"smart_transport", "iot,mobile_apps", 70, 130),

		need(stPublished, "gov-city@demo.example", "citywide", "governance", "全市公共数据质量监测与治理平台 Public data quality monitoring platform",
			"建立覆盖市级部门的公共数据质量规则库与监测看板，自动发现缺失、重复与不一致数据并跟踪整改。\n\nA rule library and dashboard that finds missing, duplicate and inconsistent public data across municipal departments and tracks the fixes.",
			"one_network_services", "data_governance,big_data", 400, 800),
		need(stAwarded, "gov-city@demo.example", "citywide", "governance", "城市数字孪生时空底座（全市一期）",
			"建设全市统一的三维时空底座，汇聚建筑、道路、管线与物联感知数据，向各区城运中心提供服务接口。\n\nA citywide 3D spatio-temporal base serving every district operations centre.",
			"one_network_operations", "digital_twin,gis,big_data", 800, 1500),
		need(stClosed, "gov-city@demo.example", "citywide", "governance", "“随申办”移动端适老化与无障碍改造 Accessibility upgrade of the Suishenban app",
			"对“随申办”高频服务进行适老化与无障碍改造：大字版、语音播报、亲友代办。\n\nLarge-text mode, screen-reader support and proxy applications for family members in the Suishenban app.",
			"one_network_services,elderly_care", "mobile_apps", 120, 200),
		need(stCompleted, "gov-city@demo.example", "jiading", "economy", "中小企业数字化转型诊断服务（2026 年第一批）",
			"为嘉定区 100 家中小制造企业提供数字化水平诊断与转型路线图，服务商须为中小企业。",
			"smart_manufacturing", "industrial_internet,cloud", 200, 300).setAside(),
		need(stPending, "gov-city@demo.example", "citywide", "governance", "全市政务外网零信任安全改造",
			"对市级政务外网开展零信任架构改造：统一身份、终端可信与动态访问控制，分三年实施。",
			"one_network_services", "cybersecurity,cloud", 500, 900),
		need(stDraft, "gov-city@demo.example", "citywide", "governance", "公共数据授权运营平台（草稿）",
			"", "", "data_governance,blockchain", 0, 0),
		need(stPublished, "gov-city@demo.example", "huangpu", "life", "黄浦区外滩历史建筑数字化导览",
			"为外滩 30 栋历史建筑制作三维导览与多语种讲解，支持小程序与 AR 眼镜。\n\n3D tours with multilingual narration for 30 historic buildings on the Bund.",
			"culture_tourism", "mobile_apps,gis", 60, 110),
		need(stAwarded, "gov-city@demo.example", "putuo", "governance", "普陀区智慧交通信号优化（二期）",
			"在一期 32 个路口基础上，新增 45 个路口的自适应信号控制与公交优先。",
			"smart_transport", "iot,ai,gis", 180, 300),
		need(stUnsuccessful, "gov-city@demo.example", "hongkou", "life", "虹口区智慧教育课后服务平台升级",
			"升级课后服务预约、选课与评价平台，接入区教育数据中心。",
			"smart_education", "mobile_apps,cloud", 50, 90),
		need(stClosed, "gov-city@demo.example", "baoshan", "economy", "宝山区工业互联网公共服务平台",
			"建设面向钢铁与装备制造产业链的工业互联网公共服务平台，提供设备上云、能耗分析与供需对接。",
			"smart_manufacturing", "industrial_internet,iot,big_data", 300, 500),
		need(stPublished, "gov-city@demo.example", "jinshan", "economy", "金山区化工园区安全生产智能监测",
			"在金山化工园区部署气体、温压与视频感知，实现重大危险源实时监测与预警联动。",
			"emergency_management", "iot,ai,5g", 250, 400),
		need(stAwarded, "gov-city@demo.example", "qingpu", "governance", "长三角示范区政务服务“跨省通办”专区（青浦）",
			"在青浦区建设“跨省通办”线上专区与综合窗口，覆盖沪苏浙 120 项高频事项。",
			"one_network_services", "cloud,low_code", 80, 150),
		need(stCancelled, "gov-city@demo.example", "fengxian", "governance", "奉贤区应急指挥“一张图”",
			"整合应急资源、危险源与视频监控，形成区级应急指挥一张图。",
			"emergency_management", "gis,iot", 150, 260),
		need(stCompleted, "gov-city@demo.example", "changning", "life", "长宁区互联网医院与家庭医生签约服务平台",
			"建设区域互联网医院，支持在线复诊、处方流转、家庭医生签约与医保在线支付。",
			"smart_health", "mobile_apps,big_data", 120, 220),
		need(stPublished, "gov-city@demo.example", "changning", "economy", "Changning cross-border e-commerce data service (pilot)",
			"A data service for Changning's cross-border e-commerce firms: customs, logistics and payment data in one dashboard.\n\n长宁区跨境电商数据服务试点：通关、物流、支付数据一站式看板。",
			"digital_commerce", "ecommerce,big_data", 60, 100),
		need(stUnsuccessful, "gov-city@demo.example", "jiading", "economy", "嘉定汽车产业园能耗在线监测",
			"为汽车产业园 60 家企业安装能耗在线监测终端，建设园区能源管理平台。",
			"ecology_environment,smart_manufacturing", "iot,big_data", 100, 180),
	}
	return append(ls, districtListings()...)
}

// tags splits a comma-separated list of codes (nil when empty).
func tags(s string) *[]string {
	if s == "" {
		return nil
	}
	t := strings.Split(s, ",")
	return &t
}
