package registry

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Error is one registry error: the HTTP status, the error code of the
// {"errors":[{"code","message"}]} body, and its message. An Error with no
// Code is written as plain text (ECR's router's "404 page not found" and
// the 401 "Not Authorized").
type Error struct {
	Status  int
	Code    string
	Message string
}

// Error renders "CODE: message" as registry clients print it, or the plain
// text of a code-less error.
func (e *Error) Error() string {
	if e.Code == "" {
		return strings.TrimSuffix(e.Message, "\n")
	}
	return e.Code + ": " + e.Message
}

// The registry error codes ECR uses (and the distribution-spec codes the
// fake uses where ECR's are unknown).
const (
	CodeNameUnknown       = "NAME_UNKNOWN"
	CodeNameInvalid       = "NAME_INVALID"
	CodeManifestUnknown   = "MANIFEST_UNKNOWN"
	CodeManifestInvalid   = "MANIFEST_INVALID"
	CodeBlobUnknown       = "BLOB_UNKNOWN"
	CodeBlobUploadInvalid = "BLOB_UPLOAD_INVALID"
	CodeBlobUploadUnknown = "BLOB_UPLOAD_UNKNOWN"
	CodeDigestInvalid     = "DIGEST_INVALID"
	CodeTagInvalid        = "TAG_INVALID"
	CodeUnsupported       = "UNSUPPORTED"
	CodeDenied            = "DENIED"
	CodeTooManyRequests   = "TOOMANYREQUESTS"
	CodeUnavailable       = "UNAVAILABLE"
	CodeUnknown           = "UNKNOWN"
)

// Texts ECR sends, verbatim.
const (
	// NotAuthorizedBody is the plain-text body of ECR's 401.
	NotAuthorizedBody = "Not Authorized\n"
	// NotFoundBody is the plain-text body of a path ECR's router does not know.
	NotFoundBody = "404 page not found\n"

	msgTokenExpired      = "Your authorization token has expired. Reauthenticate and try again."
	msgImageNotFound     = "Requested image not found"
	msgRateExceeded      = "Rate exceeded"
	msgInvalidMaxResults = "Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to 1000'"
	msgInvalidNextToken  = "Invalid parameter at 'NextToken' failed to satisfy constraint: 'Invalid next token provided'"
	msgInvalidJSON       = "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"
	msgDigestMismatch    = "None of the provided layer digests match the calculated layer digest"
)

func newError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// --- authentication and authorization ---

// Unauthorized is ECR's 401 (plain text; [WriteUnauthorized] adds the
// challenge). Missing, malformed or wrong credentials, and Bearer, get it.
func Unauthorized() *Error { return newError(http.StatusUnauthorized, "", NotAuthorizedBody) }

// TokenExpired is ECR's answer to a token past its expiresAt: 403 DENIED,
// no challenge.
func TokenExpired() *Error { return newError(http.StatusForbidden, CodeDenied, msgTokenExpired) }

// Denied is 403 DENIED with the given text.
func Denied(message string) *Error { return newError(http.StatusForbidden, CodeDenied, message) }

// NotAuthorizedToPerform is 403 DENIED with ECR's IAM denial text:
// "User: <principal> is not authorized to perform: ecr:<action> on
// resource: arn:aws:ecr:<region>:<account>:repository/<repo>".
func NotAuthorizedToPerform(principalARN, action, region, account, repo string) *Error {
	return Denied(fmt.Sprintf("User: %s is not authorized to perform: ecr:%s on resource: arn:aws:ecr:%s:%s:repository/%s",
		principalARN, action, region, account, repo))
}

// TooManyRequests is ECR's throttling answer: 429 TOOMANYREQUESTS "Rate exceeded".
func TooManyRequests() *Error {
	return newError(http.StatusTooManyRequests, CodeTooManyRequests, msgRateExceeded)
}

// --- routing ---

// NotFound is the answer to a path that is no registry route: 404 with the
// plain text "404 page not found", as ECR's router answered routes it did
// not have (containers-roadmap#1229).
func NotFound() *Error { return newError(http.StatusNotFound, "", NotFoundBody) }

// MethodNotAllowed is 405 UNSUPPORTED for a method the route does not have.
func MethodNotAllowed(method string, k Kind) *Error {
	allowed := k.Method()
	if k == KindPing {
		allowed = "GET or HEAD"
	}
	for _, kk := range siblings(k) {
		if kk != k {
			allowed += ", " + kk.Method()
		}
	}
	return Unsupported(fmt.Sprintf("The operation is unsupported: method %q is not allowed on this route (allowed: %s)", method, allowed))
}

