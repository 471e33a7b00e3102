// Package refparse is a frozen copy of package manifest's original parser
// (encoding/json validation plus a byte walker), kept as the reference that
// the faster parser must agree with exactly: package manifest's differential
// tests and FuzzParseMatchesReference compare the two on every input. Only
// tests import it.
package refparse
