package constraints

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGeneratedFileUpToDate regenerates constraints_gen.go into a temporary
// file and compares. It needs the botocore model ($BOTOCORE_ECR_MODEL or a
// python3 with botocore) and skips without it, as on CI.
func TestGeneratedFileUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	model := os.Getenv("BOTOCORE_ECR_MODEL")
	if model == "" {
		out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
		if err != nil {
			t.Skip("botocore is not available; set BOTOCORE_ECR_MODEL to run this test")
		}
		model = filepath.Join(strings.TrimSpace(string(out)), "data", "ecr", "2015-09-21", "service-2.json.gz")
	}
	if _, err := os.Stat(model); err != nil {
		t.Skipf("no ECR model: %v", err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	fresh := filepath.Join(t.TempDir(), "constraints_gen.go")
	out, err := exec.Command(goTool, "run", "../gen/constraints", "-model", model, "-o", fresh).CombinedOutput()
	require.NoError(t, err, "generator failed:\n%s", out)
	want, err := os.ReadFile(fresh)
	require.NoError(t, err)
	got, err := os.ReadFile("constraints_gen.go")
	require.NoError(t, err)
	if !bytes.Equal(got, want) {
		t.Fatalf("constraints_gen.go is out of date with %s: run go generate ./internal/constraints", model)
	}
}
