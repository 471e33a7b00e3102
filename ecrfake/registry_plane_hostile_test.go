package ecrfake_test

// Hostile input on the registry data plane: every malformed, truncated,
// oversized or misdirected request gets the registry's error — never a
// panic, never a 5xx — and leaves the state exactly as it was.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/internal/state"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// hostileFixture is the state every hostile request meets: an image tagged
// v1 in h/app, an upload session in h/app holding 100 bytes, another in
// h/other.
type hostileFixture struct {
	loc, uuid   string // the h/app session
	otherUUID   string // the h/other session
	otherLoc    string
	manifest    []byte
	imageDigest string
}

const hostileMaxLayer = 1 << 20

func newHostilePlane(t *testing.T, face rpFace) (*regPlane, hostileFixture) {
	t.Helper()
	// A 100-byte part may be followed by another, so that each row meets the
	// rule it names rather than the 5 MiB minimum part size.
	p := newPlane(t, face, ecrfake.WithLimits(ecrfake.Limits{MaxLayerSize: hostileMaxLayer, MaxManifestSize: 64 << 10, MinLayerPartSize: 100}))
	p.createRepo("h/app", "h/other")
	img := rpImage(t, "hostile", 50)
	require.NoError(t, remote.Write(p.ref("h/app:v1"), img, p.remoteOpts()...))
	var fx hostileFixture
	d, raw := rpDigest(t, img)
	fx.imageDigest, fx.manifest = d.String(), raw
	fx.loc, fx.uuid = p.startUpload("h/app")
	r := p.do(http.MethodPatch, fx.loc, bytes.NewReader(images.Bytes("first", 100)), "Content-Range", "0-99")
	require.Equal(t, http.StatusCreated, r.Status, "%v", r)
	fx.otherLoc, fx.otherUUID = p.startUpload("h/other")
	return p, fx
}

// observable is what a hostile request must not change.
type observable struct {
	stats          state.Stats
	appImages      []string
	otherImages    []string
	sessionRange   string
	otherRange     string
	sessionStatus  int
	otherStatus    int
	appLayersAvail map[string]string
}

func (p *regPlane) observe(fx hostileFixture, extraDigests ...string) observable {
	p.t.Helper()
	st := p.do(http.MethodGet, fx.loc, nil)
	ot := p.do(http.MethodGet, fx.otherLoc, nil)
	var avail map[string]string
	if len(extraDigests) > 0 {
		avail, _ = p.layerAvailability("h/app", extraDigests...)
	}
	return observable{
		stats:     ecrfake.Stats(p.f),
		appImages: p.listImages("h/app"), otherImages: p.listImages("h/other"),
		sessionRange: st.Header.Get("Range"), otherRange: ot.Header.Get("Range"),
		sessionStatus: st.Status, otherStatus: ot.Status,
		appLayersAvail: avail,
	}
}

