package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"market/models"
)

// pick returns the entry of list that i chooses, cycling.
func pick[T any](list []T, i int) T { return list[i%len(list)] }

// rejectReasons are the operators' reasons for sending a listing back.
func rejectReasons() []string {
	return []string{
		"预算区间与建设内容不匹配，请补充预算测算依据后重新提交。",
		"评分标准中价格权重过高，请按政府采购相关规定调整。",
		"需求描述过于笼统，请补充建设范围、接口清单与验收标准。",
	}
}

// cancelReasons are the buyers' reasons for cancelling a listing.
func cancelReasons() []string {
	return []string{
		"因区级预算调整，本项目暂缓实施。",
		"需求已并入全市统一平台建设，不再单独采购。",
		"Scope merged into the citywide platform; this listing is withdrawn. 需求并入全市平台，本次撤回。",
	}
}

// amendNotes are the notes amendments add to a description.
func amendNotes() []string {
	return []string{
		"投标人须承诺系统上线前通过网络安全等级保护三级测评。",
		"交付范围增加操作人员培训，不少于 2 次，每次不少于半天。",
		"交付物增加源代码与部署文档。Deliverables now include the source code and deployment guide.",
	}
}

// govQA are the questions asked on government needs, with their answers.
func govQA() [][2]string {
	return [][2]string{
		{"现有系统是否提供接口文档和测试环境？", "提供。中标后五个工作日内提供接口文档与测试环境账号。"},
		{"项目是否要求通过网络安全等级保护三级测评？", "是。系统上线前须通过等保三级测评，测评费用包含在报价内。"},
		{"数据是否可以部署在公有云上？", "不可以。须部署在市电子政务云，资源由采购人协调。"},
		{"Is a consortium bid acceptable?", "接受联合体投标，牵头单位须为本市注册企业。Yes, if the lead member is registered in Shanghai."},
		{"免费运维期是多久？", "免费运维一年，自终验之日起计算。"},
		{"实施期间是否需要驻场？", "需要。实施期间至少 2 人驻场，地点由采购人提供。"},
		{"Can the proposal be written in English?", "可以，但须附中文摘要。Yes, with a summary in Chinese."},
		{"预算是否包含硬件采购？", "包含感知设备的采购与安装，不含网络租赁费用。"},
	}
}

// smeQA are the questions asked on SME help requests, with their answers.
func smeQA() [][2]string {
	return [][2]string{
		{"现有系统是哪家厂商的什么版本？大约多少用户？", "用友 U8 13.0，约 20 个用户。"},
		{"是否需要对员工进行培训？", "需要，约 10 名员工，希望现场培训。"},
		{"Do you have an in-house IT person?", "没有专职 IT，由行政兼管。No, our office manager looks after IT."},
		{"期望什么时候上线？", "希望两个月内上线，春节前完成切换。"},
	}
}

// teamNames are the names and roles of the people bids propose.
func teamNames() [][2]string {
	return [][2]string{{"张伟", "项目经理"}, {"李娜", "架构师"}, {"王磊", "实施顾问"}, {"刘洋", "数据工程师"}, {"陈晨", "测试负责人"}, {"Alex Wu", "Solution architect"}}
}

// planQuestions schedules the clarification questions on a listing and the
// buyer's public answers.
func (p *seedPlan) planQuestions(r *seedRun, name string, pub time.Time) {
	l, i := r.l, r.i
	n := 0
	switch {
	case l.demo:
		n = 2
	case l.state == stPublished:
		n = 1 + i%2
	case l.state == stClosed || l.state == stAwarded || l.state == stCompleted:
		n = 1 - i%2
	}
	pool := govQA()
	if l.kind == models.KindSMEHelp {
		pool = smeQA()
	}
	askers := p.chooseBidders(i+1, l, 3)
	for k := 0; k < n && len(askers) > 0; k++ {
		qa, asker := pool[(i+k)%len(pool)], askers[k%len(askers)]
		var qid string
		p.add(pub.Add(days(1)+time.Duration(k*5)*time.Hour), name+": question", func(ctx context.Context) error {
			q, err := p.a.AskQuestion(ctx, asker.actor, r.id, qa[0])
			if err == nil {
				qid = q.Question.ID
			}
			return err
		})
		p.add(pub.Add(days(2)+time.Duration(k*2)*time.Hour), name+": answer", func(ctx context.Context) error {
			_, err := p.a.AnswerQuestion(ctx, r.owner, r.id, qid, qa[1])
			return err
		})
	}
}

