// Package ecrfake is an in-process fake of Amazon Elastic Container Registry
// (ECR) for Go tests.
//
// A *Fake has every method of *ecr.Client from
// github.com/aws/aws-sdk-go-v2/service/ecr with the identical signature, so
// it satisfies any interface your code declares over the client, and the
// SDK's paginators and waiters accept it. It answers the way the real
// service does: the same exception types with the same messages, the same
// per-item failure codes, the same limits, and errors wrapped exactly like
// the real client's (operation error → HTTP response error → typed exception).
//
//	f := ecrfake.New()
//	_, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")})
//
// A Fake opens no socket, starts no goroutine and reads time only from its
// Clock (WithClock; NewManualClock for a clock that moves only when told), so
// the same calls give the same answers byte for byte. It is safe for
// concurrent use; every call is atomic.
//
// # Validation
//
// Like the real stack, a call is validated in two layers. Missing required
// members fail first, with the SDK's own client-side error
// (smithy.InvalidParamsError inside *smithy.OperationError, identical text).
// Then the service's constraints — lengths, ranges, anchored patterns, enum
// values, list sizes — fail with InvalidParameterException:
//
//	Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '…''
//
// # Errors
//
// Service errors are *types.XxxException values (use errors.As), wrapped in
// *awshttp.ResponseError (status 400, or 500 for ServerException, with a
// request id) inside *smithy.OperationError{ServiceID: "ECR"}, so err.Error()
// is what the real client prints. A context already done when the call starts
// gives the real client's "operation error ECR: Op, context canceled".
// Called directly, the fake never retries.
//
// # Faults, interceptors and the call log
//
// A test makes ECR fail the way it fails in production with Inject:
//
//	f.Inject(ecrfake.Fail(ecrfake.OpUploadLayerPart, ecrfake.ErrThrottling()).Times(2))
//	defer f.AssertFaultsFired(t)
//
// Operations are chosen by constant (OpPutImage) or by input type
// (FailWhen(func(in *ecr.PutImageInput) bool {...}, err), OpOf[ecr.PutImageInput]()),
// never by a free string. A fault fires always, on the nth matching call
// (OnCall), on the first n (Times), in a scripted sequence (FailSequence), or
// with a seeded probability (WithProbability); it may fail before the
// operation (nothing changes) or after it took effect (AfterCommit), spend
// fake-clock time (Delay), block until the context ends (Hang), or fail some
// items of a batch (FailImages, FailLayers). Intercept wraps the real
// behaviour with typed code of your own. Every Inject and Intercept returns a
// *Hook with Hits and Remove. Hooks never run with the fake's lock held, so
// they may call the fake.
//
// Called directly, the fake never retries: a throttling fault reaches your
// code on the first attempt. Through Client, the SDK's retryer sees the same
// fault as an HTTP 400 ThrottlingException (500 for ServerException) and
// retries it.
//
// Every call is recorded (Calls, CallsTo, CallsOf) with deep copies of its
// input and output, its error, the clock time and a sequence number;
// WithCallRecording(false) turns the log off.
//
// # Seeding, snapshots
//
// Seed creates repositories, settings, policies and images (with tags, push
// and pull times) in one call through the same validation and state
// transitions as the API; SetImageTimes sets times no API can. Snapshot and
// Restore copy the whole state, so a seeded base can be restored per
// subtest; Reset returns the fake to its state after New.
//
// # What is modelled
//
// Modelled, per the behaviour of real ECR:
//   - repositories: CreateRepository, DescribeRepositories, DeleteRepository
//     (force), PutImageTagMutability (MUTABLE, IMMUTABLE and the two
//     *_WITH_EXCLUSION modes with WILDCARD filters), PutImageScanningConfiguration
//     (stored and reported), TagResource, UntagResource, ListTagsForResource,
//     SetRepositoryPolicy, GetRepositoryPolicy, DeleteRepositoryPolicy;
//   - push: InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload,
//     BatchCheckLayerAvailability, PutImage (Docker schema 2, OCI image
//     manifest, OCI index, Docker manifest list);
//   - pull and housekeeping: BatchGetImage, GetDownloadUrlForLayer,
//     BatchDeleteImage, ListImages, DescribeImages;
//   - GetAuthorizationToken.
//
// Not modelled yet (each answers ValidationException saying so, after the
// usual input validation): scanning (StartImageScan, DescribeImageScanFindings,
// Get/PutRegistryScanningConfiguration, BatchGetRepositoryScanningConfiguration),
// lifecycle policies and previews (Put/Get/DeleteLifecyclePolicy,
// Start/GetLifecyclePolicyPreview), and registry-level settings (registry
// policy, replication and backfills, pull-through cache rules, repository
// creation templates, account settings, signing, pull-time update
// exclusions), ListImageReferrers, UpdateImageStorageClass,
// DescribeImageSigningStatus and DescribeImageReplicationStatus.
//
// # Fidelity notes
//
// Where no source says what real ECR does, the fake makes one documented
// choice:
//   - Listing order: repositories by name; images in push order (a re-push of
//     an existing digest keeps its place); an image's tags by name; resource
//     tags by key. nextToken values are opaque, bound to the operation,
//     repository and filters that produced them, and resume at a key, so
//     inserts and deletes between pages never duplicate an item. A token from
//     elsewhere is InvalidParameterException "Invalid NextToken".
//   - BatchCheckLayerAvailability reports a well-formed digest that is not
//     stored as a layer with availability UNAVAILABLE; an empty digest is a
//     MissingLayerDigest failure and a malformed one InvalidLayerDigest.
//   - Layers are scoped to their repository (a blob uploaded to one
//     repository does not satisfy a manifest in another), but their bytes are
//     stored once per digest across repositories.
//   - CompleteLayerUpload ends the upload session when it succeeds and when
//     the layer already exists (LayerAlreadyExistsException); after other
//     failures the session stays open. The minimum part size applies to every
//     part but the last and is checked at completion.
//     InvalidLayerPartException carries lastValidByteReceived (nil before any
//     byte was accepted).
//   - PutImage with an existing digest and no tag, or with the tag the image
//     already has, is ImageAlreadyExistsException; with an immutable tag the
//     latter is ImageTagAlreadyExistsException (WithImmutableRepushConflict
//     switches this). A tag moved to another image leaves the old image
//     untagged, not deleted. imageSizeInBytes of an image manifest counts its
//     config and layers; of an index, the largest child.
//   - BatchGetImage collapses duplicate identifiers, answers an image whose
//     media type is not in acceptedMediaTypes with an ImageNotFound failure,
//     and records the pull time (lastRecordedPullTime) on every hit.
//   - BatchDeleteImage with both digest and tag removes the tag (removing an
//     image's last tag deletes the image); deleting an image an index in the
//     repository references fails with ImageReferencedByManifestList.
//   - Encryption: a KMS key with AES256 is InvalidParameterException; with KMS
//     and no key, kmsKey stays empty (real ECR reports its managed key).
//   - Repository policies are checked structurally: a JSON object whose
//     Statement (a list or one object) has Effect Allow|Deny, an Action and a
//     Principal, and no Resource. Force is accepted and ignored.
//   - A well-formed registryId other than the fake's account is a registry of
//     its own: empty until a repository is created in it.
//   - Authorization tokens decode to "AWS:<password>" with a deterministic
//     opaque password; expiresAt is 12 hours after the clock's now.
//   - Timestamps are UTC with millisecond precision (what the wire carries).
//   - Upload and request ids are UUID-shaped and come from counters.
package ecrfake
