package state

import (
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecrpublic"
	pubtypes "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"
	"github.com/stretchr/testify/require"
)

// TestWorldHasEveryPublicOperation fails when the ecrpublic SDK gains an
// operation the state has no Public<Operation> transition for, or when a
// transition's signature drifts from (now, *XxxInput) (*XxxOutput, error).
func TestWorldHasEveryPublicOperation(t *testing.T) {
	client := reflect.TypeOf(&ecrpublic.Client{})
	world := reflect.TypeOf(&World{})
	timeType := reflect.TypeOf(time.Time{})
	errType := reflect.TypeOf((*error)(nil)).Elem()
	count := 0
	for i := range client.NumMethod() {
		m := client.Method(i)
		if m.Type.NumIn() != 4 || m.Type.NumOut() != 2 || !strings.HasSuffix(m.Type.In(2).Elem().Name(), "Input") {
			continue
		}
		count++
		sm, ok := world.MethodByName("Public" + m.Name)
		require.True(t, ok, "state.World lacks Public%s", m.Name)
		require.Equal(t, 3, sm.Type.NumIn(), m.Name)
		require.Equal(t, timeType, sm.Type.In(1), m.Name)
		require.Equal(t, m.Type.In(2), sm.Type.In(2), m.Name)
		require.Equal(t, m.Type.Out(0), sm.Type.Out(0), m.Name)
		require.Equal(t, errType, sm.Type.Out(1), m.Name)
	}
	require.Equal(t, 23, count)
}

// TestPublicNotModelledIsUnsupportedCommand pins the error an unbuilt public
// transition answers: the service's own non-retryable 400 type, naming the operation.
func TestPublicNotModelledIsUnsupportedCommand(t *testing.T) {
	w := New(Config{AccountID: "123456789012", Region: "us-east-1"})
	_, err := w.PublicDescribeImageTags(time.Unix(0, 0), &ecrpublic.DescribeImageTagsInput{})
	var uc *pubtypes.UnsupportedCommandException
	require.True(t, errors.As(err, &uc))
	require.Contains(t, uc.ErrorMessage(), "DescribeImageTags")
}

// TestPublicGetAuthorizationToken: one object, base64("AWS:"+password), 12 h
// after the call on the fake clock, and every call mints a distinct token the
// world remembers (so the data plane can check it).
func TestPublicGetAuthorizationToken(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name string
		now  time.Time
	}{
		{"at start", start},
		{"a day later", start.Add(24 * time.Hour)},
	}
	w := New(Config{AccountID: "123456789012", Region: "us-east-1"})
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := w.PublicGetAuthorizationToken(tt.now, &ecrpublic.GetAuthorizationTokenInput{})
			require.NoError(t, err)
			require.NotNil(t, out.AuthorizationData)
			require.Equal(t, tt.now.Add(12*time.Hour), *out.AuthorizationData.ExpiresAt)
			raw, err := base64.StdEncoding.DecodeString(*out.AuthorizationData.AuthorizationToken)
			require.NoError(t, err)
			password, ok := strings.CutPrefix(string(raw), "AWS:")
			require.True(t, ok, "token is AWS:<password>")
			require.False(t, seen[password], "each call mints a new token")
			seen[password] = true
			require.Equal(t, tt.now.Add(12*time.Hour), w.tokens[password])
		})
	}
}

// TestPublicDescribeRegistriesBeforeFirstRepository: one registry, region-less
// ARN, empty URI, no aliases; any nextToken is refused (none is ever issued).
func TestPublicDescribeRegistriesBeforeFirstRepository(t *testing.T) {
	w := New(Config{AccountID: "123456789012", Region: "eu-west-1"})
	tests := []struct {
		name    string
		in      *ecrpublic.DescribeRegistriesInput
		wantErr bool
	}{
		{"no input members", &ecrpublic.DescribeRegistriesInput{}, false},
		{"maxResults 1", &ecrpublic.DescribeRegistriesInput{MaxResults: ptr(int32(1))}, false},
		{"a token never issued", &ecrpublic.DescribeRegistriesInput{NextToken: ptr("x")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := w.PublicDescribeRegistries(time.Unix(0, 0), tt.in)
			if tt.wantErr {
				var ip *pubtypes.InvalidParameterException
				require.True(t, errors.As(err, &ip))
				require.Contains(t, ip.ErrorMessage(), "nextToken")
				return
			}
			require.NoError(t, err)
			require.Nil(t, out.NextToken)
			require.Equal(t, []pubtypes.Registry{{
				RegistryId:  ptr("123456789012"),
				RegistryArn: ptr("arn:aws:ecr-public::123456789012:registry/123456789012"),
				RegistryUri: ptr(""),
				Verified:    ptr(false),
				Aliases:     []pubtypes.RegistryAlias{},
			}}, out.Registries)
		})
	}
}
