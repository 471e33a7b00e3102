// Package findings generates the vulnerability findings the fake's scanner
// reports for an image that a test has not given findings of its own.
//
// The findings are a pure function of the image digest: the same digest gives
// the same vulnerabilities, in the same order, in every run and through every
// front end. A digest picks a distribution (Debian 12, Ubuntu 22.04, Alpine
// 3.19 or Amazon Linux 2023), between 0 and 12 vulnerabilities of that
// distribution's packages, and for each a severity with a consistent CVSS
// score and vector, a fixed-in version or none, and a description. Basic
// scans render them as ImageScanFinding values, enhanced scans as Amazon
// Inspector style EnhancedImageScanFinding values, so the two views of one
// image agree.
//
// The CVE identifiers are synthetic: well-formed, but not chosen to match the
// real vulnerability of that number; descriptions are generated from
// templates. Package names and versions are typical of each distribution.
package findings

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

// Image is what an enhanced finding says about the image it was found in.
type Image struct {
	Partition, Region, AccountID string
	Repository                   string
	Digest                       string
	Tags                         []string
	PushedAt                     time.Time
	// Architecture is the image config's architecture; "" reads as amd64.
	Architecture string
	// Layers are the image's layer digests; a finding names one as the
	// layer that installed the vulnerable package.
	Layers []string
	// ObservedAt is when the scan observed the findings.
	ObservedAt time.Time
}

// Basic returns the findings a basic scan reports for the image with this
// digest, most severe first.
func Basic(digest string) []types.ImageScanFinding {
	d, vulns := generate(digest)
	out := make([]types.ImageScanFinding, len(vulns))
	for i, v := range vulns {
		attrs := []types.Attribute{
			attr("package_version", v.pkg.full()),
			attr("package_name", v.pkg.name),
		}
		if v.cvss != nil {
			attrs = append(attrs,
				attr("CVSS2_VECTOR", v.cvss.v2vector), attr("CVSS2_SCORE", score(v.cvss.v2)),
				attr("CVSS3_VECTOR", v.cvss.v3vector), attr("CVSS3_SCORE", score(v.cvss.v3)))
		}
		out[i] = types.ImageScanFinding{
			Name:        str(v.id),
			Description: str(v.description),
			Uri:         str(d.url(v.id)),
			Severity:    v.severity,
			Attributes:  attrs,
		}
	}
	return out
}

