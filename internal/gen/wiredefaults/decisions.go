package main

// decision says whether real ECR sends a non-pointer output member when its
// value is the Go zero value (false, 0, ""), and on what evidence. Every
// member the probe finds needs one; a member without one stops the
// generator, and so does a decision for a member the SDK no longer has.
type decision struct {
	emit     bool
	evidence string // one line, rendered in docs/fidelity.md
}

// Evidence shared by many members.
const (
	evScanOnPushCLI = "Public AWS CLI transcripts of real `create-repository` output (2020–2025, several regions) print " +
		"`\"imageScanningConfiguration\": {\"scanOnPush\": false}`; the repository object is the same shape in every " +
		"operation that returns it, so the member is sent wherever the shape is."
	evPrimitiveDefault = "The SDKs model the member as a primitive with a default (Go `bool`/`float64`, Rust `bool`/`f64`, " +
		"not optional): the service always fills it. No public transcript shows the zero value itself; " +
		"inferred from the model (a CVSS score of 0.0 is a legal score, severity NONE)."
	evEnum = "An enum's zero value is the empty string, which is not one of its values: real ECR either sends a valid " +
		"value or leaves the member out, never `\"\"`. Where ECR always sends a value, the fake's state sets one."
)

var decisions = map[string]decision{
	// ---- bool ----
	"com.amazonaws.ecr#ImageScanningConfiguration$scanOnPush": {true, evScanOnPushCLI},
	"com.amazonaws.ecr#RepositoryScanningConfiguration$scanOnPush": {true, "boto3's response syntax for " +
		"`batch_get_repository_scanning_configuration` lists `'scanOnPush': True|False` in every configuration; the " +
		"repository-level flag is the same `ScanOnPushFlag` shape the CLI transcripts show as `false`."},
	"com.amazonaws.ecr#ValidatePullThroughCacheRuleResponse$isValid": {true, "The API reference: \"If false, there " +
		"was an issue and validation failed. The failure reason indicates the cause\" — a failed validation is " +
		"reported as `isValid: false` beside `failure`, not by leaving the member out."},

	// ---- float64 ----
	"com.amazonaws.ecr#CvssScore$baseScore":            {true, evPrimitiveDefault},
	"com.amazonaws.ecr#CvssScoreDetails$score":         {true, evPrimitiveDefault},
	"com.amazonaws.ecr#EnhancedImageScanFinding$score": {true, evPrimitiveDefault},

	// ---- enums (ecr) ----
	"com.amazonaws.ecr#CreatePullThroughCacheRuleResponse$upstreamRegistry":                 {false, evEnum},
	"com.amazonaws.ecr#DescribeReplicationBackfillResultsResponse$status":                   {false, evEnum},
	"com.amazonaws.ecr#EncryptionConfiguration$encryptionType":                              {false, evEnum},
	"com.amazonaws.ecr#EncryptionConfigurationForRepositoryCreationTemplate$encryptionType": {false, evEnum},
	"com.amazonaws.ecr#GetLifecyclePolicyPreviewResponse$status":                            {false, evEnum},
	"com.amazonaws.ecr#ImageDetail$imageStatus":                                             {false, evEnum},
	"com.amazonaws.ecr#ImageFailure$failureCode":                                            {false, evEnum},
	"com.amazonaws.ecr#ImageReferrer$artifactStatus":                                        {false, evEnum},
	"com.amazonaws.ecr#ImageReplicationStatus$status":                                       {false, evEnum},
	"com.amazonaws.ecr#ImageScanFinding$severity":                                           {false, evEnum},
	"com.amazonaws.ecr#ImageScanStatus$status":                                              {false, evEnum},
	"com.amazonaws.ecr#ImageSigningStatus$status":                                           {false, evEnum},
	"com.amazonaws.ecr#ImageTagMutabilityExclusionFilter$filterType":                        {false, evEnum},
	"com.amazonaws.ecr#Layer$layerAvailability":                                             {false, evEnum},
	"com.amazonaws.ecr#LayerFailure$failureCode":                                            {false, evEnum},
	"com.amazonaws.ecr#LifecyclePolicyPreviewResult$storageClass":                           {false, evEnum},
	"com.amazonaws.ecr#LifecyclePolicyRuleAction$targetStorageClass":                        {false, evEnum},
	"com.amazonaws.ecr#LifecyclePolicyRuleAction$type":                                      {false, evEnum},
	"com.amazonaws.ecr#PullThroughCacheRule$upstreamRegistry":                               {false, evEnum},
	"com.amazonaws.ecr#PutImageTagMutabilityResponse$imageTagMutability":                    {false, evEnum},
	"com.amazonaws.ecr#RegistryScanningConfiguration$scanType":                              {false, evEnum},
	"com.amazonaws.ecr#RegistryScanningRule$scanFrequency":                                  {false, evEnum},
	"com.amazonaws.ecr#ReplicationBackfillResult$status":                                    {false, evEnum},
	"com.amazonaws.ecr#ReplicationBackfillSummary$status":                                   {false, evEnum},
	"com.amazonaws.ecr#Repository$imageTagMutability":                                       {false, evEnum},
	"com.amazonaws.ecr#RepositoryCreationTemplate$imageTagMutability":                       {false, evEnum},
	"com.amazonaws.ecr#RepositoryFilter$filterType":                                         {false, evEnum},
	"com.amazonaws.ecr#RepositoryScanningConfiguration$scanFrequency":                       {false, evEnum},
	"com.amazonaws.ecr#RepositoryScanningConfigurationFailure$failureCode":                  {false, evEnum},
	"com.amazonaws.ecr#ScanningRepositoryFilter$filterType":                                 {false, evEnum},
	"com.amazonaws.ecr#SigningRepositoryFilter$filterType":                                  {false, evEnum},
	"com.amazonaws.ecr#StartLifecyclePolicyPreviewResponse$status":                          {false, evEnum},
	"com.amazonaws.ecr#StartReplicationBackfillResponse$status":                             {false, evEnum},
	"com.amazonaws.ecr#StopReplicationBackfillResponse$status":                              {false, evEnum},
	"com.amazonaws.ecr#TransitioningImageTotalCount$targetStorageClass":                     {false, evEnum},
	"com.amazonaws.ecr#UpdateImageStorageClassResponse$imageStatus":                         {false, evEnum},

	// ---- enums (ecrpublic) ----
	"com.amazonaws.ecrpublic#ImageFailure$failureCode": {false, evEnum},
	"com.amazonaws.ecrpublic#Layer$layerAvailability":  {false, evEnum},
	"com.amazonaws.ecrpublic#LayerFailure$failureCode": {false, evEnum},
	"com.amazonaws.ecrpublic#RegistryAlias$status":     {false, evEnum},
}
