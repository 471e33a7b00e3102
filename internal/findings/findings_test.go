package findings

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"
)

func digestN(i int) string { return fmt.Sprintf("sha256:%064x", i) }

func image(i int) Image {
	return Image{
		Partition: "aws", Region: "us-east-1", AccountID: "123456789012",
		Repository: "team/app", Digest: digestN(i), Tags: []string{"v1"},
		PushedAt:   time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Layers:     []string{digestN(1000), digestN(1001)},
		ObservedAt: time.Date(2026, 1, 2, 3, 4, 10, 0, time.UTC),
	}
}

func TestDeterministicPerDigest(t *testing.T) {
	for i := range 50 {
		require.Equal(t, Basic(digestN(i)), Basic(digestN(i)))
		require.Equal(t, Enhanced(image(i)), Enhanced(image(i)))
	}
	// Pinned, so that a change to the generator is a deliberate one.
	first := Basic(digestN(7))
	var names []string
	for _, f := range first {
		names = append(names, *f.Name+"/"+string(f.Severity))
	}
	require.Equal(t, pinned7, strings.Join(names, " "))
}

// pinned7 is what Basic reports for digestN(7).
const pinned7 = "CVE-2024-7415/HIGH CVE-2019-46769/MEDIUM CVE-2020-32870/MEDIUM CVE-2020-33350/MEDIUM CVE-2022-29515/MEDIUM CVE-2023-15952/MEDIUM CVE-2023-34975/MEDIUM CVE-2024-27110/MEDIUM CVE-2021-2258/LOW CVE-2023-20406/LOW CVE-2023-41675/LOW"

func TestDigestsDiffer(t *testing.T) {
	distinct := map[string]bool{}
	sizes := map[int]bool{}
	for i := range 200 {
		fs := Basic(digestN(i))
		sizes[len(fs)] = true
		var b strings.Builder
		for _, f := range fs {
			b.WriteString(*f.Name + *f.Uri + ";")
		}
		distinct[b.String()] = true
	}
	require.Greater(t, len(distinct), 150, "digests give different findings")
	require.True(t, sizes[0], "some images are clean")
	for n := range sizes {
		require.LessOrEqual(t, n, 12)
	}
}

func TestBasicShape(t *testing.T) {
	for i := range 100 {
		fs := Basic(digestN(i))
		seen := map[string]bool{}
		prev := -1
		for _, f := range fs {
			require.Regexp(t, `^CVE-20(19|2[0-4])-\d{4,5}$`, *f.Name)
			require.False(t, seen[*f.Name], "names are unique within an image")
			seen[*f.Name] = true
			require.NotEmpty(t, *f.Description)
			require.True(t, strings.HasPrefix(*f.Uri, "https://"), *f.Uri)
			require.Contains(t, *f.Uri, *f.Name)
			rank := severityRank[f.Severity]
			require.GreaterOrEqual(t, rank, prev, "most severe first")
			prev = rank
			attrs := map[string]string{}
			for _, a := range f.Attributes {
				attrs[*a.Key] = *a.Value
				require.NotEmpty(t, *a.Value)
				require.LessOrEqual(t, len(*a.Value), 256)
			}
			require.NotEmpty(t, attrs["package_name"])
			require.NotEmpty(t, attrs["package_version"])
			switch f.Severity {
			case types.FindingSeverityInformational, types.FindingSeverityUndefined:
				require.NotContains(t, attrs, "CVSS3_SCORE")
			default:
				s, err := strconv.ParseFloat(attrs["CVSS3_SCORE"], 64)
				require.NoError(t, err)
				require.Equal(t, f.Severity, severityOf(s), "severity agrees with the CVSS v3 score")
				require.True(t, strings.HasPrefix(attrs["CVSS3_VECTOR"], "CVSS:3.1/"))
				require.Contains(t, attrs, "CVSS2_SCORE")
				require.Contains(t, attrs, "CVSS2_VECTOR")
			}
		}
	}
}

// severityOf is the CVSS v3 qualitative rating.
func severityOf(score float64) types.FindingSeverity {
	switch {
	case score >= 9:
		return types.FindingSeverityCritical
	case score >= 7:
		return types.FindingSeverityHigh
	case score >= 4:
		return types.FindingSeverityMedium
	}
	return types.FindingSeverityLow
}

