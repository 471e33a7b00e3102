// Package required reproduces the client-side required-member validation of
// the aws-sdk-go-v2 ECR and ECR Public clients, so the fake rejects malformed input with the
// very error a real *ecr.Client would return before any request is sent.
//
// The rules live in required_gen.go and required_ecrpublic_gen.go, derived
// from each SDK module's validators.go by
// internal/gen/required; rerun it after every SDK upgrade.
package required

//go:generate go run ../gen/required -o required_gen.go
//go:generate go run ../gen/required -service ecrpublic -o required_ecrpublic_gen.go
