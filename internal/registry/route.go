package registry

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ecrfake/go-ecrfake/internal/manifest"
)

// Kind names what a registry request asks for. The zero Kind is no route.
type Kind uint8

// The routes of ECR's registry endpoint.
const (
	KindNone           Kind = iota
	KindPing                // GET or HEAD /v2/
	KindCatalog             // GET /v2/_catalog
	KindTagsList            // GET /v2/<name>/tags/list
	KindManifestGet         // GET /v2/<name>/manifests/<reference>
	KindManifestHead        // HEAD /v2/<name>/manifests/<reference>
	KindManifestPut         // PUT /v2/<name>/manifests/<reference>
	KindManifestDelete      // DELETE /v2/<name>/manifests/<reference>
	KindBlobGet             // GET /v2/<name>/blobs/<digest>
	KindBlobHead            // HEAD /v2/<name>/blobs/<digest>
	KindBlobDelete          // DELETE /v2/<name>/blobs/<digest>
	KindUploadStart         // POST /v2/<name>/blobs/uploads/ (?digest= monolithic, ?mount=&from=)
	KindUploadPatch         // PATCH /v2/<name>/blobs/uploads/<id>
	KindUploadComplete      // PUT /v2/<name>/blobs/uploads/<id>?digest=
	KindUploadStatus        // GET /v2/<name>/blobs/uploads/<id>
	KindUploadCancel        // DELETE /v2/<name>/blobs/uploads/<id>
	KindReferrers           // GET /v2/<name>/referrers/<digest>
	kindCount
)

var kindNames = [kindCount]string{
	KindNone:           "None",
	KindPing:           "Ping",
	KindCatalog:        "Catalog",
	KindTagsList:       "TagsList",
	KindManifestGet:    "ManifestGet",
	KindManifestHead:   "ManifestHead",
	KindManifestPut:    "ManifestPut",
	KindManifestDelete: "ManifestDelete",
	KindBlobGet:        "BlobGet",
	KindBlobHead:       "BlobHead",
	KindBlobDelete:     "BlobDelete",
	KindUploadStart:    "UploadStart",
	KindUploadPatch:    "UploadPatch",
	KindUploadComplete: "UploadComplete",
	KindUploadStatus:   "UploadStatus",
	KindUploadCancel:   "UploadCancel",
	KindReferrers:      "Referrers",
}

