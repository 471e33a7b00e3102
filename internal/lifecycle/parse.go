package lifecycle

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The validation details, in the JSON-schema validator's wording that ECR
// reports (and, for the cross-field rules no schema expresses, the same
// style). See ../shared/spec/errors.md.
const (
	msgCouldNotMap = "Could not map policyString into LifecyclePolicy."
	msgOneOf       = "instance failed to match exactly one schema (matched 0 out of 2)"
)

func fail(format string, args ...any) *ValidationError {
	return &ValidationError{Detail: fmt.Sprintf(format, args...)}
}

func quoteList(names []string, sep string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return "[" + strings.Join(q, sep) + "]"
}

func missingProperties(names ...string) *ValidationError {
	return fail("object has missing required properties (%s)", quoteList(names, ","))
}

func notAllowed(names []string) *ValidationError {
	return fail("object instance has properties which are not allowed by the schema: (%s)", quoteList(names, ","))
}

func typeMismatch(v any, allowed string) *ValidationError {
	return fail("instance type (%s) does not match any allowed primitive type (allowed: [%q])", jsonType(v), allowed)
}

func notInEnum(value string, possible ...string) *ValidationError {
	return fail("instance value (%s) not found in enum :(possible values: %s)", value, quoteList(possible, ", "))
}

func belowMinimum(minimum int64, found string) *ValidationError {
	return fail("numeric instance is lower than the required minimum (minimum: %d, found: %s)", minimum, found)
}

func aboveMaximum(maximum int64, found string) *ValidationError {
	return fail("numeric instance is greater than the required maximum (maximum: %d, found: %s)", maximum, found)
}

// jsonType names a decoded JSON value's type as JSON Schema does.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if isIntegerLiteral(string(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func isIntegerLiteral(s string) bool { return !strings.ContainsAny(s, ".eE") }

// Parse validates a lifecycle policy text the way PutLifecyclePolicy and
// StartLifecyclePolicyPreview do and returns its rules in ascending priority.
// Every failure is a *ValidationError. The text's length (100..30,720) is the
// model's constraint and is checked before a text gets here.
func Parse(text string) (*Policy, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fail(msgCouldNotMap)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fail(msgCouldNotMap) // trailing data after the document
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, fail(msgCouldNotMap)
	}
	if err := checkKeys(obj, []string{"rules"}, "rules"); err != nil {
		return nil, err
	}
	list, ok := obj["rules"].([]any)
	if !ok {
		return nil, typeMismatch(obj["rules"], "array")
	}
	if len(list) == 0 {
		return nil, fail("array is too short: must have at least 1 elements but instance has 0 elements")
	}
	if len(list) > MaxRules {
		return nil, fail("array is too long: must have at most %d elements but instance has %d elements", MaxRules, len(list))
	}
	p := &Policy{Rules: make([]Rule, 0, len(list))}
	for _, v := range list {
		r, err := parseRule(v)
		if err != nil {
			return nil, err
		}
		p.Rules = append(p.Rules, r)
	}
	if err := checkRules(p.Rules); err != nil {
		return nil, err
	}
	slices.SortFunc(p.Rules, func(a, b Rule) int { return cmp.Compare(a.Priority, b.Priority) })
	return p, nil
}

// checkRules applies the rules about the policy as a whole. The limits on
// untagged and any rules hold per storage class: a policy may archive any
// image not pulled for 90 days at one priority and expire any archived image
// at a later one, the user guide's archival example.
func checkRules(rules []Rule) error {
	seen := make(map[int32]bool, len(rules))
	untagged := make(map[StorageClass]int, 2)
	highest := make(map[StorageClass]int32, 2)
	for _, r := range rules {
		if seen[r.Priority] {
			return fail("Rule priorities must be unique. Duplicate rulePriority: %d", r.Priority)
		}
		seen[r.Priority] = true
		if r.TagStatus == TagStatusUntagged {
			untagged[r.StorageClass]++
		}
		highest[r.StorageClass] = max(highest[r.StorageClass], r.Priority)
	}
	for _, n := range untagged {
		if n > 1 {
			return fail("Only one rule can select Untagged images per storage class.")
		}
	}
	for _, r := range rules {
		if r.TagStatus == TagStatusAny && r.Priority != highest[r.StorageClass] {
			return fail("Rule for tagStatus=ANY must have the lowest priority per storage class")
		}
	}
	return nil
}

