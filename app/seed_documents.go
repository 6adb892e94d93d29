package app

import (
	"bytes"
	"context"
	"fmt"

	"market/models"
)

// seedPDF returns a small, valid one-page PDF whose text is lines (ASCII).
func seedPDF(lines ...string) []byte {
	var text bytes.Buffer
	text.WriteString("BT /F1 12 Tf 40 760 Td 16 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&text, "(%s) Tj T*\n", l)
	}
	text.WriteString("ET\n")
	objects := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>",
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%sendstream", text.Len(), text.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// attachSpecification attaches the requirements specification to a draft.
func (p *seedPlan) attachSpecification(ctx context.Context, r *seedRun) error {
	o, err := p.a.Opportunity(ctx, r.owner, r.id)
	if err != nil {
		return err
	}
	body := seedPDF("Shanghai digital transformation opportunity list", "Listing "+o.Code,
		"Requirements specification (demo document)")
	_, _, err = p.a.AddOpportunityDocument(ctx, r.owner, r.id, DocumentUpload{
		DocumentInput: models.DocumentInput{Title: "需求说明书 Requirements specification", FileName: "需求说明书-" + o.Code + ".pdf",
			Type: "technicalSpecifications", Language: models.LanguageChinese},
		Version: o.Version, Body: bytes.NewReader(body), Length: int64(len(body)),
	})
	return err
}

// attachProposal attaches a technical proposal to a bid and returns the
// bid with its new receipt.
func (p *seedPlan) attachProposal(ctx context.Context, m *seedMember, b *models.Bid) (*models.Bid, error) {
	body := seedPDF("Technical proposal (demo document)", "Bid "+b.ID, "Bidder "+b.Bidder.ID)
	_, out, err := p.a.AddBidDocument(ctx, m.actor, b.ID, DocumentUpload{
		DocumentInput: models.DocumentInput{Title: "技术方案 Technical proposal", FileName: "技术方案.pdf",
			Type: "technicalProposal", Language: models.LanguageChinese},
		Version: b.Version, Body: bytes.NewReader(body), Length: int64(len(body)),
	})
	return out, err
}
