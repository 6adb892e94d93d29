package app

import (
	"fmt"
	"strings"
	"time"

	"market/models"
)

// The emails' texts: both languages, Chinese first, since a user's language
// is not known; each links to the listing.

// listingLink is the address of a listing's page.
func listingLink(publicURL, id string) string {
	return strings.TrimRight(publicURL, "/") + "/opportunities/" + id
}

// matchMail is the email telling a saved search's owner about a match.
func matchMail(s *models.SavedSearch, o *models.Opportunity, e *models.Event, publicURL string) mailContent {
	amended := e.Type == "opportunity.amended"
	subject := fmt.Sprintf("【%s】新商机符合您的订阅“%s” | New listing matches your saved search “%s”", o.Code, s.Name, s.Name)
	zh, en := "有新发布的商机符合", "A newly published listing matches"
	if amended {
		subject = fmt.Sprintf("【%s】商机已修改，符合您的订阅“%s” | Amended listing matches your saved search “%s”", o.Code, s.Name, s.Name)
		zh, en = "有商机修改后符合", "An amended listing matches"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s您保存的搜索“%s”：\n\n", zh, s.Name)
	listingLines(&b, o, e, true, publicURL)
	fmt.Fprintf(&b, "\n%s your saved search “%s”:\n\n", en, s.Name)
	listingLines(&b, o, e, false, publicURL)
	b.WriteString("\n——\n不想再收到？请在“我的订阅”中删除该搜索。\nTo stop these emails, delete the saved search.\n")
	return mailContent{Subject: subject, Text: b.String()}
}

// followMail is the email telling a follower about a change of a listing.
func followMail(o *models.Opportunity, e *models.Event, publicURL string) mailContent {
	zh, en := eventWords(e.Type)
	subject := fmt.Sprintf("【%s】您关注的商机%s | A listing you follow was %s", o.Code, zh, en)
	var b strings.Builder
	fmt.Fprintf(&b, "您关注的商机%s：\n\n", zh)
	listingLines(&b, o, e, true, publicURL)
	fmt.Fprintf(&b, "\nA listing you follow was %s:\n\n", en)
	listingLines(&b, o, e, false, publicURL)
	b.WriteString("\n——\n不想再收到？请在商机页面取消关注。\nTo stop these emails, unfollow the listing on its page.\n")
	return mailContent{Subject: subject, Text: b.String()}
}

// eventWords names an event type in Chinese and English.
func eventWords(typ string) (string, string) {
	switch typ {
	case "opportunity.published":
		return "已发布", "published"
	case "opportunity.amended":
		return "已修改", "amended"
	case "opportunity.extended":
		return "已延长截止时间", "extended"
	case "opportunity.cancelled":
		return "已取消", "cancelled"
	case "opportunity.closed":
		return "已截止投标", "closed for bids"
	case "opportunity.awarded":
		return "已授标", "awarded"
	case "opportunity.unsuccessful":
		return "已流标", "ended without award"
	}
	return "有变化", "changed"
}

// listingLines writes a listing's title, code, deadline, what changed and link.
func listingLines(b *strings.Builder, o *models.Opportunity, e *models.Event, zh bool, publicURL string) {
	labels := [...]string{"编号", "投标截止", "说明", "变更", "查看"}
	if !zh {
		labels = [...]string{"Code", "Bid deadline", "Note", "Changes", "View"}
	}
	fmt.Fprintf(b, "%s\n%s: %s\n%s: %s\n", o.Title, labels[0], o.Code, labels[1], cityTime(o.BidDeadline, zh))
	if e.Type != "opportunity.published" && e.Summary != "" {
		fmt.Fprintf(b, "%s: %s\n", labels[2], excerpt(e.Summary, 300))
	}
	if len(e.Changes) > 0 && e.Type != "opportunity.published" {
		fmt.Fprintf(b, "%s:\n", labels[3])
		for _, c := range e.Changes {
			fmt.Fprintf(b, "  - %s: %s → %s\n", c.Field, orNone(changeText(c.Field, c.Before, zh)), orNone(changeText(c.Field, c.After, zh)))
		}
	}
	fmt.Fprintf(b, "%s: %s\n", labels[4], listingLink(publicURL, o.ID))
}

// cityTime shows t to a reader in the city's time, saying the zone:
// "2026-12-11 07:00 北京时间（UTC+8）" or "2026-12-11 07:00 China Standard Time (UTC+8)".
func cityTime(t time.Time, zh bool) string {
	if t.IsZero() {
		return ""
	}
	zone := "China Standard Time (UTC+8)"
	if zh {
		zone = "北京时间（UTC+8）"
	}
	return t.In(shanghai()).Format("2006-01-02 15:04") + " " + zone
}

// changeText shows one side of a change in an email: times (kept as RFC
// 3339 in events) in the city's time, other values cut to 200 characters.
func changeText(field, value string, zh bool) string {
	switch field {
	case "bidDeadline", "deliveryStart", "deliveryEnd":
		if t, err := time.Parse(time.RFC3339, value); err == nil {
			return cityTime(t, zh)
		}
	}
	return excerpt(value, 200)
}

// orNone shows an empty value as "—".
func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
