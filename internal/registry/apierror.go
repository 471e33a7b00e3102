package registry

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	smithy "github.com/aws/smithy-go"
)

// apiRow is how the registry answers one ECR API error code: the status and
// registry code, and the message (the API error's own unless text is set).
type apiRow struct {
	status int
	code   string
	text   string                  // fixed registry text; "" passes the API message through
	build  func(msg string) *Error // rebuilds ECR's registry text from the API message
}

// apiTable is the one map from ECR API error codes (the SDK's modeled
// exceptions and the unmodeled codes AWS sends) to registry errors. Rows
// marked C or I follow the spec (registry-api.md §5); the others are the
// fake's choices, listed in docs/fidelity.md. A code not in the table is
// 500 UNKNOWN.
var apiTable = map[string]apiRow{
	// Confirmed or inferred from ECR's data plane.
	"RepositoryNotFoundException":          {status: 404, code: CodeNameUnknown},                             // C text
	"ImageNotFoundException":               {status: 404, code: CodeManifestUnknown, text: msgImageNotFound}, // C
	"ImageTagAlreadyExistsException":       {status: 400, code: CodeTagInvalid, build: rebuildTagInvalid},    // C
	"InvalidParameterException":            {status: 405, code: CodeUnsupported},                             // C
	"EmptyUploadException":                 {status: 400, code: CodeBlobUploadInvalid, build: rebuildEmptyUpload},
	"InvalidLayerException":                {status: 400, code: CodeBlobUploadInvalid}, // C (ECR Public)
	"InvalidLayerPartException":            {status: 416, code: CodeBlobUploadInvalid}, // C status and code
	"ServerException":                      {status: 500, code: CodeUnknown},           // I
	"LayerPartTooSmallException":           {status: 400, code: CodeBlobUploadInvalid}, // §8 default
	"UploadNotFoundException":              {status: 404, code: CodeBlobUploadUnknown}, // fake
	"LayersNotFoundException":              {status: 404, code: CodeBlobUnknown},       // fake
	"LayerInaccessibleException":           {status: 404, code: CodeBlobUnknown},       // fake
	"LayerAlreadyExistsException":          {status: 400, code: CodeBlobUploadInvalid}, // fake
	"ImageDigestDoesNotMatchException":     {status: 400, code: CodeDigestInvalid},     // fake
	"ReferencedImagesNotFoundException":    {status: 404, code: CodeManifestUnknown},   // fake
	"ImageAlreadyExistsException":          {status: 400, code: CodeManifestInvalid},   // fake; a re-push is a success for the caller
	"ImageArchivedException":               {status: 404, code: CodeManifestUnknown},   // C status (archived pulls are 404)
	"LimitExceededException":               {status: 403, code: CodeDenied},            // fake: a quota refusal
	"KmsException":                         {status: 403, code: CodeDenied},            // fake
	"BlockedByOrganizationPolicyException": {status: 403, code: CodeDenied},            // fake
	"ValidationException":                  {status: 400, code: CodeUnsupported},       // fake
	"UnsupportedImageTypeException":        {status: 400, code: CodeUnsupported},       // fake

	// Pull through cache: the first pull imports from upstream.
	"UnableToGetUpstreamImageException":           {status: 404, code: CodeManifestUnknown, text: msgImageNotFound}, // C
	"UnableToGetUpstreamLayerException":           {status: 404, code: CodeBlobUnknown},
	"UnableToListUpstreamImageReferrersException": {status: 404, code: CodeManifestUnknown},
	"UnsupportedUpstreamRegistryException":        {status: 404, code: CodeManifestUnknown},
	"SecretNotFoundException":                     {status: 404, code: CodeManifestUnknown},
	"UnableToAccessSecretException":               {status: 404, code: CodeManifestUnknown},
	"UnableToDecryptSecretValueException":         {status: 404, code: CodeManifestUnknown},
	"PullThroughCacheRuleNotFoundException":       {status: 404, code: CodeNameUnknown},

	// Control-plane exceptions with no registry meaning: only an injected
	// fault brings them to /v2. ECR's API answers each with HTTP 400; the
	// registry says UNSUPPORTED with the API's text.
	"ExclusionAlreadyExistsException":              {status: 400, code: CodeUnsupported},
	"ExclusionNotFoundException":                   {status: 400, code: CodeUnsupported},
	"ImageStorageClassUpdateNotSupportedException": {status: 400, code: CodeUnsupported},
	"InvalidTagParameterException":                 {status: 400, code: CodeUnsupported},
	"LifecyclePolicyNotFoundException":             {status: 400, code: CodeUnsupported},
	"LifecyclePolicyPreviewInProgressException":    {status: 400, code: CodeUnsupported},
	"LifecyclePolicyPreviewNotFoundException":      {status: 400, code: CodeUnsupported},
	"PullThroughCacheRuleAlreadyExistsException":   {status: 400, code: CodeUnsupported},
	"RegistryPolicyNotFoundException":              {status: 400, code: CodeUnsupported},
	"ReplicationBackfillInProgressException":       {status: 400, code: CodeUnsupported},
	"ReplicationBackfillInvalidStatusException":    {status: 400, code: CodeUnsupported},
	"ReplicationBackfillNotFoundException":         {status: 400, code: CodeUnsupported},
	"RepositoryAlreadyExistsException":             {status: 400, code: CodeUnsupported},
	"RepositoryNotEmptyException":                  {status: 400, code: CodeUnsupported},
	"RepositoryPolicyNotFoundException":            {status: 400, code: CodeUnsupported},
	"ScanNotFoundException":                        {status: 400, code: CodeUnsupported},
	"SigningConfigurationNotFoundException":        {status: 400, code: CodeUnsupported},
	"TemplateAlreadyExistsException":               {status: 400, code: CodeUnsupported},
	"TemplateNotFoundException":                    {status: 400, code: CodeUnsupported},
	"TooManyTagsException":                         {status: 400, code: CodeUnsupported},

	// Unmodeled codes AWS's front end sends for every service.
	"ThrottlingException":                 {status: 429, code: CodeTooManyRequests, text: msgRateExceeded}, // C
	"Throttling":                          {status: 429, code: CodeTooManyRequests, text: msgRateExceeded},
	"ThrottledException":                  {status: 429, code: CodeTooManyRequests, text: msgRateExceeded},
	"TooManyRequestsException":            {status: 429, code: CodeTooManyRequests, text: msgRateExceeded},
	"RequestLimitExceeded":                {status: 429, code: CodeTooManyRequests, text: msgRateExceeded},
	"RequestThrottledException":           {status: 429, code: CodeTooManyRequests, text: msgRateExceeded},
	"AccessDeniedException":               {status: 403, code: CodeDenied},                        // I
	"ExpiredTokenException":               {status: 403, code: CodeDenied, text: msgTokenExpired}, // C text of the registry's expiry
	"UnrecognizedClientException":         {status: 401},                                          // plain 401
	"InvalidSignatureException":           {status: 401},
	"MissingAuthenticationTokenException": {status: 401},
	"IncompleteSignature":                 {status: 401},
	"InternalFailure":                     {status: 500, code: CodeUnknown},
	"ServiceUnavailableException":         {status: 503, code: CodeUnavailable},
}

