package scale

import "market/models"

// vocab holds every word list the generator draws from, built once per
// generation (the lists are functions, not package variables, so nothing
// is shared between generations).
type vocab struct {
	places     []place
	placeIndex map[string]int
	districtW  []float64
	scenarios  []scenarioWords
	tasks      map[string][]bi
	smeNeeds   []smeNeed
	questions  []qa
	reasons    reasonBank
	criteria   [][]string
	openings   []string
	closings   []string
	roles      []string
	terms      models.Vocabularies
}

// newVocab builds the word lists.
func newVocab() *vocab {
	v := &vocab{places: places(), districtW: districtWeights(), scenarios: scenarios(), tasks: capabilityTasks(),
		smeNeeds: smeNeeds(), questions: questionBank(), reasons: reasons(), criteria: criteriaSets(),
		openings: proposalOpenings(), closings: proposalClosings(), roles: teamRoles(), terms: models.AllVocabularies(),
		placeIndex: map[string]int{}}
	for i, p := range v.places {
		v.placeIndex[p.code] = i
	}
	return v
}

// place returns the place of a district code.
func (v *vocab) place(code string) place { return v.places[v.placeIndex[code]] }

// label returns a vocabulary code's Chinese and English labels.
func label(terms []models.Term, code string) bi {
	if t, ok := models.TermOf(terms, code); ok {
		return bi{t.ZH, t.EN}
	}
	return bi{code, code}
}
