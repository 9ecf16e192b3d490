package checksum

import (
	"hash/crc32"
	"testing"
)

// TestSum64 checks both halves against the CRC-32 check values of
// "123456789" (CRC-32C e3069283, CRC-32 cbf43926), and that the halves
// are computed apart.
func TestSum64(t *testing.T) {
	if got, want := Sum64([]byte("123456789")), uint64(0xe3069283cbf43926); got != want {
		t.Errorf("Sum64 = %016x, want %016x", got, want)
	}
	data := []byte("rosette")
	if got := Sum64(data); uint32(got) != crc32.ChecksumIEEE(data) || uint32(got>>32) == uint32(got) {
		t.Errorf("Sum64(%q) = %016x", data, got)
	}
}
