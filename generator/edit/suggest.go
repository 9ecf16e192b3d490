package edit

// DidYouMean is " (did you mean "x"?)" for the id of ids nearest to s,
// else " (known: a, b, c)" when there are a few, else "".
func DidYouMean(s string, ids []string) string { return didYouMean(s, ids) }