// amend adds a note to a published listing's description, with a reason.
func (p *seedPlan) amend(ctx context.Context, r *seedRun) error {
	o, err := p.a.Opportunity(ctx, r.owner, r.id)
	if err != nil {
		return err
	}
	d := o.Description + "\n\n补充说明（变更）：" + pick(amendNotes(), r.i)
	_, err = p.a.UpdateOpportunity(ctx, r.owner, r.id, o.Version, OpportunityInput{Description: &d}, "根据答疑情况补充需求说明。")
	return err
}

// chooseBidders returns up to n verified providers suited to the listing:
// capabilities in common first, then districts served; never its owner,
// only SMEs for a set-aside, SMEs favoured on SME help requests.
func (p *seedPlan) chooseBidders(i int, l seedListing, n int) []*seedMember {
	type fit struct {
		m     *seedMember
		score int
	}
	var fits []fit
	want := splitTags(l.caps)
	for j, m := range p.providers {
		if m.email == l.owner || l.smeOnly && !m.org.org.SME {
			continue
		}
		s := (i*31 + j*17) % 7
		for _, c := range m.org.profile.Capabilities {
			if slices.Contains(want, c) {
				s += 10
			}
		}
		if slices.Contains(m.org.profile.DistrictsServed, l.district) || slices.Contains(m.org.profile.DistrictsServed, models.DistrictCitywide) {
			s += 3
		}
		if l.kind == models.KindSMEHelp && m.org.org.SME {
			s += 6
		}
		fits = append(fits, fit{m, s})
	}
	slices.SortStableFunc(fits, func(a, b fit) int { return b.score - a.score })
	out := make([]*seedMember, 0, n)
	for _, f := range fits[:min(n, len(fits))] {
		out = append(out, f.m)
	}
	return out
}

// outbid reports whether the k-th bid is priced over the budget, to be
// disqualified: the last of four or more on a listing that is awarded.
func outbid(r *seedRun, k int) bool {
	n := len(r.bidders)
	return n >= 4 && k == n-1 && (r.l.state == stAwarded || r.l.state == stCompleted)
}

// bidInput is the k-th bidder's bid: a price within the budget (or over it
// when outbid), a duration, a proposal in the bidder's language and a team.
func bidInput(r *seedRun, k int, m *seedMember) BidInput {
	minF, maxF := r.l.minWan*1_000_000, r.l.maxWan*1_000_000
	price := minF + (maxF-minF)*int64(25+(r.i*7+k*13)%65)/100
	if outbid(r, k) {
		price = maxF * 112 / 100
	}
	price = price / 100_000 * 100_000 // whole thousands of yuan
	duration := 60 + ((r.i+k)*37)%180
	org := m.org.org.Name
	var proposal string
	if org != "" && org[0] < 0x80 {
		proposal = fmt.Sprintf("Proposal from %s for “%s”.\n\n1. Approach: discovery and data inventory (%d days), core build and integration, then a pilot with training.\n2. Experience: %s\n3. Support: one year of free maintenance with a 24/7 hotline.\n\n中文摘要：分三阶段实施，免费运维一年。",
			org, r.l.title, duration/4, m.org.profile.Summary)
	} else {
		proposal = fmt.Sprintf("%s 关于“%s”的投标方案\n\n一、实施方案：分三阶段实施——现状调研与数据梳理（%d 天）、核心功能建设与系统联调、试运行与培训。\n二、团队与经验：%s\n三、服务承诺：免费运维一年，7×24 小时响应，重大问题 2 小时到场。",
			org, r.l.title, duration/4, m.org.profile.Summary)
	}
	team := []models.TeamMember{}
	for t := range 2 {
		tn := pick(teamNames(), (r.i + k + t*3))
		team = append(team, models.TeamMember{Name: tn[0], Role: tn[1]})
	}
	return BidInput{PriceFen: &price, DurationDays: &duration, Proposal: &proposal, Team: &team}
}

