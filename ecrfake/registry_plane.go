package ecrfake

// The registry data plane: ECR's OCI distribution endpoint (/v2/) and the
// layer download URLs, as a second face on the same dispatcher and state.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/internal/registry"
	"github.com/ecrfake/go-ecrfake/internal/state"
)

// RegistryRequest is the input of a registry operation (OpRegistry...): one
// HTTP request to the registry endpoint, as routed. Faults, interceptors and
// the call log see it; the body is never copied into it.
type RegistryRequest struct {
	Method, Host, Path, RawQuery string
	// Repository, Reference (a manifest's tag or digest, a blob's digest)
	// and UploadID are the operands the path names, as routed.
	Repository, Reference, UploadID string
	ContentType                     string
	ContentLength                   int64 // -1 when unknown

	route    registry.Route
	header   http.Header
	body     io.Reader // nil: none
	scheme   string    // of the URLs the answer points to
	inMemory bool      // served through Transport
	account  string    // the registry addressed
}

// RegistryResponse is the output of a registry operation: the status and
// headers of the answer. Bodies are streamed to the client, never kept.
type RegistryResponse struct {
	Status int
	Header http.Header
	Digest string // Docker-Content-Digest where the request concerned one

	body         io.Reader
	serveContent io.ReadSeeker // a download with a Range header: http.ServeContent
	dropAfter    int64         // DropConnectionAfter: the body ends after this many bytes (-1: never)
}

var (
	registryRequestType  = reflect.TypeFor[RegistryRequest]()
	registryResponseType = reflect.TypeFor[RegistryResponse]()
)

// IsRegistry reports whether o is a registry data-plane operation.
func (o Op) IsRegistry() bool { return o >= firstRegistryOp && int(o) < len(opNames) }

// RegistryOps returns the registry data plane's operations, in order.
func RegistryOps() []Op {
	var out []Op
	for o := firstRegistryOp; int(o) < len(opNames); o++ {
		out = append(out, o)
	}
	return out
}

// APIAction returns the ECR API action a registry operation stands for, as
// IAM and CloudTrail name it (a manifest PUT is PutImage, a blob GET is
// GetDownloadUrlForLayer, ...). An API operation, and a registry operation
// with no API action (ping, blob DELETE, upload status and cancel), returns
// itself.
func (o Op) APIAction() Op {
	switch o {
	case OpRegistryCatalog:
		return OpDescribeRepositories
	case OpRegistryListTags:
		return OpListImages
	case OpRegistryGetManifest, OpRegistryHeadManifest:
		return OpBatchGetImage
	case OpRegistryPutManifest:
		return OpPutImage
	case OpRegistryDeleteManifest:
		return OpBatchDeleteImage
	case OpRegistryHeadBlob:
		return OpBatchCheckLayerAvailability
	case OpRegistryGetBlob, OpRegistryDownloadLayer:
		return OpGetDownloadUrlForLayer
	case OpRegistryStartUpload:
		return OpInitiateLayerUpload
	case OpRegistryPatchUpload:
		return OpUploadLayerPart
	case OpRegistryCompleteUpload:
		return OpCompleteLayerUpload
	case OpRegistryReferrers:
		return OpListImageReferrers
	}
	return o
}

var opOfKind = [...]Op{
	registry.KindPing:           OpRegistryPing,
	registry.KindCatalog:        OpRegistryCatalog,
	registry.KindTagsList:       OpRegistryListTags,
	registry.KindManifestGet:    OpRegistryGetManifest,
	registry.KindManifestHead:   OpRegistryHeadManifest,
	registry.KindManifestPut:    OpRegistryPutManifest,
	registry.KindManifestDelete: OpRegistryDeleteManifest,
	registry.KindBlobGet:        OpRegistryGetBlob,
	registry.KindBlobHead:       OpRegistryHeadBlob,
	registry.KindBlobDelete:     OpRegistryDeleteBlob,
	registry.KindUploadStart:    OpRegistryStartUpload,
	registry.KindUploadPatch:    OpRegistryPatchUpload,
	registry.KindUploadComplete: OpRegistryCompleteUpload,
	registry.KindUploadStatus:   OpRegistryUploadStatus,
	registry.KindUploadCancel:   OpRegistryCancelUpload,
	registry.KindReferrers:      OpRegistryReferrers,
}

// WithoutRegistryAuth turns off the registry endpoint's authentication, for
// tests that do not exercise it. By default the registry checks every
// request as ECR does: "Authorization: Basic <authorizationToken>" exactly
// as GetAuthorizationToken returned it (user AWS), valid until its
// expiresAt on the fake's clock; see (*Fake).Handler.
func WithoutRegistryAuth() Option {
	return func(cfg *config) { cfg.registryAuthOff = true }
}