func TestEnhancedAgreesWithBasic(t *testing.T) {
	for i := range 100 {
		basic, enhanced := Basic(digestN(i)), Enhanced(image(i))
		require.Len(t, enhanced, len(basic))
		for j, e := range enhanced {
			b := basic[j]
			d := e.PackageVulnerabilityDetails
			require.Equal(t, *b.Name, *d.VulnerabilityId)
			require.Equal(t, *b.Description, *e.Description)
			want := string(b.Severity)
			if b.Severity == types.FindingSeverityUndefined {
				want = "UNTRIAGED"
			}
			require.Equal(t, want, *e.Severity)
			require.Equal(t, "ACTIVE", *e.Status)
			require.Equal(t, "PACKAGE_VULNERABILITY", *e.Type)
			require.Equal(t, "123456789012", *e.AwsAccountId)
			require.Regexp(t, `^arn:aws:inspector2:us-east-1:123456789012:finding/[0-9a-f]{32}$`, *e.FindingArn)
			require.Equal(t, *d.VulnerabilityId+" - "+*d.VulnerablePackages[0].Name, *e.Title)
			require.Len(t, d.VulnerablePackages, 1)
			p := d.VulnerablePackages[0]
			require.Contains(t, []string{digestN(1000), digestN(1001)}, *p.SourceLayerHash)
			require.Equal(t, "OS", *p.PackageManager)
			if *e.FixAvailable == "YES" {
				require.NotEqual(t, "NotAvailable", *p.FixedInVersion)
				require.Contains(t, *e.Remediation.Recommendation.Text, *p.FixedInVersion)
			} else {
				require.Equal(t, "NotAvailable", *p.FixedInVersion)
			}
			if len(d.Cvss) > 0 {
				require.Equal(t, d.Cvss[0].BaseScore, e.Score)
				require.Equal(t, e.Score, e.ScoreDetails.Cvss.Score)
			} else {
				require.Zero(t, e.Score)
				require.Nil(t, e.ScoreDetails)
			}
			require.Len(t, e.Resources, 1)
			img := e.Resources[0].Details.AwsEcrContainerImage
			require.Equal(t, "AWS_ECR_CONTAINER_IMAGE", *e.Resources[0].Type)
			require.Equal(t, "arn:aws:ecr:us-east-1:123456789012:repository/team/app/"+digestN(i), *e.Resources[0].Id)
			require.Equal(t, digestN(i), *img.ImageHash)
			require.Equal(t, []string{"v1"}, img.ImageTags)
			require.Equal(t, "amd64", *img.Architecture)
			require.Equal(t, image(i).ObservedAt, *e.FirstObservedAt)
		}
	}
}

func TestEnhancedDoesNotAliasImage(t *testing.T) {
	img := image(3)
	for i := 4; len(Enhanced(img)) == 0; i++ {
		img = image(i)
	}
	fs := Enhanced(img)
	img.Tags[0] = "changed"
	require.Equal(t, []string{"v1"}, fs[0].Resources[0].Details.AwsEcrContainerImage.ImageTags)
}

func TestSeverityCounts(t *testing.T) {
	for i := range 100 {
		basic, enhanced := Basic(digestN(i)), Enhanced(image(i))
		bc, ec := BasicSeverityCounts(basic), EnhancedSeverityCounts(enhanced)
		var total int32
		for k, n := range bc {
			require.Positive(t, n, "zero counts are left out")
			total += n
			if k == "UNDEFINED" {
				k = "UNTRIAGED"
			}
			require.Equal(t, n, ec[k])
		}
		require.Equal(t, int32(len(basic)), total)
		require.Len(t, ec, len(bc))
	}
	require.Equal(t, map[string]int32{}, BasicSeverityCounts(nil))
	require.Equal(t, map[string]int32{"HIGH": 2, "LOW": 1}, BasicSeverityCounts([]types.ImageScanFinding{
		{Severity: "HIGH"}, {Severity: "LOW"}, {Severity: "HIGH"}, {},
	}))
	high := "HIGH"
	require.Equal(t, map[string]int32{"HIGH": 1}, EnhancedSeverityCounts([]types.EnhancedImageScanFinding{{Severity: &high}, {}}))
}

func TestBumpLastNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1~deb12u2", "1~deb12u3"},
		{"r9", "r10"},
		{"52.amzn2023.0.8", "52.amzn2023.0.9"},
		{"1", "2"},
		{"2ubuntu9.2", "2ubuntu9.3"},
		{"abc", "abc.1"},
		{"5+b1x", "5+b2x"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, bumpLastNumber(tt.in), tt.in)
	}
	require.Equal(t, "1:1.2.13.dfsg-2", pkg{"zlib", "1.2.13.dfsg", "1", 1}.fixed())
}

func TestArchitectureNames(t *testing.T) {
	for _, d := range distros {
		require.NotEmpty(t, d.packages)
		for _, arch := range []string{"amd64", "arm64"} {
			got := d.arch(arch)
			switch d.family {
			case "deb":
				require.Equal(t, arch, got)
			default:
				require.Contains(t, []string{"x86_64", "aarch64"}, got)
			}
		}
	}
}
