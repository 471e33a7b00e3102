package registry

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCatalogue pins every constructor of the spec's §5 catalogue to its
// status, code and text.
func TestCatalogue(t *testing.T) {
	tests := []struct {
		name string
		got  *Error
		want Error
	}{
		{"expired token (C)", TokenExpired(), Error{403, "DENIED", "Your authorization token has expired. Reauthenticate and try again."}},
		{"IAM denial (C text)", NotAuthorizedToPerform("arn:aws:iam::845828040396:user/deployer", "InitiateLayerUpload", "us-west-2", "845828040396", "production/svc"),
			Error{403, "DENIED", "User: arn:aws:iam::845828040396:user/deployer is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-west-2:845828040396:repository/production/svc"}},
		{"denied", Denied("token from another region"), Error{403, "DENIED", "token from another region"}},
		{"name unknown (C)", NameUnknown("ecr-public/amazonlinux/amazonlinux", "111122223333"),
			Error{404, "NAME_UNKNOWN", "The repository with name 'ecr-public/amazonlinux/amazonlinux' does not exist in the registry with id '111122223333'"}},
		{"manifest unknown (C)", ManifestUnknown(), Error{404, "MANIFEST_UNKNOWN", "Requested image not found"}},
		{"tag invalid (C)", TagInvalid("v1", "team/app"), Error{400, "TAG_INVALID", "The image tag 'v1' already exists in the 'team/app' repository and cannot be overwritten because the tag is immutable."}},
		{"invalid JSON (C)", InvalidManifestJSON(), Error{405, "UNSUPPORTED", "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"}},
		{"n > 1000 (C)", InvalidMaxResults(), Error{405, "UNSUPPORTED", "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"}},
		{"bad last (C)", InvalidNextToken(), Error{405, "UNSUPPORTED", "Invalid parameter at 'NextToken' failed to satisfy constraint: 'Invalid next token provided'"}},
		{"unsupported manifest type (C)", UnsupportedManifestType("application/vnd.docker.distribution.manifest.list.v2+json"),
			Error{400, "UNSUPPORTED", `Unsupported manifest type: "application/vnd.docker.distribution.manifest.list.v2+json"`}},
		{"empty upload (C)", EmptyUpload("47552bfb-e8f7-41ad-9c07-000000000000", "repo", "123456789012"),
			Error{400, "BLOB_UPLOAD_INVALID", "The upload with id '47552bfb-e8f7-41ad-9c07-000000000000' in the repository with name 'repo' in registry with id '123456789012' cannot be completed because it does not have any parts."}},
		{"digest mismatch (C)", DigestMismatch(), Error{400, "BLOB_UPLOAD_INVALID", "None of the provided layer digests match the calculated layer digest"}},
		{"wrong offset (C)", RangeInvalid(0, 11304960), Error{416, "BLOB_UPLOAD_INVALID", "First byte of the layer part is 0 instead of 11304960"}},
		{"throttled (C)", TooManyRequests(), Error{429, "TOOMANYREQUESTS", "Rate exceeded"}},
		{"unauthorized (C)", Unauthorized(), Error{401, "", "Not Authorized\n"}},
		{"no route", NotFound(), Error{404, "", "404 page not found\n"}},
		{"blob unknown", BlobUnknown(dg), Error{404, "BLOB_UNKNOWN", "The layer with digest '" + dg + "' does not exist in the repository"}},
		{"upload unknown", BlobUploadUnknown(uid), Error{404, "BLOB_UPLOAD_UNKNOWN", "The upload with id '" + uid + "' does not exist"}},
		{"blob upload invalid", BlobUploadInvalid("x"), Error{400, "BLOB_UPLOAD_INVALID", "x"}},
		{"unsupported", Unsupported("x"), Error{405, "UNSUPPORTED", "x"}},
		{"server", ServerError("x"), Error{500, "UNKNOWN", "x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, *tc.got)
		})
	}
	for _, e := range []*Error{ManifestDeleteByTagUnsupported("latest"), BlobDeleteUnsupported()} {
		assert.Equal(t, 405, e.Status)
		assert.Equal(t, "UNSUPPORTED", e.Code)
	}
	assert.Equal(t, 416, ContentRangeInvalid("x").Status)
	assert.Equal(t, "MANIFEST_UNKNOWN: Requested image not found", ManifestUnknown().Error())
	assert.Equal(t, "Not Authorized", Unauthorized().Error())
}

func TestWriteError(t *testing.T) {
	tests := []struct {
		name  string
		err   *Error
		ctype string
		body  string
	}{
		{"json", ManifestUnknown(), "application/json; charset=utf-8", `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"Requested image not found"}]}`},
		{"quotes escaped, html not", UnsupportedManifestType("a<b>&c"), "application/json; charset=utf-8", `{"errors":[{"code":"UNSUPPORTED","message":"Unsupported manifest type: \"a<b>&c\""}]}`},
		{"expired", TokenExpired(), "application/json; charset=utf-8", `{"errors":[{"code":"DENIED","message":"Your authorization token has expired. Reauthenticate and try again."}]}`},
		{"plain", NotFound(), "text/plain; charset=utf-8", "404 page not found\n"},
		{"nil is 500", nil, "application/json; charset=utf-8", `{"errors":[{"code":"UNKNOWN","message":"internal error: no error to write"}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			WriteError(rec, tc.err)
			res := rec.Result()
			want := http.StatusInternalServerError
			if tc.err != nil {
				want = tc.err.Status
			}
			assert.Equal(t, want, res.StatusCode)
			assert.Equal(t, http.Header{
				"Docker-Distribution-Api-Version": {"registry/2.0"},
				"Content-Type":                    {tc.ctype},
				"Content-Length":                  {strconv.Itoa(len(tc.body))},
			}, res.Header)
			assert.Equal(t, tc.body, rec.Body.String())
		})
	}
}

func TestWriteUnauthorized(t *testing.T) {
	for _, write := range []func(http.ResponseWriter){
		func(w http.ResponseWriter) { WriteUnauthorized(w, "000000000000.dkr.ecr.us-east-1.amazonaws.com") },
		func(w http.ResponseWriter) { Write(w, Unauthorized(), "000000000000.dkr.ecr.us-east-1.amazonaws.com") },
	} {
		rec := httptest.NewRecorder()
		write(rec)
		assert.Equal(t, 401, rec.Code)
		assert.Equal(t, http.Header{
			"Docker-Distribution-Api-Version": {"registry/2.0"},
			"Sizes":                           {""},
			"Www-Authenticate":                {`Basic realm="https://000000000000.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"`},
			"Content-Type":                    {"text/plain; charset=utf-8"},
			"Content-Length":                  {"15"},
		}, rec.Header())
		assert.Equal(t, "Not Authorized\n", rec.Body.String())
	}

	// Write sends every other error as WriteError does.
	rec := httptest.NewRecorder()
	Write(rec, TooManyRequests(), "h")
	assert.Equal(t, 429, rec.Code)
	assert.Empty(t, rec.Header().Get("Www-Authenticate"))
}

// TestHeadersOnTheWire checks what net/http makes of the headers: the
// empty Sizes header is sent as "Sizes: ".
func TestHeadersOnTheWire(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteUnauthorized(w, r.Host)
	}))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/v2/")
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, 401, res.StatusCode)
	v, ok := res.Header["Sizes"]
	assert.True(t, ok)
	assert.Equal(t, []string{""}, v)
	assert.Equal(t, `Basic realm="https://`+res.Request.URL.Host+`/",service="ecr.amazonaws.com"`, res.Header.Get("Www-Authenticate"))
}
