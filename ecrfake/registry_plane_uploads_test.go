package ecrfake_test

// Blob uploads driven request by request: the monolithic and chunked forms
// docker-compatible clients use, with ECR's statuses and headers, each
// cross-checked against the layer API.

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

const rpMiB = 1 << 20

// requireBlob checks that the API reports the blob AVAILABLE with its size,
// that /v2 finds it (HEAD), and that the fake stored exactly its bytes.
func (p *regPlane) requireBlob(repo string, data []byte) {
	p.t.Helper()
	d := images.Digest(data)
	avail, sizes := p.layerAvailability(repo, d)
	require.Equal(p.t, "AVAILABLE", avail[d], d)
	require.Equal(p.t, int64(len(data)), sizes[d])
	head := p.do(http.MethodHead, "/v2/"+repo+"/blobs/"+d, nil)
	require.Equal(p.t, http.StatusOK, head.Status, "%v", head)
	require.Equal(p.t, fmt.Sprint(len(data)), head.Header.Get("Content-Length"))
	stored, ok := p.f.Blob(d)
	require.True(p.t, ok)
	require.True(p.t, bytes.Equal(data, stored), "stored bytes differ")
}

// startUpload POSTs an upload session and returns its Location.
func (p *regPlane) startUpload(repo string) (location, uuid string) {
	p.t.Helper()
	r := p.do(http.MethodPost, "/v2/"+repo+"/blobs/uploads/", nil)
	require.Equal(p.t, http.StatusAccepted, r.Status, "%v", r)
	location = r.Header.Get("Location")
	require.True(p.t, strings.HasPrefix(location, p.base+"/v2/"+repo+"/blobs/uploads/"), "absolute Location %q", location)
	uuid = r.Header.Get("Docker-Upload-UUID")
	require.NotEmpty(p.t, uuid)
	require.True(p.t, strings.HasSuffix(location, "/"+uuid), "the UUID is the upload id in the URL")
	return location, uuid
}

func TestRegistryPlaneMonolithicUploads(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("mono")

			// One POST with ?digest= and the body.
			data := images.Bytes("post-digest", 3000)
			r := p.do(http.MethodPost, "/v2/mono/blobs/uploads/?digest="+images.Digest(data), bytes.NewReader(data), "Content-Type", "application/octet-stream")
			require.Equal(t, http.StatusCreated, r.Status, "%v", r)
			assert.Equal(t, images.Digest(data), r.Header.Get("Docker-Content-Digest"))
			assert.Contains(t, r.Header.Get("Location"), "/v2/mono/blobs/"+images.Digest(data))
			p.requireBlob("mono", data)

			// POST, then one PUT ?digest= carrying the whole body.
			data = images.Bytes("put-body", 4000)
			loc, _ := p.startUpload("mono")
			r = p.do(http.MethodPut, loc+"?digest="+images.Digest(data), bytes.NewReader(data), "Content-Type", "application/octet-stream")
			require.Equal(t, http.StatusCreated, r.Status, "%v", r)
			assert.Equal(t, images.Digest(data), r.Header.Get("Docker-Content-Digest"))
			p.requireBlob("mono", data)

			// POST, one PATCH without Content-Range (docker streams a whole layer
			// this way, beyond the API's 10 MiB part size), PUT.
			data = images.Bytes("one-patch", 11*rpMiB)
			loc, _ = p.startUpload("mono")
			r = p.do(http.MethodPatch, loc, bytes.NewReader(data), "Content-Type", "application/octet-stream")
			require.Equal(t, http.StatusCreated, r.Status, "ECR answers a PATCH with 201: %v", r)
			assert.Equal(t, fmt.Sprintf("0-%d", len(data)-1), r.Header.Get("Range"), "no bytes= prefix")
			require.NotEmpty(t, r.Header.Get("Location"))
			r = p.do(http.MethodPut, r.Header.Get("Location")+"?digest="+images.Digest(data), nil)
			require.Equal(t, http.StatusCreated, r.Status, "%v", r)
			p.requireBlob("mono", data)
		})
	}
}

