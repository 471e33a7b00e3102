package sdksnap

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	dir := t.TempDir()
	req := filepath.Join(dir, "PutImage.request.snap")
	require.NoError(t, os.WriteFile(req, []byte("POST /\n\nContent-Type: application/x-amz-json-1.1\nX-Amz-Target: T.PutImage\n\n{\"a\":1}"), 0o644))
	s, err := parse(req)
	require.NoError(t, err)
	assert.Equal(t, Snapshot{Line: "POST /", Header: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"T.PutImage"}}, Body: []byte(`{"a":1}`)}, s)

	resp := filepath.Join(dir, "X.error.snap")
	require.NoError(t, os.WriteFile(resp, []byte("400\nContent-Type: application/x-amz-json-1.1\n\n{}"), 0o644))
	s, err = parse(resp)
	require.NoError(t, err)
	assert.Equal(t, 400, s.Status)
	assert.Equal(t, []byte("{}"), s.Body)

	bad := filepath.Join(dir, "bad.snap")
	require.NoError(t, os.WriteFile(bad, []byte("200\nno colon here\n\n{}"), 0o644))
	_, err = parse(bad)
	assert.ErrorContains(t, err, "bad header line")
}

func TestReadRealModule(t *testing.T) {
	snaps, err := Read("github.com/aws/aws-sdk-go-v2/service/ecrpublic", "request_snapshot")
	if errors.Is(err, ErrNoModule) {
		t.Skip(err)
	}
	require.NoError(t, err)
	assert.Len(t, snaps, 23)
	assert.Equal(t, "SpencerFrontendService.PutImage", snaps["PutImage.request"].Header.Get("X-Amz-Target"))
}
