#ifndef TWOWAYD_CMALLOC_H
#define TWOWAYD_CMALLOC_H

// glibc's malloc_trim, which Swift's Glibc module does not expose. The session reaper calls it
// after evicting many sessions so the freed heap goes back to the system (see
// Docs/performance.md, "Memory").

#include <stddef.h>
#include <stdlib.h> // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Returns the free memory at the top of the heap and in the middle of every arena to the
/// system, keeping `pad` bytes at the top of the main heap. Returns 1 when some memory was
/// released, 0 when none was or when the C library is not glibc (where it does nothing).
static inline int twoway_malloc_trim(size_t pad) {
#if defined(__GLIBC__)
    return malloc_trim(pad);
#else
    (void)pad;
    return 0;
#endif
}

#endif
