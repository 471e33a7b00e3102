package ecrfake

// The HTTP front end: ECR's awsJson1.1 protocol over the same Fake methods.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/internal/wire"
)

const (
	// TargetPrefix starts the X-Amz-Target header of every ECR request; the
	// operation's name follows it.
	TargetPrefix = "AmazonEC2ContainerRegistry_V20150921."

	// MaxRequestBodyBytes bounds a request body. ECR's part-size quota (and
	// the fake's default Limits.MaxLayerPartSize) is 10 MiB, but the API
	// model lets layerPartBlob hold up to 20 MiB (20,971,520 bytes), which
	// base64 inflates by 4/3 to 27,962,028 bytes; 30 MiB admits that with
	// room for the rest of the JSON, so any part the model allows reaches the
	// fake and gets the service's own answer (InvalidLayerPartException above
	// MaxLayerPartSize) rather than a 413. A larger body is answered 413
	// without being read further.
	MaxRequestBodyBytes = 30 << 20

	// wireBodyFirstChunk is the most readWireBody allocates before bytes
	// arrive. The announced Content-Length is a claim, not data: allocating it
	// up front would let requests that announce 30 MiB and send nothing pin
	// 30 MiB each.
	wireBodyFirstChunk = 256 << 10

	wireContentType = "application/x-amz-json-1.1"
)

// Handler returns an http.Handler that speaks ECR's wire protocol,
// awsJson1.1, for all 62 operations, so that SDKs in any language, the AWS
// CLI and boto3 can use the fake (serve it with httptest.NewServer, or run
// cmd/ecrfake). Client wraps it for Go code that holds an *ecr.Client.
//
// Requests are routed on X-Amz-Target
// (AmazonEC2ContainerRegistry_V20150921.<Operation>) and must be POSTs; the
// path, host, Content-Type and any SigV4 signature are ignored. The body is
// decoded into the operation's SDK input type and passed to the same Fake
// method direct callers use, so both paths behave identically — faults,
// interceptors and the call record included. Decoding is the SDK's own JSON
// codec: member names match exactly (case sensitive: a "RepositoryName" key
// is an unknown member, skipped, so the request lacks repositoryName), unknown
// members are ignored, null is an absent member, blobs are base64, and a
// value of the wrong JSON type is a SerializationException.
//
// Outputs are written by the SDK's generated Serialize methods, as the
// service writes them: sorted keys, nil and zero members omitted, timestamps
// in epoch seconds with milliseconds. Errors are non-2xx (400; 500 for
// ServerException) with X-Amzn-ErrorType and a body of "__type", "message"
// and the exception's modeled members (lastValidByteReceived, kmsError, ...).
// Every response carries X-Amzn-RequestId; for a service error it is the
// request id the error of a direct call carries.
//
// Protocol errors: 405 for a method other than POST; 400
// UnknownOperationException for a missing or unknown target; 400
// SerializationException for a body that does not decode; 413 for a body over
// MaxRequestBodyBytes; 400 ValidationException for a request missing a
// required member (which the Go SDK never sends), worded like the service's
// own validation failures.
//
// The handler does not panic: anything unexpected, a panic below it
// included, is a 500 InternalFailure. The one exception is deliberate: when
// an injected TransportError (or the end of the request's context) means
// there is to be no response, it panics with http.ErrAbortHandler, which
// net/http answers by dropping the connection, as a network failure would.
// Client's in-memory transport turns the same condition into an error.
//
// The same handler serves ECR's registry data plane (OCI distribution) at
// /v2/ — any request without X-Amz-Target whose path is /v2 or under it —
// and the layer download URLs its blob GETs redirect to (under
// /ecrfake/layers/ on the serving host), so cmd/ecrfake serves the API and
// the registry on one port. Each registry request is one call of an
// OpRegistry... operation through the same dispatcher (faults, interceptors,
// the call log; see RegistryRequest, AlsoOnRegistry, DropConnectionAfter),
// over the same state the API reads: a push is InitiateLayerUpload /
// UploadLayerPart / CompleteLayerUpload / PutImage, a pull BatchGetImage and
// GetDownloadUrlForLayer. Authentication is ECR's: "Authorization: Basic
// <authorizationToken>" from GetAuthorizationToken, checked on the fake's
// clock (WithoutRegistryAuth turns it off). docs/fidelity.md, "Registry data
// plane", lists the answers where ECR's are unknown.
//
// Handlers of one Fake share its state and its request-id counters.
func (f *Fake) Handler() http.Handler {
	return &wireHandler{f: f, okIDs: &f.okIDs}
}

