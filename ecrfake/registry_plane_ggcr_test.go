package ecrfake_test

// go-containerregistry round trips through both registry faces, each
// cross-checked against the ECR API: what /v2 stores is what the API reads,
// and what the API stores is what /v2 serves.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	ggcrtypes "github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

func TestRegistryPlaneImageRoundTrip(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("team/app")
			img := rpImage(t, "round-trip", 3000, 1)
			digest, raw := rpDigest(t, img)
			blobs := rpBlobs(t, img)

			require.NoError(t, remote.Write(p.ref("team/app:v1"), img, p.remoteOpts()...))

			// The API sees the push: one image, its tag, its media type,
			// its size (config + layers), pushed at the clock's time.
			d := p.describe("team/app", digest.String())
			assert.Equal(t, []string{"v1"}, d.ImageTags)
			assert.Equal(t, string(ggcrtypes.DockerManifestSchema2), aws.ToString(d.ImageManifestMediaType))
			var size int64
			for _, n := range blobs {
				size += n
			}
			assert.Equal(t, size, aws.ToInt64(d.ImageSizeInBytes))
			assert.Equal(t, rpEpoch, aws.ToTime(d.ImagePushedAt))
			assert.Nil(t, d.LastRecordedPullTime, "a push is no pull")
			got, mt := p.manifestOf("team/app", digest.String())
			assert.Equal(t, string(raw), got, "BatchGetImage returns the pushed bytes")
			assert.Equal(t, string(ggcrtypes.DockerManifestSchema2), mt)
			avail, sizes := p.layerAvailability("team/app", mapsKeys(blobs)...)
			for dg, n := range blobs {
				assert.Equal(t, "AVAILABLE", avail[dg], dg)
				assert.Equal(t, n, sizes[dg], dg)
			}
			assert.Equal(t, []string{digest.String() + ":v1"}, p.listImages("team/app"))

			// And /v2 serves it back: same manifest bytes, same blobs.
			p.clock.Advance(time.Hour)
			pulled, err := remote.Image(p.ref("team/app:v1"), p.remoteOpts()...)
			require.NoError(t, err)
			pd, praw := rpDigest(t, pulled)
			assert.Equal(t, digest, pd)
			assert.Equal(t, raw, praw)
			wantLayers, err := img.Layers()
			require.NoError(t, err)
			gotLayers, err := pulled.Layers()
			require.NoError(t, err)
			require.Len(t, gotLayers, len(wantLayers))
			for i := range wantLayers {
				assert.Equal(t, rpCompressed(t, wantLayers[i]), rpCompressed(t, gotLayers[i]), "layer %d", i)
			}
			wantCfg, err := img.RawConfigFile()
			require.NoError(t, err)
			gotCfg, err := pulled.RawConfigFile()
			require.NoError(t, err)
			assert.Equal(t, wantCfg, gotCfg)
			assert.Equal(t, rpEpoch.Add(time.Hour), aws.ToTime(p.describe("team/app", digest.String()).LastRecordedPullTime),
				"a manifest GET is a pull")

			// HEAD answers the descriptor (ECR sends Docker-Content-Digest on HEAD).
			desc, err := remote.Head(p.ref("team/app:v1"), p.remoteOpts()...)
			require.NoError(t, err)
			assert.Equal(t, digest, desc.Digest)
			assert.Equal(t, int64(len(raw)), desc.Size)
			assert.Equal(t, ggcrtypes.DockerManifestSchema2, desc.MediaType)
		})
	}
}

func TestRegistryPlaneIndexRoundTrip(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("multi")
			idx := rpIndex(t, "idx", v1.Platform{OS: "linux", Architecture: "amd64"}, v1.Platform{OS: "linux", Architecture: "arm64"})
			digest, raw := rpDigest(t, idx)
			require.NoError(t, remote.WriteIndex(p.ref("multi:latest"), idx, p.remoteOpts()...))

			d := p.describe("multi", digest.String())
			assert.Equal(t, []string{"latest"}, d.ImageTags)
			assert.Equal(t, string(ggcrtypes.OCIImageIndex), aws.ToString(d.ImageManifestMediaType))
			got, _ := p.manifestOf("multi", digest.String())
			assert.Equal(t, string(raw), got)

			im, err := idx.IndexManifest()
			require.NoError(t, err)
			var maxChild int64
			for _, m := range im.Manifests {
				child, err := idx.Image(m.Digest)
				require.NoError(t, err)
				var size int64
				for _, n := range rpBlobs(t, child) {
					size += n
				}
				maxChild = max(maxChild, size)
				cd := p.describe("multi", m.Digest.String())
				assert.Empty(t, cd.ImageTags, "children are pushed untagged")
				assert.Equal(t, size, aws.ToInt64(cd.ImageSizeInBytes))
			}
			assert.Equal(t, maxChild, aws.ToInt64(d.ImageSizeInBytes), "an index's size is its largest child's")

			pulled, err := remote.Index(p.ref("multi:latest"), p.remoteOpts()...)
			require.NoError(t, err)
			_, praw := rpDigest(t, pulled)
			assert.Equal(t, raw, praw)
			child, err := pulled.Image(im.Manifests[1].Digest)
			require.NoError(t, err)
			_, craw := rpDigest(t, child)
			want, err := idx.Image(im.Manifests[1].Digest)
			require.NoError(t, err)
			_, wraw := rpDigest(t, want)
			assert.Equal(t, wraw, craw)
			ls, err := child.Layers()
			require.NoError(t, err)
			assert.Len(t, rpCompressed(t, ls[0]), 64)
		})
	}
}

