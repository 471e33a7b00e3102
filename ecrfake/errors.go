package ecrfake

import (
	"errors"
	"fmt"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// responseError wraps a service error the way the real client does after
// decoding an error response:
//
//	*smithy.OperationError → *awshttp.ResponseError (status, request id) → *types.XxxException
//
// so err.Error() reads byte for byte like the real client's, e.g.
// "operation error ECR: DescribeRepositories, https response error StatusCode: 400,
// RequestID: …, RepositoryNotFoundException: The repository with name …".
func (f *Fake) responseError(op string, apiErr error) error {
	status := http.StatusBadRequest
	var ae smithy.APIError
	if errors.As(apiErr, &ae) && ae.ErrorFault() == smithy.FaultServer {
		status = http.StatusInternalServerError
	}
	id := f.nextRequestID()
	hdr := http.Header{}
	hdr.Set("X-Amzn-Requestid", id)
	return &smithy.OperationError{
		ServiceID:     ecr.ServiceID,
		OperationName: op,
		Err: &awshttp.ResponseError{
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: hdr, Body: http.NoBody}},
				Err:      apiErr,
			},
			RequestID: id,
		},
	}
}

// contextError is what the real client returns when the call's context is
// already cancelled or past its deadline.
func contextError(op string, err error) error {
	return &smithy.OperationError{ServiceID: ecr.ServiceID, OperationName: op, Err: err}
}

// nextRequestID returns a UUID-shaped request id from a per-fake counter, so
// runs repeat exactly.
func (f *Fake) nextRequestID() string {
	n := f.reqID.Add(1)
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
}
