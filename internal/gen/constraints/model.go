package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// model is the part of a botocore service model the generator needs. Unlike a
// plain map decode it keeps the declaration order of structure members, which
// decides which violation is reported first.
type model struct {
	APIVersion string
	UID        string
	SHA256     string            // of the decompressed JSON, so the header does not depend on how it was found
	Ops        map[string]string // operation name → input shape name
	Shapes     map[string]*shape
}

type shape struct {
	Type    string // structure, string, list, map, integer, long, boolean, blob, ...
	Members []member
	Member  string // list element shape
	Key     string // map key shape
	Value   string // map value shape
	Min     *int64
	Max     *int64
	Pattern string
	Enum    []string
}

type member struct {
	Name  string // wire name
	Shape string
}

// findModel returns the model path: $BOTOCORE_ECR_MODEL, else the copy inside
// the botocore package that python3 imports.
func findModel() (string, error) {
	if p := os.Getenv(svc.modelEnv); p != "" {
		return p, nil
	}
	out, err := exec.Command("python3", "-c", "import botocore,os;print(os.path.dirname(botocore.__file__))").Output()
	if err != nil {
		return "", fmt.Errorf("botocore not found (set "+svc.modelEnv+" or install botocore for python3): %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), svc.modelRelPath), nil
}

func readModel(path string) (*model, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return parseModel(raw)
}

func parseModel(raw []byte) (*model, error) {
	var doc struct {
		Metadata struct {
			APIVersion string `json:"apiVersion"`
			UID        string `json:"uid"`
		} `json:"metadata"`
		Operations map[string]struct {
			Input *struct {
				Shape string `json:"shape"`
			} `json:"input"`
		} `json:"operations"`
		Shapes map[string]json.RawMessage `json:"shapes"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	sum := sha256.Sum256(raw)
	m := &model{
		APIVersion: doc.Metadata.APIVersion,
		UID:        doc.Metadata.UID,
		SHA256:     hex.EncodeToString(sum[:]),
		Ops:        map[string]string{},
		Shapes:     map[string]*shape{},
	}
	for name, op := range doc.Operations {
		if op.Input == nil {
			return nil, fmt.Errorf("model: operation %s has no input shape", name)
		}
		m.Ops[name] = op.Input.Shape
	}
	for name, rawShape := range doc.Shapes {
		s, err := parseShape(rawShape)
		if err != nil {
			return nil, fmt.Errorf("model: shape %s: %w", name, err)
		}
		m.Shapes[name] = s
	}
	return m, nil
}

func parseShape(raw json.RawMessage) (*shape, error) {
	var s struct {
		Type    string          `json:"type"`
		Members json.RawMessage `json:"members"`
		Member  struct {
			Shape string `json:"shape"`
		} `json:"member"`
		Key struct {
			Shape string `json:"shape"`
		} `json:"key"`
		Value struct {
			Shape string `json:"shape"`
		} `json:"value"`
		Min     *json.Number `json:"min"`
		Max     *json.Number `json:"max"`
		Pattern string       `json:"pattern"`
		Enum    []string     `json:"enum"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	out := &shape{Type: s.Type, Member: s.Member.Shape, Key: s.Key.Shape, Value: s.Value.Shape, Pattern: s.Pattern, Enum: s.Enum}
	var err error
	if out.Min, err = intBound(s.Min); err != nil {
		return nil, err
	}
	if out.Max, err = intBound(s.Max); err != nil {
		return nil, err
	}
	if len(s.Members) > 0 {
		if out.Members, err = orderedMembers(s.Members); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func intBound(n *json.Number) (*int64, error) {
	if n == nil {
		return nil, nil
	}
	v, err := n.Int64()
	if err != nil {
		return nil, fmt.Errorf("non-integer bound %s (floating-point ranges are not supported)", n)
	}
	return &v, nil
}

// orderedMembers decodes a "members" object keeping the keys in file order.
func orderedMembers(raw json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("members: expected an object")
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		name, _ := tok.(string)
		var ref struct {
			Shape string `json:"shape"`
		}
		if err := dec.Decode(&ref); err != nil {
			return nil, fmt.Errorf("member %s: %w", name, err)
		}
		out = append(out, member{Name: name, Shape: ref.Shape})
	}
	return out, nil
}
