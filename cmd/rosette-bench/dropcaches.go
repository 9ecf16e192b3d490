package main

import (
	"fmt"
	"os"
)

// dropCaches writes back every file system's dirty data and drops the
// kernel's page, dentry and inode caches, so that the next build reads its
// sources and its previous output from disk, as the first build after a
// restart does. Linux only, as root.
func dropCaches() error {
	syncDisks()
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0); err != nil {
		return fmt.Errorf("-drop-caches: cannot drop the kernel's caches (Linux, as root): %v", err)
	}
	return nil
}
