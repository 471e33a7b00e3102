package ecrfake_test

// Per-request cost of the registry data plane: a small image pushed and
// pulled by go-containerregistry through f.Transport(), in memory. (The
// 100 MiB throughput benchmarks are beside the upload buffer.)

import (
	"fmt"
	"io"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/ecrfake"
)

// BenchmarkRegistryPlanePushSmallImage pushes a new two-layer image (1 KiB
// layers) each iteration: ping, HEADs, uploads, manifest PUT.
func BenchmarkRegistryPlanePushSmallImage(b *testing.B) {
	p := newPlane(b, faceTransport)
	p.createRepo("bench/push")
	opts := p.remoteOpts()
	n := 0
	for b.Loop() {
		b.StopTimer()
		img := rpImage(b, fmt.Sprintf("bench-push-%d", n), 1024, 1024)
		ref := p.ref(fmt.Sprintf("bench/push:t%d", n))
		n++
		b.StartTimer()
		if err := remote.Write(ref, img, opts...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegistryPlanePushExistingImage re-pushes an image the repository
// already holds under a new tag: HEADs only, then the manifest PUT.
func BenchmarkRegistryPlanePushExistingImage(b *testing.B) {
	p := newPlane(b, faceTransport, ecrfake.WithLimits(ecrfake.Limits{MaxTagsPerImage: 1 << 30}))
	p.createRepo("bench/retag")
	opts := p.remoteOpts()
	img := rpImage(b, "bench-retag", 1024, 1024)
	require.NoError(b, remote.Write(p.ref("bench/retag:base"), img, opts...))
	n := 0
	for b.Loop() {
		n++
		if err := remote.Write(p.ref(fmt.Sprintf("bench/retag:t%d", n)), img, opts...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegistryPlanePullSmallImage pulls a two-layer image (1 KiB
// layers): manifest GET, config and layer GETs through the 307 redirects.
func BenchmarkRegistryPlanePullSmallImage(b *testing.B) {
	p := newPlane(b, faceTransport)
	p.createRepo("bench/pull")
	opts := p.remoteOpts()
	ref := p.ref("bench/pull:v1")
	require.NoError(b, remote.Write(ref, rpImage(b, "bench-pull", 1024, 1024), opts...))
	for b.Loop() {
		img, err := remote.Image(ref, opts...)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := img.RawConfigFile(); err != nil {
			b.Fatal(err)
		}
		ls, err := img.Layers()
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range ls {
			rc, err := l.Compressed()
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, rc); err != nil {
				b.Fatal(err)
			}
			rc.Close()
		}
	}
}

// BenchmarkRegistryPlaneHeadManifest is the cheapest authenticated request:
// a manifest HEAD by tag.
func BenchmarkRegistryPlaneHeadManifest(b *testing.B) {
	p := newPlane(b, faceTransport)
	p.createRepo("bench/head")
	opts := p.remoteOpts()
	ref := p.ref("bench/head:v1")
	require.NoError(b, remote.Write(ref, rpImage(b, "bench-head", 16), opts...))
	for b.Loop() {
		if _, err := remote.Head(ref, opts...); err != nil {
			b.Fatal(err)
		}
	}
}