// An image put with the API (layer uploads and PutImage) pulls byte for byte
// through /v2, for every manifest format the builders make.
func TestRegistryPlanePullsWhatTheAPIPushed(t *testing.T) {
	platforms := []images.Platform{images.LinuxAMD64, images.LinuxARM64}
	cases := map[string]*images.Image{
		"docker":      images.New(images.Docker, "api-docker", 2048, 10),
		"oci":         images.New(images.OCI, "api-oci", 700),
		"oci index":   images.Index(images.OCI, "api-index", platforms, 300),
		"docker list": images.Index(images.Docker, "api-list", platforms, 300),
	}
	for _, face := range rpFaces {
		for label, img := range cases {
			t.Run(string(face)+"/"+label, func(t *testing.T) {
				p := newPlane(t, face)
				p.createRepo("api/pushed")
				require.NoError(t, images.Push(p.ctx, p.f, "api/pushed", img, images.PushOptions{Tags: []string{"t1"}}))
				p.clock.Advance(2 * time.Hour)

				desc, err := remote.Get(p.ref("api/pushed:t1"), p.remoteOpts()...)
				require.NoError(t, err)
				assert.Equal(t, img.Manifest, desc.Manifest, "byte-identical manifest")
				assert.Equal(t, img.Digest, desc.Digest.String())
				assert.Equal(t, img.MediaType, string(desc.MediaType))

				check := func(child *images.Image, pulled v1.Image) {
					_, raw := rpDigest(t, pulled)
					assert.Equal(t, child.Manifest, raw)
					cfg, err := pulled.RawConfigFile()
					require.NoError(t, err)
					assert.Equal(t, child.Config.Data, cfg)
					ls, err := pulled.Layers()
					require.NoError(t, err)
					require.Len(t, ls, len(child.Layers))
					for i, l := range ls {
						assert.Equal(t, child.Layers[i].Data, rpCompressed(t, l))
					}
				}
				if img.IsIndex() {
					idx, err := desc.ImageIndex()
					require.NoError(t, err)
					for _, c := range img.Children {
						h, err := v1.NewHash(c.Digest)
						require.NoError(t, err)
						pulled, err := idx.Image(h)
						require.NoError(t, err)
						check(c, pulled)
					}
				} else {
					pulled, err := desc.Image()
					require.NoError(t, err)
					check(img, pulled)
				}
				assert.Equal(t, rpEpoch.Add(2*time.Hour), aws.ToTime(p.describe("api/pushed", img.Digest).LastRecordedPullTime))
			})
		}
	}
}

