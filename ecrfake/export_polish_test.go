package ecrfake

// ProbeDigest exposes the digests batch faults send in place of the items they fail.
var ProbeDigest = probeDigest
