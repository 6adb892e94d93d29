package scale

import (
	"fmt"
	"strings"
)

// syllable is a Chinese name part with its pinyin.
type syllable struct{ zh, py string }

// surnames are common Chinese surnames, the most common first and listed
// more than once so that they come up more often.
func surnames() []syllable {
	return []syllable{
		{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"},
		{"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"}, {"马", "ma"}, {"朱", "zhu"},
		{"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"}, {"高", "gao"}, {"罗", "luo"}, {"郑", "zheng"},
		{"梁", "liang"}, {"谢", "xie"}, {"宋", "song"}, {"唐", "tang"}, {"许", "xu"}, {"邓", "deng"}, {"冯", "feng"},
		{"韩", "han"}, {"曹", "cao"}, {"曾", "zeng"}, {"彭", "peng"}, {"萧", "xiao"}, {"蔡", "cai"}, {"潘", "pan"},
		{"田", "tian"}, {"董", "dong"}, {"袁", "yuan"}, {"于", "yu"}, {"余", "yu"}, {"叶", "ye"}, {"蒋", "jiang"},
		{"杜", "du"}, {"苏", "su"}, {"魏", "wei"}, {"程", "cheng"}, {"吕", "lv"}, {"丁", "ding"}, {"沈", "shen"},
		{"任", "ren"}, {"姚", "yao"}, {"卢", "lu"}, {"钟", "zhong"}, {"姜", "jiang"}, {"崔", "cui"}, {"谭", "tan"},
		{"陆", "lu"}, {"范", "fan"}, {"汪", "wang"}, {"金", "jin"}, {"石", "shi"}, {"贾", "jia"}, {"顾", "gu"},
		{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"徐", "xu"}, {"周", "zhou"},
	}
}

// givenNames are common given names, of one or two characters.
func givenNames() []syllable {
	return []syllable{
		{"伟", "wei"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"},
		{"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"}, {"杰", "jie"}, {"娟", "juan"}, {"涛", "tao"}, {"明", "ming"},
		{"超", "chao"}, {"秀英", "xiuying"}, {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"}, {"桂英", "guiying"},
		{"婷", "ting"}, {"晨", "chen"}, {"浩然", "haoran"}, {"子涵", "zihan"}, {"雨桐", "yutong"}, {"欣怡", "xinyi"},
		{"宇轩", "yuxuan"}, {"思远", "siyuan"}, {"佳怡", "jiayi"}, {"志强", "zhiqiang"}, {"建华", "jianhua"},
		{"晓东", "xiaodong"}, {"海燕", "haiyan"}, {"文博", "wenbo"}, {"一鸣", "yiming"}, {"梓萱", "zixuan"},
		{"俊杰", "junjie"}, {"慧", "hui"}, {"琳", "lin"}, {"斌", "bin"}, {"鹏", "peng"}, {"辉", "hui"}, {"颖", "ying"},
		{"嘉欣", "jiaxin"}, {"立新", "lixin"}, {"春华", "chunhua"}, {"国庆", "guoqing"}, {"晓红", "xiaohong"},
		{"雪", "xue"}, {"凯", "kai"}, {"芳", "fang"}, {"亮", "liang"}, {"蕾", "lei"}, {"骏", "jun"}, {"悦", "yue"},
	}
}

// englishNames are given and family names of the foreign staff and of the
// people behind the English-named companies.
func englishNames() ([]string, []string) {
	return []string{"Emma", "Liam", "Olivia", "Noah", "Sophie", "Lucas", "Mia", "Ethan", "Chloe", "Daniel", "Grace", "Henry", "Anna", "Leo"},
		[]string{"Smith", "Müller", "Martin", "Brown", "Tanaka", "Kim", "Dubois", "Rossi", "Novak", "Larsen", "Walker", "Schmidt"}
}

// person is someone's display name and the local part of an email address.
type person struct{ name, mailbox string }

// newPerson returns a person: mostly a Chinese name, sometimes a
// romanised one, rarely a foreign one.
func newPerson(r *rng) person {
	if r.chance(0.03) {
		first, last := englishNames()
		f, l := pick(r, first), pick(r, last)
		return person{name: f + " " + l, mailbox: strings.ToLower(f + "." + strings.ReplaceAll(l, "ü", "ue"))}
	}
	s, g := pick(r, surnames()), pick(r, givenNames())
	if r.chance(0.06) { // written in pinyin, as some prefer at work
		return person{name: upperFirst(g.py) + " " + upperFirst(s.py), mailbox: g.py + "." + s.py}
	}
	return person{name: s.zh + g.zh, mailbox: s.py + "." + g.py}
}

// upperFirst upper-cases an ASCII word's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// email is the address of user k of organisation org: the person's
// mailbox, made unique by the organisation and member numbers, on a
// domain reserved for examples.
func email(p person, org, k int) string {
	return fmt.Sprintf("%s.%d.%d@scale.example", p.mailbox, org, k)
}

// teamRoles are the roles a bid's team lists.
func teamRoles() []string {
	return []string{"项目经理 Project manager", "技术负责人 Technical lead", "系统架构师 Architect", "数据工程师 Data engineer",
		"算法工程师 Algorithm engineer", "前端工程师 Front-end engineer", "后端工程师 Back-end engineer", "测试工程师 QA engineer",
		"实施顾问 Implementation consultant", "运维工程师 Operations engineer", "安全工程师 Security engineer",
		"产品经理 Product manager", "UI 设计师 UI designer", "GIS 工程师 GIS engineer", "物联网工程师 IoT engineer"}
}
