package app

import (
	"fmt"
	"strings"

	"market/models"
)

// seedCreditCode completes a 17-character credit code prefix with its
// GB 32100-2015 check character.
func seedCreditCode(prefix string) string {
	c, ok := models.CreditCodeCheckChar(prefix)
	if !ok {
		panic(fmt.Sprintf("seed credit code %q is not 17 valid characters", prefix))
	}
	return prefix + string(c)
}

// splitTags splits a comma-separated list of codes.
func splitTags(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// districtArea returns a district's administrative area code, for credit codes.
func districtArea(district string) string {
	return map[string]string{
		"huangpu": "310101", "xuhui": "310104", "changning": "310105", "jingan": "310106", "putuo": "310107",
		"hongkou": "310109", "yangpu": "310110", "minhang": "310112", "baoshan": "310113", "jiading": "310114",
		"pudong": "310115", "jinshan": "310116", "songjiang": "310117", "qingpu": "310118", "fengxian": "310120",
		"chongming": "310151",
	}[district]
}

// seedGov is a verified government buyer of the seeded market.
func seedGov(n int, email, person, name, district string) demoOrg {
	return demoOrg{email: email, person: person, verified: true, org: models.NewOrganization{Name: name, Kind: models.OrgGovernment,
		CreditCode: seedCreditCode(fmt.Sprintf("11%sMB2Q00%03d", districtArea(district), n)), District: district}}
}

// seedProvider is a verified provider (an SME when sme) with its profile;
// cases alternate title and summary, each with Chinese and English text.
func seedProvider(n int, email, person, name, district string, sme bool, summary, caps, served string, year int, cases ...string) demoOrg {
	p := models.Profile{Summary: summary, Capabilities: splitTags(caps), DistrictsServed: splitTags(served)}
	for i := 0; i+1 < len(cases); i += 2 {
		p.CaseStudies = append(p.CaseStudies, models.CaseStudy{Title: cases[i], Summary: cases[i+1], Year: year - i/2})
	}
	return demoOrg{email: email, person: person, verified: true, profile: p, org: models.NewOrganization{Name: name, Kind: models.OrgEnterprise, SME: sme,
		CreditCode: seedCreditCode(fmt.Sprintf("91%sMA1Q00%03d", districtArea(district), n)), District: district}}
}

// marketOrgs returns the seeded market's organisations beyond the demo
// accounts: government buyers of other districts, providers (enterprises
// and SMEs) with profiles, and SMEs that only ask for help.
func marketOrgs() []demoOrg {
	return []demoOrg{
		seedGov(1, "gov-city@demo.example", "陈静", "上海市大数据中心", "huangpu"),
		seedGov(2, "gov-pudong@demo.example", "张浩", "浦东新区城市运行综合管理中心", "pudong"),
		seedGov(3, "gov-jingan@demo.example", "刘洁", "静安区行政服务中心", "jingan"),
		seedGov(4, "gov-yangpu@demo.example", "黄伟", "杨浦区民政局", "yangpu"),
		seedGov(5, "gov-minhang@demo.example", "吴昊", "闵行区经济委员会", "minhang"),
		seedGov(6, "gov-chongming@demo.example", "施红", "崇明区生态环境局", "chongming"),

		seedProvider(1, "p01@demo.example", "郑凯", "申城政务云服务有限公司", "huangpu", false,
			"政务云与“一网通办”系统集成，服务过 12 个委办局。Government cloud and one-network services integration for 12 municipal bureaus.",
			"cloud,low_code,data_governance,cybersecurity", "citywide", 2025,
			"黄浦区“一网通办”综合窗口系统", "统一受理、分类审批、统一出件。A unified service counter for Huangpu: one intake, one output.",
			"市级部门政务云迁移", "48 个业务系统迁入电子政务云。48 systems moved to the e-government cloud."),
		seedProvider(2, "p02@demo.example", "孙涛", "上海智巡城市科技有限公司", "yangpu", false,
			"城市部件物联感知与 AI 巡检。IoT sensing and AI inspection of city assets.",
			"iot,ai,5g,digital_twin", "yangpu,hongkou,baoshan,pudong", 2025,
			"杨浦区城市部件智能巡检", "5G 巡检车识别井盖、路灯等 20 类问题。5G patrol vehicles spot 20 kinds of street defects.",
			"滨江岸线数字孪生", "Digital twin of the Yangpu riverside. 杨浦滨江岸线三维孪生与客流监测。"),
		seedProvider(3, "p03@demo.example", "何琳", "东方医联信息技术有限公司", "changning", false,
			"区域医疗数据互联与互联网医院。Regional health data exchange and internet hospitals.",
			"big_data,ai,mobile_apps,cloud", "changning,jingan,xuhui,putuo", 2024,
			"长宁区互联网医院平台", "在线复诊、处方流转与医保支付。Online follow-ups, e-prescriptions and insurance payment."),
		seedProvider(4, "p04@demo.example", "Wang Lei", "上海长三角数据科技有限公司", "jiading", false,
			"公共数据治理与授权运营。Public data governance and authorised data operations.",
			"data_governance,big_data,blockchain,ai", "citywide", 2025,
			"嘉定区公共数据资源目录", "梳理 36 个部门 4,200 项数据资源。A catalogue of 4,200 data resources from 36 departments.",
			"Data exchange sandbox", "A privacy-preserving sandbox for public data use. 公共数据可信流通沙箱。"),
		seedProvider(5, "p05@demo.example", "Grace Lin", "Lujiazui FinTech Solutions Co., Ltd.", "pudong", false,
			"Blockchain and risk analytics for digital finance and supply-chain credit. 区块链与金融风控。",
			"blockchain,big_data,ai,cybersecurity", "pudong,huangpu,citywide", 2025,
			"Supply-chain credit platform for SMEs", "Invoices on a consortium chain unlock financing for 300 SMEs. 供应链金融平台。"),
		seedProvider(6, "p06@demo.example", "钱军", "上海申通智行交通科技有限公司", "putuo", false,
			"智慧交通信号优化与停车诱导。Traffic signal optimisation and parking guidance.",
			"iot,gis,ai,5g", "putuo,changning,jiading,qingpu,songjiang", 2024,
			"普陀区干线信号协调优化", "32 个路口绿波协调，高峰通行时间缩短 18%。Green waves at 32 junctions cut peak travel time by 18%."),
		seedProvider(7, "p07@demo.example", "冯雪", "上海海纳教育科技有限公司", "hongkou", false,
			"智慧校园与课后服务平台。Smart campus and after-school service platforms.",
			"mobile_apps,ai,cloud", "hongkou,yangpu,jingan,baoshan", 2025,
			"虹口区课后服务预约平台", "覆盖 58 所中小学的课后服务预约与评价。After-school booking for 58 schools."),
		seedProvider(8, "p08@demo.example", "David Xu", "Yangtze Delta Industrial Internet Co., Ltd.", "baoshan", false,
			"Industrial internet platforms for steel, auto parts and equipment makers. 工业互联网平台。",
			"industrial_internet,iot,erp_crm,ai", "baoshan,jiading,songjiang,jinshan,fengxian", 2025,
			"Predictive maintenance for a Baoshan steel works", "Vibration sensing on 400 motors, downtime down 30%. 宝山钢铁配套企业设备预测性维护。"),
		seedProvider(9, "p09@demo.example", "褚明", "上海守望网络安全技术有限公司", "minhang", false,
			"等保测评、数据安全与安全运营。Security assessments, data security and managed security operations.",
			"cybersecurity,cloud,data_governance", "citywide", 2025,
			"闵行区政务外网安全运营", "7×24 小时安全监测与应急响应。Round-the-clock monitoring of the district network."),
		seedProvider(10, "p10@demo.example", "卫晨", "上海小橙低代码科技有限公司", "jiading", true,
			"低代码与流程自动化，帮助小企业两周上线业务系统。Low-code and RPA: business apps for small firms in two weeks.",
			"low_code,rpa,erp_crm,mobile_apps", "jiading,qingpu,songjiang,baoshan,putuo", 2025,
			"嘉定汽配企业订单管理", "低代码搭建订单、库存与对账系统。Orders, stock and reconciliation built on low-code."),
		seedProvider(11, "p11@demo.example", "蒋悦", "青浦数联电商服务有限公司", "qingpu", true,
			"直播电商与私域运营。Live-stream commerce and community retail for small brands.",
			"ecommerce,mobile_apps,big_data", "qingpu,songjiang,jinshan,chongming,hongkou", 2025,
			"青浦茭白农产品直播", "三个月线上销售额增长 3 倍。Online sales of local produce tripled in three months."),
		seedProvider(12, "p12@demo.example", "Shen Yu", "Fengxian Green Sensing Tech Co., Ltd.", "fengxian", true,
			"Low-cost environmental sensors and GIS dashboards. 生态环境物联监测。",
			"iot,gis,big_data", "fengxian,jinshan,chongming,pudong", 2024,
			"River water-quality micro-stations", "48 micro-stations along Fengxian rivers. 奉贤河道水质微站。"),
		seedProvider(13, "p13@demo.example", "韩梅", "上海颐康智慧养老科技有限公司", "jingan", true,
			"社区养老智能服务：紧急呼叫、助餐与健康监测。Smart community elderly care: alarms, meals and health checks.",
			"mobile_apps,iot,ai", "jingan,xuhui,yangpu,putuo,hongkou", 2025,
			"静安区长者食堂智能结算", "刷脸就餐与补贴自动结算。Face-pay meals with automatic subsidies for seniors."),
		seedProvider(14, "p14@demo.example", "杨帆", "金山云帆企业服务有限公司", "jinshan", true,
			"中小企业上云、ERP 实施与安全托管。Cloud migration, ERP and managed security for small firms.",
			"cloud,erp_crm,cybersecurity", "jinshan,fengxian,songjiang,minhang", 2025,
			"金山化工小企业上云", "20 家企业迁移财务与进销存系统。Finance and inventory systems of 20 firms moved to the cloud."),
		seedProvider(15, "p15@demo.example", "朱珠", "崇明岛文旅数字科技有限公司", "chongming", true,
			"文旅导览、民宿预订与生态农业电商。Tourism guides, homestay booking and eco-farm e-commerce.",
			"mobile_apps,gis,ecommerce", "chongming,qingpu,jinshan", 2025,
			"崇明花博园智慧导览", "AR 导览与客流热力图。AR guides and visitor heat maps for the flower expo park."),

		{email: "baoshan-sme@demo.example", person: "陆峰", verified: true, org: models.NewOrganization{Name: "上海罗泾精密机械有限公司", Kind: models.OrgEnterprise, SME: true,
			CreditCode: seedCreditCode("91310113MA1Q00101"), District: "baoshan"}},
		{email: "hongkou-sme@demo.example", person: "邵华", verified: true, org: models.NewOrganization{Name: "虹口老城厢食品有限公司", Kind: models.OrgEnterprise, SME: true,
			CreditCode: seedCreditCode("91310109MA1Q00102"), District: "hongkou"}},
		{email: "changning-sme@demo.example", person: "Amy Zhou", verified: true, org: models.NewOrganization{Name: "Changning Design Studio Co., Ltd.", Kind: models.OrgEnterprise, SME: true,
			CreditCode: seedCreditCode("91310105MA1Q00103"), District: "changning"}},
	}
}