// RegistryError is an error of the registry data plane as a client sees it:
// the HTTP status, the error code of the {"errors":[...]} body (empty for a
// plain-text answer such as the 401's "Not Authorized") and the message. A
// recorded registry call that failed (Call.Err) holds one; read it with
// errors.As. ErrRegistry builds one to inject.
type RegistryError = registry.Error

// ErrRegistry is a registry error to inject with Fail on a registry
// operation: the HTTP status, the error code of the {"errors":[...]} body
// and its message (ErrRegistry(503, "UNAVAILABLE", "try later")). A code of
// "" answers the message as plain text. ECR API exceptions (ErrThrottling(),
// ...) need no conversion: on a registry operation they answer what ECR's
// registry answers for them (ThrottlingException: 429 TOOMANYREQUESTS
// "Rate exceeded").
func ErrRegistry(status int, code, message string) error {
	if status < 400 || status > 599 {
		panic(fmt.Sprintf("ecrfake: ErrRegistry(%d, ...): an error status is 400 to 599", status))
	}
	return &registry.Error{Status: status, Code: code, Message: message}
}

// AlsoOnRegistry makes a fault on an ECR API operation fire for the
// registry requests that stand for that action too (see Op.APIAction), so
// one fault covers both faces: Fail(OpPutImage, ErrThrottling()).AlsoOnRegistry()
// throttles PutImage and every manifest PUT. Its triggers (Times, OnCall,
// WithProbability) count the calls of both faces together. Without it, a
// fault on an API operation never fires for /v2.
func (f Fault) AlsoOnRegistry() Fault {
	f.alsoRegistry = true
	f.desc += ".AlsoOnRegistry()"
	return f
}

// DropConnectionAfter makes op's connection drop after n bytes of the blob
// it carries: the response body of a blob GET or layer download ends after
// n bytes (a Transport client reads io.ErrUnexpectedEOF; over HTTP the
// connection closes), and the request body of an upload (PATCH, PUT, POST)
// is cut after n bytes, so the request fails without an answer and changes
// nothing. It is a fault: narrow it with Times, OnCall, ...
func DropConnectionAfter(op Op, n int64) Fault {
	if n < 0 {
		panic(fmt.Sprintf("ecrfake: DropConnectionAfter(%s, %d): n is a byte count, 0 or more", op, n))
	}
	return Fault{op: op, desc: fmt.Sprintf("DropConnectionAfter(%s, %d)", op, n), action: func(_ *Hook, ctx context.Context, in any, next handler, _ int) (any, error, bool) {
		req, ok := in.(*RegistryRequest)
		if !ok {
			return nil, nil, false
		}
		if req.body != nil {
			req.body = &cutReader{r: req.body, left: n}
		}
		out, err := next(ctx, in)
		if resp, ok := out.(*RegistryResponse); ok && err == nil && (resp.body != nil || resp.serveContent != nil) {
			resp.dropAfter = n
		}
		return out, err, true
	}}
}

// cutReader ends a request body after left bytes with a dropped connection.
type cutReader struct {
	r    io.Reader
	left int64
}

func (c *cutReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, &TransportError{Err: io.ErrUnexpectedEOF}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// InterceptRegistry installs fn around every call of the registry operation
// op, as Intercept does for API operations (whose input types name them;
// every registry operation takes a *RegistryRequest).
func (f *Fake) InterceptRegistry(op Op, fn func(ctx context.Context, in *RegistryRequest, next func(context.Context, *RegistryRequest) (*RegistryResponse, error)) (*RegistryResponse, error)) *Hook {
	if !op.IsRegistry() {
		panic("ecrfake: InterceptRegistry(" + op.String() + "): not a registry operation; use Intercept")
	}
	h := &Hook{op: op, desc: "InterceptRegistry(" + op.String() + ")"}
	h.fn = func(ctx context.Context, in any, next handler) (any, error) {
		h.hits.Add(1)
		out, err := fn(ctx, in.(*RegistryRequest), func(ctx context.Context, in *RegistryRequest) (*RegistryResponse, error) {
			res, err := next(ctx, in)
			if err != nil {
				return nil, err
			}
			return res.(*RegistryResponse), nil
		})
		if err != nil {
			return nil, err
		}
		if out == nil {
			return nil, fmt.Errorf("ecrfake: interceptor of %s returned neither a response nor an error", op)
		}
		return out, nil
	}
	return f.hooks.add(h)
}

// registryHooks are the hooks of a registry operation: its own, then the
// faults of its API action that asked for the registry too.
func (f *Fake) registryHooks(op Op) []*Hook {
	own := f.hooks.snapshot(op)
	api := op.APIAction()
	if api == op {
		return own
	}
	var hooks []*Hook
	for _, h := range f.hooks.snapshot(api) {
		if h.isFault && h.fault.alsoRegistry {
			if hooks == nil {
				hooks = append(make([]*Hook, 0, len(own)+1), own...)
			}
			hooks = append(hooks, h)
		}
	}
	if hooks == nil {
		return own
	}
	return hooks
}

// ---- the HTTP side ------------------------------------------------------------

// downloadPathPrefix starts the path of a layer download URL served by the
// server that served the registry request (cmd/ecrfake, httptest): there
// the S3 host of ECR's URLs cannot be reached.
const downloadPathPrefix = "/ecrfake/layers/"

type inMemoryKey struct{}

// isRegistryRequest reports whether r is for the registry face: a path
// under /v2 (an ECR API request carries X-Amz-Target) or a layer download.
func (f *Fake) isRegistryRequest(r *http.Request) bool {
	if r.Header.Get("X-Amz-Target") != "" || r.URL == nil {
		return false
	}
	p := r.URL.Path
	return p == "/v2" || strings.HasPrefix(p, "/v2/") || strings.HasPrefix(p, downloadPathPrefix) || f.isDownloadHost(requestHost(r))
}

func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	if r.URL != nil {
		return r.URL.Host
	}
	return ""
}

