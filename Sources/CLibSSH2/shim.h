#ifndef K3SMIGRATE_CLIBSSH2_SHIM_H
#define K3SMIGRATE_CLIBSSH2_SHIM_H

#include <libssh2.h>
#include <libssh2_sftp.h>
#include <sys/ioctl.h>
#ifdef __linux__
#include <linux/sockios.h>
#endif

/* Swift can't call libssh2's function-like macros; these wrappers name the calls we use. */

static inline LIBSSH2_SESSION *k3s_session_init(void) {
    return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}

static inline int k3s_session_disconnect(LIBSSH2_SESSION *session, const char *description) {
    return libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, description, "");
}

static inline LIBSSH2_CHANNEL *k3s_channel_open_session(LIBSSH2_SESSION *session) {
    return libssh2_channel_open_ex(session, "session", sizeof("session") - 1,
                                   LIBSSH2_CHANNEL_WINDOW_DEFAULT, LIBSSH2_CHANNEL_PACKET_DEFAULT, NULL, 0);
}

static inline int k3s_channel_exec(LIBSSH2_CHANNEL *channel, const char *command, unsigned int length) {
    return libssh2_channel_process_startup(channel, "exec", sizeof("exec") - 1, command, length);
}

static inline LIBSSH2_CHANNEL *k3s_channel_direct_tcpip(LIBSSH2_SESSION *session, const char *host, int port) {
    return libssh2_channel_direct_tcpip_ex(session, host, port, "127.0.0.1", 22);
}

static inline ssize_t k3s_channel_read(LIBSSH2_CHANNEL *channel, char *buffer, size_t length) {
    return libssh2_channel_read_ex(channel, 0, buffer, length);
}

static inline ssize_t k3s_channel_read_stderr(LIBSSH2_CHANNEL *channel, char *buffer, size_t length) {
    return libssh2_channel_read_ex(channel, SSH_EXTENDED_DATA_STDERR, buffer, length);
}

static inline ssize_t k3s_channel_write(LIBSSH2_CHANNEL *channel, const char *buffer, size_t length) {
    return libssh2_channel_write_ex(channel, 0, buffer, length);
}

static inline int k3s_userauth_publickey_fromfile(LIBSSH2_SESSION *session, const char *user,
                                                  const char *publicKey, const char *privateKey,
                                                  const char *passphrase) {
    return libssh2_userauth_publickey_fromfile_ex(session, user, (unsigned int)strlen(user),
                                                  publicKey, privateKey, passphrase);
}

static inline char *k3s_userauth_list(LIBSSH2_SESSION *session, const char *user) {
    return libssh2_userauth_list(session, user, (unsigned int)strlen(user));
}

/* Bytes written to a socket that the kernel has not sent yet (-1 if unknown). libssh2 1.10 keeps
 * a keepalive that could not be sent whole in a stack buffer that nobody resumes, which stalls
 * every later send; keepalives are therefore only sent when this queue is nearly empty. */
static inline int k3s_socket_unsent_bytes(int fd) {
#ifdef SIOCOUTQ
    int queued = 0;
    return ioctl(fd, SIOCOUTQ, &queued) == 0 ? queued : -1;
#else
    (void)fd;
    return -1;
#endif
}

/* Shifted constants, spelled as plain values so the importer never has to guess. */
static const int K3S_KNOWNHOST_TYPE_PLAIN = LIBSSH2_KNOWNHOST_TYPE_PLAIN;
static const int K3S_KNOWNHOST_KEYENC_RAW = LIBSSH2_KNOWNHOST_KEYENC_RAW;
static const int K3S_KNOWNHOST_KEY_SSHRSA = LIBSSH2_KNOWNHOST_KEY_SSHRSA;
static const int K3S_KNOWNHOST_KEY_SSHDSS = LIBSSH2_KNOWNHOST_KEY_SSHDSS;
static const int K3S_KNOWNHOST_KEY_ECDSA_256 = LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
static const int K3S_KNOWNHOST_KEY_ECDSA_384 = LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
static const int K3S_KNOWNHOST_KEY_ECDSA_521 = LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
static const int K3S_KNOWNHOST_KEY_ED25519 = LIBSSH2_KNOWNHOST_KEY_ED25519;
static const int K3S_KNOWNHOST_KEY_UNKNOWN = LIBSSH2_KNOWNHOST_KEY_UNKNOWN;

#endif
