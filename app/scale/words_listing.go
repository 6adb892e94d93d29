package scale

// bi is a phrase in Chinese and in English.
type bi struct{ zh, en string }

// scenarioWords describe the listings of one scenario: the usual domain
// and capabilities, project names, and the goals such a project states.
type scenarioWords struct {
	code, domain string
	caps         []string
	projects     []bi
	goals        []bi
}

// scenarios returns the words of every scenario of the vocabulary.
func scenarios() []scenarioWords {
	return []scenarioWords{
		{"one_network_services", "governance", []string{"big_data", "cloud", "ai", "mobile_apps", "low_code", "rpa"},
			[]bi{{"“一网通办”政务服务平台", "one-network government services platform"}, {"智能预审与秒批系统", "AI pre-review and instant approval system"},
				{"高效办成一件事集成服务", "integrated \"get one thing done\" services"}, {"电子证照共享应用", "shared e-licence application"},
				{"政务服务移动端（随申办）专区", "government services mini-app section"}, {"12345 热线智能工单系统", "12345 hotline smart ticketing system"},
				{"企业开办全程网办系统", "online business registration system"}, {"帮办代办智能客服", "assisted-service chatbot"}},
			[]bi{{"实现高频事项“一次不用跑”", "let residents complete high-frequency services without a visit"},
				{"将平均办理时长缩短一半以上", "cut average processing time by more than half"},
				{"打通部门数据，减少重复提交材料", "connect departmental data so that applicants stop re-submitting documents"}}},
		{"one_network_operations", "governance", []string{"digital_twin", "iot", "gis", "big_data", "ai"},
			[]bi{{"城市运行“一网统管”平台", "one-network city operations platform"}, {"城运中心数字孪生底座", "digital twin base for the operations centre"},
				{"城市体征监测系统", "city vital-signs monitoring system"}, {"防汛防台智能指挥系统", "flood and typhoon command system"},
				{"城市部件物联感知网络", "IoT sensing network for city assets"}, {"街面秩序智能巡查系统", "AI street-order patrol system"},
				{"燃气安全监测预警平台", "gas safety monitoring and early-warning platform"}},
			[]bi{{"做到城市运行态势“一屏观、一网管”", "see and manage the city's operations on one screen"},
				{"实现风险隐患早发现、早处置", "find and handle risks early"}, {"提升跨部门协同处置效率", "speed up cross-department response"}}},
		{"smart_transport", "life", []string{"iot", "ai", "big_data", "gis", "5g", "mobile_apps"},
			[]bi{{"智慧停车诱导平台", "smart parking guidance platform"}, {"交通信号智能优化系统", "AI traffic-signal optimisation system"},
				{"公交客流分析系统", "bus ridership analytics"}, {"非机动车智能管理系统", "e-bike management system"},
				{"道路养护巡检系统", "road maintenance inspection system"}, {"交通综合运行监测平台", "integrated traffic monitoring platform"},
				{"共享单车电子围栏", "geofencing for shared bicycles"}},
			[]bi{{"缓解重点区域停车难", "ease parking in busy areas"}, {"提高路口通行效率 15% 以上", "raise junction throughput by over 15%"},
				{"为出行者提供实时准确的信息", "give travellers accurate real-time information"}}},
		{"smart_health", "life", []string{"big_data", "ai", "cloud", "mobile_apps", "cybersecurity", "data_governance"},
			[]bi{{"区域全民健康信息平台", "regional health information platform"}, {"互联网医院平台", "internet hospital platform"},
				{"医学影像云平台", "medical imaging cloud"}, {"家庭医生签约服务系统", "family-doctor contract service system"},
				{"便捷就医服务数字化改造", "digital upgrade of patient services"}, {"公共卫生应急指挥系统", "public-health emergency command system"},
				{"医保智能审核系统", "AI medical-insurance claim review"}},
			[]bi{{"让患者少排队、少跑腿", "shorten queues and trips for patients"}, {"实现检查检验结果互认共享", "share and recognise test results across hospitals"},
				{"提升基层医疗服务能力", "strengthen primary care"}}},
		{"smart_education", "life", []string{"cloud", "ai", "big_data", "mobile_apps", "cybersecurity"},
			[]bi{{"智慧校园平台", "smart campus platform"}, {"教育资源公共服务平台", "public education resources platform"},
				{"课堂教学智能分析系统", "classroom teaching analytics"}, {"学生综合素质评价系统", "student all-round assessment system"},
				{"中小学数字基座", "digital foundation for schools"}, {"校园安全物联网监测", "IoT campus safety monitoring"}},
			[]bi{{"支撑因材施教和精准教学", "support personalised teaching"}, {"减轻教师事务性负担", "relieve teachers of paperwork"},
				{"实现全区学校数据互联互通", "connect every school's data in the district"}}},
		{"elderly_care", "life", []string{"iot", "ai", "mobile_apps", "big_data"},
			[]bi{{"智慧养老服务平台", "smart elderly-care service platform"}, {"独居老人智能监护系统", "smart monitoring for seniors living alone"},
				{"长护险服务监管系统", "long-term care insurance supervision system"}, {"社区助餐服务数字化", "digital community meal service"},
				{"养老机构综合监管平台", "care home supervision platform"}, {"适老化数字服务改造", "senior-friendly digital services"}},
			[]bi{{"让老年人安全、便利地获得服务", "let older people get services safely and easily"},
				{"对独居老人的异常情况做到及时响应", "respond promptly when something happens to seniors living alone"},
				{"提升养老服务监管的精细化水平", "supervise care services more closely"}}},
		{"grid_governance", "governance", []string{"gis", "big_data", "mobile_apps", "ai", "low_code"},
			[]bi{{"社区网格化治理平台", "community grid governance platform"}, {"基层治理数字化平台", "grassroots governance platform"},
				{"社区云（居村工作台）", "community cloud workbench"}, {"网格员移动巡查终端", "mobile patrol app for grid workers"},
				{"居民诉求闭环处置系统", "residents' request handling system"}, {"实有人口与房屋管理系统", "resident population and housing register"}},
			[]bi{{"为基层减负增能", "lighten the load of neighbourhood staff"}, {"实现居民诉求“接诉即办”", "handle residents' requests as soon as they come"},
				{"做到底数清、情况明", "keep an accurate picture of each neighbourhood"}}},
		{"smart_manufacturing", "economy", []string{"industrial_internet", "iot", "ai", "erp_crm", "big_data", "digital_twin"},
			[]bi{{"工业互联网公共服务平台", "industrial internet public service platform"}, {"中小企业数字化转型诊断服务", "SME digital-transformation assessment service"},
				{"智能工厂示范项目", "smart factory pilot"}, {"产业园区数字化管理平台", "industrial park management platform"},
				{"设备上云服务", "machine-to-cloud service"}, {"产业链协同平台", "supply-chain collaboration platform"}},
			[]bi{{"推动区内制造企业上云用数赋智", "help local manufacturers adopt cloud, data and AI"},
				{"提升产业链上下游协同效率", "improve collaboration along the supply chain"}, {"降低企业数字化转型门槛", "lower the barrier to digital transformation"}}},
		{"digital_commerce", "economy", []string{"ecommerce", "big_data", "mobile_apps", "cloud", "ai"},
			[]bi{{"商圈数字化运营平台", "digital shopping-district platform"}, {"夜间经济数据监测系统", "night-time economy monitoring"},
				{"老字号品牌直播电商扶持项目", "live-commerce programme for heritage brands"}, {"消费券发放与核销系统", "consumption voucher system"},
				{"跨境电商公共服务平台", "cross-border e-commerce service platform"}, {"菜市场数字化改造", "digital wet-market upgrade"}},
			[]bi{{"提升商圈客流与销售额", "grow footfall and sales in shopping districts"}, {"为商户提供精准的经营分析", "give merchants sharp business analytics"},
				{"促进线上线下融合发展", "blend online and offline retail"}}},
		{"smart_finance", "economy", []string{"big_data", "ai", "blockchain", "cybersecurity", "cloud"},
			[]bi{{"普惠金融服务平台", "inclusive finance platform"}, {"企业信用信息共享平台", "enterprise credit information sharing"},
				{"供应链金融区块链平台", "blockchain supply-chain finance platform"}, {"金融风险监测预警系统", "financial risk monitoring system"},
				{"政府采购合同融资服务", "procurement-contract financing service"}},
			[]bi{{"缓解中小微企业融资难、融资贵", "ease small firms' access to credit"}, {"实现风险的实时监测和预警", "monitor and flag risks in real time"},
				{"用数据替代抵押担保", "let data stand in for collateral"}}},
		{"culture_tourism", "life", []string{"mobile_apps", "big_data", "ai", "iot", "ecommerce"},
			[]bi{{"智慧文旅服务平台", "smart culture and tourism platform"}, {"景区客流监测与预约系统", "visitor flow and booking system for scenic spots"},
				{"数字博物馆建设", "digital museum"}, {"公共文化云", "public culture cloud"}, {"红色文化数字地图", "digital map of revolutionary heritage"},
				{"一江一河滨水空间导览", "waterfront guide for the Huangpu and Suzhou Creek"}},
			[]bi{{"提升游客体验和满意度", "improve visitors' experience"}, {"实现景区客流的精准调控", "manage visitor flows precisely"},
				{"让文化资源触手可及", "bring cultural resources within reach"}}},
		{"emergency_management", "governance", []string{"iot", "gis", "ai", "big_data", "5g"},
			[]bi{{"应急指挥信息系统", "emergency command information system"}, {"危险化学品安全监管平台", "hazardous chemicals supervision platform"},
				{"消防物联网远程监控系统", "IoT fire-safety remote monitoring"}, {"自然灾害综合风险普查系统", "natural disaster risk survey system"},
				{"高层建筑安全监测", "high-rise building safety monitoring"}, {"安全生产风险监测预警系统", "workplace safety early-warning system"}},
			[]bi{{"提升突发事件的快速响应能力", "respond faster to emergencies"}, {"实现重大风险源实时在线监测", "monitor major hazards online in real time"},
				{"构建统一指挥、反应灵敏的应急体系", "build a unified, responsive emergency system"}}},
		{"ecology_environment", "governance", []string{"iot", "big_data", "gis", "ai"},
			[]bi{{"生态环境智慧监测平台", "smart environmental monitoring platform"}, {"河湖长制信息系统", "river chief information system"},
				{"垃圾分类全程监管系统", "waste-sorting supervision system"}, {"扬尘噪声在线监测", "online dust and noise monitoring"},
				{"碳排放监测管理平台", "carbon emission monitoring platform"}, {"水质自动监测站网络", "automatic water quality stations"}},
			[]bi{{"实现环境质量精细化管理", "manage environmental quality in fine detail"}, {"为“双碳”目标提供数据支撑", "back carbon-neutrality goals with data"},
				{"及时发现和处置环境问题", "find and fix environmental problems quickly"}}},
		{"smart_community", "life", []string{"iot", "mobile_apps", "cloud", "ai", "low_code"},
			[]bi{{"智慧社区综合服务平台", "smart community service platform"}, {"老旧小区智能化改造", "smart upgrade of older housing estates"},
				{"社区“15 分钟生活圈”服务地图", "15-minute neighbourhood services map"}, {"智能门禁与访客管理", "smart access control and visitor management"},
				{"加装电梯运行监测", "monitoring of retrofitted lifts"}, {"社区充电桩管理平台", "community charging-point management"}},
			[]bi{{"让居民生活更便利、更安全", "make residents' lives easier and safer"}, {"提升物业与居委协同效率", "help property managers and committees work together"},
				{"推动社区服务线上线下融合", "combine online and in-person community services"}}},
	}
}

