#ifndef K3SMIGRATE_BUILD_INFO_H
#define K3SMIGRATE_BUILD_INFO_H

/* The commit k3smigrate was built from: scripts/install.sh passes
 * -Xcc -DK3SMIGRATE_BUILD_COMMIT='"<sha>"'; other builds say "unknown". */
const char *k3smigrate_build_commit(void);

#endif
