package scale

// place is a Shanghai district (or the city as a whole): its code in the
// models' vocabulary, its administrative division code (for credit codes),
// its names and some of its sub-districts (街道) and towns (镇).
type place struct {
	code, division, zh, short, en string
	units                         []string
}

// places returns the 16 districts and, last, the city as a whole.
func places() []place {
	return []place{
		{"huangpu", "310101", "黄浦区", "黄浦", "Huangpu", []string{"外滩", "南京东路", "豫园", "老西门", "淮海中路", "瑞金二路", "打浦桥", "五里桥", "半淞园路", "小东门"}},
		{"xuhui", "310104", "徐汇区", "徐汇", "Xuhui", []string{"天平路", "湖南路", "斜土路", "枫林路", "长桥", "田林", "虹梅路", "康健新村", "徐家汇", "凌云路", "龙华", "漕河泾", "华泾镇"}},
		{"changning", "310105", "长宁区", "长宁", "Changning", []string{"华阳路", "江苏路", "新华路", "周家桥", "天山路", "仙霞新村", "虹桥", "程家桥", "北新泾", "新泾镇"}},
		{"jingan", "310106", "静安区", "静安", "Jing'an", []string{"江宁路", "石门二路", "南京西路", "静安寺", "曹家渡", "天目西路", "北站", "宝山路", "芷江西路", "共和新路", "大宁路", "彭浦新村", "临汾路", "彭浦镇"}},
		{"putuo", "310107", "普陀区", "普陀", "Putuo", []string{"曹杨新村", "长风新村", "长寿路", "甘泉路", "石泉路", "宜川路", "万里", "真如镇", "长征镇", "桃浦镇"}},
		{"hongkou", "310109", "虹口区", "虹口", "Hongkou", []string{"欧阳路", "曲阳路", "广中路", "嘉兴路", "凉城新村", "四川北路", "北外滩", "江湾镇"}},
		{"yangpu", "310110", "杨浦区", "杨浦", "Yangpu", []string{"定海路", "平凉路", "江浦路", "四平路", "控江路", "长白新村", "延吉新村", "殷行", "大桥", "五角场", "新江湾城", "长海路"}},
		{"minhang", "310112", "闵行区", "闵行", "Minhang", []string{"江川路", "古美路", "新虹", "浦锦", "莘庄镇", "七宝镇", "颛桥镇", "华漕镇", "虹桥镇", "梅陇镇", "吴泾镇", "马桥镇", "浦江镇"}},
		{"baoshan", "310113", "宝山区", "宝山", "Baoshan", []string{"吴淞", "张庙", "友谊路", "杨行镇", "月浦镇", "罗店镇", "罗泾镇", "顾村镇", "高境镇", "庙行镇", "淞南镇", "大场镇"}},
		{"jiading", "310114", "嘉定区", "嘉定", "Jiading", []string{"新成路", "真新", "嘉定镇", "南翔镇", "安亭镇", "马陆镇", "徐行镇", "华亭镇", "外冈镇", "江桥镇"}},
		{"pudong", "310115", "浦东新区", "浦东", "Pudong New Area", []string{"潍坊新村", "陆家嘴", "周家渡", "塘桥", "上钢新村", "南码头路", "沪东新村", "金杨新村", "洋泾", "浦兴路", "东明路", "花木", "川沙新镇", "高桥镇", "北蔡镇", "合庆镇", "唐镇", "曹路镇", "金桥镇", "高行镇", "高东镇", "张江镇", "三林镇", "惠南镇", "周浦镇", "新场镇", "大团镇", "康桥镇", "航头镇", "祝桥镇", "泥城镇", "宣桥镇", "书院镇", "万祥镇", "老港镇", "南汇新城镇"}},
		{"jinshan", "310116", "金山区", "金山", "Jinshan", []string{"石化", "朱泾镇", "枫泾镇", "张堰镇", "亭林镇", "吕巷镇", "廊下镇", "金山卫镇", "漕泾镇", "山阳镇"}},
		{"songjiang", "310117", "松江区", "松江", "Songjiang", []string{"岳阳", "永丰", "方松", "中山", "广富林", "九里亭", "泗泾镇", "佘山镇", "车墩镇", "新桥镇", "洞泾镇", "九亭镇", "泖港镇", "石湖荡镇", "新浜镇", "叶榭镇", "小昆山镇"}},
		{"qingpu", "310118", "青浦区", "青浦", "Qingpu", []string{"夏阳", "盈浦", "香花桥", "朱家角镇", "练塘镇", "金泽镇", "赵巷镇", "徐泾镇", "华新镇", "重固镇", "白鹤镇"}},
		{"fengxian", "310120", "奉贤区", "奉贤", "Fengxian", []string{"西渡", "奉浦", "金海", "南桥镇", "奉城镇", "庄行镇", "金汇镇", "四团镇", "青村镇", "柘林镇", "海湾镇"}},
		{"chongming", "310151", "崇明区", "崇明", "Chongming", []string{"城桥镇", "堡镇", "新河镇", "庙镇", "竖新镇", "向化镇", "三星镇", "港沿镇", "中兴镇", "陈家镇", "绿华镇", "港西镇", "建设镇", "新海镇", "东平镇", "长兴镇", "新村乡", "横沙乡"}},
		{"citywide", "310000", "上海市", "上海", "Shanghai", nil},
	}
}

// districtWeights is how often listings and organisations are in each of
// places(): the central and the large districts more, the city as a whole
// for citywide needs.
func districtWeights() []float64 {
	return []float64{5, 7, 5, 6, 5, 4, 6, 8, 6, 6, 13, 3, 6, 4, 4, 2, 10}
}

// residentialAreas name residents' committees (居委会), the smallest
// units that post grid-governance needs.
func residentialAreas() []string {
	return []string{"康乐", "桂林", "长青", "丽园", "金桥", "阳光", "和平", "幸福", "春晖", "东园", "西郊", "南苑",
		"北新", "景泰", "华庭", "绿洲", "静安新城", "梅园", "兰馨", "锦绣", "明珠", "怡康", "紫藤", "枫丹",
		"新城", "花园", "滨江", "湖畔", "嘉苑", "永安", "安居", "福寿", "翠湖", "银杏", "香樟", "玉兰"}
}
