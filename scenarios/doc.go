// Package scenarios makes a table test of code that uses Amazon ECR five
// lines long: a catalogue of the failures real ECR users meet, a runner that
// puts the code under test through each one on a fresh fake, declarative
// fixtures, and a conformance function that checks the catalogue's
// assumptions against the fake or against real ECR.
//
//	func TestPublish(t *testing.T) {
//		scenarios.Run(t, scenarios.Catalogue(scenarios.Push), func(ctx context.Context, env *scenarios.Env) error {
//			return publish(ctx, env.Client(), env.Repository, env.Tag, env.Image)
//		})
//	}
//
// Images to push, pull and seed come from the subpackage
// [github.com/ecrfake/go-ecrfake/scenarios/images]: deterministic Docker and
// OCI manifests, indexes and artifacts, and Push and Pull helpers that use
// only the ECR API.
//
// # Scenarios
//
// A [Scenario] is data: the fake's Options, a [Fixture] to seed, steps
// ([Step]) such as [Advance] (the clock), Faults (from ecrfake), the task's subject
// (Repository, Tag, Image) and a Check of the outcome. [Scenario.Run] builds
// a fresh fake with a manual clock at 2030-01-01 00:00 UTC, applies all that,
// calls the code under test with an [Env], and returns the Check's verdict as
// an error, in the way testing/fstest.TestFS does. [Run] runs a list of
// scenarios as subtests, each in a testing/synctest bubble, so that the SDK's
// retry backoff and waiters take no wall time; scenarios that need what the
// fake does not model are skipped ([ErrNotModelled]).
//
// The code under test reaches the fake through env.Fake (its methods have
// *ecr.Client's signatures and never retry) or env.Client() (a real SDK
// client, retries included, without their waiting). Time on the fake moves
// only when a Step or a Delay fault moves it.
//
// # The catalogue
//
// [Catalogue] returns the built-in scenarios, by [Kind] of task: Push, Pull,
// List or Scan. Every one is a situation that breaks real code: throttled
// pagination, a repository deleted while listing, the scan quota, a failed
// scan, a scan that outlasts the waiter, credentials expiring mid-push, an
// immutable tag, an interrupted layer upload, a part under the minimum
// size, a lost PutImage response, a lifecycle policy expiring an image. Each
// scenario's Doc says what ECR does and what correct code does; its Check
// fails code that does otherwise, with a message that says how.
//
// # Conformance
//
// [Verify] runs, for every catalogue entry, a check of the ECR behaviour the
// entry relies on, against any [API]: the fake, the fake's SDK client, or an
// *ecr.Client for real ECR. The fake runs it in its tests; running it against
// real ECR keeps the fake honest: this package's TestVerifyRealECR does so
// when ECRFAKE_REAL_ECR=1, with a client built from the AWS_* environment
// variables by the SDK core alone.
//
// The scan and lifecycle entries rely on the fake's models of scanning
// (StartImageScan, DescribeImageScanFindings, WithScanDuration) and
// lifecycle policies (PutLifecyclePolicy, RunLifecyclePolicies, previews).
package scenarios
