package models_test

import (
	"testing"
	"time"

	"market/models"
)

func TestLifecycleTransitions(t *testing.T) {
	all := []string{models.StatusDraft, models.StatusPendingReview, models.StatusRejected, models.StatusPublished,
		models.StatusClosed, models.StatusAwarded, models.StatusCompleted, models.StatusCancelled, models.StatusUnsuccessful}
	allowed := map[[2]string]bool{
		{"draft", "pending_review"}: true, {"draft", "published"}: true,
		{"rejected", "pending_review"}: true, {"rejected", "published"}: true,
		{"pending_review", "published"}: true, {"pending_review", "rejected"}: true, {"pending_review", "cancelled"}: true,
		{"published", "closed"}: true, {"published", "cancelled"}: true,
		{"closed", "awarded"}: true, {"closed", "unsuccessful"}: true, {"closed", "cancelled"}: true,
		{"awarded", "completed"}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := models.CanTransition(from, to); got != allowed[[2]string{from, to}] {
				t.Errorf("CanTransition(%s, %s) = %v", from, to, got)
			}
		}
	}
}

func TestOpportunityIsPublic(t *testing.T) {
	now := time.Now()
	for status, want := range map[string]bool{
		"draft": false, "pending_review": false, "rejected": false, "published": true, "closed": true,
		"awarded": true, "completed": true, "unsuccessful": true, "cancelled": false,
	} {
		o := &models.Opportunity{Status: status}
		if o.IsPublic() != want {
			t.Errorf("%s: public = %v", status, !want)
		}
	}
	cancelledAfterPublication := &models.Opportunity{Status: "cancelled", PublishedAt: &now}
	if !cancelledAfterPublication.IsPublic() {
		t.Error("a listing cancelled after publication must stay public")
	}
}

func TestRenderTextEscapesEverything(t *testing.T) {
	got := models.RenderText("  a <b>&</b>\r\nb\n\n\n<script>x</script>  ")
	want := "<p>a &lt;b&gt;&amp;&lt;/b&gt;<br>b</p><p>&lt;script&gt;x&lt;/script&gt;</p>"
	if got != want {
		t.Fatalf("RenderText\n got %s\nwant %s", got, want)
	}
}
