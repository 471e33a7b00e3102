package ecrfake

// A genuine *ecr.Client whose HTTP round trips are in-memory calls into Handler.

import (
	"bytes"
	"context"
	"net/http"
	"net/url"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

// ClientEndpoint is the BaseEndpoint of clients made by Client. The .invalid
// top-level domain never resolves (RFC 2606), so a client whose HTTPClient a
// caller replaces fails loudly instead of reaching real AWS. Client's own
// HTTP client ignores the URL and never uses DNS.
const ClientEndpoint = "https://ecrfake.invalid"

// Client returns a real *ecr.Client backed by the fake, for code that holds
// the concrete client rather than an interface. Every call runs the SDK's own
// stack — client-side validation, serialization, retries, response and error
// deserialization — and reaches Handler as an in-memory function call: no
// listener, no goroutine, no DNS, so it works inside testing/synctest too.
//
// Defaults: the fake's region, anonymous credentials (requests are not
// signed), BaseEndpoint ClientEndpoint, and the SDK's default retryer.
// optFns are applied last and may change any of them. The default retryer
// retries what the real client retries (throttling, LimitExceededException,
// 5xx, transport errors) with
// real backoff; inside a synctest bubble that costs no wall time, and
// elsewhere the retryer recipe in the Client example keeps the retries and
// drops the waiting. aws.NopRetryer{} makes every call a single attempt, as
// direct calls are.
func (f *Fake) Client(optFns ...func(*ecr.Options)) *ecr.Client {
	opts := ecr.Options{
		Region:       f.Region(),
		BaseEndpoint: aws.String(ClientEndpoint),
		Credentials:  aws.AnonymousCredentials{},
		HTTPClient:   inMemoryHTTP{f.Handler()},
	}
	return ecr.New(opts, optFns...)
}

// inMemoryHTTP is an ecr.HTTPClient that serves each request by calling
// h.ServeHTTP directly and returns the recorded response.
type inMemoryHTTP struct{ h http.Handler }

// Do fails, as net/http's client does, with a *url.Error when the request's
// context is done before or during the call, or when the handler aborts the
// response (an injected TransportError).
func (c inMemoryHTTP) Do(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, &url.Error{Op: "Post", URL: r.URL.String(), Err: err}
	}
	w := &recorder{header: http.Header{}}
	// In memory, like Transport: URLs the fake hands out keep ECR's hosts.
	c.h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), inMemoryKey{}, true)))
	if r.Body != nil {
		_ = r.Body.Close()
	}
	if err := r.Context().Err(); err != nil {
		return nil, &url.Error{Op: "Post", URL: r.URL.String(), Err: err}
	}
	if err := w.abort; err != nil {
		return nil, &url.Error{Op: "Post", URL: r.URL.String(), Err: err}
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return &http.Response{
		Status:        http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          readCloser{bytes.NewReader(w.body.Bytes())},
		ContentLength: int64(w.body.Len()),
		Request:       r,
	}, nil
}

// recorder is a minimal http.ResponseWriter that keeps what is written.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	abort  error // the handler sent no response; see wireResponse.abort
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.body.Len() == 0 {
		w.body.Grow(len(b)) // the handler writes its body in one call
	}
	return w.body.Write(b)
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }
