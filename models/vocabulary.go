package models

// Term is one entry of a controlled vocabulary with its Chinese and English labels.
type Term struct {
	Code string `json:"code"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// Vocabularies are the controlled lists the API accepts codes from.
type Vocabularies struct {
	Districts    []Term `json:"districts"`
	Domains      []Term `json:"domains"`
	Capabilities []Term `json:"capabilities"`
	Scenarios    []Term `json:"scenarios"`
	// TenderDocumentTypes and BidDocumentTypes are the OCDS documentType
	// codes of listings' and bids' documents.
	TenderDocumentTypes []Term `json:"tenderDocumentTypes"`
	BidDocumentTypes    []Term `json:"bidDocumentTypes"`
}

// DistrictCitywide is the district code of a need that spans the whole city.
const DistrictCitywide = "citywide"

// AllVocabularies returns a fresh copy of every controlled list.
func AllVocabularies() Vocabularies {
	return Vocabularies{
		Districts: []Term{
			{"huangpu", "黄浦区", "Huangpu"},
			{"xuhui", "徐汇区", "Xuhui"},
			{"changning", "长宁区", "Changning"},
			{"jingan", "静安区", "Jing'an"},
			{"putuo", "普陀区", "Putuo"},
			{"hongkou", "虹口区", "Hongkou"},
			{"yangpu", "杨浦区", "Yangpu"},
			{"minhang", "闵行区", "Minhang"},
			{"baoshan", "宝山区", "Baoshan"},
			{"jiading", "嘉定区", "Jiading"},
			{"pudong", "浦东新区", "Pudong New Area"},
			{"jinshan", "金山区", "Jinshan"},
			{"songjiang", "松江区", "Songjiang"},
			{"qingpu", "青浦区", "Qingpu"},
			{"fengxian", "奉贤区", "Fengxian"},
			{"chongming", "崇明区", "Chongming"},
			{DistrictCitywide, "全市", "Citywide"},
		},
		Domains: []Term{
			{"economy", "经济数字化转型", "Economic digitalisation"},
			{"life", "生活数字化转型", "Digitalisation of daily life"},
			{"governance", "治理数字化转型", "Governance digitalisation"},
		},
		Capabilities: []Term{
			{"ai", "人工智能", "AI"},
			{"big_data", "大数据", "Big data"},
			{"cloud", "云计算", "Cloud"},
			{"iot", "物联网", "IoT"},
			{"gis", "时空信息/GIS", "Spatio-temporal / GIS"},
			{"digital_twin", "数字孪生", "Digital twin"},
			{"blockchain", "区块链", "Blockchain"},
			{"cybersecurity", "网络安全", "Cybersecurity"},
			{"5g", "5G", "5G"},
			{"low_code", "低代码", "Low-code"},
			{"erp_crm", "ERP/CRM", "ERP / CRM"},
			{"data_governance", "数据治理", "Data governance"},
			{"industrial_internet", "工业互联网", "Industrial internet"},
			{"rpa", "流程自动化", "Robotic process automation"},
			{"mobile_apps", "移动应用", "Mobile apps"},
			{"ecommerce", "电子商务", "E-commerce"},
		},
		Scenarios: []Term{
			{"one_network_services", "政务服务“一网通办”", "One-network government services"},
			{"one_network_operations", "城市运行“一网统管”", "One-network city operations"},
			{"smart_transport", "智慧交通", "Smart transport"},
			{"smart_health", "智慧医疗", "Smart health"},
			{"smart_education", "智慧教育", "Smart education"},
			{"elderly_care", "智慧养老", "Elderly care"},
			{"grid_governance", "社区网格化治理", "Community grid governance"},
			{"smart_manufacturing", "智能制造", "Smart manufacturing"},
			{"digital_commerce", "数字商贸", "Digital commerce"},
			{"smart_finance", "数字金融", "Digital finance"},
			{"culture_tourism", "文旅数字化", "Digital culture and tourism"},
			{"emergency_management", "应急管理", "Emergency management"},
			{"ecology_environment", "生态环境监测", "Environmental monitoring"},
			{"smart_community", "智慧社区", "Smart community"},
		},
		TenderDocumentTypes: TenderDocumentTypes(),
		BidDocumentTypes:    BidDocumentTypes(),
	}
}

// HasCode reports whether terms holds an entry with the given code.
func HasCode(terms []Term, code string) bool {
	for _, t := range terms {
		if t.Code == code {
			return true
		}
	}
	return false
}

// ValidDistrict reports whether code is a Shanghai district or "citywide".
func ValidDistrict(code string) bool {
	return HasCode(AllVocabularies().Districts, code)
}

// ValidCapability reports whether code is in the capability vocabulary.
func ValidCapability(code string) bool {
	return HasCode(AllVocabularies().Capabilities, code)
}
