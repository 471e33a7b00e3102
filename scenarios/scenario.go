package scenarios

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"

	"github.com/ecrfake/go-ecrfake/ecrfake"
	"github.com/ecrfake/go-ecrfake/scenarios/images"
)

// Kind is the task a scenario gives the code under test. Catalogue entries
// of one kind can all run against one function.
type Kind uint8

const (
	// Push: push env.Image to env.Repository, tagged env.Tag, through the
	// layer-upload API and PutImage.
	Push Kind = iota + 1
	// Pull: fetch env.Image from env.Repository by its digest
	// (env.Image.Digest), and return an error if that is not possible.
	Pull
	// List: list every image of env.Repository with ListImages or
	// DescribeImages, following nextToken to the end.
	List
	// Scan: start a basic scan of the image tagged env.Tag in
	// env.Repository, wait for it, and return an error unless it completed.
	Scan
	// Publish: publish env.Image to the ECR Public repository env.Repository,
	// tagged env.Tag, through the ECR Public API (env.Public() or
	// env.PublicClient()), and give the repository the catalog data
	// PublishCatalogData. Its scenarios are listed by PublicCatalogue.
	Publish
)

func (k Kind) String() string {
	switch k {
	case Push:
		return "push"
	case Pull:
		return "pull"
	case List:
		return "list"
	case Scan:
		return "scan"
	case Publish:
		return "publish"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Func is the code under test: it does what the scenario's Kind asks, on
// env.Fake or env.Client(), and returns its error.
type Func func(ctx context.Context, env *Env) error

// Step is something that happens before the code under test runs, after the
// fixture is seeded: the clock moves (Advance), a lifecycle policy runs, an
// interceptor is installed.
type Step func(ctx context.Context, env *Env) error

// Advance moves the scenario's clock forward by d.
func Advance(d time.Duration) Step {
	return func(_ context.Context, env *Env) error {
		env.Clock.Advance(d)
		return nil
	}
}

// Scenario is one situation for the code under test: a fake registry set up
// by Options and Fixture, changed by Steps, misbehaving by Faults, and a
// Check of what the code did.
type Scenario struct {
	Name string
	Kind Kind   // the task; Catalogue filters on it
	Doc  string // what ECR does here, and what correct code does

	// Options configure the fake. The scenario's clock is passed first, so
	// an Option here may replace it.
	Options []ecrfake.Option
	Fixture Fixture
	// Repository (default "app"), Tag and Image are the task's subject,
	// handed to the code under test in Env.
	Repository string
	Tag        string
	Image      *images.Image
	// Steps run in order after the fixture is seeded.
	Steps []Step
	// Faults are installed after the steps, just before the code under test
	// runs, and removed when it returns.
	Faults []ecrfake.Fault
	// Check judges the outcome: err is what the code under test returned,
	// env.Calls the calls it made. It returns nil when the code did the
	// right thing. A nil Check wants err == nil.
	Check func(env *Env, err error) error
}

// Env is a scenario's world, handed to the code under test and then to the
// Check.
type Env struct {
	Fake  *ecrfake.Fake
	Clock *ecrfake.ManualClock // the fake's clock (unless an Option replaced it)

	Repository string
	Tag        string
	Image      *images.Image

	// Hooks are the scenario's installed faults, for their Hits.
	Hooks []*ecrfake.Hook
	// Calls are the calls the code under test made, set when it returns.
	Calls []ecrfake.Call
}

// Client returns env.Fake.Client(optFns...) with the SDK's standard retryer
// minus its waiting: the retries real code meets, with no backoff sleeps and
// no client-side retry quota, so that they cost no time inside or outside a
// testing/synctest bubble.
func (e *Env) Client(optFns ...func(*ecr.Options)) *ecr.Client {
	return e.Fake.Client(append([]func(*ecr.Options){ecrfake.WithoutRetryBackoff}, optFns...)...)
}

// epoch is where every scenario's clock starts.
var epoch = time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC)

// ErrNotModelled is wrapped by Scenario.Run's error when the fake answered
// that it does not model an operation the scenario needs; Run skips such
// scenarios.
var ErrNotModelled = errors.New("scenarios: the fake does not model what this scenario needs")

// Run runs the scenario on a fresh fake whose clock is a ManualClock at
// 2030-01-01 00:00 UTC: it seeds the Fixture, runs the Steps, installs the
// Faults, empties the call log, calls fn, records its calls in env.Calls,
// removes every hook (the faults and whatever the Steps installed) and
// returns the Check's verdict (nil: fn did the right thing). Time on the fake
// moves only by Steps and Delay faults.
//
// Run does not need a *testing.T or a testing/synctest bubble, but the SDK's
// retry backoff and waiters sleep in real time outside a bubble; Env.Client
// removes the backoff, and the Run function runs every scenario in a bubble.
func (sc Scenario) Run(ctx context.Context, fn Func) error {
	clock := ecrfake.NewManualClock(epoch)
	f := ecrfake.New(append([]ecrfake.Option{ecrfake.WithClock(clock)}, sc.Options...)...)
	env := &Env{Fake: f, Clock: clock, Repository: sc.Repository, Tag: sc.Tag, Image: sc.Image}
	if env.Repository == "" {
		env.Repository = "app"
	}
	if err := sc.Fixture.Seed(ctx, f); err != nil {
		return notModelledOr(err)
	}
	for i, step := range sc.Steps {
		if err := step(ctx, env); err != nil {
			return notModelledOr(fmt.Errorf("scenarios: %s: step %d: %w", sc.Name, i+1, err))
		}
	}
	for _, fault := range sc.Faults {
		env.Hooks = append(env.Hooks, f.Inject(fault))
	}
	f.ResetCalls()
	err := fn(ctx, env)
	env.Calls = f.Calls()
	f.RemoveHooks()
	for _, c := range env.Calls {
		if ecrfake.IsNotModelled(c.Err) {
			return fmt.Errorf("%w: %v", ErrNotModelled, c.Err)
		}
	}
	check := sc.Check
	if check == nil {
		check = func(_ *Env, err error) error { return err }
	}
	if cerr := check(env, err); cerr != nil {
		return fmt.Errorf("scenarios: %s: %w", sc.Name, cerr)
	}
	return nil
}

// Run runs each scenario as a subtest of t, inside its own testing/synctest
// bubble, so that the SDK's backoff and waiters cost no wall time. A scenario
// that fails its Check fails the subtest; one that needs what the fake does
// not model is skipped with the reason.
//
//	func TestPush(t *testing.T) {
//		scenarios.Run(t, scenarios.Catalogue(scenarios.Push), func(ctx context.Context, env *scenarios.Env) error {
//			return mypkg.Push(ctx, env.Client(), env.Repository, env.Tag, env.Image)
//		})
//	}
//
// Inside a bubble the code under test must not wait on goroutines or I/O
// from outside it; code that reaches the fake through its methods or
// Env.Client qualifies.
func Run(t *testing.T, list []Scenario, fn Func) {
	t.Helper()
	for _, sc := range list {
		t.Run(sc.Name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				err := sc.Run(t.Context(), fn)
				switch {
				case errors.Is(err, ErrNotModelled):
					t.Skip(err)
				case err != nil:
					t.Error(err)
				}
			})
		})
	}
}

func notModelledOr(err error) error {
	if ecrfake.IsNotModelled(err) {
		return fmt.Errorf("%w: %v", ErrNotModelled, err)
	}
	return err
}
