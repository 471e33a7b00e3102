package wire

import (
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"
)

func TestWirePath(t *testing.T) {
	for field, want := range map[string]string{
		"CreateRepositoryInput.RepositoryName":                            "repositoryName",
		"TagResourceInput.Tags[0].Key":                                    "tags.1.member.Key",
		"TagResourceInput.Tags[11].Value":                                 "tags.12.member.Value",
		"PutReplicationConfigurationInput.ReplicationConfiguration.Rules": "replicationConfiguration.rules",
		"X.Rules[1].Destinations[0].Region":                               "rules.2.member.destinations.1.member.region",
		"RepositoryName":                                                  "repositoryName",
		"X.Grid[0][1].A":                                                  "grid.1.member.2.member.a",
	} {
		require.Equal(t, want, WirePath(field), field)
	}
}

func TestValidationMessage(t *testing.T) {
	one := smithy.InvalidParamsError{Context: "CreateRepositoryInput"}
	one.Add(smithy.NewErrParamRequired("RepositoryName"))
	require.Equal(t, "1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null",
		ValidationMessage(one))

	// Nested errors are built the way the SDK's validators build them.
	tag := smithy.InvalidParamsError{Context: "Tag"}
	tag.Add(smithy.NewErrParamRequired("Value"))
	list := smithy.InvalidParamsError{Context: "TagList"}
	list.AddNested("[1]", tag)
	two := smithy.InvalidParamsError{Context: "TagResourceInput"}
	two.Add(smithy.NewErrParamRequired("ResourceArn"))
	two.AddNested("Tags", list)
	require.Equal(t, "2 validation errors detected: "+
		"Value null at 'resourceArn' failed to satisfy constraint: Member must not be null; "+
		"Value null at 'tags.2.member.Value' failed to satisfy constraint: Member must not be null",
		ValidationMessage(two))
}
