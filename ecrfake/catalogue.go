package ecrfake

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	smithy "github.com/aws/smithy-go"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

// Ready-made errors for faults, with the texts real ECR uses. Any other
// *types.XxxException value works with Fail too.

// ErrThrottling is the unmodeled error ECR answers when a request rate quota
// is exceeded. The SDK's standard retryer retries it (through Client; the fake
// called directly never retries).
func ErrThrottling() *smithy.GenericAPIError {
	return &smithy.GenericAPIError{Code: "ThrottlingException", Message: "Rate exceeded", Fault: smithy.FaultClient}
}

// ErrServer is ECR's internal error: HTTP 500, retried by the SDK's retryer.
func ErrServer() *types.ServerException {
	return &types.ServerException{Message: str("We encountered an internal error. Please try again.")}
}

// ErrLimitExceeded is ECR's LimitExceededException for a service quota.
func ErrLimitExceeded() *types.LimitExceededException {
	return &types.LimitExceededException{Message: str("The operation did not succeed because it would have exceeded a service limit for your account.")}
}

// ErrScanQuota is the LimitExceededException of StartImageScan when an image
// was already scanned in the last 24 hours.
func ErrScanQuota() *types.LimitExceededException { return errs.ScanQuotaPerImage() }

// ErrLayerPartTooSmall is CompleteLayerUpload's answer to a part under the
// minimum size.
func ErrLayerPartTooSmall() *types.LayerPartTooSmallException {
	return &types.LayerPartTooSmallException{Message: str("Layer part size must be at least 5 MiB, except for the last part.")}
}

// ErrKms is a KMS failure while encrypting or decrypting; kmsError is the KMS
// error code (for example "KMSInvalidStateException").
func ErrKms(kmsError string) *types.KmsException {
	return &types.KmsException{Message: str("The operation failed due to a KMS exception: " + kmsError), KmsError: str(kmsError)}
}

// ErrRepositoryNotFound is ECR's answer for an absent repository.
func ErrRepositoryNotFound(registryID, repo string) *types.RepositoryNotFoundException {
	return errs.RepositoryNotFound(registryID, repo)
}

// ErrAccessDenied is the unmodeled error IAM answers for a denied action.
func ErrAccessDenied(action string) *smithy.GenericAPIError {
	return &smithy.GenericAPIError{Code: "AccessDeniedException", Message: "User is not authorized to perform: " + action, Fault: smithy.FaultClient}
}

// ErrExpiredToken is what AWS answers a request signed with expired
// temporary credentials; the SDK does not retry it.
func ErrExpiredToken() *smithy.GenericAPIError {
	return &smithy.GenericAPIError{Code: "ExpiredTokenException", Message: "The security token included in the request is expired", Fault: smithy.FaultClient}
}

// ErrConnectionReset is a transport failure: the request never got an answer.
func ErrConnectionReset() *TransportError {
	return &TransportError{Err: errors.New("read: connection reset by peer")}
}

func str(s string) *string { return &s }