// siblings are the kinds sharing a path with k, in a fixed order.
func siblings(k Kind) []Kind {
	switch k {
	case KindManifestGet, KindManifestHead, KindManifestPut, KindManifestDelete:
		return []Kind{KindManifestGet, KindManifestHead, KindManifestPut, KindManifestDelete}
	case KindBlobGet, KindBlobHead, KindBlobDelete:
		return []Kind{KindBlobGet, KindBlobHead, KindBlobDelete}
	case KindUploadPatch, KindUploadComplete, KindUploadStatus, KindUploadCancel:
		return []Kind{KindUploadStatus, KindUploadPatch, KindUploadComplete, KindUploadCancel}
	}
	return nil
}

// NameInvalid is 400 NAME_INVALID for a repository name that is not one
// (the fake's text; ECR's is unknown).
func NameInvalid(name string) *Error {
	return newError(http.StatusBadRequest, CodeNameInvalid, fmt.Sprintf(
		"Invalid repository name '%s': a name is 2 to 256 characters, components of lowercase letters and digits separated by '.', '_', '__' or '-', joined by '/'", name))
}

// traversal is NAME_INVALID for a path whose name part has an empty, '.' or
// '..' segment or a percent-encoded character.
func traversal(path string) *Error {
	return newError(http.StatusBadRequest, CodeNameInvalid, fmt.Sprintf(
		"Invalid repository name in path '%s': empty, '.' and '..' segments and percent-encoded characters are not allowed", path))
}

// DigestInvalid is 400 DIGEST_INVALID for a reference that is no digest.
func DigestInvalid(digest string) *Error {
	return newError(http.StatusBadRequest, CodeDigestInvalid, fmt.Sprintf(
		"Invalid digest '%s': a digest is 'sha256:' followed by 64 lowercase hex digits", digest))
}

// TagFormatInvalid is 400 TAG_INVALID for a manifest reference that is
// neither a digest nor a valid tag.
func TagFormatInvalid(tag string) *Error {
	return newError(http.StatusBadRequest, CodeTagInvalid, fmt.Sprintf(
		"Invalid image tag '%s': a tag is 1 to 300 characters of letters, digits, '-', '_' and '.'", tag))
}

// InvalidMaxResults is ECR's answer to n > 1000 (405 UNSUPPORTED, real text).
func InvalidMaxResults() *Error { return Unsupported(msgInvalidMaxResults) }

// MaxResultsTooSmall is the answer to n=0, in the same form.
func MaxResultsTooSmall() *Error {
	return Unsupported("Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value greater than or equal to 1'")
}

// InvalidN answers an n that is not a decimal integer.
func InvalidN(n string) *Error {
	return Unsupported(fmt.Sprintf("Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must be a positive integer, got %q'", n))
}

// InvalidNextToken is ECR's answer to a last= it did not issue (405
// UNSUPPORTED, real text).
func InvalidNextToken() *Error { return Unsupported(msgInvalidNextToken) }

// --- repositories and manifests ---

// NameUnknown is ECR's answer for a repository that does not exist.
func NameUnknown(repo, registryID string) *Error {
	return newError(http.StatusNotFound, CodeNameUnknown, fmt.Sprintf(
		"The repository with name '%s' does not exist in the registry with id '%s'", repo, registryID))
}

// ManifestUnknown is ECR's answer for a tag or digest with no image (and
// for a delete of an unknown digest).
func ManifestUnknown() *Error {
	return newError(http.StatusNotFound, CodeManifestUnknown, msgImageNotFound)
}

// TagInvalid is ECR's answer to a PUT that would move an immutable tag
// (400 TAG_INVALID, the current text).
func TagInvalid(tag, repo string) *Error {
	return newError(http.StatusBadRequest, CodeTagInvalid, fmt.Sprintf(
		"The image tag '%s' already exists in the '%s' repository and cannot be overwritten because the tag is immutable.", tag, repo))
}

// Unsupported is 405 UNSUPPORTED, ECR's answer to validation failures.
func Unsupported(message string) *Error {
	return newError(http.StatusMethodNotAllowed, CodeUnsupported, message)
}

// InvalidManifestJSON is ECR's answer to a manifest it cannot accept.
func InvalidManifestJSON() *Error { return Unsupported(msgInvalidJSON) }

// UnsupportedManifestType is ECR's 400 for a Content-Type that is no
// manifest type it stores: `Unsupported manifest type: "<type>"`.
func UnsupportedManifestType(mediaType string) *Error {
	return newError(http.StatusBadRequest, CodeUnsupported, `Unsupported manifest type: "`+mediaType+`"`)
}

// ManifestDeleteByTagUnsupported answers DELETE of a manifest by tag (the
// fake's text: ECR deletes by digest).
func ManifestDeleteByTagUnsupported(tag string) *Error {
	return Unsupported(fmt.Sprintf("The operation is unsupported: manifests are deleted by digest, not by tag ('%s')", tag))
}

// BlobDeleteUnsupported answers DELETE of a blob (the fake's text: ECR has
// no blob deletion; blobs go with the images that reference them).
func BlobDeleteUnsupported() *Error {
	return Unsupported("The operation is unsupported: blobs cannot be deleted; delete the images that reference them")
}

// --- blobs and uploads ---