// A blob pushed through /v2 is a layer of the API, and a layer uploaded with
// the API is a blob of /v2. Blob GETs redirect (307) to a download URL the
// fake answers, as ECR redirects to S3; like GetDownloadUrlForLayer, they
// serve only layers an image of the repository references.
func TestRegistryPlaneBlobsAreLayers(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("blobs")

			// Pushed through /v2, served by the API's download URL.
			img := rpImage(t, "v2-blob", 5000)
			require.NoError(t, remote.Write(p.ref("blobs:v2"), img, p.remoteOpts()...))
			ls, err := img.Layers()
			require.NoError(t, err)
			data := rpCompressed(t, ls[0])
			d := images.Digest(data)
			avail, sizes := p.layerAvailability("blobs", d)
			assert.Equal(t, "AVAILABLE", avail[d])
			assert.Equal(t, int64(len(data)), sizes[d])
			// The URL points at whatever served the API call: the transport's S3
			// host, or the loopback server.
			url, err := p.apiClient().GetDownloadUrlForLayer(p.ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("blobs"), LayerDigest: aws.String(d)})
			require.NoError(t, err)
			if face == faceServer {
				assert.True(t, strings.HasPrefix(aws.ToString(url.DownloadUrl), p.base+"/"), "points back at the server: %s", aws.ToString(url.DownloadUrl))
			}
			got := p.follow(aws.ToString(url.DownloadUrl))
			require.Equal(t, http.StatusOK, got.Status, "%v", got)
			assert.Equal(t, data, got.Body, "GetDownloadUrlForLayer's URL serves the blob")

			// Pushed with the layer API and PutImage, served by /v2.
			apiImg := images.New(images.OCI, "api-layer", 7000)
			require.NoError(t, images.Push(p.ctx, p.f, "blobs", apiImg, images.PushOptions{Tags: []string{"api"}}))
			apiData, apiDigest := apiImg.Layers[0].Data, apiImg.Layers[0].Digest
			head := p.do(http.MethodHead, "/v2/blobs/blobs/"+apiDigest, nil)
			require.Equal(t, http.StatusOK, head.Status, "%v", head)
			assert.Equal(t, fmt.Sprint(len(apiData)), head.Header.Get("Content-Length"))
			assert.Equal(t, apiDigest, head.Header.Get("Docker-Content-Digest"))
			get := p.do(http.MethodGet, "/v2/blobs/blobs/"+apiDigest, nil)
			require.Equal(t, http.StatusTemporaryRedirect, get.Status, "%v", get)
			loc := get.Header.Get("Location")
			require.True(t, strings.HasPrefix(loc, "http://") || strings.HasPrefix(loc, "https://"), "absolute Location %q", loc)
			body := p.follow(loc)
			require.Equal(t, http.StatusOK, body.Status, "%v", body)
			assert.Equal(t, apiData, body.Body)
			h, err := v1.NewHash(apiDigest)
			require.NoError(t, err)
			l, err := remote.Layer(p.digestRef("blobs", h), p.remoteOpts()...)
			require.NoError(t, err)
			assert.Equal(t, apiData, rpCompressed(t, l), "go-containerregistry follows the redirect")

			// A blob no image references exists (HEAD, BatchCheckLayerAvailability)
			// but is not served, on either face.
			loose := images.Bytes("loose", 300)
			require.NoError(t, remote.WriteLayer(p.repo("blobs"), static.NewLayer(loose, ggcrtypes.OCILayer), p.remoteOpts()...))
			ld := images.Digest(loose)
			avail, _ = p.layerAvailability("blobs", ld)
			assert.Equal(t, "AVAILABLE", avail[ld])
			assert.Equal(t, http.StatusOK, p.do(http.MethodHead, "/v2/blobs/blobs/"+ld, nil).Status)
			miss := p.do(http.MethodGet, "/v2/blobs/blobs/"+ld, nil)
			assert.Equal(t, http.StatusNotFound, miss.Status)
			code, _ := miss.code()
			assert.Equal(t, "BLOB_UNKNOWN", code)
			_, err = p.f.GetDownloadUrlForLayer(p.ctx, &ecr.GetDownloadUrlForLayerInput{RepositoryName: aws.String("blobs"), LayerDigest: aws.String(ld)})
			var inaccessible *types.LayerInaccessibleException
			require.ErrorAs(t, err, &inaccessible)

			// Blobs are per repository: another repository does not see them.
			p.createRepo("other")
			other := p.do(http.MethodHead, "/v2/other/blobs/"+apiDigest, nil)
			assert.Equal(t, http.StatusNotFound, other.Status)
			assert.Empty(t, other.Body, "HEAD on a missing blob is a bare 404")
		})
	}
}

func TestRegistryPlaneDelete(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("del")
			img := rpImage(t, "delete-me", 100)
			digest, _ := rpDigest(t, img)
			require.NoError(t, remote.Write(p.ref("del:v1"), img, p.remoteOpts()...))

			// Manifest DELETE by tag is refused (the fake's default, spec §8.7);
			// by digest it is BatchDeleteImage.
			err := remote.Delete(p.ref("del:v1"), p.remoteOpts()...)
			requireRegistryError(t, err, http.StatusMethodNotAllowed, "UNSUPPORTED", "")
			require.NoError(t, remote.Delete(p.digestRef("del", digest), p.remoteOpts()...))
			assert.Empty(t, p.listImages("del"))
			_, err = p.f.DescribeImages(p.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("del"), ImageIds: []types.ImageIdentifier{{ImageDigest: aws.String(digest.String())}}})
			var nf *types.ImageNotFoundException
			require.ErrorAs(t, err, &nf)

			_, err = remote.Image(p.ref("del:v1"), p.remoteOpts()...)
			requireRegistryError(t, err, http.StatusNotFound, "MANIFEST_UNKNOWN", "Requested image not found")
			err = remote.Delete(p.digestRef("del", digest), p.remoteOpts()...)
			requireRegistryError(t, err, http.StatusNotFound, "MANIFEST_UNKNOWN", "Requested image not found")

			// BatchDeleteImage is the same deletion, seen from /v2.
			require.NoError(t, remote.Write(p.ref("del:v2"), img, p.remoteOpts()...))
			out, err := p.f.BatchDeleteImage(p.ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String("del"), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("v2")}}})
			require.NoError(t, err)
			require.Empty(t, out.Failures)
			_, err = remote.Head(p.ref("del:v2"), p.remoteOpts()...)
			assert.Equal(t, http.StatusNotFound, rpTransportError(t, err).StatusCode)
		})
	}
}

