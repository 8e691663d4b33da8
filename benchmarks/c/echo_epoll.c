/*
 * The ceiling for benchmarks/echo.sh: the smallest single-threaded epoll echo server, no runtime at all.
 * What any server on this kernel can reach at best with one thread (the driver is the same as for the Java
 * servers). Level-triggered epoll, one read per readiness (as Corio's transport) or, with ECHO_DRAIN=1, reads
 * until EAGAIN; each read is written back at once (a short write is finished blocking-free by spinning on
 * EAGAIN, which the 64-byte echo never hits). TCP_NODELAY on each accepted socket unless ECHO_NODELAY=0;
 * ECHO_RCVBUF / ECHO_SNDBUF set those buffers when given.
 * Protocol of the run script: prints "port N" on stdout, serves until stdin closes.
 *   gcc -O2 -o benchmarks/target/echo-epoll benchmarks/c/echo_epoll.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static int env_int(const char *name, int dflt) {
    const char *v = getenv(name);
    return v && *v ? atoi(v) : dflt;
}

int main(void) {
    int nodelay = env_int("ECHO_NODELAY", 1), drain = env_int("ECHO_DRAIN", 0);
    int rcvbuf = env_int("ECHO_RCVBUF", 0), sndbuf = env_int("ECHO_SNDBUF", 0);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4096)) {
        perror("bind/listen");
        return 1;
    }
    socklen_t al = sizeof a;
    getsockname(ls, (struct sockaddr *)&a, &al);
    printf("port %d\n", ntohs(a.sin_port));
    fflush(stdout);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = ls};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    ev.data.fd = 0; /* stdin: its EOF ends the server */
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
    static struct epoll_event evs[1024];
    static char buf[64 * 1024];
    for (;;) {
        int n = epoll_wait(ep, evs, 1024, -1);
        if (n < 0 && errno == EINTR) continue;
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == 0) {
                if (read(0, buf, sizeof buf) <= 0) return 0;
                continue;
            }
            if (fd == ls) {
                int c;
                while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (nodelay) setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    if (rcvbuf) setsockopt(c, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
                    if (sndbuf) setsockopt(c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
                    struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                }
                continue;
            }
            for (;;) {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
                    close(fd); /* closing removes it from the epoll set */
                    break;
                }
                if (r < 0) break; /* EAGAIN: drained */
                for (ssize_t off = 0; off < r;) {
                    ssize_t w = write(fd, buf + off, r - off);
                    if (w > 0) off += w;
                    else if (w < 0 && errno != EAGAIN && errno != EINTR) break;
                }
                if (!drain) break;
            }
        }
    }
}
