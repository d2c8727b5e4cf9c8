/* The floor for bench/ssh-latency.sh: a bare blocking libssh2 loop running one command per
 * channel on one open session, timed the same way as the Swift bench.
 * Usage: ssh-floor HOST PORT USER KEY RUNS COMMAND */
#include <libssh2.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int run_once(LIBSSH2_SESSION *session, const char *command) {
    char buffer[16384];
    LIBSSH2_CHANNEL *channel = libssh2_channel_open_session(session);
    if (!channel) return -1;
    if (libssh2_channel_exec(channel, command) != 0) return -1;
    libssh2_channel_send_eof(channel);
    for (;;) {
        ssize_t out = libssh2_channel_read(channel, buffer, sizeof buffer);
        ssize_t err = libssh2_channel_read_stderr(channel, buffer, sizeof buffer);
        if (out < 0 || err < 0) return -1;
        if (out == 0 && err == 0 && libssh2_channel_eof(channel)) break;
    }
    libssh2_channel_close(channel);
    libssh2_channel_wait_closed(channel);
    int status = libssh2_channel_get_exit_status(channel);
    libssh2_channel_free(channel);
    return status;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: %s HOST PORT USER KEY RUNS COMMAND\n", argv[0]);
        return 2;
    }
    int runs = atoi(argv[5]);
    libssh2_init(0);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    inet_pton(AF_INET, argv[1], &address.sin_addr);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) { perror("connect"); return 1; }
    LIBSSH2_SESSION *session = libssh2_session_init();
    libssh2_session_set_blocking(session, 1);
    if (libssh2_session_handshake(session, fd) != 0) { fprintf(stderr, "handshake failed\n"); return 1; }
    if (libssh2_userauth_publickey_fromfile(session, argv[3], NULL, argv[4], "") != 0) {
        fprintf(stderr, "auth failed\n");
        return 1;
    }
    for (int i = 0; i < 10; i++) run_once(session, argv[6]);
    double *samples = calloc(runs, sizeof *samples);
    double total = 0;
    for (int i = 0; i < runs; i++) {
        double start = now_ms();
        if (run_once(session, argv[6]) != 0) { fprintf(stderr, "command failed\n"); return 1; }
        samples[i] = now_ms() - start;
        total += samples[i];
    }
    qsort(samples, runs, sizeof *samples, compare);
    int p99 = (int)(runs * 0.99 + 0.999999) - 1;
    char label[64];
    snprintf(label, sizeof label, "C libssh2 floor (%s)", argv[6]);
    printf("%-34s runs=%d median=%.3f ms p99=%.3f ms mean=%.3f ms\n", label, runs, samples[runs / 2],
           samples[p99 < runs ? p99 : runs - 1], total / runs);
    libssh2_session_disconnect(session, "done");
    libssh2_session_free(session);
    close(fd);
    return 0;
}