func TestRegistryPlaneTagListing(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("tags/repo")
			img := rpImage(t, "tags", 10)
			want := []string{"a", "b", "c", "d", "e"}
			for _, tag := range want {
				require.NoError(t, remote.Write(p.ref("tags/repo:"+tag), img, p.remoteOpts()...))
			}

			// go-containerregistry follows the Link header page by page.
			p.f.ResetCalls()
			got, err := remote.List(p.repo("tags/repo"), p.remoteOpts(remote.WithPageSize(2))...)
			require.NoError(t, err)
			sort.Strings(got)
			assert.Equal(t, want, got)
			pages := p.registryCalls(ecrfake.OpRegistryListTags)
			assert.Len(t, pages, 3, "5 tags, 2 a page")

			// The raw pages: ECR's content type, an absolute Link with an
			// opaque last, and the same tags ListImages reports.
			first := p.do(http.MethodGet, "/v2/tags/repo/tags/list?n=2", nil)
			require.Equal(t, http.StatusOK, first.Status, "%v", first)
			assert.Equal(t, "text/plain; charset=utf-8", first.Header.Get("Content-Type"))
			assert.Equal(t, "registry/2.0", first.Header.Get("Docker-Distribution-Api-Version"))
			link := first.Header.Get("Link")
			require.True(t, strings.HasPrefix(link, "<"+p.base+"/v2/tags/repo/tags/list?"), "absolute Link: %q", link)
			require.True(t, strings.HasSuffix(link, `>; rel="next"`), "%q", link)
			assert.Contains(t, link, "last=")
			var page struct {
				Name string   `json:"name"`
				Tags []string `json:"tags"`
			}
			rpJSON(t, first.Body, &page)
			assert.Equal(t, "tags/repo", page.Name)
			assert.Len(t, page.Tags, 2)

			var apiTags []string
			for _, id := range p.listImages("tags/repo") { // "sha256:<hex>:<tag>"
				apiTags = append(apiTags, id[strings.LastIndex(id, ":")+1:])
			}
			sort.Strings(apiTags)
			assert.Equal(t, want, apiTags)

			// Default page size is 100; n above 1000 is ECR's 405.
			all := p.do(http.MethodGet, "/v2/tags/repo/tags/list", nil)
			require.Equal(t, http.StatusOK, all.Status)
			assert.Empty(t, all.Header.Get("Link"))
			rpJSON(t, all.Body, &page)
			assert.Len(t, page.Tags, 5)
			huge := p.do(http.MethodGet, "/v2/tags/repo/tags/list?n=1001", nil)
			assert.Equal(t, http.StatusMethodNotAllowed, huge.Status)
			code, msg := huge.code()
			assert.Equal(t, "UNSUPPORTED", code)
			assert.Equal(t, "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'", msg)

			// The catalogue lists what DescribeRepositories lists.
			p.createRepo("zeta")
			reg, err := name.NewRegistry(p.host, name.Insecure)
			require.NoError(t, err)
			repos, err := remote.Catalog(p.ctx, reg, p.remoteOpts()...)
			require.NoError(t, err)
			sort.Strings(repos)
			assert.Equal(t, []string{"tags/repo", "zeta"}, repos)
		})
	}
}

