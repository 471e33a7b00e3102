package state

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/require"

	"github.com/ecrfake/go-ecrfake/internal/errs"
)

func scanTestConfig() Config {
	cfg := cloneTestConfig()
	cfg.ScanDuration = 5 * time.Second
	cfg.MaxBasicScansPerDay = 3
	return cfg
}

func TestScanFilterMatch(t *testing.T) {
	tests := []struct {
		filter, name string
		want         bool
	}{
		{"prod", "prod", true},
		{"prod", "prodrepo", true},
		{"prod", "repo-prod-repo", true},
		{"prod", "team/prod/api", true},
		{"prod", "pro", false},
		{"prod", "production-x", true},
		{"prod*", "prod", true},
		{"prod*", "prod-api", true},
		{"prod*", "team/prod", false},
		{"*prod", "team/prod", true},
		{"*prod", "prod-api", false},
		{"*", "anything/at/all", true},
		{"team/*/api", "team/a/b/api", true},
		{"team/*/api", "team/api", false},
		{"a*b*c", "abc", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, scanFilterMatch(tt.filter, tt.name), "%q ~ %q", tt.filter, tt.name)
	}
}

func TestEffectiveScanFrequency(t *testing.T) {
	sop := func(filters ...string) scanRule {
		return scanRule{frequency: types.ScanFrequencyScanOnPush, filters: filters}
	}
	cont := func(filters ...string) scanRule {
		return scanRule{frequency: types.ScanFrequencyContinuousScan, filters: filters}
	}
	tests := []struct {
		name        string
		cfg         scanConfig
		repo        string
		flag        bool
		want        types.ScanFrequency
		wantFilters []string
	}{
		{"default", scanConfig{}, "app", false, types.ScanFrequencyManual, nil},
		{"the flag under basic", scanConfig{}, "app", true, types.ScanFrequencyScanOnPush, nil},
		{"a basic rule", scanConfig{rules: []scanRule{sop("ap")}}, "app", false, types.ScanFrequencyScanOnPush, []string{"ap"}},
		{"a basic rule that does not match, flag set", scanConfig{rules: []scanRule{sop("zz")}}, "app", true, types.ScanFrequencyScanOnPush, nil},
		{"a rule with no filters matches nothing", scanConfig{rules: []scanRule{sop()}}, "app", false, types.ScanFrequencyManual, nil},
		{"enhanced, no rules", scanConfig{enhanced: true}, "app", false, types.ScanFrequencyContinuousScan, nil},
		{"enhanced ignores the flag", scanConfig{enhanced: true, rules: []scanRule{sop("zz")}}, "app", true, types.ScanFrequencyManual, nil},
		{"continuous wins, whatever the rule order", scanConfig{enhanced: true, rules: []scanRule{sop("*"), cont("a*", "app", "zz")}}, "app", false, types.ScanFrequencyContinuousScan, []string{"a*", "app"}},
		{"scan on push when continuous does not match", scanConfig{enhanced: true, rules: []scanRule{cont("zz"), sop("*")}}, "app", false, types.ScanFrequencyScanOnPush, []string{"*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, filters := tt.cfg.effective(tt.repo, tt.flag)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.wantFilters, filters)
		})
	}
}

// pushScanned pushes an image with a real container config into repo.
func (f *worldFixture) pushScanned(repo, tag, label string) string {
	f.tb.Helper()
	_, d := f.pushImage("", repo, tag, label)
	return d
}

func (f *worldFixture) describeScan(repo, digest string) (*ecr.DescribeImageScanFindingsOutput, error) {
	return f.w.DescribeImageScanFindings(f.now, &ecr.DescribeImageScanFindingsInput{
		RepositoryName: strp(repo), ImageId: &types.ImageIdentifier{ImageDigest: strp(digest)},
	})
}

func TestRegistryScanQuotaLedger(t *testing.T) {
	f := &worldFixture{tb: t, w: New(scanTestConfig()), now: cloneEpoch}
	f.createRepo("", "app", nil)
	var digests []string
	for i := range 5 {
		digests = append(digests, f.pushScanned("app", fmt.Sprint("v", i), fmt.Sprint(i)))
	}
	start := func(d string) error {
		_, err := f.w.StartImageScan(f.now, &ecr.StartImageScanInput{RepositoryName: strp("app"), ImageId: &types.ImageIdentifier{ImageDigest: strp(d)}})
		return err
	}
	reg := f.w.registries[acctOwn]
	first := f.now
	for _, d := range digests[:3] {
		require.NoError(t, start(d))
		f.now = f.now.Add(time.Hour)
	}
	require.Len(t, reg.scanLedger, 3)
	err := start(digests[3])
	require.ErrorAs(t, err, new(*types.LimitExceededException))
	require.Len(t, reg.scanLedger, 3, "a failed start records nothing")

	// The clock goes back: the ledger stays sorted and the entries count.
	f.now = first.Add(-time.Hour)
	require.Error(t, start(digests[3]))

	f.now = first.Add(24 * time.Hour) // the first scan left the window
	require.NoError(t, start(digests[3]))
	require.Len(t, reg.scanLedger, 3, "entries that left the window are dropped")
	for i := 1; i < len(reg.scanLedger); i++ {
		require.False(t, reg.scanLedger[i].Before(reg.scanLedger[i-1]))
	}
}

