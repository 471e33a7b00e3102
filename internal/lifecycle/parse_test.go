package lifecycle

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rule renders one rule from a selection body and an action body.
func rule(prio int, selection, action string) string {
	return fmt.Sprintf(`{"rulePriority":%d,"selection":{%s},"action":{%s}}`, prio, selection, action)
}

func policy(rules ...string) string { return `{"rules":[` + strings.Join(rules, ",") + `]}` }

const (
	expire       = `"type":"expire"`
	transition   = `"type":"transition","targetStorageClass":"archive"`
	untagged14   = `"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14`
	anyCount1    = `"tagStatus":"any","countType":"imageCountMoreThan","countNumber":1`
	prodCount5   = `"tagStatus":"tagged","tagPrefixList":["prod"],"countType":"imageCountMoreThan","countNumber":5`
	untaggedKeep = `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":3`
	// The archival guide's pair: archive what nobody pulled in 90 days, delete
	// what has been archived for a year.
	standardAnyPulled90 = `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":90`
	archiveAny365       = `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":365`
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Rule
	}{
		{"the user guide's untagged rule", policy(rule(1, untagged14, expire)), []Rule{{
			Priority: 1, TagStatus: TagStatusUntagged, StorageClass: StorageStandard,
			CountType: CountSinceImagePushed, CountUnit: "days", CountNumber: 14, Action: Action{Type: ActionExpire},
		}}},
		{"rules come back in priority order, gaps allowed", policy(rule(30, anyCount1, expire), rule(2, untaggedKeep, expire), rule(10, prodCount5, expire)), []Rule{
			{Priority: 2, TagStatus: TagStatusUntagged, StorageClass: StorageStandard, CountType: CountImageCountMoreThan, CountNumber: 3, Action: Action{Type: ActionExpire}},
			{Priority: 10, TagStatus: TagStatusTagged, TagPrefixList: []string{"prod"}, StorageClass: StorageStandard, CountType: CountImageCountMoreThan, CountNumber: 5, Action: Action{Type: ActionExpire}},
			{Priority: 30, TagStatus: TagStatusAny, StorageClass: StorageStandard, CountType: CountImageCountMoreThan, CountNumber: 1, Action: Action{Type: ActionExpire}},
		}},
		{"description, pattern list with four wildcards, sinceImagePulled",
			policy(`{"rulePriority":1,"description":"old test images","selection":{"tagStatus":"tagged","tagPatternList":["*test*1*2*3","test*1*2*3*"],"countType":"sinceImagePulled","countUnit":"days","countNumber":30},"action":{"type":"transition","targetStorageClass":"archive"}}`),
			[]Rule{{Priority: 1, Description: "old test images", TagStatus: TagStatusTagged, TagPatternList: []string{"*test*1*2*3", "test*1*2*3*"}, StorageClass: StorageStandard,
				CountType: CountSinceImagePulled, CountUnit: "days", CountNumber: 30, Action: Action{Type: ActionTransition, TargetStorageClass: StorageArchive}}}},
		{"any rules last per storage class: archive unpulled images, delete them a year later", policy(rule(1, standardAnyPulled90, transition), rule(2, archiveAny365, expire)), []Rule{
			{Priority: 1, TagStatus: TagStatusAny, StorageClass: StorageStandard, CountType: CountSinceImagePulled, CountUnit: "days", CountNumber: 90, Action: Action{Type: ActionTransition, TargetStorageClass: StorageArchive}},
			{Priority: 2, TagStatus: TagStatusAny, StorageClass: StorageArchive, CountType: CountSinceImageTransitioned, CountUnit: "days", CountNumber: 365, Action: Action{Type: ActionExpire}},
		}},
		{"the archive any rule may come first too", policy(rule(1, archiveAny365, expire), rule(5, prodCount5, expire), rule(9, anyCount1, expire)), nil},
		{"one untagged rule per storage class", policy(rule(1, untaggedKeep, expire), rule(2, `"tagStatus":"untagged","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, expire)), nil},
		{"transition to archive", policy(rule(1, `"tagStatus":"any","storageClass":"standard","countType":"sinceImagePulled","countUnit":"days","countNumber":90`, transition)), []Rule{{
			Priority: 1, TagStatus: TagStatusAny, StorageClass: StorageStandard, CountType: CountSinceImagePulled, CountUnit: "days", CountNumber: 90,
			Action: Action{Type: ActionTransition, TargetStorageClass: StorageArchive},
		}}},
		{"expire archived images after 90 days", policy(rule(1, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, expire)), []Rule{{
			Priority: 1, TagStatus: TagStatusAny, StorageClass: StorageArchive, CountType: CountSinceImageTransitioned, CountUnit: "days", CountNumber: 90,
			Action: Action{Type: ActionExpire},
		}}},
		{"an any rule besides an untagged one, at the highest priority", policy(rule(1, untaggedKeep, expire), rule(2, anyCount1, expire)), []Rule{
			{Priority: 1, TagStatus: TagStatusUntagged, StorageClass: StorageStandard, CountType: CountImageCountMoreThan, CountNumber: 3, Action: Action{Type: ActionExpire}},
			{Priority: 2, TagStatus: TagStatusAny, StorageClass: StorageStandard, CountType: CountImageCountMoreThan, CountNumber: 1, Action: Action{Type: ActionExpire}},
		}},
		{"empty tag lists count as absent", policy(rule(1, `"tagStatus":"untagged","tagPrefixList":[],"countType":"imageCountMoreThan","countNumber":1`, expire)), []Rule{{
			Priority: 1, TagStatus: TagStatusUntagged, StorageClass: StorageStandard, CountType: CountImageCountMoreThan, CountNumber: 1, Action: Action{Type: ActionExpire},
		}}},
		{"whitespace around the document", "\n\t " + policy(rule(1, untagged14, expire)) + " \n", []Rule{{
			Priority: 1, TagStatus: TagStatusUntagged, StorageClass: StorageStandard,
			CountType: CountSinceImagePushed, CountUnit: "days", CountNumber: 14, Action: Action{Type: ActionExpire},
		}}},
		{"fifty rules", policy(manyRules(50)...), nil},
		{"largest priority and count", policy(rule(2147483647, `"tagStatus":"any","countType":"imageCountMoreThan","countNumber":2147483647`, expire)), []Rule{{
			Priority: 2147483647, TagStatus: TagStatusAny, StorageClass: StorageStandard, CountType: CountImageCountMoreThan, CountNumber: 2147483647, Action: Action{Type: ActionExpire},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.text)
			require.NoError(t, err)
			if tt.want != nil {
				assert.Equal(t, tt.want, p.Rules)
			}
		})
	}
}

// manyRules returns n tagged rules with distinct priorities.
func manyRules(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = rule(i+1, fmt.Sprintf(`"tagStatus":"tagged","tagPrefixList":["v%d"],"countType":"imageCountMoreThan","countNumber":1`, i), expire)
	}
	return out
}

// TestParseInvalid has one row per validation rule, with the exact detail.
func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		detail string
	}{
		// The document.
		{"not JSON", `{"rules": [`, `Could not map policyString into LifecyclePolicy.`},
		{"not an object", `[{"rules":[]}]`, `Could not map policyString into LifecyclePolicy.`},
		{"a JSON string", `"rules"`, `Could not map policyString into LifecyclePolicy.`},
		{"trailing data", policy(rule(1, untagged14, expire)) + ` {}`, `Could not map policyString into LifecyclePolicy.`},
		{"no rules", `{"Rules":[]}`, `object has missing required properties (["rules"])`},
		{"unknown top-level key", `{"rules":[` + rule(1, untagged14, expire) + `],"version":1}`, `object instance has properties which are not allowed by the schema: (["version"])`},
		{"rules null", `{"rules":null}`, `instance type (null) does not match any allowed primitive type (allowed: ["array"])`},
		{"rules an object", `{"rules":{}}`, `instance type (object) does not match any allowed primitive type (allowed: ["array"])`},
		{"rules empty", `{"rules":[]}`, `array is too short: must have at least 1 elements but instance has 0 elements`},
		{"51 rules", policy(manyRules(51)...), `array is too long: must have at most 50 elements but instance has 51 elements`},

		// A rule's shape.
		{"rule not an object", `{"rules":["expire"]}`, `instance type (string) does not match any allowed primitive type (allowed: ["object"])`},
		{"rule null", `{"rules":[null]}`, `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"null in a rule", policy(`{"rulePriority":1,"description":null,"selection":{` + untagged14 + `},"action":{"type":"expire"}}`), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"null targetStorageClass", policy(rule(1, untagged14, `"type":"expire","targetStorageClass":null`)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"null countNumber", policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":null`, expire)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"null inside a tag list", policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["a",null],"countType":"imageCountMoreThan","countNumber":1`, expire)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"null tag list", policy(rule(1, `"tagStatus":"tagged","tagPatternList":null,"tagPrefixList":["a"],"countType":"imageCountMoreThan","countNumber":1`, expire)), `instance type (null) does not match any allowed primitive type (allowed: ["array"])`},
		{"missing rulePriority", policy(`{"selection":{` + untagged14 + `},"action":{"type":"expire"}}`), `object has missing required properties (["rulePriority"])`},
		{"missing action and selection", policy(`{"rulePriority":1}`), `object has missing required properties (["action","selection"])`},
		{"unknown rule key", policy(`{"rulePriority":1,"selection":{` + untagged14 + `},"action":{"type":"expire"},"enabled":true}`), `object instance has properties which are not allowed by the schema: (["enabled"])`},
		{"description not a string", policy(`{"rulePriority":1,"description":7,"selection":{` + untagged14 + `},"action":{"type":"expire"}}`), `instance type (integer) does not match any allowed primitive type (allowed: ["string"])`},
		{"selection not an object", policy(`{"rulePriority":1,"selection":[],"action":{"type":"expire"}}`), `instance type (array) does not match any allowed primitive type (allowed: ["object"])`},
		{"action not an object", policy(`{"rulePriority":1,"selection":{` + untagged14 + `},"action":"expire"}`), `instance type (string) does not match any allowed primitive type (allowed: ["object"])`},

		// rulePriority.
		{"priority 0", policy(rule(0, untagged14, expire)), `numeric instance is lower than the required minimum (minimum: 1, found: 0)`},
		{"priority negative", policy(rule(-3, untagged14, expire)), `numeric instance is lower than the required minimum (minimum: 1, found: -3)`},
		{"priority a string", policy(`{"rulePriority":"1","selection":{` + untagged14 + `},"action":{"type":"expire"}}`), `instance type (string) does not match any allowed primitive type (allowed: ["integer"])`},
		{"priority fractional", policy(`{"rulePriority":1.5,"selection":{` + untagged14 + `},"action":{"type":"expire"}}`), `instance type (number) does not match any allowed primitive type (allowed: ["integer"])`},
		{"priority beyond int32", policy(rule(2147483648, untagged14, expire)), `numeric instance is greater than the required maximum (maximum: 2147483647, found: 2147483648)`},
		{"priority beyond int64", policy(`{"rulePriority":99999999999999999999,"selection":{` + untagged14 + `},"action":{"type":"expire"}}`), `numeric instance is greater than the required maximum (maximum: 2147483647, found: 99999999999999999999)`},
		{"priority duplicated", policy(rule(1, untagged14, expire), rule(1, prodCount5, expire)), `Rule priorities must be unique. Duplicate rulePriority: 1`},

		// selection.
		{"missing tagStatus", policy(rule(1, `"countType":"imageCountMoreThan","countNumber":1`, expire)), `object has missing required properties (["tagStatus"])`},
		{"missing countType and countNumber", policy(rule(1, `"tagStatus":"untagged"`, expire)), `object has missing required properties (["countNumber","countType"])`},
		{"unknown selection key", policy(rule(1, untagged14+`,"tagSuffixList":["x"]`, expire)), `object instance has properties which are not allowed by the schema: (["tagSuffixList"])`},
		{"tagStatus unknown", policy(rule(1, `"tagStatus":"x","countType":"imageCountMoreThan","countNumber":1`, expire)), `instance value (x) not found in enum :(possible values: ["any", "tagged", "untagged"])`},
		{"tagStatus upper case", policy(rule(1, `"tagStatus":"UNTAGGED","countType":"imageCountMoreThan","countNumber":1`, expire)), `instance value (UNTAGGED) not found in enum :(possible values: ["any", "tagged", "untagged"])`},
		{"tagStatus not a string", policy(rule(1, `"tagStatus":true,"countType":"imageCountMoreThan","countNumber":1`, expire)), `instance type (boolean) does not match any allowed primitive type (allowed: ["string"])`},
		{"tagged without a list", policy(rule(1, `"tagStatus":"tagged","countType":"imageCountMoreThan","countNumber":1`, expire)), `Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.`},
		{"tagged with an empty list", policy(rule(1, `"tagStatus":"tagged","tagPatternList":[],"countType":"imageCountMoreThan","countNumber":1`, expire)), `Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.`},
		{"prefix list with untagged", policy(rule(1, `"tagStatus":"untagged","tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":1`, expire)), `Cannot specify tagPrefixList or tagPatternList when tagStatus=UNTAGGED.`},
		{"pattern list with any", policy(rule(1, `"tagStatus":"any","tagPatternList":["v*"],"countType":"imageCountMoreThan","countNumber":1`, expire)), `Cannot specify tagPrefixList or tagPatternList when tagStatus=ANY.`},
		{"both lists", policy(rule(1, `"tagStatus":"tagged","tagPrefixList":["v"],"tagPatternList":["v*"],"countType":"imageCountMoreThan","countNumber":1`, expire)), `Cannot specify both tagPrefixList and tagPatternList in one rule.`},
		{"tag list not a list", policy(rule(1, `"tagStatus":"tagged","tagPrefixList":"prod","countType":"imageCountMoreThan","countNumber":1`, expire)), `instance type (string) does not match any allowed primitive type (allowed: ["array"])`},
		{"tag list of numbers", policy(rule(1, `"tagStatus":"tagged","tagPrefixList":[1],"countType":"imageCountMoreThan","countNumber":1`, expire)), `instance type (integer) does not match any allowed primitive type (allowed: ["string"])`},
		{"five wildcards", policy(rule(1, `"tagStatus":"tagged","tagPatternList":["ok*","test*1*2*3*4*5*6"],"countType":"imageCountMoreThan","countNumber":1`, expire)), `Tag pattern 'test*1*2*3*4*5*6' has more than 4 wildcards (*).`},
		{"two untagged rules", policy(rule(1, untagged14, expire), rule(2, untaggedKeep, expire)), `Only one rule can select Untagged images per storage class.`},
		{"any rule not last", policy(rule(1, anyCount1, expire), rule(2, prodCount5, expire)), `Rule for tagStatus=ANY must have the lowest priority per storage class`},
		{"two any rules", policy(rule(1, anyCount1, expire), rule(2, anyCount1, expire)), `Rule for tagStatus=ANY must have the lowest priority per storage class`},
		{"countType unknown", policy(rule(1, `"tagStatus":"untagged","countType":"imageCountLessThan","countNumber":1`, expire)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"countType not a string", policy(rule(1, `"tagStatus":"untagged","countType":1,"countNumber":1`, expire)), `instance type (integer) does not match any allowed primitive type (allowed: ["string"])`},
		{"countUnit unknown", policy(rule(1, `"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"hours","countNumber":1`, expire)), `instance value (hours) not found in enum :(possible values: ["days"])`},
		{"countUnit missing for sinceImagePushed", policy(rule(1, `"tagStatus":"untagged","countType":"sinceImagePushed","countNumber":14`, expire)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"countUnit missing for sinceImagePulled", policy(rule(1, `"tagStatus":"untagged","countType":"sinceImagePulled","countNumber":14`, transition)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"sinceImagePulled with expire", policy(rule(1, `"tagStatus":"any","countType":"sinceImagePulled","countUnit":"days","countNumber":90`, expire)), `countType=sinceImagePulled is only supported with action type=TRANSITION.`},
		{"two untagged rules on archived images", policy(rule(1, `"tagStatus":"untagged","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, expire), rule(2, `"tagStatus":"untagged","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":120`, expire)), `Only one rule can select Untagged images per storage class.`},
		{"archive any rule before an archive tagged rule", policy(rule(1, archiveAny365, expire), rule(2, `"tagStatus":"tagged","tagPrefixList":["v"],"storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, expire)), `Rule for tagStatus=ANY must have the lowest priority per storage class`},
		{"countUnit with imageCountMoreThan", policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countUnit":"days","countNumber":14`, expire)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"countNumber 0", policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":0`, expire)), `numeric instance is lower than the required minimum (minimum: 1, found: 0)`},
		{"countNumber fractional", policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":1.0`, expire)), `instance type (number) does not match any allowed primitive type (allowed: ["integer"])`},
		{"countNumber a string", policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":"5"`, expire)), `instance type (string) does not match any allowed primitive type (allowed: ["integer"])`},
		{"countNumber beyond int32", policy(rule(1, `"tagStatus":"untagged","countType":"imageCountMoreThan","countNumber":3000000000`, expire)), `numeric instance is greater than the required maximum (maximum: 2147483647, found: 3000000000)`},
		{"storageClass unknown", policy(rule(1, `"tagStatus":"untagged","storageClass":"glacier","countType":"imageCountMoreThan","countNumber":1`, expire)), `instance value (glacier) not found in enum :(possible values: ["archive", "standard"])`},
		{"sinceImageTransitioned on standard images", policy(rule(1, `"tagStatus":"any","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, expire)), `Must specify storageClass=ARCHIVE when countType=sinceImageTransitioned.`},
		{"archive with sinceImagePushed", policy(rule(1, `"tagStatus":"any","storageClass":"archive","countType":"sinceImagePushed","countUnit":"days","countNumber":90`, expire)), `Only storageClass=STANDARD is supported when countType=sinceImagePushed.`},
		{"archived images expire after 90 days at the earliest", policy(rule(1, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":30`, expire)), `numeric instance is lower than the required minimum (minimum: 90, found: 30)`},
		{"transition of archived images", policy(rule(1, `"tagStatus":"any","storageClass":"archive","countType":"sinceImageTransitioned","countUnit":"days","countNumber":90`, transition)), `Only images in storageClass=STANDARD can be transitioned.`},

		// action.
		{"missing action type", policy(rule(1, untagged14, ``)), `object has missing required properties (["type"])`},
		{"action type unknown", policy(rule(1, untagged14, `"type":"keep"`)), `instance value (keep) not found in enum :(possible values: ["expire", "transition"])`},
		{"action type upper case", policy(rule(1, untagged14, `"type":"EXPIRE"`)), `instance value (EXPIRE) not found in enum :(possible values: ["expire", "transition"])`},
		{"unknown action key", policy(rule(1, untagged14, `"type":"expire","after":"now"`)), `object instance has properties which are not allowed by the schema: (["after"])`},
		{"transition without a target", policy(rule(1, untagged14, `"type":"transition"`)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"expire with a target", policy(rule(1, untagged14, `"type":"expire","targetStorageClass":"archive"`)), `instance failed to match exactly one schema (matched 0 out of 2)`},
		{"target storage class unknown", policy(rule(1, untagged14, `"type":"transition","targetStorageClass":"standard"`)), `instance value (standard) not found in enum :(possible values: ["archive"])`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.text)
			require.Error(t, err)
			require.Nil(t, p)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve), "%T", err)
			assert.Equal(t, tt.detail, ve.Detail)
			assert.Equal(t, "Lifecycle policy validation failure: "+tt.detail, err.Error())
		})
	}
}

func TestWildcardMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"prod", "prod", true},
		{"prod", "prod1", false}, // whole-tag match, not a prefix
		{"prod*", "prod1", true},
		{"prod*", "prod", true},
		{"*prod", "preprod", true},
		{"*prod*", "a-prod-b", true},
		{"*test*1*2*3", "xtesty1z2w3", true},
		{"*test*1*2*3", "xtesty1z2w3x", false},
		{"v*.*", "v1.2", true},
		{"v*.*", "v12", false},
		{"*", "", true},
		{"", "", true},
		{"", "a", false},
		{"a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, WildcardMatch(tt.pattern, tt.s), "%q ~ %q", tt.pattern, tt.s)
	}
}
