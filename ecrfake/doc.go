// Package ecrfake is an in-process fake of Amazon Elastic Container Registry
// (ECR) for Go tests.
//
// A *Fake has every method of *ecr.Client from
// github.com/aws/aws-sdk-go-v2/service/ecr with the identical signature, so
// it satisfies any interface your code declares over the client, and the
// SDK's paginators and waiters accept it. Every operation is modelled. It
// answers with the real service's exception types, per-item failure codes
// and limits, and wraps errors exactly like the real client (operation error
// → HTTP response error → typed exception). Messages are real ECR's where
// public evidence shows them and in the same style where none does;
// docs/fidelity.md in the module's repository says which.
//
// A Fake opens no socket, starts no goroutine and reads time only from its
// Clock, so the same calls give the same answers byte for byte. It is safe
// for concurrent use; every call is atomic, and a failed call changes
// nothing.
//
// # Three ways to use it
//
// Directly, as the value your code takes:
//
//	f := ecrfake.New() // account 123456789012, us-east-1
//	_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
//
// Through f.Client(), for code that holds a concrete *ecr.Client: a genuine
// SDK client whose HTTP calls reach Handler in memory (no listener, so it
// works inside testing/synctest), with the fake's region, anonymous
// credentials and your options applied last. The SDK's serializers,
// validation, error decoding and retryer run, and the outputs and errors
// are the ones the direct methods give. Pass WithoutRetryBackoff, or the
// retries of injected faults sleep in real time.
//
// Over HTTP: f.Handler() serves ECR's awsJson1.1 protocol for every
// operation (routed by X-Amz-Target), for httptest.NewServer; cmd/ecrfake
// serves it on 127.0.0.1:5000, one fake per region, for the AWS CLI, boto3
// and SDKs in other languages.
//
// The same state is also ECR's registry: Handler serves the OCI
// distribution API under /v2/, and f.Transport() answers ECR's real host
// names (<account>.dkr.ecr.<region>.amazonaws.com, the layer download URLs)
// in memory, so go-containerregistry, crane, skopeo and docker push images
// that DescribeImages lists, and pull what PutImage stored. Registry auth is
// ECR's: Basic with the GetAuthorizationToken token, expiring on the clock.
// Each registry request is an operation (OpRegistryPutManifest, ...) that
// faults, interceptors and the call log see like any other.
//
// # Validation and errors
//
// As in the real stack, a missing required member fails first with the
// SDK's client-side error (smithy.InvalidParamsError inside
// *smithy.OperationError, identical text); then the service's constraints
// (lengths, ranges, patterns, enums, list sizes) fail with
// InvalidParameterException, for example
//
//	Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '…''
//
// Service errors are *types.XxxException values (use errors.As), wrapped in
// *awshttp.ResponseError (status 400, or 500 for ServerException, with a
// request id) inside *smithy.OperationError{ServiceID: "ECR"}, so err.Error()
// is what the real client prints. A context already done when the call
// starts gives "operation error ECR: Op, context canceled". Called
// directly, the fake never retries.
//
// # Faults, interceptors and the call log
//
// Make ECR fail the way it fails in production with Inject:
//
//	f.Inject(ecrfake.Fail(ecrfake.OpUploadLayerPart, ecrfake.ErrThrottling()).Times(2))
//	defer f.AssertFaultsFired(t)
//
// Operations are chosen by constant (OpPutImage) or by input type (FailWhen,
// OpOf), never by a free string. A fault fires always, on the nth matching
// call (OnCall), on the first n (Times), in a sequence (FailSequence) or with
// a seeded probability (WithProbability); it fails before the operation
// (nothing changes) or after it took effect (AfterCommit), spends fake-clock
// time (Delay), blocks until the context ends (Hang), or fails some items of
// a batch (FailImages, FailLayers). Intercept wraps the real behaviour with
// typed code of your own. Hooks never run with the fake's lock held, so they
// may call the fake. Through Client, the SDK's retryer sees a fault as an
// HTTP 400 error (500 for ServerException) and retries it.
//
// Every call is recorded (Calls, CallsTo, CallsOf) with its input, output,
// error, clock time and sequence number; WithCallRecording(false) turns the
// log off.
//
// # Time
//
// The fake reads time only from its Clock: the system clock by default,
// which is virtual inside a testing/synctest bubble, or
// NewManualClock(t0).Advance(d) with WithClock. The clock drives token
// expiry, push and pull times, scans (WithScanDuration), lifecycle previews
// and automatic runs, restores from the archive (WithRestoreDuration) and
// replication backfills; each method's documentation says how. Nothing runs
// in the background: what the clock makes due is computed when read, or
// applied by the next call that needs it, as of the instant it became due.
// Inside a synctest bubble on the default clock the SDK's waiters
// (ImageScanComplete, LifecyclePolicyPreviewComplete) return at once; see
// Example_waitersInSynctest.
//
// # Seeding and snapshots
//
// Seed creates repositories, settings, policies and images (tags, push and
// pull times, archived or not) in one call, through the API's validation and
// state transitions. Setters create what no API call can: SetImageTimes,
// SetScanFindings, SetEnhancedScanFindings, FailScan, SetReplicationStatus.
// Snapshot and Restore copy the whole state, so a seeded base can be
// restored per subtest; Reset returns the fake to its state after New.
//
// # Fidelity notes
//
// Where no source says what real ECR does, the fake makes one documented
// choice and tests it. The choices, the texts that are the fake's own and
// what is modelled in each API area are in docs/fidelity.md
// (https://github.com/ecrfake/go-ecrfake/blob/main/docs/fidelity.md).
// IsNotModelled recognises the ValidationException that an operation the
// fake does not model yet would answer, so conformance code can skip it.
package ecrfake
