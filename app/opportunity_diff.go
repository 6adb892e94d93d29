package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"market/models"
)

// diffOpportunity lists the fields a buyer changed, as display text, in a
// fixed order: what followers and bidders are told about an amendment.
func diffOpportunity(before, after *models.Opportunity) []models.Change {
	var out []models.Change
	add := func(field, b, a string) {
		if b != a {
			out = append(out, models.Change{Field: field, Before: b, After: a})
		}
	}
	add("title", before.Title, after.Title)
	add("description", before.Description, after.Description)
	add("domain", before.Domain, after.Domain)
	add("district", before.District, after.District)
	add("scenarios", strings.Join(before.Scenarios, ","), strings.Join(after.Scenarios, ","))
	add("capabilities", strings.Join(before.Capabilities, ","), strings.Join(after.Capabilities, ","))
	add("budget", formatBudget(before.Budget), formatBudget(after.Budget))
	add("bidDeadline", formatTime(before.BidDeadline), formatTime(after.BidDeadline))
	add("deliveryStart", formatTime(before.DeliveryStart), formatTime(after.DeliveryStart))
	add("deliveryEnd", formatTime(before.DeliveryEnd), formatTime(after.DeliveryEnd))
	add("eligibility", formatEligibility(before.Eligibility), formatEligibility(after.Eligibility))
	add("criteria", formatCriteria(before.Criteria), formatCriteria(after.Criteria))
	return out
}

// formatTime shows a time in RFC 3339 UTC, or "" for none.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func formatBudget(b models.Budget) string {
	return fmt.Sprintf("%d-%d fen", b.MinFen, b.MaxFen)
}

func formatEligibility(e models.Eligibility) string {
	return fmt.Sprintf("verifiedOnly=%t smeOnly=%t", e.VerifiedOnly, e.SMEOnly)
}

func formatCriteria(cs []models.Criterion) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Name + " " + strconv.Itoa(c.Weight) + "%"
	}
	return strings.Join(parts, "; ")
}
