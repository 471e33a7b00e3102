package ecrfake_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxPackageCommentLines keeps the package comment an overview: behaviour is
// documented beside the method it belongs to, and the fidelity choices in
// docs/fidelity.md.
const maxPackageCommentLines = 120

// parsePackageDoc reads the package's non-test sources as go doc does.
func parsePackageDoc(t *testing.T) *doc.Package {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	require.NoError(t, err)
	pkg, ok := pkgs["ecrfake"]
	require.True(t, ok, "package ecrfake not found")
	files := make([]*ast.File, 0, len(pkg.Files))
	for _, f := range pkg.Files {
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/ecrfake/go-ecrfake/ecrfake")
	require.NoError(t, err)
	return p
}

func TestPackageCommentIsAnOverview(t *testing.T) {
	p := parsePackageDoc(t)
	lines := strings.Count(p.Doc, "\n")
	assert.LessOrEqual(t, lines, maxPackageCommentLines,
		"the package comment has %d lines; move per-area behaviour to the methods it describes or to docs/fidelity.md", lines)
	assert.True(t, strings.Contains(p.Doc, "docs/fidelity.md"), "the package comment must say where the fidelity notes live")
	_, err := os.Stat("../docs/fidelity.md")
	assert.NoError(t, err, "the package comment points to docs/fidelity.md")
}

func TestPackageCommentOnlyInDocGo(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	require.NoError(t, err)
	for name, f := range pkgs["ecrfake"].Files {
		if f.Doc != nil {
			assert.Equal(t, "doc.go", name[strings.LastIndex(name, "/")+1:], "only doc.go carries the package comment")
		}
	}
}

// Every ECR operation's doc comment says what the operation does in the fake,
// not only which client method it implements.
func TestOperationsDocumentTheirBehaviour(t *testing.T) {
	p := parsePackageDoc(t)
	var fake *doc.Type
	for _, typ := range p.Types {
		if typ.Name == "Fake" {
			fake = typ
		}
	}
	require.NotNil(t, fake)
	ops := 0
	for _, m := range fake.Methods {
		text := strings.Join(strings.Fields(m.Doc), " ")
		oneLine := m.Name + " implements (*ecr.Client)." + m.Name + "."
		if !strings.HasPrefix(text, m.Name+" implements (*ecr.Client).") {
			continue
		}
		ops++
		rest := strings.TrimSpace(strings.TrimPrefix(text, oneLine))
		assert.NotEmpty(t, rest, "%s: say what the operation does in the fake", m.Name)
	}
	assert.Equal(t, 62, ops, "every operation of *ecr.Client is documented as implementing it")
}
