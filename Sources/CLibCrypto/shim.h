#ifndef K3SMIGRATE_CLIBCRYPTO_SHIM_H
#define K3SMIGRATE_CLIBCRYPTO_SHIM_H

/* OpenSSL's libcrypto (libssl-dev): SHA-256 and HMAC-SHA1. libssh2 links it already, so this
 * adds no library to the binary. */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#endif
