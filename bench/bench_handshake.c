/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_handshake: one burst of IKEv2 + EAP-MSCHAPv2 + virtual IP setups
 * against a gateway charon, timed, with the gateway's CPU time per setup.
 *
 * A client charon holds COUNT connections PREFIX0 .. PREFIX<COUNT-1> to the
 * gateway (each its own EAP identity, each asking for a virtual IP).  The
 * burst asks the client (vici 'initiate', asynchronous) to start all of
 * them at once and counts, on the gateway's vici socket, the CHILD_SAs the
 * gateway installs ('child-updown' events): a setup is done when the
 * gateway has authenticated the user, assigned the address and installed
 * the CHILD_SA.  Then the gateway terminates every IKE_SA of its
 * connection GWCONN and the burst waits until all are gone, so that the
 * next burst starts from an idle gateway.
 *
 * CPU time is the sum, over the gateway's threads, of the time they ran
 * (/proc/PID/task/TID/schedstat, nanoseconds), taken before the first
 * initiation and when the last CHILD_SA is up; /proc/PID/stat's utime +
 * stime (10 ms ticks) if the kernel has no schedstat.
 *
 * vici is spoken directly (the wire format of strongSwan's vici README:
 * length-prefixed packets of typed elements); nothing is linked.
 *
 * Output, CSV rows for bench/bench.sh:
 *   handshake,setups_per_s,LABEL,VALUE,1/s
 *   handshake,gw_cpu_ms,LABEL,VALUE,ms          (per setup)
 *   handshake,client_cpu_ms,LABEL,VALUE,ms      (with -q)
 * where LABEL is -L's text (e.g. "stock,10000,3").
 *
 * usage: bench_handshake -g GWSOCK -p GWPID -c CLIENTSOCK -n PREFIX
 *                        -C COUNT -G GWCONN -L LABEL [-q CLIENTPID]
 *                        [-t SECONDS]
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* packet types */
enum {
	CMD_REQUEST = 0,
	CMD_RESPONSE = 1,
	CMD_UNKNOWN = 2,
	EVENT_REGISTER = 3,
	EVENT_CONFIRM = 5,
	EVENT_UNKNOWN = 6,
	EVENT = 7,
};

/* message elements */
enum {
	SECTION_START = 1,
	SECTION_END = 2,
	KEY_VALUE = 3,
	LIST_START = 4,
	LIST_ITEM = 5,
	LIST_END = 6,
};

/** Largest packet read (vici's own limit is 512 KiB). */
#define MAX_PACKET (512 * 1024)

/** A packet being built. */
typedef struct {
	uint8_t buf[4096];
	size_t len;
} pkt_t;

/** A received packet. */
typedef struct {
	uint8_t *data;
	size_t len;
} msg_t;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_handshake: %s\n", what);
	exit(1);
}

static int vici_connect(const char *path)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
	{
		die("socket path too long");
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0)
	{
		fprintf(stderr, "bench_handshake: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

static void put(pkt_t *p, const void *data, size_t len)
{
	if (p->len + len > sizeof(p->buf))
	{
		die("request too long");
	}
	memcpy(p->buf + p->len, data, len);
	p->len += len;
}

static void put_u8(pkt_t *p, uint8_t v)
{
	put(p, &v, 1);
}

/** Start a packet of a type with a name (a request or registration). */
static void begin(pkt_t *p, uint8_t type, const char *name)
{
	p->len = 4;
	put_u8(p, type);
	put_u8(p, (uint8_t)strlen(name));
	put(p, name, strlen(name));
}

static void key_value(pkt_t *p, const char *key, const char *value)
{
	size_t len = strlen(value);

	put_u8(p, KEY_VALUE);
	put_u8(p, (uint8_t)strlen(key));
	put(p, key, strlen(key));
	put_u8(p, (uint8_t)(len >> 8));
	put_u8(p, (uint8_t)len);
	put(p, value, len);
}

static void send_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len)
	{
		n = write(fd, p, len);
		if (n <= 0)
		{
			die("writing to vici failed");
		}
		p += n;
		len -= (size_t)n;
	}
}

static void send_pkt(int fd, pkt_t *p)
{
	uint32_t len = (uint32_t)(p->len - 4);

	p->buf[0] = (uint8_t)(len >> 24);
	p->buf[1] = (uint8_t)(len >> 16);
	p->buf[2] = (uint8_t)(len >> 8);
	p->buf[3] = (uint8_t)len;
	send_all(fd, p->buf, p->len);
}

