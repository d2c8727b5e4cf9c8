#include "build_info.h"

#ifndef K3SMIGRATE_BUILD_COMMIT
#define K3SMIGRATE_BUILD_COMMIT "unknown"
#endif

const char *k3smigrate_build_commit(void) { return K3SMIGRATE_BUILD_COMMIT; }
