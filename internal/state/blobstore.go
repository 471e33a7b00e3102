package state

// The byte store behind uploads and blobs. Large payloads are kept as the
// pieces they arrived in (a layer part handed in by the dispatcher, a chunk
// of a registry request body): nothing is appended to a growing buffer and
// nothing is copied a second time. A piece is never written after it is
// added, so pieces are shared freely: by a blob and the upload it came
// from, by a world and its clones, and by readers that outlive the lock.

import (
	"errors"
	"io"
)

// segments is a byte sequence held as its pieces, in order. The list itself
// is append-only for its owner; a copy handed to anyone else is clipped
// (capacity == length), so an append by either side never reaches the
// other's list.
type segments struct {
	pieces [][]byte
	size   int64
}

// add appends the pieces of p (empty pieces are dropped).
func (s *segments) add(p ...[]byte) {
	for _, b := range p {
		if len(b) > 0 {
			s.pieces = append(s.pieces, b)
			s.size += int64(len(b))
		}
	}
}

// shared returns a copy of s that shares the pieces but not the list.
func (s segments) shared() segments {
	if s.pieces == nil {
		return segments{}
	}
	return segments{pieces: append([][]byte(nil), s.pieces...), size: s.size}
}

// bytes returns the whole sequence as one slice: the piece itself when
// there is one piece (which the caller must not modify), a new slice
// otherwise. For small blobs (image configs) only.
func (s segments) bytes() []byte {
	switch len(s.pieces) {
	case 0:
		return nil
	case 1:
		return s.pieces[0]
	}
	out := make([]byte, 0, s.size)
	for _, p := range s.pieces {
		out = append(out, p...)
	}
	return out
}

// BlobReader reads a stored blob without copying it: an io.ReaderAt and
// io.ReadSeeker over its pieces, and an io.WriterTo that hands each piece to
// the writer in turn. Blob bytes are immutable, so a reader stays valid
// after the state lock is released and while the blob is deleted.
// It is not safe for concurrent use (ReadAt is).
type BlobReader struct {
	pieces [][]byte
	size   int64
	off    int64
}

// NewBlobReader returns a reader over pieces, which must not be modified
// afterwards.
func NewBlobReader(pieces ...[]byte) *BlobReader {
	var s segments
	s.add(pieces...)
	return &BlobReader{pieces: s.pieces, size: s.size}
}

func (s segments) reader() *BlobReader {
	return &BlobReader{pieces: s.pieces[:len(s.pieces):len(s.pieces)], size: s.size}
}

// Size returns the blob's length in bytes.
func (r *BlobReader) Size() int64 { return r.size }

// Len returns the number of bytes not yet read.
func (r *BlobReader) Len() int64 { return max(r.size-r.off, 0) }

// ReadAt implements io.ReaderAt.
func (r *BlobReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("state: BlobReader.ReadAt: negative offset")
	}
	n := 0
	pos := int64(0)
	for _, piece := range r.pieces {
		end := pos + int64(len(piece))
		if off < end && n < len(p) {
			start := max(off-pos, 0)
			c := copy(p[n:], piece[start:])
			n += c
			off += int64(c)
		}
		pos = end
		if n == len(p) {
			return n, nil
		}
	}
	return n, io.EOF
}

// Read implements io.Reader.
func (r *BlobReader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	n, err := r.ReadAt(p, r.off)
	r.off += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

// Seek implements io.Seeker.
func (r *BlobReader) Seek(offset int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = r.off + offset
	case io.SeekEnd:
		abs = r.size + offset
	default:
		return 0, errors.New("state: BlobReader.Seek: invalid whence")
	}
	if abs < 0 {
		return 0, errors.New("state: BlobReader.Seek: negative position")
	}
	r.off = abs
	return abs, nil
}

// WriteTo implements io.WriterTo: each remaining piece goes to w as is, so
// io.Copy from a BlobReader copies nothing on the way.
func (r *BlobReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	pos := int64(0)
	for _, piece := range r.pieces {
		end := pos + int64(len(piece))
		if r.off < end {
			n, err := w.Write(piece[r.off-pos:])
			r.off += int64(n)
			total += int64(n)
			if err != nil {
				return total, err
			}
		}
		pos = end
	}
	return total, nil
}
