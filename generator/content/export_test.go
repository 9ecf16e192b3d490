package content

// ScanAward reads an award record with the fast award scanner alone and
// reports whether it could: false means the load falls back to the TOML
// decoder for this file, as parseAward does.
func ScanAward(src []byte) (*Award, bool) {
	a := &Award{}
	_, ok := scanAward(string(src), a)
	return a, ok
}
