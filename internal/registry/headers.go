package registry

import (
	"encoding/base64"
	"errors"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ParseBasicAuth returns the token of an "Authorization: Basic <token>"
// header as sent (the scheme is case-insensitive, surrounding blanks are
// dropped). Any other scheme, Bearer included, or an empty token is not ok.
func ParseBasicAuth(header string) (token string, ok bool) {
	const prefix = "Basic "
	if len(header) < len(prefix) || !strings.EqualFold(header[:len(prefix)], prefix) {
		return "", false
	}
	token = strings.Trim(header[len(prefix):], " \t")
	return token, token != ""
}

// DecodeBasicToken decodes a Basic token (standard base64 of
// "user:password") and splits it at the first ':', as the credential helper
// does. Checking that the user is "AWS" is the caller's business.
func DecodeBasicToken(token string) (user, password string, ok bool) {
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return "", "", false
	}
	user, password, ok = strings.Cut(string(raw), ":")
	if !ok {
		return "", "", false
	}
	return user, password, true
}

// ParseContentRange reads the Content-Range of a chunk upload in the forms
// clients send: "0-1023" (Docker and distribution), "bytes=0-1023" and
// "bytes 0-1023/*" or "bytes 0-1023/1024" (RFC 9110's form, with a total
// length that must exceed last). Both ends are inclusive; first <= last.
func ParseContentRange(v string) (first, last int64, err error) {
	s := strings.TrimSpace(v)
	if len(s) > 6 && strings.EqualFold(s[:5], "bytes") && (s[5] == '=' || s[5] == ' ') {
		s = strings.TrimLeft(s[6:], " ")
	}
	rng, total, hasTotal := strings.Cut(s, "/")
	a, b, ok := strings.Cut(rng, "-")
	if !ok {
		return 0, 0, errBadRange
	}
	if first, err = parseOffset(a); err != nil {
		return 0, 0, err
	}
	if last, err = parseOffset(b); err != nil {
		return 0, 0, err
	}
	if first > last {
		return 0, 0, errors.New("content range: first byte after last byte")
	}
	if hasTotal && total != "*" {
		size, err := parseOffset(total)
		if err != nil || last >= size {
			return 0, 0, errors.New("content range: total length does not cover the range")
		}
	}
	return first, last, nil
}

var errBadRange = errors.New("content range: want <first>-<last>")

// parseOffset accepts decimal digits only (no sign, no blanks), up to the
// largest int64.
func parseOffset(s string) (int64, error) {
	if s == "" || len(s) > 19 {
		return 0, errBadRange
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errBadRange
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errBadRange
	}
	return n, nil
}

// FormatRange is the Range header of an upload holding size bytes: ECR's
// "0-<size-1>", without "bytes=". An empty upload is "0-0", as
// distribution writes it.
func FormatRange(size int64) string {
	if size <= 0 {
		return "0-0"
	}
	return "0-" + strconv.FormatInt(size-1, 10)
}

// ParseAccept returns the media types of one or more Accept headers, in
// order and without duplicates: each header is split at commas, parameters
// (";q=0.5") and blanks are dropped, empty entries skipped.
func ParseAccept(values []string) []string {
	var out []string
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			mt, _, _ := strings.Cut(part, ";")
			mt = strings.TrimSpace(mt)
			if mt == "" || contains(out, mt) {
				continue
			}
			out = append(out, mt)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ecrHost is the amazon-ecr-credential-helper's pattern of a private ECR
// registry host: <account>.dkr.ecr[-fips].<region>.<partition suffix>, with
// the dual-stack form dkr-ecr[-fips].<region>.on.aws.
var ecrHost = regexp.MustCompile(`^(\d{12})\.dkr[\.\-]ecr(\-fips)?\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\.(amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$`)

// ParseHost reads the registry's account and region from a request's Host
// as the credential helper does (FIPS, dual-stack and China forms
// included). The port and a trailing dot are ignored; host names are
// case-insensitive.
func ParseHost(host string) (account, region string, ok bool) {
	h := host
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		if hh, _, err := net.SplitHostPort(h); err == nil {
			h = hh
		}
	}
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	m := ecrHost.FindStringSubmatch(h)
	if m == nil {
		return "", "", false
	}
	return m[1], m[3], true
}

// RegistryHost is the standard host of a registry: <account>.dkr.ecr.<region>.amazonaws.com
// (.amazonaws.com.cn in the China regions).
func RegistryHost(account, region string) string {
	suffix := ".amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix = ".amazonaws.com.cn"
	}
	return account + ".dkr.ecr." + region + suffix
}

// NextLink is the Link header of a paged list: the absolute URL of the next
// page and rel="next", e.g.
// <https://<host>/v2/<name>/tags/list?last=<token>&n=50>; rel="next".
func NextLink(scheme, host, path string, q url.Values) string {
	u := url.URL{Scheme: scheme, Host: host, Path: path, RawQuery: q.Encode()}
	return "<" + u.String() + `>; rel="next"`
}
