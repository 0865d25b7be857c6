package jobs

import "fmt"

// count words a number with its noun, "1 key" or "3 keys": run results,
// alert titles and alert emails are read by people, so no "key(s)". Every
// noun used here takes a plain -s.
func count[N ~int | ~int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
