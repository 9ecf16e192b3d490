//go:build unix

package main

import "syscall"

// syncDisks writes back every file system's dirty data.
func syncDisks() { syscall.Sync() }
