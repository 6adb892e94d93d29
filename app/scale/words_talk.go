package scale

// qa is a clarification question with the answer buyers tend to give.
type qa struct{ q, a string }

// questionBank returns the questions providers ask and the answers.
func questionBank() []qa {
	return []qa{
		{"请问本项目是否接受联合体投标？", "接受联合体投标，联合体成员不超过三家，并需提交联合体协议。"},
		{"预算是否包含三年运维费用？", "预算包含一年免费运维，后续运维另行采购。"},
		{"现有系统的接口文档何时可以提供？", "中标后五个工作日内提供接口文档，投标阶段可参考附件中的接口清单。"},
		{"是否要求部署在政务云上？", "是，须部署在市政务云，资源由采购人统一申请。"},
		{"项目是否需要驻场开发？驻场人数有何要求？", "实施阶段需至少两名人员驻场，运维阶段可远程支持。"},
		{"请问数据迁移的数据量大约是多少？", "历史数据约 2TB，结构化数据约 800 万条记录。"},
		{"是否需要通过等保三级测评？测评费用由谁承担？", "需通过等保三级测评，测评费用包含在投标报价中。"},
		{"是否允许使用开源组件？", "允许，但须列明组件清单及许可证，并承担安全维护责任。"},
		{"交付期限能否适当延长？", "交付期限以公告为准，不予调整。"},
		{"评分标准中的“类似项目经验”如何认定？", "以近三年内签订的合同为准，须提供合同关键页复印件。"},
		{"是否需要提供演示环境或原型？", "进入评审环节的投标人需现场演示，时长不超过二十分钟。"},
		{"中小企业投标是否有价格扣除优惠？", "符合条件的小微企业报价给予 10% 的价格扣除。"},
		{"需要对接哪些现有业务系统？", "需对接区政务服务平台、统一身份认证和电子证照库，详见附件。"},
		{"知识产权归属如何约定？", "定制开发部分的知识产权归采购人所有。"},
		{"付款方式是怎样的？", "合同签订后支付 30%，初验后支付 40%，终验后支付 30%。"},
		{"是否接受外地企业投标？", "接受，但需在本市设有服务网点或承诺驻场服务。"},
		{"Is a consortium bid allowed?", "Yes, with at most three members and a signed consortium agreement."},
		{"Can the proposal be submitted in English?", "Proposals may be in English, but a Chinese summary of the technical approach is required."},
		{"Does the budget include hardware?", "The budget covers software and services only; hardware is procured separately."},
		{"Will test data be available before the deadline?", "A sample data set will be shared with every registered provider next week."},
		{"What are the service-level requirements for operations?", "99.9% monthly availability and a four-hour response time for severe incidents."},
		{"请问设备是否由中标方采购？", "感知设备由中标方负责采购、安装和调试，纳入投标报价。"},
		{"平台用户规模大约多少？", "预计注册用户约 5 万，日活跃用户约 3000。"},
		{"培训有何要求？", "须为业务人员和管理员各提供不少于两次集中培训，并提供操作手册。"},
	}
}

// reasonBank holds the reasons that operators, buyers and bidders give.
type reasonBank struct {
	listingRejections, listingEdits, amendmentReasons, extensionReasons, cancellationReasons,
	unsuccessfulReasons, disqualifyReasons, awardReasons, orgRejections, orgWithdrawals []string
}