func TestRegistryPlaneHostileInput(t *testing.T) {
	big := images.Bytes("too-big", hostileMaxLayer+1)
	junk := images.Bytes("junk", 10)
	wrongDigest := images.Digest([]byte("something else"))
	type req struct {
		method, path string // path may use {loc}, {uuid}, {other}, {otherloc}
		headers      []string
		body         []byte
	}
	cases := []struct {
		name   string
		req    req
		status int    // 0: any 4xx
		code   string // "": any code (or no body for HEAD)
		msg    string // "": any message
		// dropped: ECR ends the connection without an answer (a POST
		// upload to a missing repository, spec §3.1).
		dropped bool
	}{
		// Upload ids.
		{name: "PATCH unknown upload id", req: req{"PATCH", "/v2/h/app/blobs/uploads/00000000-0000-4000-8000-000000000000", nil, junk}, status: 404, code: "BLOB_UPLOAD_UNKNOWN"},
		{name: "PUT unknown upload id", req: req{"PUT", "/v2/h/app/blobs/uploads/00000000-0000-4000-8000-000000000000?digest=" + images.Digest(junk), nil, junk}, status: 404, code: "BLOB_UPLOAD_UNKNOWN"},
		{name: "status of unknown upload id", req: req{"GET", "/v2/h/app/blobs/uploads/nope", nil, nil}, status: 404, code: "BLOB_UPLOAD_UNKNOWN"},
		{name: "cancel unknown upload id", req: req{"DELETE", "/v2/h/app/blobs/uploads/nope", nil, nil}, status: 404, code: "BLOB_UPLOAD_UNKNOWN"},
		{name: "another repository's upload id", req: req{"PATCH", "/v2/h/app/blobs/uploads/{other}", nil, junk}, status: 404, code: "BLOB_UPLOAD_UNKNOWN"},
		{name: "another repository's upload id, complete", req: req{"PUT", "/v2/h/app/blobs/uploads/{other}?digest=" + images.Digest(junk), nil, nil}, status: 404, code: "BLOB_UPLOAD_UNKNOWN"},
		{name: "upload id with a slash", req: req{"PATCH", "/v2/h/app/blobs/uploads/{uuid}/x", nil, junk}},

		// Content-Range.
		{name: "chunk not at the offset", req: req{"PATCH", "{loc}", []string{"Content-Range", "200-209"}, junk}, status: 416, code: "BLOB_UPLOAD_INVALID", msg: "First byte of the layer part is 200 instead of 100"},
		{name: "chunk overlapping the start", req: req{"PATCH", "{loc}", []string{"Content-Range", "0-9"}, junk}, status: 416, code: "BLOB_UPLOAD_INVALID", msg: "First byte of the layer part is 0 instead of 100"},
		{name: "Content-Range not a range", req: req{"PATCH", "{loc}", []string{"Content-Range", "bytes=abc"}, junk}},
		{name: "Content-Range backwards", req: req{"PATCH", "{loc}", []string{"Content-Range", "109-100"}, junk}},
		{name: "Content-Range longer than the body", req: req{"PATCH", "{loc}", []string{"Content-Range", "100-199"}, junk}},
		{name: "Content-Range negative", req: req{"PATCH", "{loc}", []string{"Content-Range", "-100-109"}, junk}},
		{name: "Content-Range overflow", req: req{"PATCH", "{loc}", []string{"Content-Range", "100-99999999999999999999"}, junk}},

		// Oversized.
		{name: "chunk beyond the layer size limit", req: req{"PATCH", "{loc}", nil, big}},
		{name: "monolithic beyond the layer size limit", req: req{"POST", "/v2/h/app/blobs/uploads/?digest=" + images.Digest(big), nil, big}},
		{name: "manifest beyond the size limit", req: req{"PUT", "/v2/h/app/manifests/big", []string{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}, bytes.Repeat([]byte(" "), 64<<10+1)}},

		// Digests.
		{name: "complete with the wrong digest", req: req{"PUT", "{loc}?digest=" + wrongDigest, nil, nil}, status: 400, code: "BLOB_UPLOAD_INVALID", msg: "None of the provided layer digests match the calculated layer digest"},
		{name: "complete with a malformed digest", req: req{"PUT", "{loc}?digest=sha256:xyz", nil, nil}},
		{name: "complete without a digest", req: req{"PUT", "{loc}", nil, nil}},
		{name: "complete with an unsupported algorithm", req: req{"PUT", "{loc}?digest=md5:d41d8cd98f00b204e9800998ecf8427e", nil, nil}},
		{name: "monolithic with the wrong digest", req: req{"POST", "/v2/h/app/blobs/uploads/?digest=" + wrongDigest, nil, junk}, status: 400, code: "BLOB_UPLOAD_INVALID"},
		{name: "manifest PUT by a digest that does not match", req: req{"PUT", "/v2/h/app/manifests/" + wrongDigest, []string{"Content-Type", "application/vnd.docker.distribution.manifest.v2+json"}, []byte("{manifest}")}},
		{name: "blob GET of a malformed digest", req: req{"GET", "/v2/h/app/blobs/sha256:nothex", nil, nil}},
		{name: "blob HEAD of a missing digest", req: req{"HEAD", "/v2/h/app/blobs/" + wrongDigest, nil, nil}, status: 404},
		{name: "referrers of a malformed digest", req: req{"GET", "/v2/h/app/referrers/latest", nil, nil}},

		// Manifests.
		{name: "manifest that is not JSON", req: req{"PUT", "/v2/h/app/manifests/bad", []string{"Content-Type", "application/vnd.docker.distribution.manifest.v2+json"}, []byte("not json")}, status: 405, code: "UNSUPPORTED"},
		{name: "manifest of an unknown media type", req: req{"PUT", "/v2/h/app/manifests/bad", []string{"Content-Type", "application/x-unknown"}, []byte(`{"schemaVersion":2}`)}},
		{name: "manifest naming blobs that are not there", req: req{"PUT", "/v2/h/app/manifests/bad", []string{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}, []byte(`{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"` + wrongDigest + `","size":3},"layers":[]}`)}},
		{name: "manifest with an empty body", req: req{"PUT", "/v2/h/app/manifests/bad", []string{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}, nil}},

		// References and names.
		{name: "tag too long", req: req{"PUT", "/v2/h/app/manifests/" + strings.Repeat("t", 301), []string{"Content-Type", "application/vnd.docker.distribution.manifest.v2+json"}, []byte("{manifest}")}, status: 400, code: "TAG_INVALID"},
		{name: "tag with a bad first character", req: req{"GET", "/v2/h/app/manifests/-v1", nil, nil}},
		{name: "tag put with a bad character", req: req{"PUT", "/v2/h/app/manifests/v1!", []string{"Content-Type", "application/vnd.docker.distribution.manifest.v2+json"}, []byte("{manifest}")}},
		{name: "upper-case repository", req: req{"GET", "/v2/H/App/manifests/v1", nil, nil}},
		{name: "one-character repository", req: req{"GET", "/v2/a/manifests/v1", nil, nil}},
		{name: "257-character repository", req: req{"GET", "/v2/" + strings.Repeat("a", 257) + "/manifests/v1", nil, nil}},
		{name: "missing repository", req: req{"GET", "/v2/h/nope/tags/list", nil, nil}, status: 404, code: "NAME_UNKNOWN", msg: "The repository with name 'h/nope' does not exist in the registry with id '123456789012'"},
		{name: "upload to a missing repository", req: req{"POST", "/v2/h/nope/blobs/uploads/", nil, nil}, dropped: true},
		{name: "upload to a missing repository, monolithic", req: req{"POST", "/v2/h/nope/blobs/uploads/?digest=" + images.Digest(junk), nil, junk}, dropped: true},
		{name: "manifest of a missing repository", req: req{"GET", "/v2/h/nope/manifests/v1", nil, nil}, status: 404, code: "NAME_UNKNOWN"},

		// Traversal: never reaches h/app or h/other.
		{name: "dot-dot", req: req{"GET", "/v2/h/../h/app/manifests/v1", nil, nil}},
		{name: "dot-dot into another repository", req: req{"PATCH", "/v2/h/app/../other/blobs/uploads/{other}", nil, junk}},
		{name: "dot segment", req: req{"GET", "/v2/h/./app/manifests/v1", nil, nil}},
		{name: "empty segment", req: req{"GET", "/v2/h//app/manifests/v1", nil, nil}},
		{name: "leading empty segment", req: req{"GET", "/v2//h/app/manifests/v1", nil, nil}},
		{name: "encoded slash", req: req{"GET", "/v2/h%2Fapp/manifests/v1", nil, nil}},
		{name: "encoded dot-dot", req: req{"GET", "/v2/h/%2e%2e/h/app/manifests/v1", nil, nil}},
		{name: "encoded slash in an upload", req: req{"PATCH", "/v2/h%2Fother/blobs/uploads/{other}", nil, junk}},
		{name: "trailing slash", req: req{"GET", "/v2/h/app/manifests/", nil, nil}},
		{name: "no repository", req: req{"GET", "/v2/manifests/v1", nil, nil}},
		{name: "unknown route", req: req{"GET", "/v2/h/app/nothing/here", nil, nil}},

		// Listing parameters.
		{name: "n above 1000", req: req{"GET", "/v2/h/app/tags/list?n=1001", nil, nil}, status: 405, code: "UNSUPPORTED", msg: "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"},
		{name: "n overflowing", req: req{"GET", "/v2/h/app/tags/list?n=99999999999999999999999", nil, nil}},
		{name: "n negative", req: req{"GET", "/v2/h/app/tags/list?n=-1", nil, nil}},
		{name: "n not a number", req: req{"GET", "/v2/h/app/tags/list?n=ten", nil, nil}},
		{name: "catalog n above 1000", req: req{"GET", "/v2/_catalog?n=1001", nil, nil}, status: 405, code: "UNSUPPORTED"},
		{name: "last not a token", req: req{"GET", "/v2/h/app/tags/list?last=v1", nil, nil}, status: 405, code: "UNSUPPORTED", msg: "Invalid parameter at 'NextToken' failed to satisfy constraint: 'Invalid next token provided'"},

		// Methods.
		{name: "PUT on the ping", req: req{"PUT", "/v2/", nil, junk}, status: 405},
		{name: "blob DELETE", req: req{"DELETE", "/v2/h/app/blobs/{digest}", nil, nil}, status: 405, code: "UNSUPPORTED"},
		{name: "manifest DELETE by tag", req: req{"DELETE", "/v2/h/app/manifests/v1", nil, nil}, status: 405, code: "UNSUPPORTED"},
		{name: "POST on a manifest", req: req{"POST", "/v2/h/app/manifests/v1", nil, junk}, status: 405},
	}
	for _, face := range rpFaces {
		for _, tc := range cases {
			t.Run(string(face)+"/"+tc.name, func(t *testing.T) {
				p, fx := newHostilePlane(t, face)
				m, err := rpImage(t, "hostile", 50).Manifest()
				require.NoError(t, err)
				configDigest := m.Config.Digest.String()
				path := strings.NewReplacer("{loc}", fx.loc, "{uuid}", fx.uuid, "{other}", fx.otherUUID, "{otherloc}", fx.otherLoc, "{digest}", configDigest).Replace(tc.req.path)
				watch := []string{images.Digest(junk), images.Digest(big), configDigest}
				before := p.observe(fx, watch...)

				var body io.Reader
				if string(tc.req.body) == "{manifest}" {
					body = bytes.NewReader(fx.manifest)
				} else if tc.req.body != nil {
					body = bytes.NewReader(tc.req.body)
				}
				if tc.dropped {
					_, err := p.tryDo(tc.req.method, path, body, tc.req.headers...)
					require.Error(t, err, "the connection is dropped")
					assert.Equal(t, before, p.observe(fx, watch...))
					return
				}
				r := p.do(tc.req.method, path, body, tc.req.headers...)
				t.Logf("%s %s -> %d %s", tc.req.method, path, r.Status, r.Body)
				require.GreaterOrEqual(t, r.Status, 400, "%s %s: %v", tc.req.method, path, r)
				require.Less(t, r.Status, 500, "a client error, never a server error: %v", r)
				if tc.status != 0 {
					assert.Equal(t, tc.status, r.Status, "%v", r)
				}
				if tc.req.method != http.MethodHead {
					code, msg := r.code()
					if code == "" && tc.code == "" {
						// A path that is no route: ECR's router's plain 404.
						assert.Equal(t, http.StatusNotFound, r.Status, "%v", r)
						assert.Equal(t, "404 page not found\n", string(r.Body))
					} else {
						assert.NotEmpty(t, code, "an error body {\"errors\":[...]}: %v", r)
					}
					if tc.code != "" {
						assert.Equal(t, tc.code, code, "%v", r)
					}
					if tc.msg != "" {
						assert.Equal(t, tc.msg, msg)
					}
				}

				after := p.observe(fx, watch...)
				assert.Equal(t, before, after, "the failed request changed nothing")
			})
		}
	}
}

