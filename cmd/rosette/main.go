// Command rosette publishes Open Badges 2.0 as a static site.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