// scores are the buyer's scores of the k-th bid, per criterion.
func scores(r *seedRun, o *models.Opportunity, b *models.Bid, k int) map[string]int {
	out := map[string]int{}
	minF, maxF := r.l.minWan*1_000_000, r.l.maxWan*1_000_000
	for _, c := range o.Criteria {
		switch {
		case strings.Contains(c.Name, "价格"):
			s := 100
			if maxF > minF {
				s = 100 - int(30*(b.PriceFen-minF)/(maxF-minF))
			}
			out[c.ID] = max(0, min(100, s))
		case strings.Contains(c.Name, "经验"):
			out[c.ID] = 85 - 3*k + (r.i*3+k)%7
		default:
			out[c.ID] = 92 - 6*k + (r.i+k)%5
		}
	}
	return out
}

// planEvaluation schedules what follows the deadline: scores, a
// disqualification, the award and completion, or the unsuccessful or
// cancelled ending.
func (p *seedPlan) planEvaluation(r *seedRun, name string, deadline time.Time) {
	l, i := r.l, r.i
	score := func(k int, at time.Time) {
		p.add(at, name+": score a bid", func(ctx context.Context) error {
			o, err := p.a.Opportunity(ctx, r.owner, r.id)
			if err != nil {
				return err
			}
			b, err := p.a.ScoreBid(ctx, r.owner, r.bids[k].ID, scores(r, o, r.bids[k], k))
			if err == nil {
				r.bids[k] = b
			}
			return err
		})
	}
	disqualify := func(k int, at time.Time, reason string) {
		p.add(at, name+": disqualify a bid", func(ctx context.Context) error {
			b, err := p.a.DisqualifyBid(ctx, r.owner, r.bids[k].ID, reason)
			if err == nil {
				r.bids[k] = b
			}
			return err
		})
	}
	n := len(r.bidders)
	switch l.state {
	case stClosed:
		if i%2 == 0 || l.owner == "buyer@demo.example" {
			for k := range (n + 1) / 2 {
				score(k, deadline.Add(days(1)+time.Duration(k)*time.Hour))
			}
		}
	case stAwarded, stCompleted:
		for k := range n {
			if outbid(r, k) {
				disqualify(k, deadline.Add(days(2)), "报价超出预算上限。The price is over the budget ceiling.")
			} else {
				score(k, deadline.Add(days(2)+time.Duration(k+1)*time.Hour))
			}
		}
		p.add(deadline.Add(days(5)), name+": award", func(ctx context.Context) error {
			var best *models.Bid
			for _, b := range r.bids {
				if b.Status == models.BidSubmitted && b.TotalScore != nil && (best == nil || *b.TotalScore > *best.TotalScore) {
					best = b
				}
			}
			if best == nil {
				return fmt.Errorf("no scored bid to award")
			}
			_, err := p.a.AwardOpportunity(ctx, r.owner, r.id, best.ID, fmt.Sprintf("综合得分最高（%.2f 分），技术方案完整，报价合理。", *best.TotalScore))
			return err
		})
		if l.state == stCompleted {
			p.add(p.end.Add(-days(float64(2+i%20))), name+": complete", func(ctx context.Context) error {
				_, err := p.a.CompleteOpportunity(ctx, r.owner, r.id)
				return err
			})
		}
	case stUnsuccessful:
		for k := range n {
			disqualify(k, deadline.Add(days(2)+time.Duration(k)*time.Hour), "技术方案不满足需求书第 3.2 条的强制性要求。")
		}
		p.add(deadline.Add(days(3)), name+": unsuccessful", func(ctx context.Context) error {
			_, err := p.a.MarkUnsuccessful(ctx, r.owner, r.id, "没有符合要求的有效投标，项目将重新论证后再发布。")
			return err
		})
	case stCancelled:
		p.add(deadline.Add(days(3)), name+": cancel after closing", func(ctx context.Context) error {
			_, err := p.a.CancelOpportunity(ctx, r.owner, r.id, pick(cancelReasons(), i))
			return err
		})
	}
}