// downloadHost is the S3 host of the fake's layer download URLs.
func (f *Fake) downloadHost() string {
	_, suffix := partition(f.cfg.region)
	return "prod-" + f.cfg.region + "-starport-layer-bucket.s3." + f.cfg.region + "." + suffix
}

func (f *Fake) isDownloadHost(host string) bool {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return h == f.downloadHost()
}

// localDownloadURL points a GetDownloadUrlForLayer answer served over a
// real connection (cmd/ecrfake, httptest) back at the server that served
// it, where the layer is downloaded; ECR's S3 host is answered only in
// memory (Transport, Client). The call log keeps the URL the fake made.
func (f *Fake) localDownloadURL(w http.ResponseWriter, r *http.Request, out *ecr.GetDownloadUrlForLayerOutput) {
	if _, ok := w.(*recorder); ok || out.DownloadUrl == nil {
		return
	}
	if _, ok := w.(*memWriter); ok {
		return
	}
	if inMemory, _ := r.Context().Value(inMemoryKey{}).(bool); inMemory {
		return
	}
	host := strings.ToLower(requestHost(r))
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "" || strings.HasSuffix(host, ".amazonaws.com") || strings.HasSuffix(host, ".amazonaws.com.cn") || strings.HasSuffix(host, ".on.aws") {
		return // a client that believes it talks to AWS resolves the S3 host too
	}
	u, err := url.Parse(*out.DownloadUrl)
	if err != nil {
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	local := scheme + "://" + requestHost(r) + f.localDownloadPath(u)
	out.DownloadUrl = &local
}

// localDownloadPath is the path of a download URL on the serving host:
// /ecrfake/layers/<region>/<account>/<repository>/<digest> (the region lets
// a server of several regions route it).
func (f *Fake) localDownloadPath(u *url.URL) string {
	return downloadPathPrefix + f.cfg.region + "/" + strings.TrimPrefix(u.EscapedPath(), "/")
}

// serveRegistry answers one registry request through the dispatcher.
func (f *Fake) serveRegistry(w http.ResponseWriter, r *http.Request) {
	inMemory, _ := r.Context().Value(inMemoryKey{}).(bool)
	host := requestHost(r)
	req := &RegistryRequest{
		Method: r.Method, Host: host, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		ContentType: r.Header.Get("Content-Type"), ContentLength: r.ContentLength,
		header: r.Header, inMemory: inMemory, account: f.cfg.accountID, scheme: "http",
	}
	if r.Body != nil && r.Body != http.NoBody {
		req.body = r.Body
	}
	if inMemory || r.TLS != nil {
		req.scheme = "https"
	}
	if inMemory && r.URL.Scheme == "http" {
		req.scheme = "http" // Location and Link keep the scheme the client used
	}
	if acct, region, ok := registry.ParseHost(host); ok && region == f.cfg.region {
		req.account = acct
	}
	var op Op
	if strings.HasPrefix(r.URL.Path, downloadPathPrefix) || f.isDownloadHost(host) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			writeS3Error(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
			return
		}
		op = OpRegistryDownloadLayer
		if acct, repo, digest, ok := parseDownload(r.URL.Path); ok {
			req.account, req.Repository, req.Reference = acct, repo, digest
		}
	} else {
		route, rerr := registry.Parse(r.Method, r.URL)
		if rerr != nil {
			// No operation to dispatch: the router answers, after the
			// authentication every request needs.
			if err := f.checkRegistryAuth(f.now(), req); err != nil {
				rerr = registry.FromAPIError(err)
			}
			writeRegistryError(w, r, rerr, host)
			return
		}
		op = opOfKind[route.Kind]
		req.route = route
		req.Repository, req.Reference, req.UploadID = route.Name, route.Reference, route.UploadID
	}

	out, err := callRegistry(r.Context(), f, op, req)
	var rerr *registry.Error
	switch {
	case err == nil:
		writeRegistryResponse(w, r, out)
	case errors.As(err, &rerr):
		writeRegistryError(w, r, rerr, host)
	default: // a dropped connection, or the client has gone
		abortResponse(w, err)
	}
}