// capabilityTasks are the work items a listing lists for each capability.
func capabilityTasks() map[string][]bi {
	return map[string][]bi{
		"ai":                  {{"构建智能识别与预测模型，并提供持续训练能力", "build recognition and forecasting models with continuous training"}, {"提供智能问答与辅助决策功能", "provide Q&A and decision support"}},
		"big_data":            {{"建设数据汇聚与分析平台，形成专题数据库", "build a data hub and thematic databases"}, {"开发多维度统计分析与可视化大屏", "develop multi-dimensional analytics and dashboards"}},
		"cloud":               {{"基于政务云完成系统部署与迁移", "deploy and migrate the system to the government cloud"}, {"提供弹性扩容与容灾备份方案", "provide elastic scaling and disaster recovery"}},
		"iot":                 {{"部署物联感知设备并接入统一物联平台", "install sensors and connect them to the unified IoT platform"}, {"实现设备状态实时监测与告警", "monitor devices in real time with alerts"}},
		"gis":                 {{"建设一张图时空底座，叠加业务图层", "build a spatio-temporal base map with business layers"}, {"提供空间分析与轨迹回放功能", "provide spatial analysis and track playback"}},
		"digital_twin":        {{"构建重点区域三维数字孪生场景", "build 3D digital twins of key areas"}, {"实现物理空间与数字空间的实时映射", "mirror the physical space digitally in real time"}},
		"blockchain":          {{"基于区块链实现数据存证与可信共享", "use blockchain for tamper-evident records and trusted sharing"}, {"建设跨机构联盟链节点", "run consortium-chain nodes across institutions"}},
		"cybersecurity":       {{"落实网络安全等级保护三级要求", "meet level-3 classified cybersecurity protection"}, {"开展渗透测试与安全运营服务", "provide penetration testing and security operations"}},
		"5g":                  {{"利用 5G 网络实现高清视频回传", "stream HD video over 5G"}, {"建设 5G 边缘计算节点", "set up 5G edge computing nodes"}},
		"low_code":            {{"基于低代码平台快速搭建业务应用", "build business apps quickly on a low-code platform"}, {"支持业务人员自主配置表单与流程", "let staff configure forms and workflows themselves"}},
		"erp_crm":             {{"实施 ERP/CRM 系统并完成历史数据迁移", "implement ERP/CRM and migrate historical data"}, {"打通采购、库存、销售与财务流程", "connect purchasing, stock, sales and finance"}},
		"data_governance":     {{"编制数据资源目录，开展数据清洗与治理", "catalogue data resources and clean and govern them"}, {"建立数据质量评估与考核机制", "set up data quality assessment"}},
		"industrial_internet": {{"采集生产设备数据并接入工业互联网平台", "collect machine data onto an industrial internet platform"}, {"实现生产过程可视化与能耗分析", "visualise production and analyse energy use"}},
		"rpa":                 {{"利用流程自动化机器人替代重复性人工操作", "replace repetitive manual work with RPA bots"}, {"实现跨系统数据自动填报", "fill in forms across systems automatically"}},
		"mobile_apps":         {{"开发移动端应用（小程序/App）", "develop a mobile app or mini-program"}, {"提供适老化与无障碍版本", "provide senior-friendly and accessible versions"}},
		"ecommerce":           {{"搭建线上商城并对接主流电商平台", "build an online shop linked to major marketplaces"}, {"提供会员营销与订单管理功能", "provide membership marketing and order management"}},
	}
}