type wireHandler struct {
	f     *Fake
	okIDs *atomic.Uint64
}

// wireResponse is a complete answer, built before anything is written.
type wireResponse struct {
	status    int
	requestID string
	errorType string
	body      []byte
	// abort, when set, means there is no response at all: the call failed
	// the way a network fails (an injected TransportError), or its context
	// ended (the client has gone).
	abort error
	// release, when set, hands body's buffer back once it is written.
	release func()
}

func (h *wireHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.f.isRegistryRequest(r) {
		h.f.serveRegistrySafely(w, r) // /v2/ and layer downloads: registry_plane.go
		return
	}
	resp := h.safeServe(w, r)
	if resp.release != nil {
		defer resp.release()
	}
	if resp.abort != nil {
		if rec, ok := w.(*recorder); ok {
			rec.abort = resp.abort // Client's transport returns it as its error
			return
		}
		// net/http drops the connection without a response and logs nothing:
		// to the client, a network failure.
		panic(http.ErrAbortHandler)
	}
	h.write(w, resp)
}

// safeServe is serve with a last resort: a panic becomes a 500
// InternalFailure, never a crashed server or test binary.
func (h *wireHandler) safeServe(w http.ResponseWriter, r *http.Request) (resp wireResponse) {
	defer func() {
		if p := recover(); p != nil {
			resp = h.failure(http.StatusInternalServerError, "InternalFailure", fmt.Sprintf("internal error: %v", p))
		}
	}()
	return h.serve(w, r)
}