// Clone copies scan records, the findings a test set, the registry's
// scanning configuration and its quota ledger, and shares no memory.
func TestCloneCoversScanning(t *testing.T) {
	f := &worldFixture{tb: t, w: New(scanTestConfig()), now: cloneEpoch}
	f.createRepo("", "app", func(in *ecr.CreateRepositoryInput) {
		in.ImageScanningConfiguration = &types.ImageScanningConfiguration{ScanOnPush: true}
	})
	_, err := f.w.PutRegistryScanningConfiguration(f.now, &ecr.PutRegistryScanningConfigurationInput{Rules: []types.RegistryScanningRule{{
		ScanFrequency: types.ScanFrequencyScanOnPush, RepositoryFilters: []types.ScanningRepositoryFilter{{Filter: strp("ap*"), FilterType: types.ScanningRepositoryFilterTypeWildcard}},
	}}})
	require.NoError(t, err)
	d1 := f.pushScanned("app", "v1", "one")
	d2 := f.pushScanned("app", "v2", "two")
	basic := []types.ImageScanFinding{{Name: strp("CVE-1"), Severity: types.FindingSeverityHigh, Attributes: []types.Attribute{{Key: strp("package_name"), Value: strp("p")}}}}
	enhanced := []types.EnhancedImageScanFinding{{Severity: strp("LOW"), Resources: []types.Resource{{Tags: map[string]string{"k": "v"}}}}}
	require.NoError(t, f.w.SetScanFindings(f.now, nil, "app", d1, basic))
	require.NoError(t, f.w.SetEnhancedScanFindings(f.now, nil, "app", d1, enhanced))
	f.now = f.now.Add(time.Minute)
	require.NoError(t, f.w.FailScan(f.now, nil, "app", d2, "")) // after the scan ended: freezes its result
	require.NotNil(t, f.w.registries[acctOwn].repos["app"].images[d2].scan.frozen)

	observe := func(w *World) string {
		var out []any
		for _, d := range []string{d1, d2} {
			o, err := w.DescribeImageScanFindings(f.now, &ecr.DescribeImageScanFindingsInput{RepositoryName: strp("app"), ImageId: &types.ImageIdentifier{ImageDigest: strp(d)}})
			out = append(out, o, fmt.Sprint(err))
		}
		cfg, _ := w.GetRegistryScanningConfiguration(f.now, nil)
		batch, _ := w.BatchGetRepositoryScanningConfiguration(f.now, &ecr.BatchGetRepositoryScanningConfigurationInput{RepositoryNames: []string{"app"}})
		out = append(out, cfg, batch, w.registries[acctOwn].scanLedger)
		b, err := json.Marshal(out)
		require.NoError(t, err)
		return string(b)
	}

	c := f.w.Clone()
	want := observe(f.w)
	require.Equal(t, want, observe(c))
	requireNoSharedMemory(t, f.w, c)
	for name, sc := range map[string]*imageScan{"d1": c.registries[acctOwn].repos["app"].images[d1].scan, "d2": c.registries[acctOwn].repos["app"].images[d2].scan} {
		orig := f.w.registries[acctOwn].repos["app"].images[map[string]string{"d1": d1, "d2": d2}[name]].scan
		require.Equal(t, orig, sc, name)
		require.NotSame(t, orig, sc, name)
	}

	// Mutating the clone leaves the original as it was.
	cf := &worldFixture{tb: t, w: c, now: f.now}
	require.NoError(t, c.SetScanFindings(cf.now, nil, "app", d1, nil))
	require.NoError(t, c.FailScan(cf.now, nil, "app", d1, "boom"))
	_, err = c.PutRegistryScanningConfiguration(cf.now, &ecr.PutRegistryScanningConfigurationInput{ScanType: types.ScanTypeEnhanced})
	require.NoError(t, err)
	cf.now = cf.now.Add(25 * time.Hour)
	_, err = c.StartImageScan(cf.now, &ecr.StartImageScanInput{RepositoryName: strp("app"), ImageId: &types.ImageIdentifier{ImageDigest: strp(d2)}})
	require.ErrorAs(t, err, new(*types.ValidationException))
	cf.pushScanned("app", "v3", "three")
	require.Equal(t, want, observe(f.w))
	require.NotEqual(t, want, observe(c))

	// And the other way round.
	c2 := f.w.Clone()
	require.NoError(t, f.w.SetScanFindings(f.now, nil, "app", d2, basic))
	basic[0].Name = strp("changed by the caller")
	require.Equal(t, want, observe(c2))
}