func TestRegistryPlaneReferrers(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("signed")
			subject := mutate.ConfigMediaType(mutate.MediaType(rpImage(t, "subject", 100), ggcrtypes.OCIManifestSchema1), ggcrtypes.OCIConfigJSON)
			require.NoError(t, remote.Write(p.ref("signed:v1"), subject, p.remoteOpts()...))
			sd, sraw := rpDigest(t, subject)

			sbom := rpArtifact(t, "application/vnd.example.sbom.v1+json", "sbom", v1.Descriptor{MediaType: ggcrtypes.OCIManifestSchema1, Digest: sd, Size: int64(len(sraw))})
			sig := rpArtifact(t, "application/vnd.example.sig.v1+json", "sig", v1.Descriptor{MediaType: ggcrtypes.OCIManifestSchema1, Digest: sd, Size: int64(len(sraw))})
			for _, a := range []v1.Image{sbom, sig} {
				ad, _ := rpDigest(t, a)
				require.NoError(t, remote.Write(p.digestRef("signed", ad), a, p.remoteOpts()...))
			}
			puts := p.registryCalls(ecrfake.OpRegistryPutManifest)
			require.Len(t, puts, 3)
			for i, c := range puts {
				resp := c.Output.(*ecrfake.RegistryResponse)
				assert.Equal(t, http.StatusCreated, resp.Status)
				assert.Empty(t, resp.Header.Get("Location"), "ECR sets no Location on a manifest PUT")
				if i == 0 {
					assert.Empty(t, resp.Header.Get("OCI-Subject"))
				} else {
					assert.Equal(t, sd.String(), resp.Header.Get("OCI-Subject"), "a manifest with a subject answers OCI-Subject")
				}
			}

			opts := p.remoteOpts(remote.WithReferrersTagFallback(false))
			idx, err := remote.Referrers(p.digestRef("signed", sd), opts...)
			require.NoError(t, err)
			im, err := idx.IndexManifest()
			require.NoError(t, err)
			var artifactTypes []string
			for _, m := range im.Manifests {
				artifactTypes = append(artifactTypes, m.ArtifactType)
			}
			sort.Strings(artifactTypes)
			assert.Equal(t, []string{"application/vnd.example.sbom.v1+json", "application/vnd.example.sig.v1+json"}, artifactTypes)

			sbomDigest, _ := rpDigest(t, sbom)
			assert.Equal(t, sd.String(), aws.ToString(p.describe("signed", sbomDigest.String()).SubjectManifestDigest))

			filtered, err := remote.Referrers(p.digestRef("signed", sd), p.remoteOpts(remote.WithReferrersTagFallback(false), remote.WithFilter("artifactType", "application/vnd.example.sig.v1+json"))...)
			require.NoError(t, err)
			fm, err := filtered.IndexManifest()
			require.NoError(t, err)
			require.Len(t, fm.Manifests, 1)
			assert.Equal(t, "application/vnd.example.sig.v1+json", fm.Manifests[0].ArtifactType)

			// Nothing refers to the artifact: an empty index, not a 404.
			none, err := remote.Referrers(p.digestRef("signed", sbomDigest), opts...)
			require.NoError(t, err)
			nm, err := none.IndexManifest()
			require.NoError(t, err)
			assert.Empty(t, nm.Manifests)
		})
	}
}

// rpArtifact builds an OCI artifact (config media type = artifact type) with
// one small JSON layer, referring to subject.
func rpArtifact(t testing.TB, artifactType, seed string, subject v1.Descriptor) v1.Image {
	t.Helper()
	img, err := mutate.AppendLayers(empty.Image, static.NewLayer([]byte(`{"seed":"`+seed+`"}`), "application/json"))
	require.NoError(t, err)
	img = mutate.MediaType(img, ggcrtypes.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, ggcrtypes.MediaType(artifactType))
	return mutate.Subject(img, subject).(v1.Image)
}

// Cross-repository mount: only with BLOB_MOUNTING ENABLED, and only blobs a
// manifest of the source repository references; otherwise 202 and a normal
// upload (spec §3.4).
func TestRegistryPlaneMount(t *testing.T) {
	for _, face := range rpFaces {
		for _, mounting := range []string{"DISABLED", "ENABLED"} {
			t.Run(string(face)+"/"+mounting, func(t *testing.T) {
				p := newPlane(t, face)
				p.createRepo("src/app", "dst/app")
				_, err := p.f.PutAccountSetting(p.ctx, &ecr.PutAccountSettingInput{Name: aws.String("BLOB_MOUNTING"), Value: aws.String(mounting)})
				require.NoError(t, err)
				img := rpImage(t, "mount", 4000)
				require.NoError(t, remote.Write(p.ref("src/app:v1"), img, p.remoteOpts()...))

				// Pulled layers are mountable: go-containerregistry asks for a mount.
				src, err := remote.Image(p.ref("src/app:v1"), p.remoteOpts()...)
				require.NoError(t, err)
				p.f.ResetCalls()
				require.NoError(t, remote.Write(p.ref("dst/app:v1"), src, p.remoteOpts()...))

				starts := p.registryCalls(ecrfake.OpRegistryStartUpload)
				require.Len(t, starts, 2, "config and layer")
				for _, c := range starts {
					in := c.Input.(*ecrfake.RegistryRequest)
					assert.Contains(t, in.RawQuery, "from=src%2Fapp")
				}
				patches := p.registryCalls(ecrfake.OpRegistryPatchUpload)
				if mounting == "ENABLED" {
					assert.Equal(t, []int{201, 201}, rpStatuses(t, starts), "mounted")
					assert.Empty(t, patches, "nothing uploaded")
				} else {
					assert.Equal(t, []int{202, 202}, rpStatuses(t, starts), "mount refused: a plain upload session")
					assert.Len(t, patches, 2, "both blobs uploaded")
				}
				blobs := rpBlobs(t, img)
				avail, _ := p.layerAvailability("dst/app", mapsKeys(blobs)...)
				for dg := range blobs {
					assert.Equal(t, "AVAILABLE", avail[dg])
				}
				digest, _ := rpDigest(t, img)
				assert.Equal(t, []string{"v1"}, p.describe("dst/app", digest.String()).ImageTags)

				// A blob no manifest references is not mounted, even when enabled.
				loose := images.Bytes("loose", 300)
				require.NoError(t, remote.WriteLayer(p.repo("src/app"), static.NewLayer(loose, ggcrtypes.OCILayer), p.remoteOpts()...))
				resp := p.do(http.MethodPost, "/v2/dst/app/blobs/uploads/?mount="+images.Digest(loose)+"&from=src/app", nil)
				require.Equal(t, http.StatusAccepted, resp.Status, "%v", resp)
				assert.NotEmpty(t, resp.Header.Get("Location"))
				avail, _ = p.layerAvailability("dst/app", images.Digest(loose))
				assert.NotEqual(t, "AVAILABLE", avail[images.Digest(loose)])
			})
		}
	}
}

