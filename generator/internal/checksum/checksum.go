// Package checksum is the checksum that rosette's own files use to find
// damage: the output manifest for the bytes of each file it lists, the
// signature cache for the whole cache file. It is no defence against a
// writer that means harm, who can write any checksum.
package checksum

import "hash/crc32"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Sum64 is the CRC-32C of data in the high 32 bits and its CRC-32 (IEEE)
// in the low 32 bits: two checksums with different polynomials, each a
// few gigabytes a second with the processor's instructions.
func Sum64(data []byte) uint64 {
	return uint64(crc32.Checksum(data, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(data))
}