// A request body that breaks off mid-way (the client died) stores nothing:
// the upload's offset is where it was, no layer appears.
func TestRegistryPlaneTruncatedUploads(t *testing.T) {
	t.Run("transport", func(t *testing.T) {
		p, fx := newHostilePlane(t, faceTransport)
		before := p.observe(fx)
		for _, tc := range []struct {
			name, method, path string
		}{
			{"PATCH", http.MethodPatch, fx.loc},
			{"PUT", http.MethodPut, fx.loc + "?digest=" + images.Digest(images.Bytes("whole", 5000))},
			{"monolithic POST", http.MethodPost, "/v2/h/app/blobs/uploads/?digest=" + images.Digest(images.Bytes("whole", 5000))},
			{"manifest PUT", http.MethodPut, "/v2/h/app/manifests/v9"},
		} {
			body := io.MultiReader(bytes.NewReader(images.Bytes("whole", 5000)[:1000]), iotestErr{})
			u := tc.path
			if !strings.HasPrefix(u, "http") {
				u = p.base + u
			}
			req, err := http.NewRequestWithContext(p.ctx, tc.method, u, body)
			require.NoError(t, err)
			req.ContentLength = 5000
			req.Header.Set("Authorization", "Basic "+p.token)
			req.Header.Set("Content-Type", "application/vnd.oci.image.manifest.v1+json")
			resp, err := p.rt.RoundTrip(req)
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				assert.GreaterOrEqual(t, resp.StatusCode, 400, "%s: %d %s", tc.name, resp.StatusCode, b)
			}
			assert.Equal(t, before, p.observe(fx), "%s: a truncated body stored nothing", tc.name)
		}
	})
	t.Run("server", func(t *testing.T) {
		p, fx := newHostilePlane(t, faceServer)
		before := p.observe(fx)
		patches := len(p.f.CallsTo(ecrfake.OpRegistryPatchUpload))
		conn, err := net.DialTimeout("tcp", p.host, 5*time.Second)
		require.NoError(t, err)
		path := strings.TrimPrefix(fx.loc, p.base)
		fmt.Fprintf(conn, "PATCH %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Basic %s\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n", path, p.host, p.token)
		_, err = conn.Write(images.Bytes("cut", 5000))
		require.NoError(t, err)
		require.NoError(t, conn.(*net.TCPConn).CloseWrite())
		// The server answers (or just closes); either way wait for the request
		// to end before looking at the state.
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, _ = http.ReadResponse(bufio.NewReader(conn), nil)
		conn.Close()
		deadline := time.Now().Add(10 * time.Second)
		for len(p.f.CallsTo(ecrfake.OpRegistryPatchUpload)) == patches && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		require.Greater(t, len(p.f.CallsTo(ecrfake.OpRegistryPatchUpload)), patches, "the PATCH was recorded")
		assert.Equal(t, before, p.observe(fx), "a truncated PATCH stored nothing")
	})
}