func TestRegistryPlaneChunkedUpload(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("chunked/repo")
			data := images.Bytes("chunks", 10*rpMiB+123)
			chunks := [][2]int{{0, 5 * rpMiB}, {5 * rpMiB, 10 * rpMiB}, {10 * rpMiB, len(data)}}

			loc, uuid := p.startUpload("chunked/repo")
			for i, c := range chunks {
				r := p.do(http.MethodPatch, loc, bytes.NewReader(data[c[0]:c[1]]),
					"Content-Type", "application/octet-stream",
					"Content-Range", fmt.Sprintf("%d-%d", c[0], c[1]-1))
				require.Equal(t, http.StatusCreated, r.Status, "chunk %d: %v", i, r)
				assert.Equal(t, fmt.Sprintf("0-%d", c[1]-1), r.Header.Get("Range"), "chunk %d", i)
				assert.Equal(t, uuid, r.Header.Get("Docker-Upload-UUID"))
				loc = r.Header.Get("Location")

				st := p.do(http.MethodGet, loc, nil)
				require.Equal(t, http.StatusNoContent, st.Status, "status after chunk %d: %v", i, st)
				assert.Equal(t, fmt.Sprintf("0-%d", c[1]-1), st.Header.Get("Range"))
			}
			// Nothing is a layer until the upload completes.
			avail, _ := p.layerAvailability("chunked/repo", images.Digest(data))
			assert.NotEqual(t, "AVAILABLE", avail[images.Digest(data)])

			r := p.do(http.MethodPut, loc+"?digest="+images.Digest(data), nil)
			require.Equal(t, http.StatusCreated, r.Status, "%v", r)
			assert.Equal(t, images.Digest(data), r.Header.Get("Docker-Content-Digest"))
			p.requireBlob("chunked/repo", data)

			// The session is gone once completed.
			gone := p.do(http.MethodGet, loc, nil)
			assert.Equal(t, http.StatusNotFound, gone.Status)
			code, _ := gone.code()
			assert.Equal(t, "BLOB_UPLOAD_UNKNOWN", code)

			// The registry's uploads are the API's: the upload id in the URL is
			// an uploadId UploadLayerPart accepts.
			loc, uuid = p.startUpload("chunked/repo")
			part := images.Bytes("via-api", 1000)
			_, err := p.f.UploadLayerPart(p.ctx, &ecr.UploadLayerPartInput{
				RepositoryName: aws.String("chunked/repo"), UploadId: aws.String(uuid), LayerPartBlob: part,
				PartFirstByte: aws.Int64(0), PartLastByte: aws.Int64(999),
			})
			require.NoError(t, err)
			st := p.do(http.MethodGet, loc, nil)
			require.Equal(t, http.StatusNoContent, st.Status)
			assert.Equal(t, "0-999", st.Header.Get("Range"))
			r = p.do(http.MethodPut, loc+"?digest="+images.Digest(part), nil)
			require.Equal(t, http.StatusCreated, r.Status, "%v", r)
			p.requireBlob("chunked/repo", part)

			// And the other way round: a session InitiateLayerUpload opened
			// continues over PATCH and completes with PUT.
			init, err := p.f.InitiateLayerUpload(p.ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String("chunked/repo")})
			require.NoError(t, err)
			apiLoc := p.base + "/v2/chunked/repo/blobs/uploads/" + aws.ToString(init.UploadId)
			more := images.Bytes("api-then-v2", 2000)
			r = p.do(http.MethodPatch, apiLoc, bytes.NewReader(more), "Content-Range", "0-1999")
			require.Equal(t, http.StatusCreated, r.Status, "%v", r)
			r = p.do(http.MethodPut, apiLoc+"?digest="+images.Digest(more), nil)
			require.Equal(t, http.StatusCreated, r.Status, "%v", r)
			p.requireBlob("chunked/repo", more)
		})
	}
}

// Every chunk but the last must be at least 5 MiB (spec §3.2): a chunk that
// follows a smaller one is refused, and the upload keeps what it had.
func TestRegistryPlaneSmallChunkThenAnother(t *testing.T) {
	p := newPlane(t, faceTransport)
	p.createRepo("small")
	loc, _ := p.startUpload("small")
	r := p.do(http.MethodPatch, loc, bytes.NewReader(images.Bytes("s1", 1024)), "Content-Range", "0-1023")
	require.Equal(t, http.StatusCreated, r.Status, "%v", r)
	r = p.do(http.MethodPatch, r.Header.Get("Location"), bytes.NewReader(images.Bytes("s2", 1024)), "Content-Range", "1024-2047")
	require.Equal(t, http.StatusBadRequest, r.Status, "%v", r)
	code, msg := r.code()
	assert.Equal(t, "BLOB_UPLOAD_INVALID", code)
	assert.Equal(t, "All layer parts except the last part should be at least 5MB", msg)
	st := p.do(http.MethodGet, loc, nil)
	assert.Equal(t, "0-1023", st.Header.Get("Range"), "the refused chunk was not kept")
	// The small chunk may still be the last one.
	r = p.do(http.MethodPut, loc+"?digest="+images.Digest(images.Bytes("s1", 1024)), nil)
	require.Equal(t, http.StatusCreated, r.Status, "%v", r)
	p.requireBlob("small", images.Bytes("s1", 1024))
}

func TestRegistryPlaneUploadCancel(t *testing.T) {
	p := newPlane(t, faceTransport)
	p.createRepo("cancel")
	loc, uuid := p.startUpload("cancel")
	r := p.do(http.MethodPatch, loc, bytes.NewReader(images.Bytes("c", 100)))
	require.Equal(t, http.StatusCreated, r.Status)
	r = p.do(http.MethodDelete, loc, nil)
	require.Equal(t, http.StatusNoContent, r.Status, "%v", r)
	r = p.do(http.MethodPatch, loc, bytes.NewReader(images.Bytes("c", 100)))
	require.Equal(t, http.StatusNotFound, r.Status, "%v", r)
	code, _ := r.code()
	assert.Equal(t, "BLOB_UPLOAD_UNKNOWN", code)
	_, err := p.f.UploadLayerPart(p.ctx, &ecr.UploadLayerPartInput{
		RepositoryName: aws.String("cancel"), UploadId: aws.String(uuid), LayerPartBlob: []byte("x"),
		PartFirstByte: aws.Int64(100), PartLastByte: aws.Int64(100),
	})
	require.Error(t, err, "the API no longer knows the upload either")
}
