package app

import (
	"context"
	"fmt"

	"market/models"
)

// notify tells the organisations concerned about a change of o: its bidders
// about amendments, extensions, cancellation and the award (won or not);
// the buyer about the deadline passing, with the number of bids. A failure
// is logged: the change itself stands.
func (a *App) notify(ctx context.Context, o *models.Opportunity, c *change) {
	var notes []*models.Notification
	note := func(orgID, typ, summary string) {
		notes = append(notes, &models.Notification{
			ID: models.NewID(), OrganizationID: orgID, Type: typ, OpportunityID: o.ID, OpportunityCode: o.Code,
			OpportunityTitle: o.Title, Summary: summary, Changes: c.Changes, CreatedAt: a.Now(),
		})
	}
	switch c.Type {
	case "opportunity.closed":
		n, err := a.db.CountBidSlots(ctx, o.ID)
		if err != nil {
			a.log.ErrorContext(ctx, "notify: counting bids", "opportunity", o.ID, "err", err)
			return
		}
		note(o.Buyer.ID, models.NoticeDeadlinePassed, fmt.Sprintf("the bid deadline passed with %d bids", n))
	case "opportunity.amended", "opportunity.extended", "opportunity.cancelled", "opportunity.awarded":
		bids, err := a.db.BidsOnOpportunity(ctx, o.ID)
		if err != nil {
			a.log.ErrorContext(ctx, "notify: listing bidders", "opportunity", o.ID, "err", err)
			return
		}
		typ := map[string]string{"opportunity.amended": models.NoticeAmended, "opportunity.extended": models.NoticeExtended,
			"opportunity.cancelled": models.NoticeCancelled}[c.Type]
		for _, b := range bids {
			switch {
			case b.Status == models.BidWithdrawn:
			case c.Type != "opportunity.awarded":
				note(b.Bidder.ID, typ, c.Summary)
			case b.ID == o.Award.BidID:
				note(b.Bidder.ID, models.NoticeWon, "your bid won the award")
			default:
				note(b.Bidder.ID, models.NoticeNotWon, "the opportunity was awarded to another bid")
			}
		}
	}
	if err := a.db.CreateNotifications(ctx, notes); err != nil {
		a.log.ErrorContext(ctx, "notify", "opportunity", o.ID, "err", err)
	}
}

// NotificationList is one page of an organisation's notifications.
type NotificationList struct {
	Items    []*models.Notification
	Total    int
	Unread   int
	Page     int
	PageSize int
}

// Notifications lists the actor organisation's notifications, newest first.
func (a *App) Notifications(ctx context.Context, actor models.Actor, page, pageSize int) (*NotificationList, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	items, total, unread, err := a.db.ListNotifications(ctx, actor.OrganizationID, page, pageSize)
	if err != nil {
		return nil, err
	}
	return &NotificationList{Items: items, Total: total, Unread: unread, Page: page, PageSize: pageSize}, nil
}

// MarkNotificationRead marks one of the actor organisation's notifications read.
func (a *App) MarkNotificationRead(ctx context.Context, actor models.Actor, id string) error {
	if err := requireMember(actor); err != nil {
		return err
	}
	return a.db.MarkNotificationRead(ctx, actor.OrganizationID, id)
}
