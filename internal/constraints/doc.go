// Package constraints is the service-side validation layer of the fake: the
// length, range, pattern, enum and list-size constraints the ECR model (and
// the ECR Public model, constraints_ecrpublic_gen.go) puts on the members of
// every operation input. [Check] reports the first violation as
// the *types.InvalidParameterException real ECR answers with. Required members
// are not its business (the SDK checks them on the client), nor are rules that
// span several members or need state.
//
// The checks are generated from the botocore model (constraints_gen.go, by
// internal/gen/constraints); the 4 replication-backfill operations the model
// lacks come from a small hand-written supplement in the generator. CI uses
// the committed file; regenerate on a machine with botocore:
//
//	go generate ./internal/constraints
//
// # Fidelity notes
//
// Message: "Invalid parameter at '<path>' failed to satisfy constraint:
// '<constraint>'", the shape of every real ECR validation message seen. <path>
// is the wire name of a top-level member ("repositoryName"); for nested members
// it is the dotted wire path with zero-based list indexes
// ("imageTagMutabilityExclusionFilters[0].filter",
// "encryptionConfiguration.kmsKey", "replicationConfiguration.rules[0].destinations[1].region").
// The nested form is our choice: no real nested message has been seen.
//
// Constraint texts:
//
//   - string pattern: "must satisfy regular expression '<pattern>'", so the
//     message ends in two quotes as real ECR's does. <pattern> is the model's
//     pattern as written, except repositoryName, where real ECR prints
//     "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*" although
//     it matches with the model's (which also allows "__" and "--").
//   - string length: "must have length greater than or equal to N" /
//     "must have length less than or equal to N" (real text for N=2 seen).
//   - list, map and blob length: "Member must have length greater than or equal
//     to N" / "... less than or equal to N" (real text for imageIds seen).
//   - numbers: "Member must have value greater than or equal to N" /
//     "... less than or equal to N" (style of the other AWS JSON services).
//   - enums: "Member must satisfy enum value set: [A, B, C]", values in model
//     order (same style).
//
// Order: members in the model's declaration order, depth first; for one
// member: minimum length, maximum length, pattern, enum; for a list, its size
// before its elements. The first violation wins. Real ECR may report another
// member first when several are wrong.
//
// Matching: patterns must match the whole string (each is wrapped as
// ^(?:pattern)$; the model's own anchors are kept and are harmless). Image tags
// are matched against [a-zA-Z0-9-_.]+, which the model lacks but real ECR
// enforces and prints. String length counts Unicode code points (Smithy's
// rule; the Java service may count UTF-16 units, which differs only for
// characters outside the Basic Multilingual Plane). A member is checked only
// when the SDK would send it: non-nil pointers, slices and maps, non-empty enum
// values; list elements are always checked, so an empty enum value inside a
// list fails.
//
// Not checked here, because the real service answers them otherwise (the
// state layer does): the items of BatchGetImage.imageIds and
// BatchDeleteImage.imageIds and of BatchCheckLayerAvailability.layerDigests
// (per-item failures; the list sizes are checked), Tag.Key and Tag.Value and
// UntagResource.tagKeys (InvalidTagParameterException), and resourceArn. The
// list with reasons is the exclusions table in internal/gen/constraints. The
// model gives imageDigest no pattern, so digests of images are left to the
// state layer as well; layer digests (layerDigest, CompleteLayerUpload's
// layerDigests) are checked here.
//
// # ECR Public
//
// The 23 ecrpublic inputs get the same treatment from the ECR Public model
// (2020-10-30), with the same message format (the public endpoint was seen
// using it; spec ecr-public.md §7) as ECR Public's own exception type. The
// same members are left to the state layer (item lists of the batch
// operations, tags, resource ARNs), and image tags get the same character set
// as for ECR, which the public model lacks. Its RepositoryName pattern is the
// stricter public one (2..205 characters, no "__" or "--") and is printed as
// written.
package constraints

//go:generate go run ../gen/constraints -o constraints_gen.go
//go:generate go run ../gen/constraints -service ecrpublic -o constraints_ecrpublic_gen.go
