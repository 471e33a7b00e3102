// Package registry is the protocol of ECR's registry endpoint
// (<account>.dkr.ecr.<region>.amazonaws.com/v2/), with no state behind it:
// it turns an HTTP request line into a [Route], and ECR's answers into
// status lines, headers and bodies. Every decision about the wire lives here,
// so the state and the handler only decide what happened, never how ECR says
// it:
//
//   - which route a path is ([Parse]): repository names contain '/', so a
//     path is routed on its last /manifests/, /blobs/, /blobs/uploads/,
//     /tags/list or /referrers/ structure; names, tags and digests are
//     checked against ECR's patterns; traversal and percent-encoded names are
//     refused; a method a route does not have is 405 UNSUPPORTED;
//   - ECR's error catalogue ([Error] and its constructors) and how it is
//     written: {"errors":[{"code","message"}]} as JSON ([WriteError]), except
//     401, which ECR sends as plain text with a Basic challenge
//     ([WriteUnauthorized]);
//   - one table from every ECR API exception to the registry's status, code
//     and text ([FromAPIError]), used for the service's own errors and for
//     injected faults alike;
//   - the small grammars around it: Basic credentials, Content-Range and
//     Range, Accept, ECR's host names, and the Link header of paged lists.
//
// The package imports nothing of the fake: it can be read, tested and fuzzed
// on its own. Where real ECR's behaviour is unknown, the choice made is noted
// beside the function and in docs/fidelity.md ("Registry protocol").
package registry
