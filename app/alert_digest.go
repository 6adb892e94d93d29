package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"market/app/store"
	"market/models"
)

// digestJob names the daily digest's lease.
const digestJob = "alert-digest"

// mailKept is how long sent emails and their claims are kept; the daily
// job sweeps older ones.
const mailKept = 7 * 24 * time.Hour

// digestSlot is the start of the digest day containing t: midnight in Shanghai.
func digestSlot(t time.Time) time.Time {
	local := t.In(shanghai())
	return time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, shanghai()).UTC()
}

// SendDigests queues one email per saved search with daily digests holding
// the matches stored before today (Shanghai time) began, then removes them,
// and sweeps old sent email. The day's work is leased to one instance (the
// others do nothing); should it fail halfway, what is left waits for the
// next day's digest. The emails are sent by DeliverAlerts.
func (a *App) SendDigests(ctx context.Context, opts AlertOptions) error {
	opts = opts.withDefaults()
	day := digestSlot(a.Now())
	ok, err := a.db.TryLease(ctx, digestJob, day, opts.Holder)
	if err != nil || !ok {
		return err
	}
	if err := a.db.SweepMail(ctx, a.Now().Add(-mailKept)); err != nil {
		return err
	}
	items, err := a.db.DigestItemsBefore(ctx, day)
	if err != nil {
		return err
	}
	bySearch := map[string][]*store.DigestItem{}
	var order []string
	for _, it := range items {
		if bySearch[it.SavedSearchID] == nil {
			order = append(order, it.SavedSearchID)
		}
		bySearch[it.SavedSearchID] = append(bySearch[it.SavedSearchID], it)
	}
	for _, id := range order {
		list := bySearch[id]
		s, err := a.db.SavedSearchByID(ctx, id)
		switch {
		case models.ErrorCode(err) == models.ENOTFOUND: // deleted since: no digest
		case err != nil:
			return err
		default:
			key := fmt.Sprintf("digest/%s/%s", id, day.Format("2006-01-02"))
			if err := a.queueMail(ctx, s.UserID, key, a.Now(), digestMail(s, list, opts.PublicURL)); err != nil {
				return err
			}
		}
		ids := make([]string, len(list))
		for i, it := range list {
			ids[i] = it.ID
		}
		if err := a.db.ClearDigestItems(ctx, ids); err != nil {
			return err
		}
	}
	return nil
}

// digestMail is the daily email of a saved search's matches.
func digestMail(s *models.SavedSearch, items []*store.DigestItem, publicURL string) mailContent {
	subject := fmt.Sprintf("订阅“%s”每日摘要：%d条 | Daily digest of “%s”: %d listings", s.Name, len(items), s.Name, len(items))
	var b strings.Builder
	fmt.Fprintf(&b, "您保存的搜索“%s”昨日有 %d 条匹配 / Your saved search “%s” matched %d listings:\n\n", s.Name, len(items), s.Name, len(items))
	for _, it := range items {
		what := "新发布 new"
		if it.Amended {
			what = "已修改 amended"
		}
		fmt.Fprintf(&b, "- [%s] %s (%s)\n  %s\n", it.OpportunityCode, it.OpportunityTitle, what, listingLink(publicURL, it.OpportunityID))
	}
	b.WriteString("\n——\n不想再收到？请在“我的订阅”中删除该搜索。\nTo stop these emails, delete the saved search.\n")
	return mailContent{Subject: subject, Text: b.String()}
}