// abortResponse ends a request without an answer: a dropped connection.
func abortResponse(w http.ResponseWriter, err error) {
	if mw, ok := w.(*memWriter); ok {
		mw.abort = err
		return
	}
	if rec, ok := w.(*recorder); ok {
		rec.abort = err
		return
	}
	panic(http.ErrAbortHandler)
}

func writeRegistryError(w http.ResponseWriter, r *http.Request, e *registry.Error, host string) {
	if r.Method == http.MethodHead && e.Status == http.StatusNotFound {
		// ECR answers a HEAD of a missing blob with a bare 404.
		registry.SetCommonHeaders(w.Header())
		w.WriteHeader(http.StatusNotFound)
		return
	}
	registry.Write(w, e, host)
}

func writeS3Error(w http.ResponseWriter, status int, code, message string) {
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func writeRegistryResponse(w http.ResponseWriter, r *http.Request, resp *RegistryResponse) {
	hdr := w.Header()
	for k, v := range resp.Header {
		hdr[k] = v
	}
	if resp.serveContent != nil {
		if resp.dropAfter >= 0 {
			// A ranged download that drops: serve the range into a writer
			// that cuts it.
			cw := &cutWriter{w: w, left: resp.dropAfter}
			http.ServeContent(cw, r, "", time.Time{}, resp.serveContent)
			if cw.cut {
				abortResponse(w, &TransportError{Err: io.ErrUnexpectedEOF})
			}
			return
		}
		http.ServeContent(w, r, "", time.Time{}, resp.serveContent)
		return
	}
	if mw, ok := w.(*memWriter); ok && resp.body != nil && r.Method != http.MethodHead {
		mw.WriteHeader(resp.Status)
		mw.stream, mw.dropAfter = resp.body, resp.dropAfter
		return
	}
	w.WriteHeader(resp.Status)
	if resp.body == nil || r.Method == http.MethodHead {
		return
	}
	if resp.dropAfter >= 0 {
		_, _ = io.CopyN(w, resp.body, resp.dropAfter)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		abortResponse(w, &TransportError{Err: io.ErrUnexpectedEOF})
		return
	}
	_, _ = io.Copy(w, resp.body)
}

// cutWriter passes left bytes of a body through, then swallows the rest.
type cutWriter struct {
	w    http.ResponseWriter
	left int64
	cut  bool
}

func (c *cutWriter) Header() http.Header { return c.w.Header() }
func (c *cutWriter) WriteHeader(s int)   { c.w.WriteHeader(s) }
func (c *cutWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		c.cut = true
		n, _ := c.w.Write(p[:c.left])
		c.left = 0
		return n, io.ErrShortWrite
	}
	c.left -= int64(len(p))
	return c.w.Write(p)
}

// ---- the service side -------------------------------------------------------

// readState runs fn under the read lock at time now, first completing any
// restore the clock has made due (as serve does).
func (f *Fake) readState(now time.Time, fn func(w *state.World) error) error {
	f.rlockAt(now)
	defer f.mu.RUnlock()
	return fn(f.world)
}

// writeState runs fn under the write lock at time now.
func (f *Fake) writeState(now time.Time, fn func(w *state.World) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.world.CompleteDueRestores(now)
	return fn(f.world)
}

// checkRegistryAuth verifies a request's credentials as ECR does.
func (f *Fake) checkRegistryAuth(now time.Time, req *RegistryRequest) error {
	if f.cfg.registryAuthOff {
		return nil
	}
	token, ok := registry.ParseBasicAuth(req.header.Get("Authorization"))
	if !ok {
		return registry.Unauthorized()
	}
	user, password, ok := registry.DecodeBasicToken(token)
	if !ok || user != "AWS" {
		return registry.Unauthorized()
	}
	var rerr *registry.Error
	_ = f.readState(now, func(w *state.World) error {
		rerr = w.CheckToken(now, password)
		return nil
	})
	if rerr != nil {
		return rerr
	}
	return nil
}