// BlobUnknown is 404 BLOB_UNKNOWN for a blob the repository does not hold
// (the fake's text; a HEAD answers a bare 404).
func BlobUnknown(digest string) *Error {
	return newError(http.StatusNotFound, CodeBlobUnknown, fmt.Sprintf("The layer with digest '%s' does not exist in the repository", digest))
}

// BlobUploadUnknown is 404 BLOB_UPLOAD_UNKNOWN for an upload id that names
// no open upload (the fake's text).
func BlobUploadUnknown(uploadID string) *Error {
	return newError(http.StatusNotFound, CodeBlobUploadUnknown, fmt.Sprintf("The upload with id '%s' does not exist", uploadID))
}

// BlobUploadInvalid is 400 BLOB_UPLOAD_INVALID with the given text.
func BlobUploadInvalid(message string) *Error {
	return newError(http.StatusBadRequest, CodeBlobUploadInvalid, message)
}

// EmptyUpload is ECR's answer to completing an upload with no bytes.
func EmptyUpload(uploadID, repo, registryID string) *Error {
	return BlobUploadInvalid(fmt.Sprintf(
		"The upload with id '%s' in the repository with name '%s' in registry with id '%s' cannot be completed because it does not have any parts.",
		uploadID, repo, registryID))
}

// DigestMismatch is ECR's answer to completing an upload whose bytes do not
// hash to the given digest.
func DigestMismatch() *Error { return BlobUploadInvalid(msgDigestMismatch) }

// RangeInvalid is ECR's 416 for a chunk that does not start at the
// upload's next byte.
func RangeInvalid(got, want int64) *Error {
	return newError(http.StatusRequestedRangeNotSatisfiable, CodeBlobUploadInvalid,
		"First byte of the layer part is "+strconv.FormatInt(got, 10)+" instead of "+strconv.FormatInt(want, 10))
}

// ContentRangeInvalid is 416 BLOB_UPLOAD_INVALID for a Content-Range header
// that does not parse (the fake's text).
func ContentRangeInvalid(value string) *Error {
	return newError(http.StatusRequestedRangeNotSatisfiable, CodeBlobUploadInvalid,
		fmt.Sprintf("Invalid Content-Range '%s': expected '<first>-<last>'", value))
}

// ServerError is 500 UNKNOWN with the given text.
func ServerError(message string) *Error {
	return newError(http.StatusInternalServerError, CodeUnknown, message)
}

// --- writing ---

// SetCommonHeaders sets the headers ECR sends on every registry response:
// Docker-Distribution-Api-Version: registry/2.0.
func SetCommonHeaders(h http.Header) {
	h["Docker-Distribution-Api-Version"] = []string{"registry/2.0"}
}

// SetEmptySizes adds the empty "Sizes:" header ECR sends on 401 and on
// manifest HEAD responses.
func SetEmptySizes(h http.Header) { h["Sizes"] = []string{""} }

// Body is the response body of e: {"errors":[{"code":..,"message":..}]}
// without a trailing newline, or the plain text of a code-less error.
func (e *Error) Body() []byte {
	if e.Code == "" {
		return []byte(e.Message)
	}
	type item struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct {
		Errors []item `json:"errors"`
	}{[]item{{e.Code, e.Message}}}) // cannot fail: two strings
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// ContentType is the Content-Type of e's body.
func (e *Error) ContentType() string {
	if e.Code == "" {
		return "text/plain; charset=utf-8"
	}
	return "application/json; charset=utf-8"
}

// WriteError writes e with the common headers, its Content-Type and
// Content-Length. A nil e is a 500. For a 401 use [WriteUnauthorized] (or
// [Write]), which adds the challenge.
func WriteError(w http.ResponseWriter, e *Error) {
	if e == nil {
		e = ServerError("internal error: no error to write")
	}
	body := e.Body()
	h := w.Header()
	SetCommonHeaders(h)
	h.Set("Content-Type", e.ContentType())
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// WriteUnauthorized writes ECR's 401: the Basic challenge naming the
// request's host as realm, the empty Sizes header, and "Not Authorized".
func WriteUnauthorized(w http.ResponseWriter, host string) {
	h := w.Header()
	SetCommonHeaders(h)
	SetEmptySizes(h)
	h.Set("Www-Authenticate", Challenge(host))
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(NotAuthorizedBody)))
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(NotAuthorizedBody))
}

// Challenge is ECR's Www-Authenticate value for host:
// Basic realm="https://<host>/",service="ecr.amazonaws.com".
func Challenge(host string) string {
	return `Basic realm="https://` + host + `/",service="ecr.amazonaws.com"`
}

// Write writes e for a request to host: a 401 as [WriteUnauthorized],
// anything else as [WriteError].
func Write(w http.ResponseWriter, e *Error, host string) {
	if e != nil && e.Status == http.StatusUnauthorized {
		WriteUnauthorized(w, host)
		return
	}
	WriteError(w, e)
}