// reasons returns the reasons.
func reasons() reasonBank {
	return reasonBank{
		listingRejections: []string{
			"预算测算依据不充分，请补充说明后重新提交。", "评审标准中价格分权重过低，请按规定调整。",
			"技术需求存在指向特定品牌的表述，请修改。", "项目描述不够清晰，请补充建设内容和验收标准。",
			"交付时间安排不合理，请重新评估。", "The scope is unclear; please add acceptance criteria and resubmit.",
			"资格条件设置过高，可能限制中小企业参与，请调整。",
		},
		listingEdits: []string{
			"补充说明：投标人须具备同类项目实施经验。", "补充说明：请在方案中说明数据安全保障措施。",
			"补充说明：项目验收以第三方测评报告为依据。", "Note: proposals should include a phased delivery plan.",
			"补充说明：须提供不少于一年的免费质保服务。",
		},
		amendmentReasons: []string{
			"根据供应商提问补充技术参数。", "调整交付时间安排。", "更正预算金额的笔误。", "补充验收标准。",
			"根据上级部门意见调整建设内容。", "Clarified the scope after providers' questions.", "增加对适老化设计的要求。",
		},
		extensionReasons: []string{
			"应多家供应商要求延长投标截止时间。", "需求文件修改，给予供应商充足准备时间。", "节假日顺延。",
			"Extended at providers' request to allow site visits.", "系统维护导致部分供应商无法按时提交。",
		},
		cancellationReasons: []string{
			"项目预算调整，暂停采购。", "需求发生重大变化，将重新发布。", "上级部门统筹建设，本项目取消。",
			"与其他项目合并实施。", "Funding was withdrawn for this year.", "采购计划调整。",
		},
		unsuccessfulReasons: []string{
			"有效投标不足三家，采购失败。", "所有投标报价均超出预算。", "投标方案均不满足核心技术要求。",
			"No bid met the mandatory requirements.", "截止时间前无供应商投标。",
		},
		disqualifyReasons: []string{
			"未按要求提供资质证明文件。", "投标报价超过最高限价。", "技术方案未响应实质性要求。",
			"投标文件未加盖公章。", "The proposal misses mandatory requirements.", "提供的业绩证明无法核实。",
		},
		awardReasons: []string{
			"综合得分最高。", "技术方案最优且报价合理。", "经评审委员会评定为最优方案。",
			"Highest total score; strong delivery plan.", "综合评分第一，价格在预算范围内。", "最低评标价中标。",
		},
		orgRejections: []string{
			"统一社会信用代码与营业执照不一致。", "未能提供有效的营业执照副本。", "联系人身份无法核实。",
			"The registration documents could not be verified.", "机构名称与登记信息不符。",
		},
		orgWithdrawals: []string{
			"经核查存在虚假业绩材料，撤销认证。", "被列入严重失信主体名单。", "营业执照已被吊销。",
			"Verification withdrawn after a complaint was upheld.",
		},
	}
}

// criteriaSets are evaluation criteria; a listing takes one and sets the weights.
func criteriaSets() [][]string {
	return [][]string{
		{"技术方案 Technical approach", "价格 Price", "实施经验 Experience"},
		{"技术方案", "商务报价", "项目团队", "售后服务"},
		{"Technical approach", "Price"},
		{"方案 Approach", "价格 Price"},
		{"技术方案", "价格", "类似项目业绩", "服务承诺"},
		{"功能完整性 Functionality", "价格 Price", "团队 Team", "交付计划 Delivery plan"},
	}
}

// proposalOpenings start a bid's proposal.
func proposalOpenings() []string {
	return []string{"我司拟采用成熟的产品化平台结合定制开发的方式实施本项目。", "我公司在本领域深耕多年，拥有完整的产品线和实施团队。",
		"We propose a phased delivery built on our proven platform.", "本方案以业务需求为导向，分三期建设。",
		"我司曾为多个区级单位建设同类系统，可快速复用成熟经验。", "我们将组建专职项目组，确保按期高质量交付。"}
}

// proposalClosings end a bid's proposal.
func proposalClosings() []string {
	return []string{"承诺提供一年免费运维服务及 7×24 小时技术支持。", "项目组核心成员均具备五年以上同类项目经验。",
		"We commit to a 4-hour on-site response during the warranty period.", "交付物包括源代码、设计文档、操作手册和培训服务。",
		"我司已通过 ISO 27001 和 CMMI 三级认证。"}
}