type iotestErr struct{}

func (iotestErr) Read([]byte) (int, error) { return 0, errors.New("client went away") }

// FuzzRegistryPlaneRequest sends arbitrary requests to the registry face:
// whatever they are, the answer is a well-formed HTTP response below 500 (or
// a 2xx/3xx), and a request that fails changes nothing.
func FuzzRegistryPlaneRequest(f *testing.F) {
	f.Add("GET", "/v2/h/app/manifests/v1", "", []byte(nil))
	f.Add("PATCH", "/v2/h/app/blobs/uploads/{uuid}", "0-9", []byte("0123456789"))
	f.Add("PUT", "/v2/h/app/manifests/v2", "", []byte(`{"schemaVersion":2}`))
	f.Add("POST", "/v2/h/app/blobs/uploads/?mount=sha256:00&from=h/other", "", []byte(nil))
	f.Add("GET", "/v2/h/../../etc/passwd/tags/list?n=5&last=x", "", []byte(nil))
	f.Add("DELETE", "/v2/h%2Fapp/manifests/sha256:abc", "", []byte(nil))
	f.Fuzz(func(t *testing.T, method, path, contentRange string, body []byte) {
		if len(method) == 0 || len(method) > 10 || strings.ContainsAny(method, " \t\r\n()<>@,;:\\\"/[]?={}") {
			return
		}
		if !strings.HasPrefix(path, "/v2/") || strings.ContainsAny(path, " \t\r\n#") {
			return
		}
		p, fx := newHostilePlane(t, faceTransport)
		path = strings.ReplaceAll(path, "{uuid}", fx.uuid)
		if _, err := http.NewRequest(method, p.base+path, nil); err != nil {
			return
		}
		before := p.observe(fx)
		var headers []string
		if contentRange != "" && !strings.ContainsAny(contentRange, "\r\n") {
			headers = []string{"Content-Range", contentRange}
		}
		r := p.do(method, path, bytes.NewReader(body), headers...)
		require.Less(t, r.Status, 500, "%s %s: %v", method, path, r)
		if r.Status >= 400 {
			require.Equal(t, before, p.observe(fx), "%s %s failed with %d and changed the state", method, path, r.Status)
		}
	})
}