// A manifest PUT to an immutable tag is PutImage's refusal, as the registry
// renders it: 400 TAG_INVALID with ECR's text; nothing changes.
func TestRegistryPlaneImmutableTag(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			_, err := p.f.CreateRepository(p.ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("frozen"), ImageTagMutability: types.ImageTagMutabilityImmutable})
			require.NoError(t, err)
			first := rpImage(t, "first", 10)
			require.NoError(t, remote.Write(p.ref("frozen:v1"), first, p.remoteOpts()...))
			before := p.listImages("frozen")

			err = remote.Write(p.ref("frozen:v1"), rpImage(t, "second", 10), p.remoteOpts()...)
			requireRegistryError(t, err, http.StatusBadRequest, "TAG_INVALID",
				"The image tag 'v1' already exists in the 'frozen' repository and cannot be overwritten because the tag is immutable.")
			assert.Equal(t, before, p.listImages("frozen"), "the refused PUT changed nothing")

			// The same refusal from the API, for comparison.
			_, err = p.f.PutImage(p.ctx, &ecr.PutImageInput{RepositoryName: aws.String("frozen"), ImageTag: aws.String("v1"), ImageManifest: aws.String(string(rpMust(rpImage(t, "second", 10).RawManifest())))})
			var tagErr *types.ImageTagAlreadyExistsException
			require.ErrorAs(t, err, &tagErr)
		})
	}
}

// Archived images answer pulls with 404 (ECR: "Requests to pull the archived
// image will fail with a 404 error").
func TestRegistryPlaneArchivedImagesDoNotPull(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("cold")
			img := rpImage(t, "cold", 10)
			digest, _ := rpDigest(t, img)
			require.NoError(t, remote.Write(p.ref("cold:v1"), img, p.remoteOpts()...))
			_, err := p.f.UpdateImageStorageClass(p.ctx, &ecr.UpdateImageStorageClassInput{
				RepositoryName: aws.String("cold"), ImageId: &types.ImageIdentifier{ImageDigest: aws.String(digest.String())},
				TargetStorageClass: types.TargetStorageClassArchive,
			})
			require.NoError(t, err)
			for _, ref := range []name.Reference{p.ref("cold:v1"), p.digestRef("cold", digest)} {
				_, err = remote.Image(ref, p.remoteOpts()...)
				te := rpTransportError(t, err)
				assert.Equal(t, http.StatusNotFound, te.StatusCode, "%v", err)
				_, err = remote.Head(ref, p.remoteOpts()...)
				te = rpTransportError(t, err)
				assert.Equal(t, http.StatusNotFound, te.StatusCode, "%v", err)
			}
			assert.Nil(t, p.describe("cold", digest.String()).LastRecordedPullTime, "a refused pull is no pull")
		})
	}
}