// repoRef is what applyDueLifecycle reads of a request.
type repoRef struct{ RegistryId, RepositoryName *string }

// registryService is the service side of a registry request: auth, then
// the transition. Bodies are read here, never under the lock.
func (f *Fake) registryService(ctx context.Context, op Op, req *RegistryRequest) (*RegistryResponse, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	now := f.now()
	if op != OpRegistryDownloadLayer {
		if err := f.checkRegistryAuth(now, req); err != nil {
			return nil, err
		}
	}
	rt := req.route
	acct := req.account
	if rt.Name != "" {
		f.applyDueLifecycle(now, &repoRef{RegistryId: &acct, RepositoryName: &rt.Name})
	}
	resp := &RegistryResponse{Header: http.Header{}, dropAfter: -1}
	if op != OpRegistryDownloadLayer { // the download is S3's answer, not the registry's
		registry.SetCommonHeaders(resp.Header)
	}
	switch op {
	case OpRegistryPing:
		return resp.json(http.StatusOK, "application/json; charset=utf-8", struct{}{}), nil
	case OpRegistryCatalog:
		return f.serveCatalog(now, req, resp)
	case OpRegistryListTags:
		return f.serveTags(now, req, resp)
	case OpRegistryGetManifest, OpRegistryHeadManifest:
		return f.serveManifest(now, req, resp, op == OpRegistryGetManifest)
	case OpRegistryPutManifest:
		return f.putManifest(now, req, resp)
	case OpRegistryDeleteManifest:
		if !rt.ByDigest() {
			return nil, registry.ManifestDeleteByTagUnsupported(rt.Reference)
		}
		err := f.writeState(now, func(w *state.World) error { return w.DeleteManifest(now, acct, rt.Name, rt.Reference) })
		if err != nil {
			return nil, err
		}
		resp.Status = http.StatusAccepted
		resp.Header.Set("Content-Length", "0")
		return resp, nil
	case OpRegistryHeadBlob:
		var size int64
		err := f.readState(now, func(w *state.World) (err error) { size, err = w.StatBlob(acct, rt.Name, rt.Reference); return })
		if err != nil {
			return nil, err
		}
		resp.Status, resp.Digest = http.StatusOK, rt.Reference
		resp.Header.Set("Content-Length", strconv.FormatInt(size, 10))
		resp.Header.Set("Content-Type", "application/octet-stream")
		resp.Header.Set("Docker-Content-Digest", rt.Reference)
		return resp, nil
	case OpRegistryGetBlob:
		var location string
		err := f.readState(now, func(w *state.World) error {
			if _, err := w.OpenBlob(acct, rt.Name, rt.Reference); err != nil {
				return err
			}
			location = w.DownloadURL(acct, rt.Name, rt.Reference)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if !req.inMemory {
			// Point back at the server that served the request.
			u, _ := url.Parse(location)
			location = req.scheme + "://" + req.Host + f.localDownloadPath(u)
		}
		resp.Status, resp.Digest = http.StatusTemporaryRedirect, rt.Reference
		resp.Header.Set("Location", location)
		resp.Header.Set("Content-Length", "0")
		return resp, nil
	case OpRegistryDownloadLayer:
		return f.serveDownload(now, req, resp)
	case OpRegistryDeleteBlob:
		return nil, registry.BlobDeleteUnsupported()
	case OpRegistryStartUpload:
		return f.startUpload(now, req, resp)
	case OpRegistryPatchUpload:
		return f.patchUpload(now, req, resp)
	case OpRegistryCompleteUpload:
		return f.completeUpload(now, req, resp)
	case OpRegistryUploadStatus:
		var size int64
		err := f.readState(now, func(w *state.World) (err error) { size, err = w.UploadStatus(acct, rt.Name, rt.UploadID); return })
		if err != nil {
			return nil, err
		}
		resp.uploadHeaders(req, size)
		resp.Status = http.StatusNoContent
		return resp, nil
	case OpRegistryCancelUpload:
		if err := f.writeState(now, func(w *state.World) error { return w.CancelUpload(acct, rt.Name, rt.UploadID) }); err != nil {
			return nil, err
		}
		resp.Status = http.StatusNoContent
		return resp, nil
	case OpRegistryReferrers:
		return f.serveReferrers(now, req, resp)
	}
	return nil, registry.NotFound()
}

// json sets a JSON body.
func (resp *RegistryResponse) json(status int, contentType string, v any) *RegistryResponse {
	b, _ := json.Marshal(v)
	resp.Status = status
	resp.Header.Set("Content-Type", contentType)
	resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
	resp.body = bytes.NewReader(b)
	return resp
}

func (resp *RegistryResponse) uploadHeaders(req *RegistryRequest, size int64) {
	resp.Header.Set("Location", req.url(registry.UploadPath(req.route.Name, req.route.UploadID)))
	resp.Header.Set("Range", registry.FormatRange(size))
	resp.Header.Set("Docker-Upload-UUID", req.route.UploadID)
	resp.Header.Set("Content-Length", "0")
}

// url is an absolute URL on the host the request was sent to.
func (req *RegistryRequest) url(path string) string {
	return req.scheme + "://" + req.Host + path
}

func (f *Fake) serveCatalog(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	var names []string
	var more bool
	_ = f.readState(now, func(w *state.World) error {
		names, more = w.Catalog(req.account, req.route.N, req.route.Last)
		return nil
	})
	if more && len(names) > 0 {
		q := url.Values{"last": {names[len(names)-1]}}
		if req.route.HasN {
			q.Set("n", strconv.Itoa(req.route.N))
		}
		resp.Header.Set("Link", registry.NextLink(req.scheme, req.Host, "/v2/_catalog", q))
	}
	return resp.json(http.StatusOK, "text/plain; charset=utf-8", struct {
		Repositories []string `json:"repositories"`
	}{names}), nil
}

func (f *Fake) serveTags(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	var page state.TagPage
	err := f.readState(now, func(w *state.World) (err error) {
		page, err = w.ListTags(req.account, req.route.Name, req.route.N, req.route.Last)
		return
	})
	if err != nil {
		return nil, err
	}
	if page.Next != "" {
		q := url.Values{"last": {page.Next}}
		if req.route.HasN {
			q.Set("n", strconv.Itoa(req.route.N))
		}
		resp.Header.Set("Link", registry.NextLink(req.scheme, req.Host, "/v2/"+req.route.Name+"/tags/list", q))
	}
	return resp.json(http.StatusOK, "text/plain; charset=utf-8", struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
	}{page.Name, page.Tags}), nil
}

func (f *Fake) serveManifest(now time.Time, req *RegistryRequest, resp *RegistryResponse, get bool) (*RegistryResponse, error) {
	accept := registry.ParseAccept(req.header.Values("Accept"))
	var m state.Manifest
	err := f.readState(now, func(w *state.World) (err error) {
		m, err = w.GetManifest(now, req.account, req.route.Name, req.route.Reference, accept, get)
		return
	})
	if err != nil {
		return nil, err
	}
	resp.Status, resp.Digest = http.StatusOK, m.Digest
	resp.Header.Set("Content-Type", m.MediaType)
	resp.Header.Set("Content-Length", strconv.Itoa(len(m.Body)))
	if get {
		// ECR's GET carries no Docker-Content-Digest.
		resp.body = strings.NewReader(m.Body)
	} else {
		resp.Header.Set("Docker-Content-Digest", m.Digest)
		registry.SetEmptySizes(resp.Header)
	}
	return resp, nil
}

func (f *Fake) putManifest(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	limit := int64(f.cfg.limits.MaxManifestSize)
	var body []byte
	if req.body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(req.body, limit+1))
		if err != nil {
			return nil, bodyError(err)
		}
	}
	if int64(len(body)) > limit {
		return nil, registry.Unsupported(fmt.Sprintf("Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Member must have length less than or equal to %d'", limit))
	}
	sum := sha256.Sum256(body) // outside the lock
	digest := "sha256:" + hex.EncodeToString(sum[:])
	raw := string(body)
	var put state.ManifestPut
	err := f.writeState(now, func(w *state.World) (err error) {
		put, err = w.PutManifest(now, req.account, req.route.Name, req.route.Reference, req.ContentType, raw, digest)
		return
	})
	if err != nil {
		return nil, err
	}
	resp.Status, resp.Digest = http.StatusCreated, put.Digest
	resp.Header.Set("Docker-Content-Digest", put.Digest)
	if put.Subject != "" {
		resp.Header.Set("OCI-Subject", put.Subject)
	}
	resp.Header.Set("Content-Length", "0")
	return resp, nil
}

