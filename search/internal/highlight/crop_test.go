package highlight

import (
	"html"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"market/search"
)

// testCrop is the crop the listing search asks for.
func testCrop() search.Crop { return search.Crop{Length: 280, Before: 60} }

func TestCrop(t *testing.T) {
	short := "a <mark>b</mark> &amp; c"
	if got := Crop(testCrop(), short); got != short {
		t.Errorf("a short highlight changed: %s", got)
	}
	long := html.EscapeString(strings.Repeat("前文很长。", 40)) + "<mark>数据治理</mark>" + html.EscapeString(" & <after> "+strings.Repeat("x", 400))
	got := Crop(testCrop(), long)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "<mark>数据治理</mark>") ||
		!strings.Contains(got, "&amp; &lt;after&gt;") {
		t.Errorf("cropped: %s", got)
	}
	if n := utf8.RuneCountInString(html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(got))); n > testCrop().Length+2 {
		t.Errorf("cropped to %d characters", n)
	}
	if got := Crop(testCrop(), ""); got != "" {
		t.Errorf("empty: %q", got)
	}
}

// FuzzCrop: whatever the engine returns, the excerpt is escaped
// text with balanced <mark> tags and nothing else, taken from the input.
func FuzzCrop(f *testing.F) {
	f.Add("plain", "match", strings.Repeat("tail ", 100))
	f.Add(strings.Repeat("<script>", 50), "&amp;", "</mark><mark>")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, before, match, after string) {
		if !utf8.ValidString(before + match + after) {
			return
		}
		in := html.EscapeString(before) + "<mark>" + html.EscapeString(match) + "</mark>" + html.EscapeString(after)
		out := Crop(testCrop(), in)
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(plain, "<>") {
			t.Fatalf("markup other than <mark> in %q", out)
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("unbalanced marks in %q", out)
		}
		text := strings.Trim(html.UnescapeString(plain), "…")
		if !strings.Contains(before+match+after, text) {
			t.Fatalf("%q is not part of the input", text)
		}
	})
}

// TestCropMark checks that cropping while marking gives what marking
// the whole text and then cropping the highlight gives.
func TestCropMark(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	parts := []string{"数据", "治理", "a", "<b>", "&amp;", " ", "\n", "平台", "é", "x", "…"}
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := b.String()
		var spans []Span
		for range rng.IntN(5) {
			s := rng.IntN(len(text) + 1)
			spans = append(spans, Span{s, s + rng.IntN(8)})
		}
		c := search.Crop{Length: 1 + rng.IntN(30), Before: 0}
		c.Before = rng.IntN(c.Length)
		if got, want := MarkCropped(c, text, spans), Crop(c, Mark(text, spans)); got != want {
			t.Fatalf("%q %v %+v:\n got %q\nwant %q", text, spans, c, got, want)
		}
	}
}