// String returns the route's name, e.g. "ManifestGet".
func (k Kind) String() string {
	if k < kindCount {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Method is the HTTP method of the route (GET for a ping, which also
// answers HEAD).
func (k Kind) Method() string {
	switch k {
	case KindManifestHead, KindBlobHead:
		return http.MethodHead
	case KindManifestPut, KindUploadComplete:
		return http.MethodPut
	case KindManifestDelete, KindBlobDelete, KindUploadCancel:
		return http.MethodDelete
	case KindUploadStart:
		return http.MethodPost
	case KindUploadPatch:
		return http.MethodPatch
	case KindNone:
		return ""
	}
	return http.MethodGet
}

// Route is a parsed registry request: what it asks for and the operands the
// path and query name. Fields a route does not use are zero.
type Route struct {
	Kind         Kind
	Name         string // repository name ("" for ping and catalog)
	Reference    string // manifests: tag or digest; blobs and referrers: digest
	UploadID     string // uploads: the upload id (the API's uploadId)
	Digest       string // ?digest= (upload start and complete)
	Mount, From  string // ?mount= & from= (upload start)
	N            int    // ?n= (catalog and tags list; HasN says whether it was given)
	HasN         bool
	Last         string // ?last= (catalog and tags list; opaque)
	ArtifactType string // ?artifactType= (referrers)
}

// ByDigest reports whether a manifest route names its image by digest
// rather than by tag.
func (r Route) ByDigest() bool { return strings.IndexByte(r.Reference, ':') >= 0 }

// Path is the canonical escaped path of the route: what a client sends for
// it ("/v2/<name>/blobs/uploads/" for an upload start).
func (r Route) Path() string {
	switch r.Kind {
	case KindNone:
		return ""
	case KindPing:
		return "/v2/"
	case KindCatalog:
		return "/v2/_catalog"
	case KindTagsList:
		return "/v2/" + r.Name + "/tags/list"
	case KindManifestGet, KindManifestHead, KindManifestPut, KindManifestDelete:
		return ManifestPath(r.Name, r.Reference)
	case KindBlobGet, KindBlobHead, KindBlobDelete:
		return BlobPath(r.Name, r.Reference)
	case KindUploadStart:
		return "/v2/" + r.Name + "/blobs/uploads/"
	case KindReferrers:
		return "/v2/" + r.Name + "/referrers/" + r.Reference
	}
	return UploadPath(r.Name, r.UploadID)
}

// Query is the route's query: the parameters Parse read, re-encoded.
func (r Route) Query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("digest", r.Digest)
	set("mount", r.Mount)
	set("from", r.From)
	if r.HasN {
		q.Set("n", strconv.Itoa(r.N))
	}
	set("last", r.Last)
	set("artifactType", r.ArtifactType)
	return q
}

// URL is the route as a request URL relative to the registry host: Path
// and Query. Parse(r.Kind.Method(), r.URL()) gives r back.
func (r Route) URL() *url.URL {
	return &url.URL{Path: r.Path(), RawQuery: r.Query().Encode()}
}

// ManifestPath is "/v2/<name>/manifests/<reference>".
func ManifestPath(name, reference string) string {
	return "/v2/" + name + "/manifests/" + reference
}

// BlobPath is "/v2/<name>/blobs/<digest>", the Location of a mounted or
// completed blob.
func BlobPath(name, digest string) string { return "/v2/" + name + "/blobs/" + digest }

// UploadPath is "/v2/<name>/blobs/uploads/<uploadID>", the Location of an
// upload session.
func UploadPath(name, uploadID string) string {
	return "/v2/" + name + "/blobs/uploads/" + uploadID
}

// Parse routes a registry request. The path is read escaped
// (u.EscapedPath()), so an encoded slash can never move the boundary between
// the repository name and the rest:
//
//   - repository names contain '/', so the route is decided by the last path
//     segments: .../blobs/uploads/[<id>], .../tags/list, .../manifests/<ref>,
//     .../blobs/<digest>, .../referrers/<digest>; everything before them is
//     the name. No valid name can make that ambiguous.
//   - the name must match ECR's pattern and be 2 to 256 characters; an empty,
//     '.' or '..' segment anywhere, or any percent-encoding in the name, is
//     refused with 400 NAME_INVALID (see [NameInvalid]).
//   - a manifest reference is a digest when it contains ':', else a tag
//     (ECR's tag pattern [a-zA-Z0-9-_.]+, 1 to 300 characters); blobs and
//     referrers take digests only ([IsDigest]). Bad ones get 400
//     DIGEST_INVALID or TAG_INVALID.
//   - ?n= must be a positive integer; above 1000 it gets ECR's 405
//     UNSUPPORTED maxResults error ([InvalidMaxResults]).
//   - a path with no route is 404 "404 page not found" in plain text, as
//     ECR's router answers ([NotFound]); a method the route does not have is
//     405 UNSUPPORTED ([MethodNotAllowed]).
//
// Parse never panics; a nil URL is not found.
func Parse(method string, u *url.URL) (Route, *Error) {
	if u == nil || u.Opaque != "" {
		return Route{}, NotFound()
	}
	p := u.EscapedPath()
	if p == "/v2" || p == "/v2/" {
		if method != http.MethodGet && method != http.MethodHead {
			return Route{}, MethodNotAllowed(method, KindPing)
		}
		return Route{Kind: KindPing}, nil
	}
	rest, ok := strings.CutPrefix(p, "/v2/")
	if !ok {
		return Route{}, NotFound()
	}
	query, _ := url.ParseQuery(u.RawQuery) // what net/http's Query() keeps of a malformed query
	if rest == "_catalog" {
		if method != http.MethodGet {
			return Route{}, MethodNotAllowed(method, KindCatalog)
		}
		r := Route{Kind: KindCatalog}
		if e := r.readPage(query); e != nil {
			return Route{}, e
		}
		return r, nil
	}

	segs := strings.Split(rest, "/")
	n := len(segs)
	var (
		r       Route
		nameEnd int    // segs[:nameEnd] is the name
		operand string // the escaped last segment: reference, digest or upload id
	)
	switch {
	case n >= 3 && segs[n-3] == "blobs" && segs[n-2] == "uploads":
		nameEnd, operand = n-3, segs[n-1]
		if operand == "" {
			r.Kind = KindUploadStart
		} else {
			r.Kind = uploadKind(method)
		}
	case n >= 3 && segs[n-2] == "tags" && segs[n-1] == "list":
		nameEnd, r.Kind = n-2, KindTagsList
	case n >= 2 && segs[n-2] == "manifests":
		nameEnd, operand, r.Kind = n-2, segs[n-1], manifestKind(method)
	case n >= 2 && segs[n-2] == "blobs" && segs[n-1] == "uploads":
		nameEnd, r.Kind = n-2, KindUploadStart // POST .../blobs/uploads without the slash
	case n >= 2 && segs[n-2] == "blobs":
		nameEnd, operand, r.Kind = n-2, segs[n-1], blobKind(method)
	case n >= 2 && segs[n-2] == "referrers":
		nameEnd, operand, r.Kind = n-2, segs[n-1], KindReferrers
	default:
		return Route{}, NotFound()
	}
	name := strings.Join(segs[:nameEnd], "/")
	if e := checkSegments(p, segs[:nameEnd]); e != nil {
		return Route{}, e
	}
	if e := checkName(name); e != nil {
		return Route{}, e
	}
	r.Name = name

	// The operand may be percent-encoded (some clients encode the ':' of a
	// digest); it is decoded, then held to its pattern, so an encoded '/'
	// or dot segment fails there.
	if operand == "" && r.Kind != KindUploadStart && r.Kind != KindTagsList {
		return Route{}, NotFound() // ".../manifests/" names nothing
	}
	if operand != "" {
		dec, err := url.PathUnescape(operand)
		if err != nil || dec == "." || dec == ".." {
			return Route{}, traversal(p)
		}
		operand = dec
	}

	// The method decides between routes sharing a path; a kind that does not
	// take this method is 405.
	if r.Kind.Method() != method {
		return Route{}, MethodNotAllowed(method, r.Kind)
	}

	switch r.Kind {
	case KindManifestGet, KindManifestHead, KindManifestPut, KindManifestDelete:
		if e := checkReference(operand); e != nil {
			return Route{}, e
		}
		r.Reference = operand
	case KindBlobGet, KindBlobHead, KindBlobDelete, KindReferrers:
		if !IsDigest(operand) {
			return Route{}, DigestInvalid(operand)
		}
		r.Reference = operand
		if r.Kind == KindReferrers {
			r.ArtifactType = query.Get("artifactType")
		}
	case KindUploadStart:
		if e := r.readUploadStart(query); e != nil {
			return Route{}, e
		}
	case KindUploadPatch, KindUploadComplete, KindUploadStatus, KindUploadCancel:
		if !IsUploadID(operand) {
			return Route{}, BlobUploadUnknown(operand)
		}
		r.UploadID = operand
		if r.Kind == KindUploadComplete {
			d, e := digestParam(query, "digest")
			if e != nil {
				return Route{}, e
			}
			r.Digest = d
		}
	case KindTagsList:
		if e := r.readPage(query); e != nil {
			return Route{}, e
		}
	}
	return r, nil
}

func manifestKind(method string) Kind {
	switch method {
	case http.MethodGet:
		return KindManifestGet
	case http.MethodHead:
		return KindManifestHead
	case http.MethodPut:
		return KindManifestPut
	case http.MethodDelete:
		return KindManifestDelete
	}
	return KindManifestGet // method checked by Parse: 405
}

func blobKind(method string) Kind {
	switch method {
	case http.MethodHead:
		return KindBlobHead
	case http.MethodDelete:
		return KindBlobDelete
	}
	return KindBlobGet
}

func uploadKind(method string) Kind {
	switch method {
	case http.MethodPatch:
		return KindUploadPatch
	case http.MethodPut:
		return KindUploadComplete
	case http.MethodDelete:
		return KindUploadCancel
	}
	return KindUploadStatus
}

// readPage reads ?n= and ?last= of the catalog and the tags list.
func (r *Route) readPage(q url.Values) *Error {
	if v, ok := q["n"]; ok && len(v) > 0 {
		n, e := parseN(v[0])
		if e != nil {
			return e
		}
		r.N, r.HasN = n, true
	}
	r.Last = q.Get("last")
	return nil
}

// parseN accepts decimal digits only: no sign, no spaces. Values too large
// for an int are above 1000 all the same.
func parseN(s string) (int, *Error) {
	if s == "" {
		return 0, InvalidN(s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, InvalidN(s)
		}
	}
	t := strings.TrimLeft(s, "0")
	if len(t) > 4 {
		return 0, InvalidMaxResults()
	}
	n, _ := strconv.Atoi("0" + t)
	switch {
	case n == 0:
		return 0, MaxResultsTooSmall()
	case n > MaxPageSize:
		return 0, InvalidMaxResults()
	}
	return n, nil
}

// readUploadStart reads ?digest= (a monolithic upload) and ?mount=&from=
// (a cross-repository mount).
func (r *Route) readUploadStart(q url.Values) *Error {
	d, e := digestParam(q, "digest")
	if e != nil {
		return e
	}
	r.Digest = d
	m, e := digestParam(q, "mount")
	if e != nil {
		return e
	}
	r.Mount = m
	if from := q.Get("from"); from != "" {
		if e := checkName(from); e != nil {
			return e
		}
		r.From = from
	}
	return nil
}

// digestParam reads a digest query parameter; absent or empty is "".
func digestParam(q url.Values, key string) (string, *Error) {
	d := q.Get(key)
	if d != "" && !IsDigest(d) {
		return "", DigestInvalid(d)
	}
	return d, nil
}

// checkSegments refuses empty, '.' and '..' segments and percent-encoding
// in the name's segments (escaped form).
func checkSegments(path string, segs []string) *Error {
	for _, s := range segs {
		if s == "" || s == "." || s == ".." || strings.IndexByte(s, '%') >= 0 {
			return traversal(path)
		}
	}
	return nil
}

// MaxNameLength and MinNameLength bound ECR repository names.
const (
	MinNameLength = 2
	MaxNameLength = 256
	// MaxTagLength bounds ECR image tags.
	MaxTagLength = 300
	// MaxPageSize is the largest n ECR accepts; DefaultPageSize is what a
	// list without n returns.
	MaxPageSize     = 1000
	DefaultPageSize = 100
)

func checkName(name string) *Error {
	if !IsRepositoryName(name) {
		return NameInvalid(name)
	}
	return nil
}

// checkReference holds a manifest reference to ECR's tag or digest syntax.
func checkReference(ref string) *Error {
	if strings.IndexByte(ref, ':') >= 0 {
		if !IsDigest(ref) {
			return DigestInvalid(ref)
		}
		return nil
	}
	if !IsTag(ref) {
		return TagFormatInvalid(ref)
	}
	return nil
}

// IsRepositoryName reports whether s is a valid ECR repository name:
// 2 to 256 characters matching
// [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*.
func IsRepositoryName(s string) bool {
	if len(s) < MinNameLength || len(s) > MaxNameLength {
		return false
	}
	for _, comp := range strings.Split(s, "/") {
		if !isNameComponent(comp) {
			return false
		}
	}
	return true
}

// isNameComponent matches [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*: alphanumeric
// runs joined by '.', '_', '__' or any run of '-'.
func isNameComponent(c string) bool {
	i := 0
	for {
		start := i
		for i < len(c) && isLowerAlnum(c[i]) {
			i++
		}
		if i == start {
			return false // empty run: leading, trailing or doubled separator
		}
		if i == len(c) {
			return true
		}
		switch c[i] {
		case '.':
			i++
		case '_':
			i++
			if i < len(c) && c[i] == '_' {
				i++
			}
		case '-':
			for i < len(c) && c[i] == '-' {
				i++
			}
		default:
			return false
		}
	}
}

func isLowerAlnum(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }

// IsTag reports whether s is a valid ECR image tag: 1 to 300 characters of
// [a-zA-Z0-9-_.].
func IsTag(s string) bool {
	if len(s) == 0 || len(s) > MaxTagLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isLowerAlnum(c) || c >= 'A' && c <= 'Z' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// IsDigest reports whether s is a digest the registry accepts: "sha256:"
// with 64 lowercase hex digits, "sha512:" with 128, or another algorithm
// as ECR's digest pattern [a-zA-Z0-9-_+.]+:[a-fA-F0-9]+ allows (lowercase
// hex, as the OCI digest grammar requires).
func IsDigest(s string) bool {
	_, enc, _ := strings.Cut(s, ":")
	return manifest.IsValidDigest(s) && !strings.ContainsAny(enc, "ABCDEF")
}

// IsUploadID reports whether s has the shape of an ECR upload id (a UUID,
// either case).
func IsUploadID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}