// checkKeys reports the first schema problem of an object's key set: missing
// required properties first, then properties the schema does not allow.
func checkKeys(obj map[string]any, allowed []string, required ...string) error {
	var missing []string
	for _, k := range required {
		if _, ok := obj[k]; !ok {
			missing = append(missing, k)
		}
	}
	if missing != nil {
		slices.Sort(missing)
		return missingProperties(missing...)
	}
	var extra []string
	for k := range obj {
		if !slices.Contains(allowed, k) {
			extra = append(extra, k)
		}
	}
	if extra != nil {
		slices.Sort(extra)
		return notAllowed(extra)
	}
	return nil
}

var (
	ruleKeys      = []string{"rulePriority", "description", "selection", "action"}
	selectionKeys = []string{"tagStatus", "tagPrefixList", "tagPatternList", "storageClass", "countType", "countUnit", "countNumber"}
	actionKeys    = []string{"type", "targetStorageClass"}
)

func parseRule(v any) (Rule, error) {
	var r Rule
	if v == nil {
		return r, fail(msgOneOf)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return r, typeMismatch(v, "object")
	}
	if hasNull(obj) {
		return r, fail(msgOneOf)
	}
	if err := checkKeys(obj, ruleKeys, "rulePriority", "selection", "action"); err != nil {
		return r, err
	}
	prio, err := integer(obj["rulePriority"], 1, math.MaxInt32)
	if err != nil {
		return r, err
	}
	r.Priority = int32(prio)
	if d, ok := obj["description"]; ok {
		s, ok := d.(string)
		if !ok {
			return r, typeMismatch(d, "string")
		}
		r.Description = s
	}
	sel, ok := obj["selection"].(map[string]any)
	if !ok {
		return r, typeMismatch(obj["selection"], "object")
	}
	if err := parseSelection(sel, &r); err != nil {
		return r, err
	}
	act, ok := obj["action"].(map[string]any)
	if !ok {
		return r, typeMismatch(obj["action"], "object")
	}
	if err := parseAction(act, &r); err != nil {
		return r, err
	}
	return r, checkStorage(&r)
}

// hasNull reports a JSON null anywhere in a rule, except as the value of a
// selection's tag list, which the service reports as a type mismatch.
func hasNull(rule map[string]any) bool {
	for k, v := range rule {
		if k == "selection" {
			if sel, ok := v.(map[string]any); ok {
				for sk, sv := range sel {
					if sv == nil && (sk == "tagPrefixList" || sk == "tagPatternList") {
						continue
					}
					if containsNull(sv) {
						return true
					}
				}
				continue
			}
		}
		if containsNull(v) {
			return true
		}
	}
	return false
}

func containsNull(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case []any:
		return slices.ContainsFunc(v, containsNull)
	case map[string]any:
		for _, e := range v {
			if containsNull(e) {
				return true
			}
		}
	}
	return false
}

func parseSelection(sel map[string]any, r *Rule) error {
	if err := checkKeys(sel, selectionKeys, "countNumber", "countType", "tagStatus"); err != nil {
		return err
	}
	ts, err := enum(sel["tagStatus"], "any", "tagged", "untagged")
	if err != nil {
		return err
	}
	r.TagStatus = TagStatus(ts)
	if r.TagPrefixList, err = stringList(sel, "tagPrefixList"); err != nil {
		return err
	}
	if r.TagPatternList, err = stringList(sel, "tagPatternList"); err != nil {
		return err
	}
	r.StorageClass = StorageStandard
	if v, ok := sel["storageClass"]; ok {
		sc, err := enum(v, "archive", "standard")
		if err != nil {
			return err
		}
		r.StorageClass = StorageClass(sc)
	}
	ct, ok := sel["countType"].(string)
	if !ok {
		return typeMismatch(sel["countType"], "string")
	}
	switch CountType(ct) {
	case CountImageCountMoreThan, CountSinceImagePushed, CountSinceImagePulled, CountSinceImageTransitioned:
		r.CountType = CountType(ct)
	default:
		return fail(msgOneOf) // no count-type schema matches
	}
	if v, ok := sel["countUnit"]; ok {
		if r.CountUnit, err = enum(v, "days"); err != nil {
			return err
		}
	}
	if r.CountNumber, err = integer(sel["countNumber"], 1, math.MaxInt32); err != nil {
		return err
	}

	switch {
	case r.TagStatus == TagStatusTagged && len(r.TagPrefixList) == 0 && len(r.TagPatternList) == 0:
		return fail("Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.")
	case r.TagStatus != TagStatusTagged && (len(r.TagPrefixList) > 0 || len(r.TagPatternList) > 0):
		return fail("Cannot specify tagPrefixList or tagPatternList when tagStatus=%s.", strings.ToUpper(string(r.TagStatus)))
	case len(r.TagPrefixList) > 0 && len(r.TagPatternList) > 0:
		return fail("Cannot specify both tagPrefixList and tagPatternList in one rule.")
	}
	for _, p := range r.TagPatternList {
		if strings.Count(p, "*") > MaxWildcards {
			return fail("Tag pattern '%s' has more than %d wildcards (*).", p, MaxWildcards)
		}
	}
	// The count types are two schemas, imageCountMoreThan without a
	// countUnit and the since* counts with one: a rule matching neither gets
	// the schema validator's oneOf text, as a countUnit of null does.
	if (r.CountType == CountImageCountMoreThan) != (r.CountUnit == "") {
		return fail(msgOneOf)
	}
	return nil
}

