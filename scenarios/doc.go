// Package scenarios will hold table-driven ECR test scenarios, deterministic
// image builders and a catalogue of the failures real ECR users meet.
//
// It is a placeholder until its issue lands; nothing here is stable yet.
package scenarios