// FromAPIError maps an error of the ECR API to the registry's answer: a
// *Error (or an error wrapping one) is returned as is; any smithy.APIError
// (the SDK's *types.XxxException, an injected *smithy.GenericAPIError) goes
// through one table by its ErrorCode, so the service's own errors and
// injected faults answer alike — e.g. ThrottlingException is 429
// TOOMANYREQUESTS "Rate exceeded", RepositoryNotFoundException 404
// NAME_UNKNOWN, ImageNotFoundException 404 MANIFEST_UNKNOWN "Requested image
// not found", InvalidParameterException 405 UNSUPPORTED. Anything else is
// 500 UNKNOWN with the error's text; nil is nil.
func FromAPIError(err error) *Error {
	if err == nil {
		return nil
	}
	var re *Error
	if errors.As(err, &re) && re != nil {
		return re
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae == nil {
		return ServerError("internal error: " + err.Error())
	}
	code, msg := ae.ErrorCode(), ae.ErrorMessage()
	row, ok := apiTable[code]
	if !ok {
		return ServerError(code + ": " + msg)
	}
	if msg == "" {
		msg = code
	}
	switch {
	case row.status == http.StatusUnauthorized:
		return Unauthorized()
	case row.build != nil:
		return row.build(msg)
	case row.text != "":
		msg = row.text
	}
	return newError(row.status, row.code, msg)
}

var (
	tagInvalidText  = regexp.MustCompile(`^The image tag '(.*)' already exists in the '(.*)' repository and cannot be overwritten because the (?:tag|repository) is immutable\.?$`)
	emptyUploadText = regexp.MustCompile(`^The upload with id '.*' in the repository with name '.*' in registry with id '.*' cannot be completed because it does not have any parts`)
)

// rebuildTagInvalid gives ImageTagAlreadyExistsException ECR's current
// registry text ("... because the tag is immutable.").
func rebuildTagInvalid(msg string) *Error {
	if m := tagInvalidText.FindStringSubmatch(msg); m != nil {
		return TagInvalid(m[1], m[2])
	}
	return newError(http.StatusBadRequest, CodeTagInvalid, msg)
}

// rebuildEmptyUpload ends EmptyUploadException's text with the period the
// registry's capture has.
func rebuildEmptyUpload(msg string) *Error {
	if emptyUploadText.MatchString(msg) && !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return BlobUploadInvalid(msg)
}