func TestSetScanOutcomeFreezesOnlyFinishedBasicScans(t *testing.T) {
	f := &worldFixture{tb: t, w: New(scanTestConfig()), now: cloneEpoch}
	f.createRepo("", "app", func(in *ecr.CreateRepositoryInput) {
		in.ImageScanningConfiguration = &types.ImageScanningConfiguration{ScanOnPush: true}
	})
	d := f.pushScanned("app", "v1", "one")
	sc := f.w.registries[acctOwn].repos["app"].images[d].scan
	require.NoError(t, f.w.FailScan(f.now, nil, "app", d, "x"))
	require.Nil(t, sc.frozen, "the scan is still running")
	out, err := f.describeScan("app", d)
	require.NoError(t, err)
	require.Equal(t, types.ScanStatusInProgress, out.ImageScanStatus.Status)

	f.now = f.now.Add(5 * time.Second)
	require.NoError(t, f.w.FailScan(f.now, nil, "app", d, "y"))
	require.NotNil(t, sc.frozen)
	require.Equal(t, "x", sc.frozen.failure)
	require.NoError(t, f.w.FailScan(f.now, nil, "app", d, "z"))
	require.Equal(t, "x", sc.frozen.failure, "frozen once")
	out, err = f.describeScan("app", d)
	require.NoError(t, err)
	require.Equal(t, "x", *out.ImageScanStatus.Description)
}

func TestFindingsPage(t *testing.T) {
	keys := []string{"a", "b", "c", "d", "e"}
	key := func(ks []string) func(int) string { return func(i int) string { return ks[i] } }
	fp := fingerprint(kindScanFindings, "x")
	start, end, next, err := findingsPage(nil, fp, 2, len(keys), key(keys))
	require.NoError(t, err)
	require.Equal(t, []int{0, 2}, []int{start, end})
	require.NotNil(t, next)

	tests := []struct {
		name  string
		now   []string
		start int
	}{
		{"unchanged", keys, 2},
		{"inserted before", []string{"z", "a", "b", "c", "d", "e"}, 3},
		{"last returned removed", []string{"a", "c", "d", "e"}, 1},
		{"everything gone", []string{}, 0},
		{"shorter list", []string{"q"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _, err := findingsPage(next, fp, 2, len(tt.now), key(tt.now))
			require.NoError(t, err)
			require.Equal(t, tt.start, s)
		})
	}
	_, _, _, err = findingsPage(next, fingerprint(kindScanFindings, "y"), 2, len(keys), key(keys))
	require.Equal(t, errs.InvalidNextToken(), err)
}

func TestImageConfigDecidesSupport(t *testing.T) {
	f := &worldFixture{tb: t, w: New(scanTestConfig()), now: cloneEpoch}
	f.createRepo("", "app", nil)
	tests := []struct {
		name      string
		config    string
		layers    int
		supported bool
		arch      string
	}{
		{"linux", `{"os":"linux","architecture":"arm64"}`, 1, true, "arm64"},
		{"windows", `{"os":"windows","architecture":"amd64"}`, 1, false, "amd64"},
		{"no layers", `{"os":"linux"}`, 0, false, ""},
		{"not JSON", `xyz`, 1, false, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := []byte(tt.config)
			f.uploadBlob("", "app", cfg)
			var layers [][]byte
			for j := range tt.layers {
				l := []byte(fmt.Sprint("layer ", i, j))
				f.uploadBlob("", "app", l)
				layers = append(layers, l)
			}
			d := f.put("", "app", "", "", imageManifestJSON(mediaOCIManifest, cfg, layers...))
			img := f.w.registries[acctOwn].repos["app"].images[d]
			require.True(t, scannable(img))
			require.Equal(t, tt.supported, f.w.supportedOS(img))
			_, arch, _ := f.w.imageConfig(img)
			require.Equal(t, tt.arch, arch)
		})
	}
}
