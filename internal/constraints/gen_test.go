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
	checkGenerated(t, goTool, "ecr", model, "constraints_gen.go")
	public := os.Getenv("BOTOCORE_ECR_PUBLIC_MODEL")
	if public == "" {
		// botocore keeps both models under data/.
		public = filepath.Join(filepath.Dir(filepath.Dir(filepath.Dir(model))), "ecr-public", "2020-10-30", "service-2.json.gz")
	}
	if _, err := os.Stat(public); err != nil {
		t.Skipf("no ECR Public model: %v", err)
	}
	checkGenerated(t, goTool, "ecrpublic", public, "constraints_ecrpublic_gen.go")
}

func checkGenerated(t *testing.T, goTool, service, model, file string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), file)
	out, err := exec.Command(goTool, "run", "../gen/constraints", "-service", service, "-model", model, "-o", fresh).CombinedOutput()
	require.NoError(t, err, "generator failed:\n%s", out)
	want, err := os.ReadFile(fresh)
	require.NoError(t, err)
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with %s: run go generate ./internal/constraints", file, model)
	}
}
