//go:build !unix || solaris || illumos || aix

package publish

import "errors"

func mkfifo(string) error { return errors.New("no named pipes here") }
