package ecrfake

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
)

// BenchmarkCallLogRecord is the log's own cost per call: freezing a
// DescribeRepositories input and output and keeping the record.
func BenchmarkCallLogRecord(b *testing.B) {
	f := New()
	ctx := context.Background()
	if _, err := f.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("app")}); err != nil {
		b.Fatal(err)
	}
	in := &ecr.DescribeRepositoriesInput{RepositoryNames: []string{"app"}}
	out, err := f.DescribeRepositories(ctx, in)
	if err != nil {
		b.Fatal(err)
	}
	now := f.now()
	b.ReportAllocs()
	for b.Loop() {
		p := f.calls.begin(now, OpDescribeRepositories, in)
		f.calls.end(p, out, nil)
	}
}