// bodyError is the answer to a request body that could not be read: a
// dropped connection stays one.
func bodyError(err error) error {
	var te *TransportError
	if errors.As(err, &te) {
		return err
	}
	return &TransportError{Err: err}
}

// readChunk reads body into p, as it arrives, in pieces that p keeps as
// they are (hashing each): no buffer grows and nothing is copied again. A
// body longer than room fails with tooLarge, having changed nothing.
func readChunk(body io.Reader, p *state.PendingPart, room int64, tooLarge error) error {
	if body == nil {
		return nil
	}
	const first, most = 32 << 10, 4 << 20
	size := first
	for {
		buf := make([]byte, size)
		n, err := readFullKeepingError(body, buf)
		if int64(n) > room {
			return tooLarge
		}
		if n > 0 {
			room -= int64(n)
			if n < size/2 {
				buf = bytes.Clone(buf[:n]) // a short tail: keep only what it holds
			}
			p.Add(buf[:n:n])
		}
		switch {
		case err == io.EOF:
			return nil
		case err != nil:
			return bodyError(err)
		}
		size = min(size*2, most)
	}
}

// readFullKeepingError reads into buf until it is full or the reader fails. Unlike
// io.ReadFull it keeps the reader's own error, so that the body's clean end
// (io.EOF) stays distinct from a broken one: net/http reports a body cut
// short of its Content-Length as io.ErrUnexpectedEOF, which io.ReadFull
// also uses for a merely short last read.
func readFullKeepingError(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := r.Read(buf[n:])
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func contentRange(req *RegistryRequest) (first, last int64, err error) {
	v := req.header.Get("Content-Range")
	if v == "" {
		return -1, -1, nil
	}
	first, last, perr := registry.ParseContentRange(v)
	if perr != nil {
		return 0, 0, registry.ContentRangeInvalid(v)
	}
	return first, last, nil
}

func (f *Fake) startUpload(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	rt, acct := req.route, req.account
	if err := f.readState(now, func(w *state.World) error { return w.RepositoryExists(acct, rt.Name) }); err != nil {
		// A repository creation template for CREATE_ON_PUSH creates it;
		// without one ECR drops the connection of an upload to a
		// repository that does not exist (registry-api.md §3.1, §7).
		var created bool
		cerr := f.writeState(now, func(w *state.World) (err error) {
			if w.RepositoryExists(acct, rt.Name) == nil {
				created = true // a concurrent push created it
				return nil
			}
			created, err = w.CreateOnPush(now, acct, rt.Name, f.lifecycleOptions())
			return err
		})
		if cerr != nil {
			return nil, cerr
		}
		if !created {
			return nil, &TransportError{Err: fmt.Errorf("connection closed by the registry: %w", err)}
		}
	}
	blobDone := func(digest string) (*RegistryResponse, error) {
		resp.Status, resp.Digest = http.StatusCreated, digest
		resp.Header.Set("Location", req.url(registry.BlobPath(rt.Name, digest)))
		resp.Header.Set("Docker-Content-Digest", digest)
		resp.Header.Set("Content-Length", "0")
		return resp, nil
	}
	if rt.Digest != "" {
		p := state.NewBlobPart()
		var room int64
		var tooLarge error
		_ = f.readState(now, func(w *state.World) error { room, tooLarge = w.Room(p), w.LayerTooLarge(); return nil })
		if err := readChunk(req.body, p, room, tooLarge); err != nil {
			return nil, err
		}
		if err := f.writeState(now, func(w *state.World) error { return w.PutBlob(acct, rt.Name, rt.Digest, p) }); err != nil {
			return nil, err
		}
		return blobDone(rt.Digest)
	}
	var id string
	err := f.writeState(now, func(w *state.World) error {
		if rt.Mount != "" {
			mounted, err := w.MountBlob(acct, rt.Name, rt.From, rt.Mount)
			if err != nil || mounted {
				return err
			}
		}
		var err error
		id, err = w.StartUpload(now, acct, rt.Name)
		return err
	})
	if err != nil {
		return nil, err
	}
	if id == "" {
		return blobDone(rt.Mount)
	}
	req.route.UploadID = id
	resp.uploadHeaders(req, 0)
	resp.Status = http.StatusAccepted
	return resp, nil
}

// receiveChunk stages a chunk of an upload under the read lock (stage checks
// the session and the offset), then reads the request body into it with no
// lock held, bounded by the room the layer size limit leaves.
func (f *Fake) receiveChunk(now time.Time, req *RegistryRequest, stage func(w *state.World) (*state.PendingPart, error)) (*state.PendingPart, error) {
	var p *state.PendingPart
	var room int64
	var tooLarge error
	err := f.readState(now, func(w *state.World) (err error) {
		p, err = stage(w)
		if err == nil {
			room, tooLarge = w.Room(p), w.LayerTooLarge()
		}
		return
	})
	if err != nil {
		return nil, err
	}
	if err := readChunk(req.body, p, room, tooLarge); err != nil {
		return nil, err
	}
	return p, nil
}

func (f *Fake) patchUpload(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	rt, acct := req.route, req.account
	first, last, err := contentRange(req)
	if err != nil {
		return nil, err
	}
	p, err := f.receiveChunk(now, req, func(w *state.World) (*state.PendingPart, error) {
		return w.StageChunk(acct, rt.Name, rt.UploadID, first)
	})
	if err != nil {
		return nil, err
	}
	var size int64
	err = f.writeState(now, func(w *state.World) (err error) {
		size, err = w.CommitChunk(acct, rt.Name, rt.UploadID, p, last)
		return
	})
	if err != nil {
		return nil, err
	}
	resp.uploadHeaders(req, size)
	resp.Status = http.StatusCreated // ECR: 201, not 202
	return resp, nil
}

func (f *Fake) completeUpload(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	rt, acct := req.route, req.account
	first, _, err := contentRange(req)
	if err != nil {
		return nil, err
	}
	p, err := f.receiveChunk(now, req, func(w *state.World) (*state.PendingPart, error) {
		return w.StageFinal(acct, rt.Name, rt.UploadID, first)
	})
	if err != nil {
		return nil, err
	}
	if err := f.writeState(now, func(w *state.World) error { return w.CompleteUpload(acct, rt.Name, rt.UploadID, p, rt.Digest) }); err != nil {
		return nil, err
	}
	resp.Status, resp.Digest = http.StatusCreated, rt.Digest
	resp.Header.Set("Location", req.url(registry.BlobPath(rt.Name, rt.Digest)))
	resp.Header.Set("Docker-Content-Digest", rt.Digest)
	resp.Header.Set("Content-Length", "0")
	return resp, nil
}

// parseDownload reads a layer download URL's path: /<account>/<repository>/<algorithm>-<hex>.
func parseDownload(p string) (account, repo, digest string, ok bool) {
	if rest, ok := strings.CutPrefix(p, downloadPathPrefix); ok {
		_, p, _ = strings.Cut(rest, "/") // the region: the server routed on it
	}
	p = strings.TrimPrefix(p, "/")
	segs := strings.Split(p, "/")
	if len(segs) < 3 {
		return "", "", "", false
	}
	account, repo, last := segs[0], strings.Join(segs[1:len(segs)-1], "/"), segs[len(segs)-1]
	digest = strings.Replace(last, "-", ":", 1)
	if len(account) != 12 || strings.Trim(account, "0123456789") != "" || !registry.IsRepositoryName(repo) || !registry.IsDigest(digest) {
		return "", "", "", false
	}
	return account, repo, digest, true
}

func (f *Fake) serveDownload(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	account, repo, digest, ok := parseDownload(req.Path)
	if !ok {
		return nil, &registry.Error{Status: http.StatusNotFound, Message: "NoSuchKey: The specified key does not exist.\n"}
	}
	var r *state.BlobReader
	err := f.readState(now, func(w *state.World) (err error) { r, err = w.OpenBlob(account, repo, digest); return })
	if err != nil {
		return nil, err
	}
	resp.Status, resp.Digest = http.StatusOK, digest
	resp.Header.Set("Content-Type", "application/octet-stream")
	if req.header.Get("Range") != "" {
		resp.serveContent = r
		return resp, nil
	}
	resp.Header.Set("Content-Length", strconv.FormatInt(r.Size(), 10))
	resp.body = r
	return resp, nil
}

func (f *Fake) serveReferrers(now time.Time, req *RegistryRequest, resp *RegistryResponse) (*RegistryResponse, error) {
	type descriptor struct {
		MediaType    string            `json:"mediaType"`
		Digest       string            `json:"digest"`
		Size         int64             `json:"size"`
		ArtifactType string            `json:"artifactType,omitempty"`
		Annotations  map[string]string `json:"annotations,omitempty"`
	}
	var list []descriptor
	err := f.readState(now, func(w *state.World) error {
		refs, err := w.Referrers(req.account, req.route.Name, req.route.Reference, req.route.ArtifactType)
		for _, r := range refs {
			d := descriptor{MediaType: deref(r.MediaType), Digest: deref(r.Digest), ArtifactType: deref(r.ArtifactType), Annotations: r.Annotations}
			if r.Size != nil {
				d.Size = *r.Size
			}
			list = append(list, d)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if list == nil {
		list = []descriptor{}
	}
	if req.route.ArtifactType != "" {
		resp.Header.Set("OCI-Filters-Applied", "artifactType")
	}
	const index = "application/vnd.oci.image.index.v1+json"
	return resp.json(http.StatusOK, index, struct {
		SchemaVersion int          `json:"schemaVersion"`
		MediaType     string       `json:"mediaType"`
		Manifests     []descriptor `json:"manifests"`
	}{2, index, list}), nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
