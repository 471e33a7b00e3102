// Package lifecycle parses, validates and evaluates ECR lifecycle policies.
//
// It is pure: no state, no clock, no SDK types. Parse turns a policy text
// into a *Policy or a *ValidationError carrying ECR's JSON-schema style
// detail; (*Policy).Evaluate decides, for a set of images at an instant,
// which images each rule acts on. The state machine uses the same evaluator
// for previews and for runs, so they cannot disagree.
package lifecycle

import (
	"time"
)

// TagStatus is a rule's selection.tagStatus (the JSON spelling).
type TagStatus string

// The tag statuses a rule may select.
const (
	TagStatusAny      TagStatus = "any"
	TagStatusTagged   TagStatus = "tagged"
	TagStatusUntagged TagStatus = "untagged"
)

// CountType is a rule's selection.countType.
type CountType string

// The count types a rule may use.
const (
	CountImageCountMoreThan     CountType = "imageCountMoreThan"
	CountSinceImagePushed       CountType = "sinceImagePushed"
	CountSinceImagePulled       CountType = "sinceImagePulled"
	CountSinceImageTransitioned CountType = "sinceImageTransitioned"
)

// StorageClass is where an image lives: selection.storageClass and
// action.targetStorageClass use it.
type StorageClass string

// The storage classes.
const (
	StorageStandard StorageClass = "standard"
	StorageArchive  StorageClass = "archive"
)

// ActionType is a rule's action.type.
type ActionType string

// The actions a rule may take.
const (
	ActionExpire     ActionType = "expire"
	ActionTransition ActionType = "transition"
)

// Action is what a rule does to the images it selects.
type Action struct {
	Type ActionType
	// TargetStorageClass is set for ActionTransition only.
	TargetStorageClass StorageClass
}

// Rule is one validated rule of a policy.
type Rule struct {
	Priority       int32
	Description    string
	TagStatus      TagStatus
	TagPrefixList  []string
	TagPatternList []string
	StorageClass   StorageClass // StorageStandard unless the rule says archive
	CountType      CountType
	CountUnit      string // "days" for the since* count types, "" otherwise
	CountNumber    int64  // ≥ 1
	Action         Action
}

// Policy is a validated lifecycle policy: its rules in ascending priority.
type Policy struct {
	Rules []Rule
}

// Image is what the evaluator needs to know about one image.
type Image struct {
	Digest string
	Tags   []string
	// PushedAt is the push time; LastPulledAt the last recorded pull (zero:
	// never pulled, which counts as pulled when pushed).
	PushedAt     time.Time
	LastPulledAt time.Time
	// StorageClass is where the image is; "" means StorageStandard.
	StorageClass StorageClass
	// ArchivedAt is when the image was archived (zero: use PushedAt).
	ArchivedAt time.Time
}

// Result is the action one rule takes on one image.
type Result struct {
	Digest string
	// RulePriority is the priority of the rule that acts on the image.
	RulePriority int32
	Action       Action
}

// MaxRules is the most rules a policy may have.
const MaxRules = 50

// MaxWildcards is the most '*' wildcards one tagPatternList entry may hold.
const MaxWildcards = 4

// MinArchiveDaysBeforeExpiry is how long an archived image must have been
// archived before an expire rule may select it (ECR's 90-day archive minimum).
const MinArchiveDaysBeforeExpiry = 90

// ValidationError is a policy the service rejects. Detail is the text ECR
// reports after "Lifecycle policy validation failure: ".
type ValidationError struct {
	Detail string
}

func (e *ValidationError) Error() string { return "Lifecycle policy validation failure: " + e.Detail }
