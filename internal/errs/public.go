package errs

import pubtypes "github.com/aws/aws-sdk-go-v2/service/ecrpublic/types"

// PublicNotModelled answers an ECR Public operation whose state transition is
// not built yet. ECR Public has no ValidationException, so the 400 that SDK
// retryers do not retry is UnsupportedCommandException; the text starts with
// NotModelledPrefix like the private NotModelled.
func PublicNotModelled(op string) *pubtypes.UnsupportedCommandException {
	return &pubtypes.UnsupportedCommandException{Message: str(NotModelledPrefix + "ECR Public " + op + " yet")}
}

// PublicInvalidNextToken is InvalidNextToken as ECR Public's exception type
// (same text: the two services share their pagination rules).
func PublicInvalidNextToken() *pubtypes.InvalidParameterException {
	return &pubtypes.InvalidParameterException{Message: InvalidNextToken().Message}
}