func parseAction(act map[string]any, r *Rule) error {
	if err := checkKeys(act, actionKeys, "type"); err != nil {
		return err
	}
	t, err := enum(act["type"], "expire", "transition")
	if err != nil {
		return err
	}
	r.Action.Type = ActionType(t)
	if v, ok := act["targetStorageClass"]; ok {
		sc, err := enum(v, "archive")
		if err != nil {
			return err
		}
		r.Action.TargetStorageClass = StorageClass(sc)
	}
	// The expire and transition action schemas: exactly one must match.
	if (r.Action.Type == ActionExpire) != (r.Action.TargetStorageClass == "") {
		return fail(msgOneOf)
	}
	return nil
}

// checkStorage applies the storage-class rules of archival: the
// sinceImageTransitioned count works on archived images only and the other
// counts on standard ones; only standard images transition; archived images
// expire only after the archive minimum.
func checkStorage(r *Rule) error {
	switch {
	case r.CountType == CountSinceImageTransitioned && r.StorageClass != StorageArchive:
		return fail("Must specify storageClass=ARCHIVE when countType=%s.", r.CountType)
	case r.CountType != CountSinceImageTransitioned && r.StorageClass != StorageStandard:
		return fail("Only storageClass=STANDARD is supported when countType=%s.", r.CountType)
	case r.Action.Type == ActionTransition && r.StorageClass != StorageStandard:
		return fail("Only images in storageClass=STANDARD can be transitioned.")
	case r.CountType == CountSinceImagePulled && r.Action.Type != ActionTransition:
		// The count came with the archive storage class and works with
		// transitions only: an expire rule on last pull is refused.
		return fail("countType=%s is only supported with action type=TRANSITION.", r.CountType)
	case r.StorageClass == StorageArchive && r.CountNumber < MinArchiveDaysBeforeExpiry:
		return belowMinimum(MinArchiveDaysBeforeExpiry, strconv.FormatInt(r.CountNumber, 10))
	}
	return nil
}

// enum checks a string member against its allowed values.
func enum(v any, possible ...string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", typeMismatch(v, "string")
	}
	if !slices.Contains(possible, s) {
		return "", notInEnum(s, possible...)
	}
	return s, nil
}

// integer checks an integer member against its range.
func integer(v any, minimum, maximum int64) (int64, error) {
	n, ok := v.(json.Number)
	if !ok || !isIntegerLiteral(string(n)) {
		return 0, typeMismatch(v, "integer")
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	switch {
	case err != nil && strings.HasPrefix(string(n), "-"), err == nil && i < minimum:
		return 0, belowMinimum(minimum, string(n))
	case err != nil, i > maximum:
		return 0, aboveMaximum(maximum, string(n))
	}
	return i, nil
}

// stringList reads an optional list of strings; an absent or empty list is nil.
func stringList(obj map[string]any, key string) ([]string, error) {
	v, ok := obj[key]
	if !ok {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, typeMismatch(v, "array")
	}
	if len(list) == 0 {
		return nil, nil
	}
	out := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			return nil, typeMismatch(e, "string")
		}
		out[i] = s
	}
	return out, nil
}
