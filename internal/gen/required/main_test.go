package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func realSDKDir(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go not on PATH")
	}
	root, err := moduleRoot()
	require.NoError(t, err)
	dir, _, err := sdkDir(root)
	require.NoError(t, err)
	return dir
}

func TestExtractRealSDK(t *testing.T) {
	m, err := extract(realSDKDir(t))
	require.NoError(t, err)
	validated := 0
	for _, op := range m.ops {
		if op.validator != "" {
			validated++
		}
	}
	assert.Len(t, m.ops, 62)
	assert.Equal(t, 50, validated)
}

func TestExtractRealPublicSDK(t *testing.T) {
	saved := svc
	svc = services["ecrpublic"]
	t.Cleanup(func() { svc = saved })
	m, err := extract(realSDKDir(t))
	require.NoError(t, err)
	validated := 0
	for _, op := range m.ops {
		if op.validator != "" {
			validated++
		}
	}
	assert.Len(t, m.ops, 23)
	assert.Equal(t, 18, validated)
	assert.False(t, usesTypes(m), "ecrpublic has no nested required members")
}

// TestExtractFailsLoudly tampers with a temporary copy of the SDK files the
// way a future SDK might change them; the generator must refuse each one
// rather than emit code with silently different semantics.
func TestExtractFailsLoudly(t *testing.T) {
	sdk := realSDKDir(t)
	cases := []struct {
		name, file, old, new, wantErr string
	}{
		{"enum compared to empty string", "validators.go",
			"len(v.EncryptionType) == 0", `v.EncryptionType == ""`, "unsupported rule"},
		{"a new kind of constraint", "validators.go",
			`invalidParams.Add(smithy.NewErrParamRequired("Key"))`, `invalidParams.Add(smithy.NewErrParamMinLen("Key", 1))`, "unsupported rule"},
		{"list index format", "validators.go",
			`fmt.Sprintf("[%d]", i)`, `fmt.Sprintf("[%v]", i)`, "unexpected list loop"},
		{"map validator", "validators.go",
			"func validateTag(v *types.Tag) error {", "func validateTagMap(v map[string]types.Tag) error { return nil }\n\nfunc validateTag(v *types.Tag) error {", "unsupported parameter type"},
		{"helper function", "validators.go",
			"func validateTag(v *types.Tag) error {", "func helper() {}\n\nfunc validateTag(v *types.Tag) error {", "unexpected function helper"},
		{"new import", "validators.go",
			`"fmt"`, "\"fmt\"\n\t\"strings\"", "unexpected import"},
		{"validator not installed", "api_op_PutImage.go",
			"addOpPutImageValidationMiddleware(stack)", "error(nil)", "validateOpPutImage is not installed"},
		{"nil input not replaced", "api_op_PutImage.go",
			"params = &PutImageInput{}", "return nil, nil", "does not start by replacing a nil input"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files, err := filepath.Glob(filepath.Join(sdk, "api_op_*.go"))
			require.NoError(t, err)
			for _, f := range append(files, filepath.Join(sdk, "validators.go")) {
				b, err := os.ReadFile(f)
				require.NoError(t, err)
				src := string(b)
				if filepath.Base(f) == tc.file {
					require.Contains(t, src, tc.old, "SDK text changed; update this test case")
					src = strings.Replace(src, tc.old, tc.new, 1)
				}
				require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), []byte(src), 0o644))
			}
			_, err = extract(dir)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}