static void read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len)
	{
		n = read(fd, p, len);
		if (n <= 0)
		{
			die("reading from vici failed");
		}
		p += n;
		len -= (size_t)n;
	}
}

/** Read one packet (blocking); msg->data must be freed. */
static void recv_pkt(int fd, msg_t *msg)
{
	uint8_t hdr[4];
	uint32_t len;

	read_all(fd, hdr, 4);
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
		  (uint32_t)hdr[2] << 8 | hdr[3];
	if (len < 1 || len > MAX_PACKET)
	{
		die("bad vici packet length");
	}
	msg->data = malloc(len);
	if (!msg->data)
	{
		die("out of memory");
	}
	read_all(fd, msg->data, len);
	msg->len = len;
}

/**
 * Find a key of the message's top level (outside sections and lists);
 * returns its value (NUL-terminated copy in buf) or NULL.
 */
static const char *top_value(const uint8_t *p, size_t len, const char *key,
							 char *buf, size_t size)
{
	const uint8_t *end = p + len;
	int depth = 0;
	size_t klen, vlen;

	while (p < end)
	{
		switch (*p++)
		{
			case SECTION_START:
			case LIST_START:
				if (p >= end || p + 1 + *p > end)
				{
					return NULL;
				}
				p += 1 + *p;
				depth++;
				break;
			case SECTION_END:
			case LIST_END:
				depth--;
				break;
			case KEY_VALUE:
				if (p >= end || p + 1 + *p + 2 > end)
				{
					return NULL;
				}
				klen = *p++;
				vlen = (size_t)p[klen] << 8 | p[klen + 1];
				if (p + klen + 2 + vlen > end)
				{
					return NULL;
				}
				if (depth == 0 && klen == strlen(key) &&
					!memcmp(p, key, klen) && vlen < size)
				{
					memcpy(buf, p + klen + 2, vlen);
					buf[vlen] = '\0';
					return buf;
				}
				p += klen + 2 + vlen;
				break;
			case LIST_ITEM:
				if (p + 2 > end)
				{
					return NULL;
				}
				vlen = (size_t)p[0] << 8 | p[1];
				p += 2 + vlen;
				break;
			default:
				return NULL;
		}
	}
	return NULL;
}

/** Send a request and check that its response says success. */
static void request(int fd, pkt_t *p, const char *what)
{
	char buf[512];
	msg_t msg;

	send_pkt(fd, p);
	recv_pkt(fd, &msg);
	if (msg.data[0] != CMD_RESPONSE ||
		!top_value(msg.data + 1, msg.len - 1, "success", buf, sizeof(buf)) ||
		strcmp(buf, "yes"))
	{
		fprintf(stderr, "bench_handshake: %s failed: %s\n", what,
				top_value(msg.data + 1, msg.len - 1, "errmsg", buf, sizeof(buf))
					? buf
					: "(no message)");
		exit(1);
	}
	free(msg.data);
}

static void subscribe(int fd, const char *event)
{
	pkt_t p;
	msg_t msg;

	begin(&p, EVENT_REGISTER, event);
	send_pkt(fd, &p);
	recv_pkt(fd, &msg);
	if (msg.data[0] != EVENT_CONFIRM)
	{
		die("event registration failed");
	}
	free(msg.data);
}

/**
 * Wait for events until want of the named kind (up or down) have come;
 * returns how many came before the deadline.
 */
static int wait_events(int fd, const char *name, bool up, int want,
					   double deadline)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	char buf[16];
	size_t nlen;
	msg_t msg;
	int got = 0, ms;
	bool is_up;

	while (got < want)
	{
		ms = (int)((deadline - now()) * 1000);
		if (ms <= 0 || poll(&pfd, 1, ms) <= 0)
		{
			break;
		}
		recv_pkt(fd, &msg);
		if (msg.data[0] == EVENT && msg.len > 2)
		{
			nlen = msg.data[1];
			if (2 + nlen <= msg.len && nlen == strlen(name) &&
				!memcmp(msg.data + 2, name, nlen))
			{
				is_up = top_value(msg.data + 2 + nlen, msg.len - 2 - nlen, "up",
								  buf, sizeof(buf)) &&
						!strcmp(buf, "yes");
				got += is_up == up;
			}
		}
		free(msg.data);
	}
	return got;
}

