// SwiftPM needs one source file per C target; the wrapper itself is inline in the header.
#include "CMalloc.h"
