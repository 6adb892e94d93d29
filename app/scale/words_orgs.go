package scale

// districtAgencies are the bodies of a district government (after the
// district's name) that post digital-transformation needs.
func districtAgencies() []string {
	return []string{"大数据中心", "政务服务中心", "城市运行管理中心", "卫生健康委员会", "教育局", "民政局",
		"建设和管理委员会", "生态环境局", "应急管理局", "市场监督管理局", "文化和旅游局", "人力资源和社会保障局",
		"商务委员会", "科学技术委员会", "城市管理行政执法局", "规划和自然资源局", "房屋管理局", "绿化和市容管理局",
		"水务局", "财政局", "统计局", "医疗保障局", "退役军人事务局", "体育局", "档案馆", "图书馆", "融媒体中心",
		"疾病预防控制中心", "公共资源交易中心", "投资促进服务中心", "企业服务中心", "社区发展研究中心",
		"网格化综合管理中心", "养老服务指导中心", "教育信息中心", "交通运输管理中心", "农业农村委员会", "司法局"}
}

// cityAgencies are the city's own bodies (after 上海市).
func cityAgencies() []string {
	return []string{"大数据中心", "经济和信息化委员会", "交通委员会", "卫生健康委员会", "教育委员会", "民政局",
		"生态环境局", "应急管理局", "市场监督管理局", "文化和旅游局", "城市运行管理中心", "医疗保障局",
		"住房和城乡建设管理委员会", "水务局", "绿化和市容管理局", "公共资源交易中心", "数据交易所", "气象局",
		"公共卫生临床中心", "健康医学院", "城市数字化转型应用促进中心", "电子政务服务中心", "地方志办公室",
		"体育局", "图书馆", "博物馆", "科学技术委员会", "商务委员会", "人力资源和社会保障局", "港口管理中心"}
}

// unitBodies are the bodies of a sub-district or town (after its name).
func unitBodies(town bool) []string {
	if town {
		return []string{"人民政府", "社区事务受理服务中心", "城市运行管理分中心", "社区卫生服务中心"}
	}
	return []string{"街道办事处", "社区事务受理服务中心", "城市运行管理分中心", "社区卫生服务中心"}
}

// institutions are public institutions named after a district, with a
// number where there are several.
func institutions() []string {
	return []string{"中心医院", "人民医院", "妇幼保健院", "中医医院", "精神卫生中心", "实验中学", "实验小学",
		"职业技术学校", "青少年活动中心", "社会福利院", "公共文化服务中心", "公交有限公司", "自来水有限公司", "环境卫生管理所"}
}

// companyWords are the trade names that company names are made of.
func companyWords() []string {
	return []string{"数智", "云启", "浦江", "申城", "恒信", "博达", "华腾", "启明", "星河", "东方", "锐思", "智联",
		"汇通", "众成", "凌云", "天衍", "和光", "致远", "鼎新", "嘉禾", "远景", "海纳", "金桥", "长风", "新元",
		"同创", "中科", "普华", "安恒", "睿智", "万象", "拓普", "融创", "易联", "优数", "聚合", "图灵", "青橙",
		"蓝湾", "极光", "量子", "银河", "明德", "宏图", "瑞祥", "信达", "卓越", "创新", "领航", "九州", "方圆",
		"知行", "绿洲", "北辰", "南星", "云图", "数联", "智慧", "弘毅", "云帆", "正泰", "英特", "安讯", "微众",
		"飞鸿", "晨曦", "墨子", "神州", "亚太", "华东", "沪通", "海派", "外滩", "陆家", "张江", "漕河", "虹桥"}
}

// techIndustries end the names of digital enterprises (before 有限公司).
func techIndustries() []string {
	return []string{"信息技术", "网络科技", "软件", "数据科技", "智能科技", "信息科技", "数字科技", "计算机系统",
		"物联网科技", "云计算", "人工智能科技", "信息系统", "电子科技", "通信技术", "安全技术", "空间信息技术",
		"数字孪生科技", "区块链技术", "工业互联网科技", "系统集成"}
}

// smeTrades are what small firms make or do (before 有限公司), with the
// capabilities they might offer to others when they also provide services.
func smeTrades() []string {
	return []string{"精密零件制造", "服装", "食品", "家具制造", "印刷", "模具", "电子元件", "汽车配件", "化工材料",
		"餐饮管理", "物流", "贸易", "咖啡", "烘焙", "花卉园艺", "文化传播", "建筑装饰", "医疗器械", "母婴用品",
		"宠物用品", "包装材料", "纺织", "五金制品", "机电设备", "生物科技", "环保科技", "教育培训", "健康管理",
		"酒店管理", "旅行社", "广告", "会展服务", "物业管理", "冷链物流", "跨境电商", "农业发展", "新材料",
		"仪器仪表", "家政服务", "设计"}
}

// englishWords make the names of foreign-invested and English-named firms.
func englishWords() ([]string, []string) {
	return []string{"Bund", "Pearl", "Harbour", "Lotus", "Jade", "Summit", "Nimbus", "Vertex", "Huangpu River", "Yangtze",
			"Orient", "Magnolia", "Skyline", "Bluewave", "Northstar", "Silk Road", "Pudong", "Zhangjiang", "Lingang", "Hongqiao"},
		[]string{"Technology", "Digital", "Data", "AI Labs", "Software", "Cloud Services", "Systems", "Analytics",
			"Information Technology", "Smart City Solutions", "Robotics", "Security"}
}

// smeEnglishWords name small English-named firms.
func smeEnglishWords() []string {
	return []string{"Coffee Roasters", "Bakery", "Design Studio", "Trading", "Foods", "Apparel", "Logistics",
		"Furniture", "Florist", "Consulting", "Fitness", "Pet Supplies", "Tea House", "Print Works"}
}