// Enhanced returns the findings an enhanced scan (Amazon Inspector) reports
// for img, most severe first.
func Enhanced(img Image) []types.EnhancedImageScanFinding {
	d, vulns := generate(img.Digest)
	arch := img.Architecture
	if arch == "" {
		arch = "amd64"
	}
	resource := types.Resource{
		Type: str("AWS_ECR_CONTAINER_IMAGE"),
		Id:   str(fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s/%s", img.Partition, img.Region, img.AccountID, img.Repository, img.Digest)),
	}
	observed := img.ObservedAt
	out := make([]types.EnhancedImageScanFinding, len(vulns))
	for i, v := range vulns {
		sev := string(v.severity)
		if v.severity == types.FindingSeverityUndefined {
			sev = "UNTRIAGED"
		}
		pkg := types.VulnerablePackage{
			Arch:           str(d.arch(arch)),
			Epoch:          ptr(v.pkg.epoch),
			Name:           str(v.pkg.name),
			PackageManager: str("OS"),
			Release:        str(v.pkg.release),
			Version:        str(v.pkg.version),
			FixedInVersion: str("NotAvailable"),
		}
		if len(img.Layers) > 0 {
			pkg.SourceLayerHash = str(img.Layers[v.layer%len(img.Layers)])
		}
		fix, remediation := "NO", "None Provided"
		if v.fixed != "" {
			fix = "YES"
			pkg.FixedInVersion = str(v.fixed)
			remediation = fmt.Sprintf("Upgrade %s to version %s or later.", v.pkg.name, v.fixed)
		}
		details := &types.PackageVulnerabilityDetails{
			ReferenceUrls:      []string{d.url(v.id), "https://nvd.nist.gov/vuln/detail/" + v.id},
			Source:             str(d.source),
			SourceUrl:          str(d.url(v.id)),
			VendorCreatedAt:    ptr(v.published),
			VendorSeverity:     str(string(v.severity)),
			VendorUpdatedAt:    ptr(v.updated),
			VulnerabilityId:    str(v.id),
			VulnerablePackages: []types.VulnerablePackage{pkg},
		}
		f := types.EnhancedImageScanFinding{
			AwsAccountId:                str(img.AccountID),
			Description:                 str(v.description),
			ExploitAvailable:            str(yesNo(v.exploit)),
			FindingArn:                  str(findingARN(img, v)),
			FirstObservedAt:             ptr(observed),
			FixAvailable:                str(fix),
			LastObservedAt:              ptr(observed),
			PackageVulnerabilityDetails: details,
			Remediation:                 &types.Remediation{Recommendation: &types.Recommendation{Text: str(remediation)}},
			Resources: []types.Resource{{
				Type: resource.Type, Id: resource.Id,
				Details: &types.ResourceDetails{AwsEcrContainerImage: &types.AwsEcrContainerImageDetails{
					Architecture:   str(arch),
					ImageHash:      str(img.Digest),
					ImageTags:      slices.Clone(img.Tags),
					Platform:       str(d.platform),
					PushedAt:       ptr(img.PushedAt),
					Registry:       str(img.AccountID),
					RepositoryName: str(img.Repository),
				}},
			}},
			Severity:  str(sev),
			Status:    str("ACTIVE"),
			Title:     str(v.id + " - " + v.pkg.name),
			Type:      str("PACKAGE_VULNERABILITY"),
			UpdatedAt: ptr(observed),
		}
		if v.cvss != nil {
			details.Cvss = []types.CvssScore{
				{BaseScore: v.cvss.v3, ScoringVector: str(v.cvss.v3vector), Source: str("NVD"), Version: str("3.1")},
				{BaseScore: v.cvss.v2, ScoringVector: str(v.cvss.v2vector), Source: str("NVD"), Version: str("2.0")},
			}
			f.Score = v.cvss.v3
			f.ScoreDetails = &types.ScoreDetails{Cvss: &types.CvssScoreDetails{
				Score: v.cvss.v3, ScoreSource: str("NVD"), ScoringVector: str(v.cvss.v3vector), Version: str("3.1"),
				Adjustments: []types.CvssScoreAdjustment{},
			}}
		}
		out[i] = f
	}
	return out
}

// BasicSeverityCounts counts findings by severity; severities without
// findings are left out.
func BasicSeverityCounts(fs []types.ImageScanFinding) map[string]int32 {
	counts := map[string]int32{}
	for _, f := range fs {
		if f.Severity != "" {
			counts[string(f.Severity)]++
		}
	}
	return counts
}

// EnhancedSeverityCounts counts enhanced findings by severity; severities
// without findings are left out.
func EnhancedSeverityCounts(fs []types.EnhancedImageScanFinding) map[string]int32 {
	counts := map[string]int32{}
	for _, f := range fs {
		if f.Severity != nil && *f.Severity != "" {
			counts[*f.Severity]++
		}
	}
	return counts
}

// ---- generation ----------------------------------------------------------

type vuln struct {
	id          string
	pkg         pkg
	layer       int
	severity    types.FindingSeverity
	cvss        *cvss
	fixed       string // fixed-in version-release; "" when no fix is available
	exploit     bool
	description string
	published   time.Time
	updated     time.Time
}

type cvss struct {
	v3       float64
	v3vector string
	v2       float64
	v2vector string
}

// Score and vector pairs, each scored by the CVSS calculators, by severity.
var cvssBySeverity = map[types.FindingSeverity][]cvss{
	types.FindingSeverityCritical: {
		{9.8, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 10.0, "AV:N/AC:L/Au:N/C:C/I:C/A:C"},
		{9.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.5, "AV:N/AC:L/Au:N/C:P/I:P/A:P"},
	},
	types.FindingSeverityHigh: {
		{7.5, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.0, "AV:N/AC:L/Au:N/C:N/I:N/A:P"},
		{7.8, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.2, "AV:L/AC:L/Au:N/C:C/I:C/A:C"},
	},
	types.FindingSeverityMedium: {
		{5.9, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 4.3, "AV:N/AC:M/Au:N/C:N/I:N/A:P"},
		{5.5, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", 4.9, "AV:L/AC:L/Au:N/C:N/I:N/A:C"},
		{6.1, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 4.3, "AV:N/AC:M/Au:N/C:N/I:P/A:N"},
	},
	types.FindingSeverityLow: {
		{2.5, "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:L/I:N/A:N", 1.9, "AV:L/AC:M/Au:N/C:P/I:N/A:N"},
		{3.1, "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 2.6, "AV:N/AC:H/Au:N/C:P/I:N/A:N"},
	},
}

var severityRank = map[types.FindingSeverity]int{
	types.FindingSeverityCritical:      0,
	types.FindingSeverityHigh:          1,
	types.FindingSeverityMedium:        2,
	types.FindingSeverityLow:           3,
	types.FindingSeverityInformational: 4,
	types.FindingSeverityUndefined:     5,
}

var descriptions = []string{
	"A heap-based buffer overflow in %s allows a remote attacker to cause a denial of service or possibly execute arbitrary code via crafted input.",
	"An out-of-bounds read in %s may let an attacker disclose the contents of process memory.",
	"A NULL pointer dereference in %s can be triggered by a malformed file, causing a crash.",
	"An integer overflow in %s when processing very large inputs can lead to memory corruption.",
	"A use-after-free in %s may allow a local user to gain privileges.",
	"Improper input validation in %s allows a crafted request to bypass a security check.",
	"Uncontrolled resource consumption in %s lets a remote attacker exhaust CPU or memory.",
	"A race condition in %s when creating temporary files may allow a local attacker to overwrite files.",
}

// generate derives an image's distribution and vulnerabilities from its digest.
func generate(digest string) (*distro, []vuln) {
	s := newStream("ecrfake/findings", digest)
	d := &distros[s.intn(len(distros))]
	n := s.intn(13)
	seen := map[string]bool{}
	vulns := make([]vuln, 0, n)
	for len(vulns) < n {
		year := 2019 + s.intn(6)
		id := fmt.Sprintf("CVE-%d-%d", year, 1000+s.intn(49000))
		if seen[id] {
			continue
		}
		seen[id] = true
		v := vuln{id: id, pkg: d.packages[s.intn(len(d.packages))], layer: s.intn(1 << 16)}
		switch r := s.intn(100); {
		case r < 6:
			v.severity = types.FindingSeverityCritical
		case r < 26:
			v.severity = types.FindingSeverityHigh
		case r < 66:
			v.severity = types.FindingSeverityMedium
		case r < 90:
			v.severity = types.FindingSeverityLow
		case r < 95:
			v.severity = types.FindingSeverityInformational
		default:
			v.severity = types.FindingSeverityUndefined
		}
		if choices := cvssBySeverity[v.severity]; choices != nil {
			c := choices[s.intn(len(choices))]
			v.cvss = &c
		}
		if s.intn(4) != 0 {
			v.fixed = v.pkg.fixed()
		}
		v.exploit = (v.severity == types.FindingSeverityCritical || v.severity == types.FindingSeverityHigh) && s.intn(5) == 0
		v.description = fmt.Sprintf(descriptions[s.intn(len(descriptions))], v.pkg.name)
		v.published = time.Date(year, time.January, 1+s.intn(360), 0, 0, 0, 0, time.UTC)
		v.updated = v.published.AddDate(0, 0, s.intn(200))
		vulns = append(vulns, v)
	}
	slices.SortFunc(vulns, func(a, b vuln) int {
		if c := severityRank[a.severity] - severityRank[b.severity]; c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return d, vulns
}

// stream is a deterministic sequence of pseudo-random numbers: SHA-256 of a
// seed and a counter, so it is the same on every platform and Go release.
type stream struct {
	seed [sha256.Size]byte
	n    uint64
}

func newStream(parts ...string) *stream {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	s := &stream{}
	h.Sum(s.seed[:0])
	return s
}

func (s *stream) next() uint64 {
	var b [sha256.Size + 8]byte
	copy(b[:], s.seed[:])
	binary.BigEndian.PutUint64(b[sha256.Size:], s.n)
	s.n++
	sum := sha256.Sum256(b[:])
	return binary.BigEndian.Uint64(sum[:8])
}

func (s *stream) intn(n int) int { return int(s.next() % uint64(n)) }

func findingARN(img Image, v vuln) string {
	sum := sha256.Sum256([]byte(img.AccountID + "\x00" + img.Repository + "\x00" + img.Digest + "\x00" + v.id + "\x00" + v.pkg.name))
	return fmt.Sprintf("arn:%s:inspector2:%s:%s:finding/%s", img.Partition, img.Region, img.AccountID, hex.EncodeToString(sum[:16]))
}

func score(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

func attr(k, v string) types.Attribute { return types.Attribute{Key: str(k), Value: str(v)} }

func str(s string) *string { return &s }

func ptr[T any](v T) *T { return &v }
