package ecrfake_test

// /v2 pushes and pulls racing API calls on the same repositories (run with
// -race): every call either succeeds or fails with the service's error, and
// afterwards both faces tell the same story.

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

func TestRegistryPlaneConcurrentPushPullAndAPI(t *testing.T) {
	const (
		rounds = 8
		repos  = 2
	)
	p := newPlane(t, faceTransport)
	names := []string{"race/a", "race/b"}
	p.createRepo(names...)

	// expected reports whether an error is one a racing client may meet: a
	// tag or image deleted (or moved) by another caller.
	expected := func(err error) bool {
		var te *transport.Error
		if errors.As(err, &te) {
			return te.StatusCode == http.StatusNotFound
		}
		var nf *types.ImageNotFoundException
		return errors.As(err, &nf)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	report := func(who string, err error) {
		if err != nil && !expected(err) {
			errs <- fmt.Errorf("%s: %w", who, err)
		}
	}
	// Images are built up front: require must not run off the test goroutine.
	pushes := make([][]v1.Image, repos)
	for w := range repos {
		for i := range rounds {
			pushes[w] = append(pushes[w], rpImage(t, fmt.Sprintf("race-%d-%d", w, i), 512, 64))
		}
	}
	for w := range repos {
		repo := names[w]
		wg.Add(3)
		go func() { // /v2 pusher
			defer wg.Done()
			for i := range rounds {
				img := pushes[w][i]
				report("push", remote.Write(p.ref(fmt.Sprintf("%s:v%d", repo, i)), img, p.remoteOpts()...))
				report("push latest", remote.Write(p.ref(repo+":latest"), img, p.remoteOpts()...))
			}
		}()
		go func() { // /v2 puller
			defer wg.Done()
			for range rounds * 2 {
				img, err := remote.Image(p.ref(repo+":latest"), p.remoteOpts()...)
				if err == nil {
					_, err = img.RawConfigFile()
				}
				if err == nil {
					ls, lerr := img.Layers()
					if err = lerr; err == nil {
						for _, l := range ls {
							rc, cerr := l.Compressed()
							if cerr != nil {
								err = cerr
								break
							}
							_, err = io.Copy(io.Discard, rc)
							rc.Close()
						}
					}
				}
				report("pull", err)
				_, err = remote.List(p.repo(repo), p.remoteOpts()...)
				report("list", err)
			}
		}()
		go func() { // API: push with the layer API, list, describe, delete
			defer wg.Done()
			for i := range rounds {
				api := images.New(images.OCI, fmt.Sprintf("race-api-%d-%d", w, i), 256)
				report("api push", images.Push(p.ctx, p.f, repo, api, images.PushOptions{Tags: []string{fmt.Sprintf("api%d", i)}}))
				_, err := p.f.DescribeImages(p.ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String(repo)})
				report("describe", err)
				_, err = p.f.BatchGetImage(p.ctx, &ecr.BatchGetImageInput{RepositoryName: aws.String(repo), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String("latest")}}})
				report("batch get", err)
				if i%3 == 2 {
					_, err = p.f.BatchDeleteImage(p.ctx, &ecr.BatchDeleteImageInput{RepositoryName: aws.String(repo), ImageIds: []types.ImageIdentifier{{ImageTag: aws.String(fmt.Sprintf("v%d", i-1))}}})
					report("delete", err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// Both faces agree on every repository.
	for _, repo := range names {
		var apiTags []string
		for _, id := range p.listImages(repo) {
			if i := strings.LastIndex(id, ":"); i > len("sha256") {
				apiTags = append(apiTags, id[i+1:])
			}
		}
		v2Tags, err := remote.List(p.repo(repo), p.remoteOpts()...)
		require.NoError(t, err)
		sort.Strings(apiTags)
		sort.Strings(v2Tags)
		assert.Equal(t, apiTags, v2Tags, repo)
		assert.Contains(t, v2Tags, "latest")
		assert.Len(t, slices.DeleteFunc(slices.Clone(v2Tags), func(s string) bool { return !strings.HasPrefix(s, "api") }), rounds)
		for _, tag := range v2Tags {
			desc, err := remote.Get(p.ref(repo+":"+tag), p.remoteOpts()...)
			require.NoError(t, err)
			m, _ := p.manifestOf(repo, desc.Digest.String())
			assert.Equal(t, m, string(desc.Manifest), "%s:%s", repo, tag)
		}
	}
}