// smeNeed is a kind of help an SME asks for.
type smeNeed struct {
	need       bi
	caps       []string
	scenarios  []string
	minYuan    int64
	maxYuan    int64
	background bi
}

// smeNeeds returns the kinds of help SMEs ask for.
func smeNeeds() []smeNeed {
	return []smeNeed{
		{bi{"把 ERP 系统迁移上云", "move our ERP to the cloud"}, []string{"cloud", "erp_crm"}, []string{"smart_manufacturing"}, 30_000, 300_000,
			bi{"现有 ERP 部署在本地服务器上，维护成本高，远程办公不便", "our ERP runs on an old server in the office, costly to maintain and out of reach when working remotely"}},
		{bi{"接入设备数据，实现生产可视化", "connect our machines and see production live"}, []string{"industrial_internet", "iot", "big_data"}, []string{"smart_manufacturing"}, 50_000, 500_000,
			bi{"车间设备运行情况只能靠人工记录，停机原因难以追溯", "machine status is logged by hand and downtime is hard to trace"}},
		{bi{"开一家线上店铺并做好运营", "open and run an online shop"}, []string{"ecommerce", "mobile_apps"}, []string{"digital_commerce"}, 20_000, 150_000,
			bi{"门店客流下降，希望拓展线上销售渠道", "footfall in our shop is falling and we want to sell online"}},
		{bi{"搭建客户管理（CRM）系统", "set up a CRM system"}, []string{"erp_crm", "low_code"}, []string{"digital_commerce"}, 20_000, 200_000,
			bi{"客户信息散落在个人微信和表格里，销售跟进经常遗漏", "customer details live in personal chats and spreadsheets and follow-ups get missed"}},
		{bi{"做一个预约点单小程序", "build a booking and ordering mini-program"}, []string{"mobile_apps"}, []string{"digital_commerce", "smart_community"}, 15_000, 100_000,
			bi{"高峰期电话预约占线严重，顾客体验不佳", "phone bookings jam at peak times and customers give up"}},
		{bi{"开展网络安全评估与加固", "assess and harden our IT security"}, []string{"cybersecurity", "cloud"}, []string{"smart_finance"}, 20_000, 200_000,
			bi{"近期遭遇钓鱼邮件攻击，担心客户数据泄露", "we were hit by phishing emails and worry about customer data"}},
		{bi{"用数据看板管好经营", "run the business from a data dashboard"}, []string{"big_data", "low_code"}, []string{"digital_commerce", "smart_manufacturing"}, 20_000, 150_000,
			bi{"经营数据分散在多个系统，月底对账耗时", "our figures are spread over several systems and month-end takes days"}},
		{bi{"用流程自动化减少重复录入", "cut repetitive data entry with automation"}, []string{"rpa", "low_code"}, []string{"smart_finance"}, 20_000, 120_000,
			bi{"财务人员每天花大量时间在不同系统之间复制数据", "our accountants spend hours copying data between systems"}},
		{bi{"建设仓储与冷链温控监测", "monitor our warehouse and cold chain"}, []string{"iot", "cloud", "mobile_apps"}, []string{"smart_manufacturing", "digital_commerce"}, 40_000, 400_000,
			bi{"冷链运输温度无法实时掌握，曾出现货损", "we cannot see cold-chain temperatures in transit and have lost goods"}},
		{bi{"用 AI 客服接待线上咨询", "answer online enquiries with an AI assistant"}, []string{"ai", "mobile_apps"}, []string{"digital_commerce", "culture_tourism"}, 20_000, 200_000,
			bi{"夜间和节假日的线上咨询无人及时回复", "nobody answers online enquiries at night or on holidays"}},
	}
}
