package registry

import (
	"encoding/base64"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseBasicAuth(t *testing.T) {
	tok := base64.StdEncoding.EncodeToString([]byte("AWS:secret"))
	tests := []struct {
		header, token string
		ok            bool
	}{
		{"Basic " + tok, tok, true},
		{"basic " + tok, tok, true},
		{"BASIC  " + tok + " ", tok, true},
		{"Bearer " + tok, "", false},
		{"Basic", "", false},
		{"Basic ", "", false},
		{"Basic  \t", "", false},
		{"", "", false},
		{tok, "", false},
		{"Basicx " + tok, "", false},
	}
	for _, tc := range tests {
		got, ok := ParseBasicAuth(tc.header)
		assert.Equal(t, tc.ok, ok, "%q", tc.header)
		assert.Equal(t, tc.token, got, "%q", tc.header)
	}
}

func TestDecodeBasicToken(t *testing.T) {
	enc := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		token, user, password string
		ok                    bool
	}{
		{enc("AWS:pw"), "AWS", "pw", true},
		{enc("AWS:a:b:c"), "AWS", "a:b:c", true}, // split at the first ':'
		{enc("AWS:"), "AWS", "", true},
		{enc(":pw"), "", "pw", true},
		{enc("nocolon"), "", "", false},
		{"!!!", "", "", false},
		{enc("AWS:pw")[:5], "", "", false},
		{"", "", "", false},
	}
	for _, tc := range tests {
		u, pw, ok := DecodeBasicToken(tc.token)
		assert.Equal(t, tc.ok, ok, "%q", tc.token)
		assert.Equal(t, tc.user, u, "%q", tc.token)
		assert.Equal(t, tc.password, pw, "%q", tc.token)
	}
}

func TestParseContentRange(t *testing.T) {
	tests := []struct {
		v           string
		first, last int64
		ok          bool
	}{
		{"0-1023", 0, 1023, true},
		{"bytes=0-1023", 0, 1023, true},
		{"bytes 0-1023/*", 0, 1023, true},
		{"bytes 5242880-10485759/10485760", 5242880, 10485759, true},
		{"Bytes=7-7", 7, 7, true},
		{" 10-20 ", 10, 20, true},
		{"0-9223372036854775807", 0, 9223372036854775807, true},
		{"", 0, 0, false},
		{"0-", 0, 0, false},
		{"-5", 0, 0, false},
		{"5-4", 0, 0, false},
		{"a-b", 0, 0, false},
		{"0--1", 0, 0, false},
		{"+0-5", 0, 0, false},
		{"0-9223372036854775808", 0, 0, false},
		{"bytes 0-1023/1023", 0, 0, false},
		{"bytes 0-1023/x", 0, 0, false},
		{"bytes=", 0, 0, false},
		{"bytes */1024", 0, 0, false},
		{"items=0-5", 0, 0, false},
		{"0 - 5", 0, 0, false},
	}
	for _, tc := range tests {
		f, l, err := ParseContentRange(tc.v)
		if !tc.ok {
			assert.Error(t, err, "%q", tc.v)
			continue
		}
		if assert.NoError(t, err, "%q", tc.v) {
			assert.Equal(t, [2]int64{tc.first, tc.last}, [2]int64{f, l}, "%q", tc.v)
		}
	}
}

func TestFormatRange(t *testing.T) {
	assert.Equal(t, "0-0", FormatRange(0))
	assert.Equal(t, "0-0", FormatRange(1))
	assert.Equal(t, "0-10485759", FormatRange(10485760))
	assert.Equal(t, "0-0", FormatRange(-3))
}

func TestParseAccept(t *testing.T) {
	tests := []struct {
		in   []string
		want []string
	}{
		{nil, nil},
		{[]string{""}, nil},
		{[]string{"application/vnd.oci.image.manifest.v1+json"}, []string{"application/vnd.oci.image.manifest.v1+json"}},
		{[]string{"a/b, c/d;q=0.9 ,e/f ; q=0.1", "g/h", "a/b"}, []string{"a/b", "c/d", "e/f", "g/h"}},
		{[]string{" , ;q=1,", "*/*"}, []string{"*/*"}},
		{[]string{"application/json", "application/vnd.docker.distribution.manifest.v1+prettyjws"},
			[]string{"application/json", "application/vnd.docker.distribution.manifest.v1+prettyjws"}},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, ParseAccept(tc.in), "%q", tc.in)
	}
}

func TestParseHost(t *testing.T) {
	tests := []struct {
		host, account, region string
		ok                    bool
	}{
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com", "123456789012", "us-east-1", true},
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com:443", "123456789012", "us-east-1", true},
		{"123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "123456789012", "us-gov-west-1", true},
		{"123456789012.dkr-ecr.eu-west-1.on.aws", "123456789012", "eu-west-1", true},
		{"123456789012.dkr-ecr-fips.us-east-2.on.aws", "123456789012", "us-east-2", true},
		{"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "123456789012", "cn-north-1", true},
		{"123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn", "123456789012", "cn-northwest-1", true},
		{"123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu", "123456789012", "eusc-de-east-1", true},
		{"123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov", "123456789012", "us-isob-east-1", true},
		{"123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM", "123456789012", "us-east-1", true},
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com.", "123456789012", "us-east-1", true},
		{"12345678901.dkr.ecr.us-east-1.amazonaws.com", "", "", false},
		{"1234567890123.dkr.ecr.us-east-1.amazonaws.com", "", "", false},
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example", "", "", false},
		{"api.ecr.us-east-1.amazonaws.com", "", "", false},
		{"public.ecr.aws", "", "", false},
		{"127.0.0.1:5000", "", "", false},
		{"localhost", "", "", false},
		{"", "", "", false},
		{"[::1]:5000", "", "", false},
	}
	for _, tc := range tests {
		a, r, ok := ParseHost(tc.host)
		assert.Equal(t, tc.ok, ok, tc.host)
		assert.Equal(t, tc.account, a, tc.host)
		assert.Equal(t, tc.region, r, tc.host)
	}
}

func TestRegistryHost(t *testing.T) {
	assert.Equal(t, "123456789012.dkr.ecr.us-east-1.amazonaws.com", RegistryHost("123456789012", "us-east-1"))
	assert.Equal(t, "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", RegistryHost("123456789012", "cn-north-1"))
	a, r, ok := ParseHost(RegistryHost("123456789012", "cn-north-1"))
	assert.True(t, ok)
	assert.Equal(t, [2]string{"123456789012", "cn-north-1"}, [2]string{a, r})
}

func TestNextLink(t *testing.T) {
	assert.Equal(t,
		`<https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/my-image/tags/list?last=LONGSTRING%2B%2F%3D&n=50>; rel="next"`,
		NextLink("https", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "/v2/my-image/tags/list", url.Values{"last": {"LONGSTRING+/="}, "n": {"50"}}))
	assert.Equal(t, `<http://127.0.0.1:5000/v2/_catalog?last=t>; rel="next"`,
		NextLink("http", "127.0.0.1:5000", "/v2/_catalog", url.Values{"last": {"t"}}))
}
