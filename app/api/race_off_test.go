//go:build !race

package api_test

// raceDetector says whether the tests were built with -race.
const raceDetector = false
