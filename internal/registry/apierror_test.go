package registry

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

func p(s string) *string { return &s }

func TestFromAPIError(t *testing.T) {
	id := &types.ImageIdentifier{ImageTag: p("latest")}
	tests := []struct {
		name string
		err  error
		want *Error
	}{
		{"nil", nil, nil},
		{"repository not found", errs.RepositoryNotFound("123456789012", "team/app"),
			NameUnknown("team/app", "123456789012")},
		{"image not found", errs.ImageNotFound("123456789012", "app", id), ManifestUnknown()},
		{"immutable tag, older API text", errs.ImageTagAlreadyExists("app", "v1"), TagInvalid("v1", "app")},
		{"immutable tag, current text", &types.ImageTagAlreadyExistsException{Message: p("The image tag 'v1' already exists in the 'app' repository and cannot be overwritten because the tag is immutable.")}, TagInvalid("v1", "app")},
		{"immutable tag, other text", &types.ImageTagAlreadyExistsException{Message: p("tag taken")}, &Error{400, "TAG_INVALID", "tag taken"}},
		{"invalid manifest", errs.InvalidParameter("ImageManifest", "Invalid JSON syntax"), InvalidManifestJSON()},
		{"invalid parameter", errs.InvalidParameter("maxResults", "Member must have value less than or equal to 1000"), InvalidMaxResults()},
		{"empty upload gains ECR's period", errs.EmptyUpload("123456789012", "app", uid), EmptyUpload(uid, "app", "123456789012")},
		{"digest mismatch", errs.InvalidLayerDigest(), DigestMismatch()},
		{"wrong part offset", errs.InvalidLayerPart("1", "app", uid, nil, "First byte of the layer part is 0 instead of 5"), RangeInvalid(0, 5)},
		{"part too small", &types.LayerPartTooSmallException{Message: p("small")}, &Error{400, "BLOB_UPLOAD_INVALID", "small"}},
		{"upload not found", errs.UploadNotFound("1", "app", uid), &Error{404, "BLOB_UPLOAD_UNKNOWN", "The upload with id '" + uid + "' does not exist within the repository with name 'app' in the registry with id '1'"}},
		{"layer not found", errs.LayerNotFound("1", "app", dg), &Error{404, "BLOB_UNKNOWN", "The layer with digest " + dg + " does not exist within the repository with name 'app' in the registry with id '1'"}},
		{"server", &types.ServerException{Message: p("We encountered an internal error. Please try again.")}, &Error{500, "UNKNOWN", "We encountered an internal error. Please try again."}},
		{"throttling (generic)", &smithy.GenericAPIError{Code: "ThrottlingException", Message: "slow down"}, TooManyRequests()},
		{"too many requests", &smithy.GenericAPIError{Code: "TooManyRequestsException"}, TooManyRequests()},
		{"access denied", &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "User is not authorized to perform: ecr:PutImage"}, Denied("User is not authorized to perform: ecr:PutImage")},
		{"expired credentials", &smithy.GenericAPIError{Code: "ExpiredTokenException", Message: "expired"}, TokenExpired()},
		{"unrecognized client", &smithy.GenericAPIError{Code: "UnrecognizedClientException"}, Unauthorized()},
		{"upstream image", &types.UnableToGetUpstreamImageException{Message: p("upstream 404")}, ManifestUnknown()},
		{"archived", &types.ImageArchivedException{Message: p("archived")}, &Error{404, "MANIFEST_UNKNOWN", "archived"}},
		{"wrapped", fmt.Errorf("put: %w", errs.RepositoryNotFound("1", "app")), NameUnknown("app", "1")},
		{"empty message shows the code", &types.KmsException{}, &Error{403, "DENIED", "KmsException"}},
		{"registry error passes", fmt.Errorf("x: %w", &Error{418, "TEAPOT", "short and stout"}), &Error{418, "TEAPOT", "short and stout"}},
		{"unknown code", &smithy.GenericAPIError{Code: "WeirdException", Message: "odd"}, &Error{500, "UNKNOWN", "WeirdException: odd"}},
		{"not an API error", errors.New("disk on fire"), &Error{500, "UNKNOWN", "internal error: disk on fire"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, FromAPIError(tc.err))
		})
	}
}

// TestFromAPIErrorCoversEveryException lists the exception types of the
// SDK's types package from its source and requires a row for each, so a new
// SDK exception cannot fall through to the 500 default unnoticed.
func TestFromAPIErrorCoversEveryException(t *testing.T) {
	names := sdkExceptionNames(t)
	require.GreaterOrEqual(t, len(names), 45, "the SDK's types package has ~50 exceptions")
	for _, n := range names {
		row, ok := apiTable[n]
		if assert.True(t, ok, "no registry row for %s", n) {
			e := FromAPIError(&smithy.GenericAPIError{Code: n, Message: "m"})
			assert.Equal(t, row.status, e.Status, n)
			assert.Equal(t, row.code, e.Code, n)
		}
	}
	// Rows are well formed: a known status, and a code except for 401.
	for code, row := range apiTable {
		assert.Contains(t, []int{400, 401, 403, 404, 405, 416, 429, 500, 503}, row.status, code)
		assert.Equal(t, row.status == 401, row.code == "", code)
	}
}

// sdkExceptionNames parses github.com/aws/aws-sdk-go-v2/service/ecr/types
// and returns the types that have an ErrorCode method.
func sdkExceptionNames(t *testing.T) []string {
	t.Helper()
	pkg, err := build.Import("github.com/aws/aws-sdk-go-v2/service/ecr/types", ".", build.FindOnly)
	require.NoError(t, err)
	entries, err := os.ReadDir(pkg.Dir)
	require.NoError(t, err)
	fset := token.NewFileSet()
	var names []string
	for _, ent := range entries {
		if !strings.HasSuffix(ent.Name(), ".go") || strings.HasSuffix(ent.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, ent.Name()), nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "ErrorCode" {
				continue
			}
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
		}
	}
	sort.Strings(names)
	return names
}
