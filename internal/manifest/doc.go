// Package manifest parses and classifies container image manifests the way
// Amazon ECR's PutImage does, so the fake can decide whether a push is valid,
// which blobs and child images it needs, and what to report about the image.
//
// The entry points are [Parse], which validates the exact manifest bytes
// against the imageManifestMediaType parameter and returns a [*Manifest] or an
// [*Error], and [Digest], which computes the image digest over those same
// bytes. Nothing here re-serialises JSON: the digest is always taken over the
// bytes the caller sent. [ParseString] and [DigestString] do the same for a
// manifest held in a string without copying it (PutImage's case); the
// strings of the Manifest ParseString returns share the manifest's memory.
//
// Parsing is one validating pass (exactly utf8.Valid plus json.Valid,
// encoding/json's nesting limit included) that records where the outer
// objects and arrays end, then a walk of the members the media type needs.
// internal/refparse keeps the original implementation (encoding/json
// validation and a byte walker); differential tests and a fuzz target hold
// the two to the same results, errors included.
//
// Errors are [*Error] values carrying the member name and the constraint text
// of ECR's InvalidParameterException message:
//
//	Invalid parameter at '<Member>' failed to satisfy constraint: '<Constraint>'
//
// # Rules
//
// Media type resolution, in order:
//
//  1. imageManifestMediaType, if given. It must be one of the six supported
//     types, else Member "imageManifestMediaType", "Unsupported manifest
//     media type". If the body also has a non-empty top-level mediaType that
//     differs (exact string comparison), Member "ImageManifest", "Manifest
//     media type does not match the provided imageManifestMediaType".
//  2. the top-level mediaType of the body; unsupported values give Member
//     "ImageManifest", "Unsupported manifest media type".
//  3. schemaVersion 1: [DockerV1Signed] if the body has "signatures", else
//     [DockerV1].
//  4. nothing identifies the type: "Invalid JSON syntax" (what real ECR
//     answers, for example for an OCI manifest without mediaType).
//
// All other failures use Member "ImageManifest". Constraint texts:
//
//	Invalid JSON syntax                          not JSON, not an object, invalid UTF-8,
//	                                             a duplicate key, a known field of the
//	                                             wrong JSON type, a non-integer number
//	                                             where an integer is expected
//	Missing required field: <path>               e.g. schemaVersion, config, layers,
//	                                             manifests, fsLayers, layers[2].digest,
//	                                             config.size, fsLayers[0].blobSum
//	Invalid schemaVersion: expected 2            (expected 1 for schema 1 types)
//	Invalid digest: <path>                       not [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+, or a
//	                                             sha256 (sha512) hex part not 64 (128) long
//	Invalid size: <path>                         negative size
//	Media type parameters are not supported: <path>
//	                                             ";" in artifactType, config.mediaType or
//	                                             layers[i].mediaType
//	Limit on number of layers per image exceeded (from [Manifest.CheckLayerLimit])
//
// Paths name the offending field: "config.digest", "layers[1].size",
// "manifests[0].digest", "subject.digest", "fsLayers[3].blobSum",
// "artifactType", "layers[0].mediaType".
//
// Required shape per type:
//
//   - Docker v2 and OCI image manifests: schemaVersion 2, a config descriptor
//     and a layers array (which may be empty). OCI manifests also read
//     artifactType, subject and annotations.
//   - Docker manifest list and OCI index: schemaVersion 2 and a manifests
//     array (which may be empty). The OCI index also reads artifactType,
//     subject and annotations.
//   - Docker schema 1 (signed or not): schemaVersion 1 and an fsLayers array
//     whose entries have a blobSum digest.
//   - Every descriptor (config, layers[i], manifests[i], subject) needs a
//     well-formed digest and a size >= 0; mediaType, artifactType and
//     annotations are optional.
//
// Error precedence: JSON well-formedness (including duplicate top-level keys
// and the types of mediaType, schemaVersion and signatures) first, then media
// type resolution, then wrong JSON types and duplicate keys anywhere in the
// fields the resolved type uses, then the first shape violation in the fixed
// order schemaVersion, config, layers (or manifests, or fsLayers),
// artifactType, subject.
// Because wrong types are found before shape violations, "Invalid JSON
// syntax" wins over every other text once the type is known, which matches a
// service that deserialises into a typed model before validating it.
//
// # Derived values
//
//   - [Manifest.Size]: for image manifests the sum of the layer sizes plus
//     the config size, saturating at math.MaxInt64 (fake choice: ECR only
//     documents "compressed size"; counting the config blob makes the number
//     equal the bytes a registry stores for the image). Schema 1 manifests
//     carry no sizes, so their Size is 0. Indexes report 0; the caller uses
//     the maximum size of the referenced images, as ECR documents.
//   - [Manifest.Blobs]: the config digest then the layer digests (schema 1:
//     the blobSums), first occurrence kept, exact string comparison, layers
//     whose mediaType contains "foreign" or "nondistributable"
//     (case-insensitive) skipped. Indexes have no blobs: their children are
//     images, checked by the caller against [Manifest.Manifests].
//   - [Manifest.ArtifactMediaType]: artifactType if set, else
//     config.mediaType, else "" (the OCI rule ECR's referrers API uses).
//
// # Fidelity notes
//
// Real ECR publishes almost nothing about its manifest validation; what is
// known is that the message for an unreadable or unidentifiable manifest is
// "Invalid JSON syntax". Choices made here:
//
//   - Public reports show ECR answering "Invalid JSON syntax" for many
//     schema-level problems as well (unknown fields before ECR supported
//     OCI 1.1, SBOM attachments). This package keeps "Invalid JSON syntax"
//     for JSON-level and type-level problems and uses the more specific texts
//     above for missing or malformed fields, so test failures are readable.
//     Code that matches on the exact real text should only rely on it for
//     the syntax and no-media-type cases.
//   - Keys are matched case-sensitively (encoding/json would match
//     "MediaType" to mediaType; a Java-style typed model does not), so a
//     body whose only media type key is "MediaType" is unidentified.
//   - Duplicate keys in any object the parser interprets (top level,
//     descriptors, annotations, fsLayers entries) are rejected as "Invalid
//     JSON syntax", even though many JSON parsers silently keep the last
//     value: two readers of the same bytes must not see different layers.
//     Objects the parser skips (platform, history, unknown fields) are only
//     checked for well-formedness.
//   - A JSON null is treated as an absent field; a null array element or a
//     null annotation value is a wrong type.
//   - Integers (schemaVersion, size) must be written as integers: 2.0, 1e3
//     or values beyond int64 are "Invalid JSON syntax".
//   - Unknown fields are ignored, and fields that do not belong to the
//     resolved type are neither read nor type-checked (for example layers in
//     an index, subject in a Docker v2 manifest).
//   - Media types inside descriptors are not checked against a list; only
//     the ";" parameter rule applies (spec: ECR rejects parameters in
//     artifactType and layer media types; the same is applied to
//     config.mediaType). Children of an index are not checked for ";".
//   - A signed schema 1 manifest's JWS signatures are not verified, and
//     "v1+prettyjws" given as the parameter does not require signatures.
//   - Digest algorithms other than sha256 and sha512 accept any hex length;
//     uppercase hex is accepted (and kept as written).
//   - The 4,194,304-character limit on imageManifest is a request-level
//     constraint and is left to the caller; so is the layers-per-image
//     limit, which [Manifest.CheckLayerLimit] helps apply.
package manifest
