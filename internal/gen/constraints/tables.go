package main

// Hand-maintained inputs of the generator. Everything else comes from the model.

import (
	"reflect"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
)

func i64(v int64) *int64 { return &v }

// service is everything that differs between the two clients the generator
// covers. Both outputs live in package constraints; prefix keeps their
// identifiers apart (checkPublicPutImageInput, checkStrPublicRepositoryName, ...).
type service struct {
	label        string       // in comments: "ECR", "ECR Public"
	client       reflect.Type // *ecr.Client
	pkg          string       // Go package name of the client
	modelRelPath string       // inside botocore's package directory
	modelEnv     string       // environment variable naming the model file
	prefix       string
	output       string // default -o

	supplementOps      map[string]string
	supplementShapes   map[string]*shape
	supplementPatterns map[string]string
	messagePatterns    map[string]string
	fastMatchers       map[string]string
	exclusions         map[string]string
}

func (s service) pkgPath() string   { return s.client.Elem().PkgPath() }
func (s service) typesPath() string { return s.pkgPath() + "/types" }

var services = map[string]service{
	"ecr": {
		label: "ECR", client: reflect.TypeFor[*ecr.Client](), pkg: "ecr",
		modelRelPath: "data/ecr/2015-09-21/service-2.json.gz", modelEnv: "BOTOCORE_ECR_MODEL",
		output:        "constraints_gen.go",
		supplementOps: supplementOps, supplementShapes: supplementShapes, supplementPatterns: supplementPatterns,
		messagePatterns: messagePatterns, fastMatchers: fastMatchers, exclusions: exclusions,
	},
	"ecrpublic": {
		label: "ECR Public", client: reflect.TypeFor[*ecrpublic.Client](), pkg: "ecrpublic",
		modelRelPath: "data/ecr-public/2020-10-30/service-2.json.gz", modelEnv: "BOTOCORE_ECR_PUBLIC_MODEL",
		prefix: "Public", output: "constraints_ecrpublic_gen.go",
		supplementPatterns: publicSupplementPatterns, fastMatchers: publicFastMatchers, exclusions: publicExclusions,
	},
}

// svc is the service being generated (the -service flag).
var svc = services["ecr"]

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

// publicSupplementPatterns: ECR Public's model gives ImageTag only its length.
// The public service shares the private one's image core, and the fake shares
// its code, so it applies the character set real private ECR enforces and
// prints (docs/fidelity.md, "ECR Public validation").
var publicSupplementPatterns = map[string]string{
	"ImageTag": "[a-zA-Z0-9-_.]+",
}

// publicFastMatchers reuses the hand-written matchers for the patterns the
// ECR Public model shares with ECR's; its RepositoryName pattern is a
// different (stricter) one and is matched by regexp.
var publicFastMatchers = map[string]string{
	`[0-9]{12}`:                     "matchRegistryID",
	`[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+`: "matchDigest",
	`[a-zA-Z0-9-_.]+`:               "matchImageTag",
	`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`: "matchUploadID",
}

// publicExclusions: the members the state layer judges, as for ECR.
var publicExclusions = map[string]string{
	"BatchDeleteImage.imageIds[]":                "bad imageDigest/imageTag of an item → failures[] entry, the call succeeds",
	"BatchCheckLayerAvailability.layerDigests[]": "empty or malformed digest → failures[] entry, the call succeeds",
	"Tag.Key":                         "tag keys are judged by the tagging rules → InvalidTagParameterException",
	"Tag.Value":                       "tag values are judged by the tagging rules → InvalidTagParameterException",
	"UntagResource.tagKeys[]":         "tag keys are judged by the tagging rules → InvalidTagParameterException",
	"ListTagsForResource.resourceArn": "the state layer parses the ARN and decides",
	"TagResource.resourceArn":         "the state layer parses the ARN and decides",
	"UntagResource.resourceArn":       "the state layer parses the ARN and decides",
}
