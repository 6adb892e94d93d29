package bleve

import (
	"slices"
	"testing"
)

func TestTypoBudget(t *testing.T) {
	for word, want := range map[string]int{"smrt": 0, "data": 0, "smart": 1, "platform": 1, "governanc": 2, "governance": 2, "数据治理平台": 1} {
		if got := typoBudget(word); got != want {
			t.Errorf("typoBudget(%q) = %d, want %d", word, got, want)
		}
	}
	if got, want := transpositions("platfrom"), []string{"paltfrom", "pltafrom", "plaftrom", "platrfom", "platform", "platfrmo"}; !slices.Equal(got, want) {
		t.Errorf("transpositions = %v, want %v", got, want)
	}
}