// Code under test that builds references from repositoryUri reaches the
// fake through the transport with ECR's real host names; other hosts are
// refused without touching the network.
func TestRegistryPlaneTransportHosts(t *testing.T) {
	f := ecrfake.New(ecrfake.WithAccountID("210987654321"), ecrfake.WithRegion("eu-west-1"), ecrfake.WithoutRegistryAuth())
	out, err := f.CreateRepository(t.Context(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
	require.NoError(t, err)
	uri := aws.ToString(out.Repository.RepositoryUri)
	ref, err := name.ParseReference(uri + ":v1")
	require.NoError(t, err)
	img := rpImage(t, "hosts", 10)
	opts := []remote.Option{remote.WithTransport(f.Transport()), remote.WithRetryBackoff(remote.Backoff{Steps: 1})}
	require.NoError(t, remote.Write(ref, img, opts...))

	hosts := []string{
		"210987654321.dkr.ecr.eu-west-1.amazonaws.com",
		"210987654321.dkr.ecr-fips.eu-west-1.amazonaws.com",
		"210987654321.dkr-ecr.eu-west-1.on.aws",
	}
	for _, h := range hosts {
		t.Run(h, func(t *testing.T) {
			r, err := name.ParseReference(h + "/team/app:v1")
			require.NoError(t, err)
			_, err = remote.Head(r, opts...)
			require.NoError(t, err)
		})
	}

	// China regions: the .amazonaws.com.cn host, from repositoryUri.
	cn := ecrfake.New(ecrfake.WithRegion("cn-north-1"), ecrfake.WithoutRegistryAuth())
	cnRepo, err := cn.CreateRepository(t.Context(), &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app")})
	require.NoError(t, err)
	cnRef, err := name.ParseReference(aws.ToString(cnRepo.Repository.RepositoryUri) + ":v1")
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(cnRef.Context().RegistryStr(), ".dkr.ecr.cn-north-1.amazonaws.com.cn"), cnRef.Context().RegistryStr())
	require.NoError(t, remote.Write(cnRef, img, remote.WithTransport(cn.Transport()), remote.WithRetryBackoff(remote.Backoff{Steps: 1})))
	_, err = remote.Head(cnRef, remote.WithTransport(cn.Transport()))
	require.NoError(t, err)

	// The ECR API host is served too: an SDK client over the transport.
	client := ecr.New(ecr.Options{
		Region: "eu-west-1", HTTPClient: &http.Client{Transport: f.Transport()},
		Credentials: aws.AnonymousCredentials{}, RetryMaxAttempts: 1,
	})
	d, err := client.DescribeRepositories(t.Context(), &ecr.DescribeRepositoriesInput{})
	require.NoError(t, err)
	require.Len(t, d.Repositories, 1)

	for _, u := range []string{"https://example.com/v2/", "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil.com/v2/", "http://127.0.0.1:1/v2/"} {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		require.NoError(t, err)
		resp, err := f.Transport().RoundTrip(req)
		if resp != nil {
			resp.Body.Close()
		}
		require.Error(t, err, "%s must be refused", u)
	}
}

func rpCompressed(t testing.TB, l v1.Layer) []byte {
	t.Helper()
	rc, err := l.Compressed()
	require.NoError(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	return b
}

func rpMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func mapsKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func rpJSON(t testing.TB, b []byte, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(b, v), "%s", b)
}

// The transport opens no socket and starts nothing that outlives a request:
// a push and a pull run inside a synctest bubble, where the bubble's fake
// time is the only time.
func TestRegistryPlaneInsideSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPlane(t, faceTransport)
		p.createRepo("bubble")
		img := rpImage(t, "bubble", 2048)
		require.NoError(t, remote.Write(p.ref("bubble:v1"), img, p.remoteOpts()...))
		pulled, err := remote.Image(p.ref("bubble:v1"), p.remoteOpts()...)
		require.NoError(t, err)
		_, raw := rpDigest(t, pulled)
		_, want := rpDigest(t, img)
		assert.Equal(t, want, raw)
		// A plain http.Client over the transport, for hand-written requests.
		c := &http.Client{Transport: p.f.Transport()}
		req, err := http.NewRequest(http.MethodGet, p.base+"/v2/", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Basic "+p.token)
		resp, err := c.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	})
}

