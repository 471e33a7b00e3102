package ecrfake

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

const serviceID = ecr.ServiceID

// wrapError gives err the shape the real client gives the same failure:
//
//   - service errors (smithy.APIError): *smithy.OperationError →
//     *awshttp.ResponseError (400, or 500 for server faults, with a request id)
//     → the typed exception, so err.Error() reads byte for byte like the real
//     client's: "operation error ECR: DescribeRepositories, https response
//     error StatusCode: 400, RequestID: …, RepositoryNotFoundException: …";
//   - context errors: "operation error ECR: Op, context canceled";
//   - transport errors (TransportError): a response error with status 0 and
//     "request send failed";
//   - anything already wrapped is returned as is.
func (f *Fake) wrapError(op Op, err error) error {
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return err
	}
	wrapped := &smithy.OperationError{ServiceID: serviceID, OperationName: op.String(), Err: err}
	var te *TransportError
	var ae smithy.APIError
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
	case errors.As(err, &te):
		wrapped.Err = &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 0, Header: http.Header{}, Body: http.NoBody}},
			Err:      &smithyhttp.RequestSendError{Err: err},
		}}
	case errors.As(err, &ae):
		status := http.StatusBadRequest
		if ae.ErrorFault() == smithy.FaultServer {
			status = http.StatusInternalServerError
		}
		id := f.nextRequestID()
		hdr := http.Header{}
		hdr.Set("X-Amzn-Requestid", id)
		wrapped.Err = &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: hdr, Body: http.NoBody}},
				Err:      err,
			},
			RequestID: id,
		}
	}
	return wrapped
}

// nextRequestID returns a UUID-shaped request id from a per-fake counter, so
// runs repeat exactly.
func (f *Fake) nextRequestID() string {
	n := f.reqID.Add(1)
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
}

// TransportError is a failure to reach the service at all (a reset
// connection, a DNS failure). Inject one with Fail to test code that must
// survive the network; the real client wraps it as "request send failed".
type TransportError struct {
	Err error
}

func (e *TransportError) Error() string { return e.Err.Error() }
func (e *TransportError) Unwrap() error { return e.Err }
