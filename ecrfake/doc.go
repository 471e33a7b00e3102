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
// # A real SDK client, and HTTP
//
// Code that holds a concrete *ecr.Client is tested with Client: a genuine
// client whose HTTP calls go to Handler in memory (no listener, so it works
// inside testing/synctest), with the fake's region, anonymous credentials and
// the caller's options applied last. The SDK's own serializers, validation,
// error decoding and retryer run; outputs and errors are the ones the direct
// methods give. Handler serves ECR's awsJson1.1 protocol for all 62
// operations (route: X-Amz-Target), for httptest.NewServer or for
// cmd/ecrfake, which serves one fake per region on 127.0.0.1:5000 for the AWS
// CLI, boto3 and SDKs in other languages.
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
// and pull times, archived or not) in one call through the same validation and state
// transitions as the API. Out-of-band setters create state no API call can:
// SetImageTimes (push and last pull times), SetScanFindings,
// SetEnhancedScanFindings and FailScan (scan results), SetReplicationStatus
// (per-destination replication status). Snapshot and
// Restore copy the whole state, so a seeded base can be restored per
// subtest; Reset returns the fake to its state after New.
//
// # Lifecycle policies
//
// PutLifecyclePolicy and StartLifecyclePolicyPreview validate a policy as ECR
// does, with its JSON-schema style texts, for example
//
//	Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: numeric instance is lower than the required minimum (minimum: 1, found: 0)'
//
// and the policy text is stored verbatim. One evaluator serves previews and
// runs, applying the rules as ECR does: in priority order; an image receives
// at most one action; an image whose tags satisfy a rule is never acted on
// by a lower-priority rule, though those rules still count it (the "keep
// 9999 prod images" idiom); imageCountMoreThan keeps the newest N images
// (images are counted, not tags); sinceImagePushed and sinceImagePulled
// select images pushed or last pulled more than N×24 hours before (an image
// never pulled counts as pulled when it was pushed); several tagPrefixList or tagPatternList
// entries must all match, patterns matching whole tags. Images with equal
// push times are ordered by digest, the larger one counting as newer. Rules
// of storageClass standard (the default) see ACTIVE images; rules of
// storageClass archive (countType sinceImageTransitioned, at least 90 days)
// see ARCHIVED images and count from lastArchivedAt; images being restored
// (ACTIVATING) are seen by no rule.
//
// A preview is IN_PROGRESS for WithLifecyclePreviewDuration of fake-clock
// time (DefaultLifecyclePreviewDuration, 5 s), then COMPLETE: the SDK's
// LifecyclePolicyPreviewComplete waiter finishes at once inside a
// testing/synctest bubble with the default clock; with a ManualClock, the
// test advances the clock. The results are evaluated as of the completion
// time over the images pushed by then, and computed when a lifecycle call on
// the repository first finds the preview complete; they are listed oldest
// image first, at most 100 per page, and a preview changes no image.
//
// RunLifecyclePolicies runs a repository's stored policy on demand. With
// WithLifecycleAutoRun(true) (off by default) a stored policy also runs by
// itself every LifecycleEvaluationInterval (24 hours) of fake-clock time
// after PutLifecyclePolicy stored it: when the clock has passed one or more
// of these points, the start of the next call that names that repository
// (any operation with a repositoryName, or RunLifecyclePolicies) applies one
// run, evaluated as of the latest point over the images pushed by then, and
// lastEvaluatedAt reports that point. A run expires an image
// as BatchDeleteImage by digest does (tags and all), except an image an index
// in the repository still references, unless the index expires in the same
// run; it archives the images of transition rules, their lastArchivedAt being
// the run's instant (see Archival). Indexes, manifest lists and the images
// they reference are never transitioned: rules still select them (shielding
// them from lower rules) but neither previews nor runs list an action for
// them.
//
// # Archival
//
// UpdateImageStorageClass with ARCHIVE archives an ACTIVE image at once
// (lastArchivedAt); with STANDARD it starts restoring an ARCHIVED one, which
// answers ACTIVATING and stays so for WithRestoreDuration of fake-clock time
// (DefaultRestoreDuration, 20 minutes, the time ECR gives), then is ACTIVE
// with lastActivatedAt the instant the restore completed. A restore completes
// by itself: the first call after that instant sees it done, and it took
// effect at that instant, so a scan on push it triggers starts then too.
// Asking for the class an image already has, or is on its way to, changes
// nothing; archiving an image being restored is
// ImageStorageClassUpdateNotSupportedException, and so is archiving an index,
// a manifest list or an image one of them references; and an index cannot
// be pushed over children that are not ACTIVE (ReferencedImagesNotFoundException
// naming them). Pushing an archived or activating image's manifest again
// restores it at once.
//
// An image that is not ACTIVE cannot be pulled: BatchGetImage reports an
// ImageInaccessible failure for it, GetDownloadUrlForLayer answers
// LayerInaccessibleException for a layer that only such images reference,
// and BatchCheckLayerAvailability reports that layer ARCHIVED (a client that
// uploads it again gets LayerAlreadyExistsException). It cannot be scanned:
// StartImageScan answers ImageArchivedException, DescribeImageScanFindings
// reports the status IMAGE_ARCHIVED without findings, and its earlier scan
// results are gone; restored, it is scanned on push like a new image if its
// repository's scanning configuration says so (a scan on push within 24
// hours of the image's last basic scan is LIMIT_EXCEEDED, as for any image). ListImages, DescribeImages and
// ListImageReferrers show only ACTIVE images unless their imageStatus
// (artifactStatus) filter asks for ARCHIVED, ACTIVATING or ANY.
// BatchDeleteImage deletes archived images, and they keep a repository from
// being deleted without force.
//
// # Image scanning
//
// A scan takes WithScanDuration of fake-clock time (DefaultScanDuration,
// 5 s). A basic scan is IN_PROGRESS, then COMPLETE or FAILED; enhanced
// scanning is PENDING, then ACTIVE, and never COMPLETE, as in real ECR. The
// status is computed from the clock whenever it is read. The SDK's
// ImageScanComplete waiter therefore finishes at once inside a
// testing/synctest bubble with the default clock (its first 5-second delay
// is virtual); with a ManualClock the test advances the clock (before
// waiting, or from an Intercept on DescribeImageScanFindings) and shortens
// the waiter's MinDelay and MaxDelay. A FAILED scan fails the waiter,
// ScanNotFoundException ends it, and an ENHANCED image keeps it polling
// until its time budget is spent; inside a synctest bubble that never
// happens, because the SDK waiter's last delay is zero when polls take no
// time, so do not wait for ENHANCED images there.
//
// StartImageScan starts a basic scan: at most one per image in any rolling 24
// hours, scans on push included (LimitExceededException "The scan quota per
// image has been exceeded. Wait and try again."), and at most
// WithRegistryScanQuota (100,000) basic scans per registry in any 24 hours.
// Indexes, manifest lists, schema 1 manifests and artifacts (anything but an
// image manifest over a container image config) are
// UnsupportedImageTypeException. A registry using ENHANCED scanning does not
// take manual scans: ValidationException "This feature is disabled", the text
// public reports show.
//
// The fake cannot look for an operating system inside layers, so it reads
// the image config: "os": "linux" and at least one layer scans; any other os,
// a config without one or that is not JSON, and an image without layers
// (scratch) end FAILED with "UnsupportedImageError: The operating system
// and/or package manager are not supported." (under ENHANCED, the status is
// UNSUPPORTED_IMAGE). FailScan makes any one image's scans fail.
//
// Findings are generated from the image digest, the same in every run: 0 to
// 12 vulnerabilities of a Debian, Ubuntu, Alpine or Amazon Linux image, most
// severe first, with CVSS scores and vectors that agree with the severity,
// fixed-in versions or none, and (ENHANCED) Inspector-style packages,
// remediation, scores and image resources; the CVE numbers are synthetic.
// SetScanFindings and SetEnhancedScanFindings replace an image's findings;
// they apply to a scan in progress and to later scans, while a finished basic
// scan keeps what it reported (enhanced scanning, being continuous, reports
// the new findings at once). Pages hold 100 findings unless maxResults says
// otherwise; findingSeverityCounts count all of them, leaving out zero
// counts; imageScanCompletedAt and vulnerabilitySourceUpdatedAt are the time
// the scan finished.
//
// A PutImage that creates an image applies the repository's effective
// scanning configuration. Under BASIC, a matching SCAN_ON_PUSH rule or the
// repository's own scanOnPush flag (PutImageScanningConfiguration) starts a
// basic scan; where the quota or the image type forbid it, the push succeeds
// and the scan status is LIMIT_EXCEEDED or UNSUPPORTED_IMAGE. Under ENHANCED
// with no rules every repository is scanned continuously; otherwise a
// matching CONTINUOUS_SCAN rule wins over a matching SCAN_ON_PUSH rule, and
// other repositories are not scanned (their flag does not count). A retag
// starts no scan, and a scan goes with its image: a re-pushed image starts
// afresh. A new registry scanning configuration applies to images pushed
// afterwards; images keep the scans they have.
//
// Registry scanning rules: BASIC takes SCAN_ON_PUSH rules, ENHANCED
// SCAN_ON_PUSH and CONTINUOUS_SCAN rules, one rule per frequency
// (ValidationException otherwise, with texts of the fake's own); an omitted
// scanType is BASIC. A filter without '*' matches every repository whose name
// contains it ("prod" matches "team/prod-api"); a filter with '*' must match
// the whole name; a rule without filters matches nothing.
// BatchGetRepositoryScanningConfiguration reports each repository's effective
// frequency, scanOnPush when that is SCAN_ON_PUSH, and as appliedScanFilters
// the filters of the deciding rule that match the name; an unknown name is a
// REPOSITORY_NOT_FOUND failure.
//
// DescribeImages leaves imageScanStatus and imageScanFindingsSummary nil, as
// current ECR does; WithLegacyScanSummary(true) fills them from the scans.
//
// # Registry settings and referrers
//
// The registry-level operations act on the fake's own registry. The registry
// policy is stored verbatim after a structural check. Account settings
// (BASIC_SCAN_TYPE_VERSION, REGISTRY_POLICY_SCOPE, BLOB_MOUNTING) read their
// defaults (AWS_NATIVE, V2, DISABLED) until put; they are stored only, so
// BLOB_MOUNTING ENABLED does not let a manifest use another repository's
// layers. PutReplicationConfiguration replaces the whole configuration and
// DescribeRegistry always reports one, with no rules when none was put.
//
// Replication is instantaneous: DescribeImageReplicationStatus reports
// COMPLETE for each distinct destination (in configuration order) of the
// rules that matched the image's repository in the configuration in effect
// when the image was pushed (and, for an image restored from the archive,
// when its restore completed). A rule without filters matches every
// repository; a PREFIX_MATCH filter is a plain string prefix ("prod" matches
// "production" and "prod/api", not "team/prod"). Images pushed before a
// configuration are not replicated by it, and keep their statuses when it is
// replaced or removed; re-putting an identical configuration changes
// nothing. Nothing is copied anywhere: no destination registry exists.
//
// Pull-time update exclusions are stored and listed in ARN order (at most
// 100). The fake knows no caller principal, so they do not stop a pull from
// updating lastRecordedPullTime.
//
// ListImageReferrers lists, in push order, the images of the repository
// whose manifest names subjectId.imageDigest as its subject (the subject
// itself need not exist; a digest nothing refers to gives an empty list),
// 20 per page unless maxResults says otherwise. Each referrer reports its
// manifest's media type, its artifactType (else its config's media type),
// the manifest's size in bytes, its annotations and its artifactStatus;
// the artifactStatus filter keeps one status (ACTIVE by default) or ANY. An
// artifactTypes filter keeps referrers of any of the given types (exact
// match).
//
// # Signing and replication backfills
//
// PutSigningConfiguration replaces the registry's signing configuration: at
// most 10 rules, each a signing profile ARN with optional WILDCARD_MATCH
// filters, where '*' matches any run of characters and a filter must match
// the whole repository name ("myapp/*", "*/production", "*prod*"); a rule
// without filters matches every repository. A configuration without rules
// is still a configuration; with none, GetSigningConfiguration and
// DeleteSigningConfiguration answer SigningConfigurationNotFoundException.
// Signing is instantaneous: DescribeImageSigningStatus reports COMPLETE for
// each distinct signing profile (in rule order) of the rules that matched the
// image's repository in the configuration in effect when the image was
// pushed, as for replication. Images pushed before a configuration are not
// signed by it and keep their statuses when it is replaced or deleted. No
// signature artifact is created.
//
// StartReplicationBackfill takes a destination that a rule of the current
// replication configuration names (else ValidationException) and fixes its
// work at once: every image and tag (an untagged image once) of the
// repositories those rules match, repositories by name, images in push
// order, tags by name. The backfill then runs on the fake's clock: PREPARING
// for one minute (no progress), IN_PROGRESS replicating one image and tag a
// second, then COMPLETE, ended when the last replication ends (at once after
// preparing when there is nothing to replicate). StopReplicationBackfill
// ends a PREPARING backfill, or an IN_PROGRESS one on a whole second of its
// timetable (nothing in flight), at once: STOPPED; otherwise it is STOPPING
// until the replication in flight ends, then STOPPED. Stopping a STOPPING
// backfill changes nothing; stopping an ended one is
// ReplicationBackfillInvalidStatusException. One backfill per destination
// Region and ten per registry may be in progress (PREPARING, IN_PROGRESS or
// STOPPING): ReplicationBackfillInProgressException, LimitExceededException.
// DescribeReplicationBackfillResults lists results only once the backfill
// ended: the replications it performed, in order, all COMPLETE (a FAILED
// filter lists none), 100 a page unless maxResults says otherwise.
// ListReplicationBackfills lists newest first, 25 a page. 90 days after it
// ended, a backfill is gone from both (ReplicationBackfillNotFoundException).
// States are computed from the clock whenever read; nothing is copied
// anywhere.
//
// # Pull-through cache rules and creation templates
//
// Pull-through cache rules and repository creation templates are stored,
// validated and listed; what ECR does with them is not modelled: no
// repository is created when an image is pulled through a rule or pushed
// under a CREATE_ON_PUSH template, nothing is fetched from an upstream
// registry, and CreateRepository does not apply templates. A prefix is
// compared without its trailing '/' ("prod" and "prod/" are one prefix,
// reported as it was created); ROOT is a prefix like any other. Both list in
// prefix order, 100 a page unless maxResults says otherwise.
//
// CreatePullThroughCacheRule infers upstreamRegistry from the URL
// (public.ecr.aws, registry-1.docker.io, ghcr.io, registry.gitlab.com,
// registry.k8s.io, quay.io, cgr.dev, <name>.azurecr.io,
// <account>.dkr.ecr.<region>.amazonaws.com); another URL, or an
// upstreamRegistry naming another registry, is
// UnsupportedUpstreamRegistryException, as is a Docker Hub, GitHub, GitLab,
// Azure or Chainguard rule without credentialArn ("The specified upstream
// registry requires authentication. Specify a valid Secrets Manager ARN", the
// real text) and a rule for another account's ECR registry without
// customRoleArn. upstreamRepositoryPrefix (ROOT unless given) may be set
// only for an ecr upstream and a prefix other than ROOT. A registry holds at
// most 50 rules (LimitExceededException); updatedAt starts at createdAt.
// UpdatePullThroughCacheRule replaces credentialArn and customRoleArn (at
// least one is required; an empty customRoleArn removes the role).
// DescribePullThroughCacheRules with a prefix no rule uses is
// PullThroughCacheRuleNotFoundException. Secrets are not read, so
// ValidatePullThroughCacheRule reports every rule valid and the secret
// exceptions never occur by themselves: Fail injects them, and an Intercept
// on ValidatePullThroughCacheRule can report isValid false with a failure.
//
// A creation template reports MUTABLE and AES256 unless set, resourceTags
// always (sorted by key) and appliedFor without duplicates. Its repository
// policy and lifecycle policy are validated as SetRepositoryPolicy and
// PutLifecyclePolicy validate them (an empty text is no policy), its tags as
// TagResource's, its mutability and exclusion filters as CreateRepository's,
// and a KMS key (a full key ARN) goes only with KMS or KMS_DSSE.
// UpdateRepositoryCreationTemplate changes the members given: an empty
// string or list clears one, and a new imageTagMutability drops the old
// filters unless filters come with it. DescribeRepositoryCreationTemplates
// leaves out prefixes no template uses.
//
// # What is modelled
//
// Modelled, per the behaviour of real ECR:
//   - repositories: CreateRepository, DescribeRepositories, DeleteRepository
//     (force), PutImageTagMutability (MUTABLE, IMMUTABLE and the two
//     *_WITH_EXCLUSION modes with WILDCARD filters), PutImageScanningConfiguration
//     (the scan-on-push flag), TagResource, UntagResource, ListTagsForResource,
//     SetRepositoryPolicy, GetRepositoryPolicy, DeleteRepositoryPolicy;
//   - push: InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload,
//     BatchCheckLayerAvailability, PutImage (Docker schema 2, OCI image
//     manifest, OCI index, Docker manifest list);
//   - pull and housekeeping: BatchGetImage, GetDownloadUrlForLayer,
//     BatchDeleteImage, ListImages, DescribeImages;
//   - archival: UpdateImageStorageClass, archive and restore, and lifecycle
//     transitions (see Archival above);
//   - lifecycle policies: PutLifecyclePolicy, GetLifecyclePolicy,
//     DeleteLifecyclePolicy, StartLifecyclePolicyPreview,
//     GetLifecyclePolicyPreview, and runs of the stored policy (see
//     Lifecycle policies above);
//   - scanning: StartImageScan, DescribeImageScanFindings,
//     GetRegistryScanningConfiguration, PutRegistryScanningConfiguration,
//     BatchGetRepositoryScanningConfiguration, and scans on push (see Image
//     scanning above);
//   - registry-level settings: PutRegistryPolicy, GetRegistryPolicy,
//     DeleteRegistryPolicy, GetAccountSetting, PutAccountSetting,
//     PutReplicationConfiguration, DescribeRegistry,
//     DescribeImageReplicationStatus, RegisterPullTimeUpdateExclusion,
//     DeregisterPullTimeUpdateExclusion, ListPullTimeUpdateExclusions (see
//     Registry settings and referrers above);
//   - referrers: ListImageReferrers;
//   - signing: PutSigningConfiguration, GetSigningConfiguration,
//     DeleteSigningConfiguration, DescribeImageSigningStatus; replication
//     backfills: StartReplicationBackfill, StopReplicationBackfill,
//     DescribeReplicationBackfillResults, ListReplicationBackfills (see
//     Signing and replication backfills above);
//   - pull-through cache rules: CreatePullThroughCacheRule,
//     DescribePullThroughCacheRules, UpdatePullThroughCacheRule,
//     DeletePullThroughCacheRule, ValidatePullThroughCacheRule; repository
//     creation templates: CreateRepositoryCreationTemplate,
//     DescribeRepositoryCreationTemplates, UpdateRepositoryCreationTemplate,
//     DeleteRepositoryCreationTemplate (see Pull-through cache rules and
//     creation templates above; caching and create-on-push are not modelled);
//   - GetAuthorizationToken.
//
// Every operation is modelled. IsNotModelled recognises the
// ValidationException a future operation the fake does not model yet would
// answer, so conformance code can skip it.
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
//   - Scanning: the status descriptions "The scan was completed
//     successfully." (COMPLETE) and "Continuous scan is selected for image."
//     (ACTIVE) are real texts; "Scan on push is selected for image." (ACTIVE
//     on push), "UnsupportedImageError: The image type is not supported for
//     scanning." (UNSUPPORTED_IMAGE of a non-image) and the texts of
//     LIMIT_EXCEEDED, the registry-wide quota, UnsupportedImageTypeException
//     and ScanNotFoundException (moto's format) are the fake's own.
//     IN_PROGRESS and PENDING carry no description.
//   - Lifecycle policies: lastEvaluatedAt of a policy that never ran is the
//     Unix epoch. A JSON null in a rule is "instance failed to match exactly
//     one schema (matched 0 out of 2)", except a null tagPrefixList or
//     tagPatternList, which is "instance type (null) does not match any
//     allowed primitive type (allowed: ["array"])", as public logs show. The
//     rules no schema expresses (unique priorities, the "any" rule last, at
//     most one untagged rule, tag lists only and always with tagged, not
//     both lists, at most 4 wildcards, countUnit with the since* counts
//     only, storage classes, at most 50 rules, rulePriority and countNumber
//     at most 2147483647) answer in the same style with texts of the fake's
//     own; unknown keys are rejected. The validation texts end with a
//     closing quote like every InvalidParameterException of the fake, though
//     public logs of real ECR show this family without one.
//     GetLifecyclePolicyPreview with imageIds lists the named images the
//     preview acts on, in preview order; ids it does not act on are absent.
//   - Archival: the texts of ImageArchivedException,
//     ImageStorageClassUpdateNotSupportedException, the ImageInaccessible
//     failure reasons and the IMAGE_ARCHIVED status description are the
//     fake's own. The restore time is fixed (WithRestoreDuration), where ECR
//     says "within 20 minutes". UpdateImageStorageClass answers the status
//     after the call: ACTIVATING for a restore, even with a zero restore
//     duration, and the unchanged status when nothing changes (the no-ops are
//     the fake's choice; ECR documents no error for them). Indexes and the
//     images they reference cannot be archived (ECR's rule for them is not
//     published), and the ReferencedImagesNotFoundException text for an
//     index over archived children is the fake's own. DescribeImages with
//     imageIds applies the status filter too,
//     so an archived image named by id is absent unless the filter asks for
//     it. An archived image keeps its tags, and a tag can move from it to a
//     new image as from any other. A restore, by UpdateImageStorageClass or
//     by a re-push, keeps imagePushedAt, and DescribeImageReplicationStatus
//     adds the destinations of the configuration in effect when the restore
//     completed to those of the push. The LayerInaccessibleException text
//     for a layer that only archived images use is the fake's own.
//   - Registry policies are checked structurally: a JSON object whose
//     Statement (a list or one object, not empty) has Effect Allow|Deny, an
//     Action and a Principal; a Resource is allowed and actions are not
//     restricted (scope V2). Failures read "Invalid registry policy
//     provided", the real text; RegistryPolicyNotFoundException uses moto's.
//   - An unknown account setting name or value is InvalidParameterException
//     in the enum style ("Member must satisfy enum value set: [...]"). CLAIR
//     and V1, which ECR no longer accepts, are rejected.
//   - Replication: a destination that is the fake's own account and region
//     is InvalidParameterException with moto's text; more than 25 unique
//     destinations across the rules (a quota, not configurable here) is
//     InvalidParameterException with a text of the fake's own. Statuses are
//     derived when read from the image's imagePushedAt (seeded and
//     SetImageTimes times count) and the configurations stored over time: a
//     configuration applies to images pushed at or after the millisecond it
//     was put. There is no IN_PROGRESS or FAILED status and no failureCode.
//   - Pull-time update exclusions: the limit of 100 is the model's list cap
//     (unverified as a quota, not configurable here); the
//     ExclusionAlreadyExists, ExclusionNotFound and LimitExceeded texts are
//     the fake's own. Pages hold 100 ARNs unless maxResults says otherwise.
//   - ListImageReferrers: a subject digest that is not a digest is
//     InvalidParameterException at 'subjectId.imageDigest' (the fake's
//     text). The pull-through cache failure
//     UnableToListUpstreamImageReferrersException is not modelled.
//   - Signing and backfills: the texts of SigningConfigurationNotFoundException
//     and of the backfill exceptions are the fake's own, and a destination
//     missing from the replication configuration is ValidationException (the
//     error lists of the backfill operations are not published). Signing and
//     replications never fail: no IN_PROGRESS or FAILED signing status, no
//     failure codes, failedReplicationCount 0. Backfill ids are UUID-shaped
//     and come from a counter. A registryId other than the fake's account
//     names a registry of its own, without replication configuration or
//     backfills.
//   - Pull-through cache rules and templates: the texts of the already-exists,
//     not-found and limit exceptions, of UnsupportedUpstreamRegistryException
//     for a URL and for a missing role, and of the upstreamRepositoryPrefix
//     and template policy checks are the fake's own; cgr.dev as Chainguard's
//     URL is unverified. Templates have no count limit (ECR's is not
//     published; Fail can inject LimitExceededException). A registryId other
//     than the fake's account names a registry of its own for rules;
//     templates always belong to the fake's registry.
package ecrfake