// Manifest GET and HEAD answer as ECR's captures show: HEAD carries
// Docker-Content-Digest and the empty Sizes header, GET no digest header; a
// GET is a pull, a HEAD is not; an Accept that excludes the stored type gets
// no converted manifest.
func TestRegistryPlaneManifestHeaders(t *testing.T) {
	for _, face := range rpFaces {
		t.Run(string(face), func(t *testing.T) {
			p := newPlane(t, face)
			p.createRepo("hdr")
			img := images.New(images.OCI, "headers", 100)
			require.NoError(t, images.Push(p.ctx, p.f, "hdr", img, images.PushOptions{Tags: []string{"v1"}}))
			accept := "Accept"
			p.clock.Advance(time.Minute)

			head := p.do(http.MethodHead, "/v2/hdr/manifests/v1", nil, accept, images.MediaTypeOCIManifest)
			require.Equal(t, http.StatusOK, head.Status, "%v", head)
			assert.Equal(t, img.Digest, head.Header.Get("Docker-Content-Digest"))
			assert.Equal(t, images.MediaTypeOCIManifest, head.Header.Get("Content-Type"))
			assert.Equal(t, fmt.Sprint(len(img.Manifest)), head.Header.Get("Content-Length"))
			assert.Contains(t, head.Header, "Sizes", "ECR's empty Sizes header")
			assert.Equal(t, "registry/2.0", head.Header.Get("Docker-Distribution-Api-Version"))
			assert.Nil(t, p.describe("hdr", img.Digest).LastRecordedPullTime, "a HEAD is no pull")

			get := p.do(http.MethodGet, "/v2/hdr/manifests/v1", nil, accept, images.MediaTypeOCIManifest+", "+images.MediaTypeDockerManifest)
			require.Equal(t, http.StatusOK, get.Status, "%v", get)
			assert.Empty(t, get.Header.Get("Docker-Content-Digest"), "ECR's GET carries no digest header")
			assert.Equal(t, images.MediaTypeOCIManifest, get.Header.Get("Content-Type"))
			assert.Equal(t, img.Manifest, get.Body)
			assert.Equal(t, rpEpoch.Add(time.Minute), aws.ToTime(p.describe("hdr", img.Digest).LastRecordedPullTime))

			byDigest := p.do(http.MethodGet, "/v2/hdr/manifests/"+img.Digest, nil)
			require.Equal(t, http.StatusOK, byDigest.Status, "no Accept: the stored manifest")
			assert.Equal(t, img.Manifest, byDigest.Body)

			other := p.do(http.MethodGet, "/v2/hdr/manifests/v1", nil, accept, images.MediaTypeDockerManifest)
			assert.Equal(t, http.StatusNotFound, other.Status, "no faked conversion: %v", other)
			code, msg := other.code()
			assert.Equal(t, "MANIFEST_UNKNOWN", code)
			assert.Equal(t, "Requested image not found", msg)

			// Layer downloads honour Range, as S3 does.
			get = p.do(http.MethodGet, "/v2/hdr/blobs/"+img.Layers[0].Digest, nil)
			require.Equal(t, http.StatusTemporaryRedirect, get.Status)
			part := p.do(http.MethodGet, get.Header.Get("Location"), nil, "Authorization", "-", "Range", "bytes=10-19")
			require.Equal(t, http.StatusPartialContent, part.Status, "%v", part)
			assert.Equal(t, img.Layers[0].Data[10:20], part.Body)
		})
	}
}

// A manifest PUT is PutImage for everything PutImage starts: scan on push
// runs on the fake's clock, and a lifecycle policy sees the pushed images.
func TestRegistryPlanePushIsPutImage(t *testing.T) {
	p := newPlane(t, faceTransport)
	_, err := p.f.CreateRepository(p.ctx, &ecr.CreateRepositoryInput{
		RepositoryName:             aws.String("scanned"),
		ImageScanningConfiguration: &types.ImageScanningConfiguration{ScanOnPush: true},
	})
	require.NoError(t, err)
	img := rpImage(t, "scanned", 100)
	digest, _ := rpDigest(t, img)
	require.NoError(t, remote.Write(p.ref("scanned:v1"), img, p.remoteOpts()...))
	id := &types.ImageIdentifier{ImageDigest: aws.String(digest.String())}
	scan, err := p.f.DescribeImageScanFindings(p.ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("scanned"), ImageId: id})
	require.NoError(t, err)
	assert.Equal(t, types.ScanStatusInProgress, scan.ImageScanStatus.Status)
	p.clock.Advance(ecrfake.DefaultScanDuration)
	scan, err = p.f.DescribeImageScanFindings(p.ctx, &ecr.DescribeImageScanFindingsInput{RepositoryName: aws.String("scanned"), ImageId: id})
	require.NoError(t, err)
	assert.Equal(t, types.ScanStatusComplete, scan.ImageScanStatus.Status)

	// Lifecycle: keep one image; the older /v2 push expires.
	p.clock.Advance(time.Hour)
	newer := rpImage(t, "scanned-2", 100)
	require.NoError(t, remote.Write(p.ref("scanned:v2"), newer, p.remoteOpts()...))
	_, err = p.f.PutLifecyclePolicy(p.ctx, &ecr.PutLifecyclePolicyInput{RepositoryName: aws.String("scanned"), LifecyclePolicyText: aws.String(
		`{"rules":[{"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}}]}`)})
	require.NoError(t, err)
	expired, err := p.f.RunLifecyclePolicies("scanned")
	require.NoError(t, err)
	assert.Equal(t, []string{digest.String()}, expired)
	_, err = remote.Image(p.ref("scanned:v1"), p.remoteOpts()...)
	requireRegistryError(t, err, http.StatusNotFound, "MANIFEST_UNKNOWN", "Requested image not found")
	_, err = remote.Image(p.ref("scanned:v2"), p.remoteOpts()...)
	require.NoError(t, err)
}
