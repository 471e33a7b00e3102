package main

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The committed outputs are what the generator writes today: run
// `go generate ./internal/wire` after changing decisions.go or the SDK.
func TestGeneratedFilesAreUpToDate(t *testing.T) {
	r, err := build(services(), decisions)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("..", "..", "wire", "defaults_gen.go"))
	require.NoError(t, err)
	assert.Equal(t, string(r.goSrc), string(got), "internal/wire/defaults_gen.go is stale: run go generate ./internal/wire")

	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "fidelity.md"))
	require.NoError(t, err)
	want, err := replaceSection(doc, r.docTable)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(doc), "docs/fidelity.md's wire defaults table is stale: run go generate ./internal/wire")
	assert.Contains(t, string(doc), "## Wire: members sent with default values")
}

// What the issue counted in service/ecr v1.67.5: 72 paths (6 bool, 3
// float64, 63 enums); and the members it names are sent.
func TestProbeFindsEveryMember(t *testing.T) {
	r, err := build(services(), decisions)
	require.NoError(t, err)
	byKind := map[kind]int{}
	ecrPaths, publicPaths := 0, 0
	sent := map[string]bool{}
	for _, m := range r.members {
		for _, p := range m.paths {
			if strings.HasPrefix(p, "ecrpublic:") {
				publicPaths++
				continue
			}
			ecrPaths++
			byKind[m.kind]++
			if decisions[m.key()].emit {
				sent[p] = true
			}
		}
	}
	assert.Equal(t, 72, ecrPaths)
	assert.Equal(t, map[kind]int{kindBool: 6, kindFloat: 3, kindEnum: 63}, byKind)
	assert.Equal(t, 4, publicPaths)
	for _, p := range []string{
		"CreateRepository.repository.imageScanningConfiguration.scanOnPush",
		"DescribeRepositories.repositories[].imageScanningConfiguration.scanOnPush",
		"DeleteRepository.repository.imageScanningConfiguration.scanOnPush",
		"PutImageScanningConfiguration.imageScanningConfiguration.scanOnPush",
		"BatchGetRepositoryScanningConfiguration.scanningConfigurations[].scanOnPush",
		"ValidatePullThroughCacheRule.isValid",
	} {
		assert.True(t, sent[p], p)
	}
}

func TestDecisionsAreChecked(t *testing.T) {
	without := maps.Clone(decisions)
	delete(without, "com.amazonaws.ecr#ImageScanningConfiguration$scanOnPush")
	_, err := build(services(), without)
	assert.ErrorContains(t, err, "no decision for com.amazonaws.ecr#ImageScanningConfiguration$scanOnPush")

	stale := maps.Clone(decisions)
	stale["com.amazonaws.ecr#Repository$gone"] = decision{false, "x"}
	_, err = build(services(), stale)
	assert.ErrorContains(t, err, "decision for com.amazonaws.ecr#Repository$gone, which no output of the SDK has any more")

	enum := maps.Clone(decisions)
	enum["com.amazonaws.ecr#Repository$imageTagMutability"] = decision{true, "x"}
	_, err = build(services(), enum)
	assert.ErrorContains(t, err, "an enum cannot be sent")

	noEvidence := maps.Clone(decisions)
	noEvidence["com.amazonaws.ecr#CvssScore$baseScore"] = decision{true, " "}
	_, err = build(services(), noEvidence)
	assert.ErrorContains(t, err, "has no evidence")
}

// A future SDK adds an operation whose output has a new non-pointer member
// (the example: DeleteReplication's enabled): the generator stops.
func TestNewSDKMemberStopsTheGenerator(t *testing.T) {
	svcs := append(services(), service{"ecr", reflect.TypeFor[*futureClient]()})
	_, err := build(svcs, decisions)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no decision for com.amazonaws.ecr#DeleteReplicationResponse$enabled")
	assert.Contains(t, err.Error(), "DeleteReplication.enabled")
}

var (
	futureBool    = smithy.NewSchema(smithy.ShapeID{Namespace: "smithy.api", Name: "Boolean"}, smithy.ShapeTypeBoolean, 0)
	futureOutput  = smithy.NewSchema(smithy.ShapeID{Namespace: "com.amazonaws.ecr", Name: "DeleteReplicationResponse"}, smithy.ShapeTypeStructure, 1)
	futureEnabled = futureOutput.AddMember("enabled", futureBool)
)

type futureClient struct{}

type DeleteReplicationInput struct{}

type DeleteReplicationOutput struct{ Enabled bool }

func (v *DeleteReplicationOutput) Serialize(s smithy.ShapeSerializer) {
	s.WriteStruct(futureOutput)
	v.SerializeMembers(s)
	s.CloseStruct()
}

func (v *DeleteReplicationOutput) SerializeMembers(s smithy.ShapeSerializer) {
	if v.Enabled {
		s.WriteBool(futureEnabled, v.Enabled)
	}
}

func (*futureClient) DeleteReplication(context.Context, *DeleteReplicationInput, ...func(*struct{})) (*DeleteReplicationOutput, error) {
	return nil, nil
}