func (h *wireHandler) write(w http.ResponseWriter, resp wireResponse) {
	hdr := w.Header()
	vals := make([]string, 5) // the header values, one allocation
	set := func(i int, key, value string) {
		vals[i] = value
		hdr[key] = vals[i : i+1 : i+1]
	}
	set(0, "Content-Type", wireContentType)
	set(1, "X-Amzn-Requestid", resp.requestID)
	if resp.errorType != "" {
		set(2, "X-Amzn-Errortype", resp.errorType)
	}
	if resp.status == http.StatusMethodNotAllowed {
		set(3, "Allow", http.MethodPost)
	}
	set(4, "Content-Length", strconv.Itoa(len(resp.body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func (h *wireHandler) serve(w http.ResponseWriter, r *http.Request) wireResponse {
	if r.Method != http.MethodPost {
		return h.failure(http.StatusMethodNotAllowed, "UnknownOperationException",
			"ECR operations are HTTP POST requests; got "+r.Method)
	}
	target := r.Header.Get("X-Amz-Target")
	name, ok := strings.CutPrefix(target, TargetPrefix)
	op, known := wireOps[name]
	if !ok || !known {
		msg := "Missing X-Amz-Target header"
		if target != "" {
			msg = "Unknown operation: " + target
		}
		return h.failure(http.StatusBadRequest, "UnknownOperationException", msg)
	}
	body, err := readWireBody(w, r)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return h.failure(http.StatusRequestEntityTooLarge, "SerializationException",
				fmt.Sprintf("Request body exceeds the maximum of %d bytes", tooBig.Limit))
		}
		return h.failure(http.StatusBadRequest, "SerializationException", "Cannot read the request body: "+err.Error())
	}
	out, err := op.serve(r.Context(), h.f, body)
	if err != nil {
		return h.errorResponse(r.Context(), err)
	}
	if dl, ok := out.(*ecr.GetDownloadUrlForLayerOutput); ok {
		h.f.localDownloadURL(w, r, dl) // registry_plane.go
	}
	b := wire.EncodeOutputBody(r.Context(), out)
	return wireResponse{status: http.StatusOK, requestID: h.successID(), body: b.Bytes(), release: b.Release}
}

// readWireBody reads at most MaxRequestBodyBytes; a longer body is an
// *http.MaxBytesError (and, on a real server, closes the connection). The
// buffer grows with the bytes that arrive, not with the announced
// Content-Length: a body that fits the announced length up to
// wireBodyFirstChunk takes one allocation of exactly that size (plus a byte
// to see EOF); a larger one grows fourfold from there, never beyond the
// announced length (plus a byte); an unannounced one doubles from 512 bytes,
// as io.ReadAll does, up to the limit. Memory held is at most four times what
// the client has sent.
func readWireBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	announced := r.ContentLength
	if announced > MaxRequestBodyBytes {
		return nil, &http.MaxBytesError{Limit: MaxRequestBodyBytes}
	}
	body := http.MaxBytesReader(w, r.Body, MaxRequestBodyBytes)
	// One byte past what is expected, so the read that finds EOF needs no
	// further growth.
	ceiling, first, growth := int64(MaxRequestBodyBytes+1), int64(512), 2
	if announced >= 0 {
		// The announced length caps the last step, so growing faster costs
		// no overshoot and fewer copies.
		ceiling, first, growth = announced+1, min(announced+1, wireBodyFirstChunk), 4
	}
	buf := make([]byte, 0, first)
	for {
		if len(buf) == cap(buf) {
			// Full: the body is longer than announced, or still arriving.
			size := int64(growth * cap(buf))
			if int64(len(buf)) < ceiling {
				size = min(size, ceiling)
			}
			buf = append(make([]byte, 0, min(max(size, 512), MaxRequestBodyBytes+1)), buf...)
		}
		n, err := body.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// errorResponse answers the error a Fake method returned. The fake wraps its
// service errors exactly as the real client does (OperationError →
// *awshttp.ResponseError with status and request id → typed exception), so
// the response is that wrapping undone.
func (h *wireHandler) errorResponse(ctx context.Context, err error) wireResponse {
	var de *wire.DecodeError
	if errors.As(err, &de) {
		return h.failure(http.StatusBadRequest, "SerializationException", de.Error())
	}
	var te *TransportError
	if errors.As(err, &te) {
		return wireResponse{abort: te}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		if cerr := ctx.Err(); cerr != nil {
			err = cerr // the request's own context ended: report that, unwrapped
		}
		return wireResponse{abort: err}
	}
	var ipe smithy.InvalidParamsError
	if errors.As(err, &ipe) {
		msg := wire.ValidationMessage(ipe)
		return h.apiError(ctx, http.StatusBadRequest, h.f.nextRequestID(), &types.ValidationException{Message: &msg})
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return h.failure(http.StatusInternalServerError, "InternalFailure", err.Error())
	}
	status, id := http.StatusBadRequest, ""
	if ae.ErrorFault() == smithy.FaultServer {
		status = http.StatusInternalServerError
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		if s := re.HTTPStatusCode(); s >= 300 {
			status = s
		}
		id = re.ServiceRequestID()
	}
	if id == "" {
		id = h.f.nextRequestID()
	}
	return h.apiError(ctx, status, id, ae)
}

func (h *wireHandler) apiError(ctx context.Context, status int, id string, ae smithy.APIError) wireResponse {
	body, err := wire.EncodeError(ctx, ae)
	if err != nil {
		return h.failure(http.StatusInternalServerError, "InternalFailure", "Cannot encode the error: "+err.Error())
	}
	return wireResponse{status: status, requestID: id, errorType: ae.ErrorCode(), body: body}
}

// failure is an error the handler itself answers, before or around the fake:
// protocol errors and the last-resort InternalFailure. It takes a request id
// from the fake's error counter, as every error response does.
func (h *wireHandler) failure(status int, code, msg string) wireResponse {
	body, err := wire.EncodeError(context.Background(), &smithy.GenericAPIError{Code: code, Message: msg})
	if err != nil {
		body = []byte(`{"__type":"InternalFailure"}`)
	}
	return wireResponse{status: status, requestID: h.f.nextRequestID(), errorType: code, body: body}
}

// successID is the request id of a successful response. Successes count
// separately from errors, whose ids the direct path hands out too, so that a
// fake driven directly and its twin driven through Client give the same
// errors with the same request ids.
func (h *wireHandler) successID() string {
	const prefix = "00000000-0000-4000-9000-"
	var b [len(prefix) + 16]byte
	copy(b[:], prefix)
	hex := strconv.AppendUint(b[len(prefix):len(prefix)], h.okIDs.Add(1), 16)
	// %012x: at least twelve digits, zero-padded.
	n := len(hex)
	if n < 12 {
		copy(b[len(prefix)+12-n:], hex)
		for i := len(prefix); i < len(prefix)+12-n; i++ {
			b[i] = '0'
		}
		n = 12
	}
	return string(b[:len(prefix)+n])
}
