package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseModelKeepsMemberOrder(t *testing.T) {
	m, err := parseModel([]byte(`{"metadata":{"apiVersion":"v","uid":"u"},
		"operations":{"Op":{"input":{"shape":"OpRequest"}}},
		"shapes":{"OpRequest":{"type":"structure","members":{"zeta":{"shape":"S"},"alpha":{"shape":"N"},"mid":{"shape":"S"}}},
			"S":{"type":"string","min":1,"max":5,"pattern":"[a-z]+"},
			"N":{"type":"integer","min":1,"max":50}}}`))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"Op": "OpRequest"}, m.Ops)
	assert.Equal(t, []member{{"zeta", "S"}, {"alpha", "N"}, {"mid", "S"}}, m.Shapes["OpRequest"].Members)
	s := m.Shapes["S"]
	assert.Equal(t, int64(1), *s.Min)
	assert.Equal(t, int64(5), *s.Max)
	assert.Equal(t, "[a-z]+", s.Pattern)
}

func TestParseModelRejectsFloatBounds(t *testing.T) {
	_, err := parseModel([]byte(`{"operations":{},"shapes":{"D":{"type":"double","min":0.5}}}`))
	assert.ErrorContains(t, err, "non-integer bound")
}

func TestGoPattern(t *testing.T) {
	got, err := goPattern("[0-9]{12}")
	require.NoError(t, err)
	assert.Equal(t, "^(?:[0-9]{12})$", got)
	for _, bad := range []string{
		`[a-z&&[^x]]`, // Java class intersection
		`a*+`,         // possessive quantifier
		`\p{Alpha}+`,  // Java POSIX class name
		`(?<=a)b`,     // lookbehind
		`[a-z]+\Z`,    // Java end-of-input anchor
	} {
		_, err := goPattern(bad)
		assert.Error(t, err, bad)
	}
}

func TestGoName(t *testing.T) {
	assert.Equal(t, "RepositoryName", goName("repositoryName"))
	assert.Equal(t, "Key", goName("Key"))
}

// TestBothServicesGenerate runs the generator on each service's real model
// (skipped without botocore): every table entry must be used, every operation
// must be known.
func TestBothServicesGenerate(t *testing.T) {
	saved := svc
	t.Cleanup(func() { svc = saved })
	for name, s := range services {
		t.Run(name, func(t *testing.T) {
			svc = s
			path, err := findModel()
			if err != nil {
				t.Skip(err)
			}
			m, err := readModel(path)
			if err != nil {
				t.Skip(err)
			}
			src, err := generate(m)
			require.NoError(t, err)
			assert.Contains(t, string(src), "func checkInput"+s.prefix+"(in any)")
		})
	}
}

func TestTablesAreConsistent(t *testing.T) {
	for k, why := range publicExclusions {
		assert.True(t, strings.Count(k, ".") == 1, "exclusion %q: want Owner.member", k)
		assert.NotEmpty(t, why, k)
	}
	for k, why := range exclusions {
		assert.True(t, strings.Count(k, ".") == 1, "exclusion %q: want Owner.member", k)
		assert.NotEmpty(t, why, k)
	}
	for op, in := range supplementOps {
		s, ok := supplementShapes[in]
		require.True(t, ok, "supplement %s: no shape %s", op, in)
		assert.Equal(t, "structure", s.Type)
	}
}
