package main

// Hand-maintained inputs of the generator. Everything else comes from the model.

func i64(v int64) *int64 { return &v }

// supplementOps describes the operations the botocore model lacks (added to the
// Go SDK in v1.67.0). Facts come from the Go SDK v1.67.5: member order and
// member shapes from the order in which its schema registers them, ranges from
// the doc comments of api_op_*.go ("This value can be between 1 and 50"), enum
// values from types/enums.go. Shapes the botocore model already defines
// (RegistryId, MaxResults, FiftyMaxResults, NextToken, ReplicationDestination)
// are reused, so their constraints stay the model's. An operation the model
// does contain is never replaced.
var supplementOps = map[string]string{
	"StartReplicationBackfill":           "StartReplicationBackfillRequest",
	"StopReplicationBackfill":            "StopReplicationBackfillRequest",
	"DescribeReplicationBackfillResults": "DescribeReplicationBackfillResultsRequest",
	"ListReplicationBackfills":           "ListReplicationBackfillsRequest",
}

var supplementShapes = map[string]*shape{
	"StartReplicationBackfillRequest": {Type: "structure", Members: []member{
		{"registryId", "RegistryId"},              // pattern [0-9]{12}
		{"destination", "ReplicationDestination"}, // region [0-9a-z-]{2,25}, registryId [0-9]{12}
	}},
	"StopReplicationBackfillRequest": {Type: "structure", Members: []member{
		{"registryId", "RegistryId"},
		{"replicationBackfillId", "ReplicationBackfillId"},
	}},
	"DescribeReplicationBackfillResultsRequest": {Type: "structure", Members: []member{
		{"registryId", "RegistryId"},
		{"replicationBackfillId", "ReplicationBackfillId"},
		{"resultStatusFilter", "ReplicationBackfillResultStatus"},
		{"maxResults", "MaxResults"}, // "between 1 and 1000"
		{"nextToken", "NextToken"},
	}},
	"ListReplicationBackfillsRequest": {Type: "structure", Members: []member{
		{"registryId", "RegistryId"},
		{"maxResults", "FiftyMaxResults"}, // "between 1 and 50"
		{"nextToken", "NextToken"},
	}},
	// The SDK documents no length or pattern for backfill ids.
	"ReplicationBackfillId":           {Type: "string"},
	"ReplicationBackfillResultStatus": {Type: "string", Enum: []string{"COMPLETE", "FAILED"}},
}

// supplementPatterns adds patterns the model lacks, keyed by shape name; used
// only while the model's shape has no pattern of its own.
var supplementPatterns = map[string]string{
	// Real ECR rejects tags outside this set with exactly this regex in the
	// message (spec §0a item 7, errors.md "Confirmed by review"); the model only
	// gives the length 1..300.
	"ImageTag": "[a-zA-Z0-9-_.]+",
}

// messagePatterns replaces the model pattern in the MESSAGE of a pattern
// violation, keyed by shape name, where the real service is known to print
// something else. Matching always uses the model pattern.
var messagePatterns = map[string]string{
	// Real text quoted in localstack/localstack#8051, jenkins-x/jx#1344,
	// stelligent/mu#323 (errors.md); the model's pattern also allows "__" and "--".
	"RepositoryName": "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*",
}

// fastMatchers maps a pattern (as written in the model or supplementPatterns)
// to a hand-written matcher in package constraints that must accept exactly
// what ^(?:pattern)$ accepts; internal/constraints/match_test.go proves each
// with a table and a fuzz target. Every entry must be used by the model, so a
// changed model pattern cannot silently lose its matcher.
var fastMatchers = map[string]string{
	`[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*`: "matchRepositoryName",
	`[0-9]{12}`:                     "matchRegistryID",
	`[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+`: "matchDigest",
	`[a-zA-Z0-9-_.]+`:               "matchImageTag",
	`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`: "matchUploadID",
}

// exclusions lists members whose model constraints this layer must NOT check
// because the real service answers them another way; the state layer does.
// Key: "<Owner>.<member>" where Owner is an operation name (its input) or a
// structure shape name; a trailing "[]" excludes only the elements of a list
// (its size is still checked). Every entry must match a member of the model.
var exclusions = map[string]string{
	"BatchGetImage.imageIds[]":                   "bad imageDigest/imageTag of an item → failures[] entry (InvalidImageDigest, InvalidImageTag, MissingDigestAndTag), the call succeeds",
	"BatchDeleteImage.imageIds[]":                "bad imageDigest/imageTag of an item → failures[] entry (InvalidImageDigest, InvalidImageTag, MissingDigestAndTag), the call succeeds",
	"BatchCheckLayerAvailability.layerDigests[]": "empty or malformed digest → failures[] entry (MissingLayerDigest, InvalidLayerDigest), the call succeeds",
	"Tag.Key":                         "tag keys are judged by the tagging rules → InvalidTagParameterException",
	"Tag.Value":                       "tag values are judged by the tagging rules → InvalidTagParameterException",
	"UntagResource.tagKeys[]":         "tag keys are judged by the tagging rules → InvalidTagParameterException",
	"ListTagsForResource.resourceArn": "the state layer parses the ARN and decides (InvalidParameterException text of its own, RepositoryNotFoundException)",
	"TagResource.resourceArn":         "the state layer parses the ARN and decides",
	"UntagResource.resourceArn":       "the state layer parses the ARN and decides",
}
