package registry_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/ecrfake/go-ecrfake/internal/registry"
)

// Repository names contain '/': the route is decided by the last segments.
func ExampleParse() {
	u, _ := url.ParseRequestURI("/v2/team/blobs/manifests/v1.2")
	r, _ := registry.Parse("GET", u)
	fmt.Println(r.Kind, r.Name, r.Reference)

	u, _ = url.ParseRequestURI("/v2/team%2Fapp/tags/list")
	_, e := registry.Parse("GET", u)
	fmt.Println(e.Status, e.Code)

	u, _ = url.ParseRequestURI("/v2/team/app/tags/list?n=5000")
	_, e = registry.Parse("GET", u)
	fmt.Println(e)
	// Output:
	// ManifestGet team/blobs v1.2
	// 400 NAME_INVALID
	// UNSUPPORTED: Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'
}

// One table answers the service's exceptions and injected faults alike.
func ExampleFromAPIError() {
	msg := "The repository with name 'app' does not exist in the registry with id '123456789012'"
	e := registry.FromAPIError(&types.RepositoryNotFoundException{Message: &msg})
	fmt.Println(e.Status, e)
	// Output:
	// 404 NAME_UNKNOWN: The repository with name 'app' does not exist in the registry with id '123456789012'
}

func ExampleWriteError() {
	rec := httptest.NewRecorder()
	registry.WriteError(rec, registry.ManifestUnknown())
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body.String())
	// Output:
	// 404 application/json; charset=utf-8
	// {"errors":[{"code":"MANIFEST_UNKNOWN","message":"Requested image not found"}]}
}

func ExampleWriteUnauthorized() {
	rec := httptest.NewRecorder()
	registry.WriteUnauthorized(rec, "123456789012.dkr.ecr.us-east-1.amazonaws.com")
	fmt.Println(rec.Code, rec.Header().Get("Www-Authenticate"))
	fmt.Printf("%q\n", rec.Body.String())
	// Output:
	// 401 Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"
	// "Not Authorized\n"
}

func ExampleParseHost() {
	fmt.Println(registry.ParseHost("123456789012.dkr-ecr-fips.us-east-2.on.aws:443"))
	// Output: 123456789012 us-east-2 true
}

func ExampleParseContentRange() {
	for _, v := range []string{"0-1023", "bytes=1024-2047", "bytes 2048-4095/*", "garbage"} {
		first, last, err := registry.ParseContentRange(v)
		fmt.Println(first, last, err != nil)
	}
	// Output:
	// 0 1023 false
	// 1024 2047 false
	// 2048 4095 false
	// 0 0 true
}

func ExampleNextLink() {
	fmt.Println(registry.NextLink("https", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "/v2/app/tags/list",
		url.Values{"last": {"token"}, "n": {"100"}}))
	// Output: <https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/app/tags/list?last=token&n=100>; rel="next"
}