/** CPU time of a process, all its threads (seconds). */
static double cpu_of(int pid)
{
	char path[512], line[512];
	unsigned long long ns, total = 0, ut, st;
	struct dirent *e;
	bool any = false;
	DIR *dir;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	while (dir && (e = readdir(dir)))
	{
		if (e->d_name[0] == '.')
		{
			continue;
		}
		snprintf(path, sizeof(path), "/proc/%d/task/%s/schedstat", pid,
				 e->d_name);
		f = fopen(path, "r");
		if (f)
		{
			if (fscanf(f, "%llu", &ns) == 1)
			{
				total += ns;
				any = true;
			}
			fclose(f);
		}
	}
	if (dir)
	{
		closedir(dir);
	}
	if (any)
	{
		return (double)total / 1e9;
	}
	/* no schedstat: utime and stime, fields 14 and 15 */
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f || !fgets(line, sizeof(line), f) || !strrchr(line, ')') ||
		sscanf(strrchr(line, ')') + 2,
			   "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
			   &st) != 2)
	{
		die("cannot read the CPU time of a charon");
	}
	fclose(f);
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

int main(int argc, char *argv[])
{
	const char *gwsock = NULL, *clsock = NULL, *prefix = NULL, *label = NULL;
	const char *gwconn = NULL;
	int c, count = 0, gwpid = 0, clpid = 0, i, gw, cl, up, down;
	double timeout = 30, t0, t1, cpu0, cpu1, ccpu0 = 0, ccpu1 = 0;
	char name[64];
	pkt_t p;

	while ((c = getopt(argc, argv, "g:p:c:n:C:G:L:q:t:")) != -1)
	{
		switch (c)
		{
			case 'g':
				gwsock = optarg;
				break;
			case 'p':
				gwpid = atoi(optarg);
				break;
			case 'c':
				clsock = optarg;
				break;
			case 'n':
				prefix = optarg;
				break;
			case 'C':
				count = atoi(optarg);
				break;
			case 'G':
				gwconn = optarg;
				break;
			case 'L':
				label = optarg;
				break;
			case 'q':
				clpid = atoi(optarg);
				break;
			case 't':
				timeout = atof(optarg);
				break;
			default:
				count = 0;
				break;
		}
	}
	if (!gwsock || !clsock || !prefix || !gwconn || !label || count < 1 ||
		gwpid < 1)
	{
		fprintf(stderr, "usage: bench_handshake -g GWSOCK -p GWPID -c "
						"CLIENTSOCK -n PREFIX -C COUNT -G GWCONN -L LABEL "
						"[-q CLIENTPID] [-t SECONDS]\n");
		return 2;
	}
	gw = vici_connect(gwsock);
	subscribe(gw, "child-updown");
	subscribe(gw, "ike-updown");
	cl = vici_connect(clsock);

	cpu0 = cpu_of(gwpid);
	if (clpid)
	{
		ccpu0 = cpu_of(clpid);
	}
	t0 = now();
	for (i = 0; i < count; i++)
	{
		snprintf(name, sizeof(name), "%s%d", prefix, i);
		begin(&p, CMD_REQUEST, "initiate");
		key_value(&p, "child", name);
		key_value(&p, "ike", name);
		/* negative: return at once, the client works on its own */
		key_value(&p, "timeout", "-1");
		key_value(&p, "init-limits", "no");
		request(cl, &p, "initiate");
	}
	up = wait_events(gw, "child-updown", true, count, t0 + timeout);
	t1 = now();
	cpu1 = cpu_of(gwpid);
	if (clpid)
	{
		ccpu1 = cpu_of(clpid);
	}

	/* back to an idle gateway, whatever happened */
	begin(&p, CMD_REQUEST, "terminate");
	key_value(&p, "ike", gwconn);
	key_value(&p, "timeout", "-1");
	send_pkt(gw, &p);
	down = wait_events(gw, "ike-updown", false, up, now() + timeout);
	if (up < count)
	{
		fprintf(stderr,
				"bench_handshake: %s: only %d of %d setups within "
				"%.0f s\n",
				label, up, count, timeout);
		return 1;
	}
	if (down < up)
	{
		fprintf(stderr,
				"bench_handshake: %s: only %d of %d IKE_SAs "
				"terminated\n",
				label, down, up);
		return 1;
	}
	printf("handshake,setups_per_s,%s,%.2f,1/s\n", label, count / (t1 - t0));
	printf("handshake,gw_cpu_ms,%s,%.3f,ms\n", label,
		   (cpu1 - cpu0) * 1e3 / count);
	if (clpid)
	{
		printf("handshake,client_cpu_ms,%s,%.3f,ms\n", label,
			   (ccpu1 - ccpu0) * 1e3 / count);
	}
	close(cl);
	close(gw);
	return 0;
}
