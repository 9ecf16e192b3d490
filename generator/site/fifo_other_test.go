//go:build !unix || solaris || illumos || aix

package site

import "errors"

func mkfifo(string) error { return errors.New("no named pipes here") }
