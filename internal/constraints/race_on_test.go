//go:build race

package constraints

// raceEnabled: under the race detector sync.Pool drops items at random, so
// regexp matching allocates and allocation counts mean nothing.
const raceEnabled = true
