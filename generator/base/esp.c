/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel IPsec probe: a child process unshares its network namespace,
 * sends XFRM_MSG_NEWSA (ESP, AES-GCM-16 with a 128-bit key, tunnel mode,
 * documentation addresses) over a NETLINK_XFRM socket and reports the
 * kernel's answer (with its extended-ack message) through a pipe.  A
 * kernel without XFRM refuses the socket; one without ESP or without
 * AES-GCM answers ENOSYS or EPROTONOSUPPORT (which is what charon's
 * kernel-netlink gets when it installs such a CHILD_SA there).
 *
 * Only AES-GCM is asked for: it is the first algorithm of swanmobile's
 * default ESP proposals and of the example's, so a kernel that refuses it
 * fails the CHILD_SAs most clients negotiate.  The verdict and every
 * message name it ("refuses AES-GCM ESP"), never "no IPsec": a kernel
 * may still carry other algorithms (gateway.datapath: kernel forces the
 * kernel's datapath for proposals without AES-GCM).
 */
#include "config.h"

#include "esp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/** How long the parent waits for the child's answer. */
#define PROBE_TIMEOUT_MS 3000

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/** The child's report. */
typedef struct {
	/** what failed: 0 nothing, else a step below */
	int step;
	/** errno of that step, or the kernel's error */
	int err;
	/** the kernel's extended-ack message, "" if none */
	char msg[160];
} report_t;

/** The steps of the child. */
enum {
	STEP_OK,
	STEP_UNSHARE,
	STEP_SOCKET,
	STEP_SEND,
	STEP_RECV,
	STEP_KERNEL,
};

/* the XFRM_MSG_NEWSA request into buf; returns its length */
static size_t newsa(uint8_t *buf, size_t size)
{
	static const uint8_t key[20] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99,
		0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02, 0x03, 0x04,
	};
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	struct xfrm_usersa_info *sa;
	struct xfrm_algo_aead *aead;
	struct nlattr *attr;
	size_t len;

	memset(buf, 0, size);
	nh->nlmsg_type = XFRM_MSG_NEWSA;
	nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = 1;
	sa = NLMSG_DATA(nh);
	sa->sel.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &sa->saddr.a4);
	inet_pton(AF_INET, "192.0.2.2", &sa->id.daddr.a4);
	sa->id.spi = htonl(0x5357);
	sa->id.proto = IPPROTO_ESP;
	sa->family = AF_INET;
	sa->mode = XFRM_MODE_TUNNEL;
	sa->replay_window = 32;
	sa->lft.soft_byte_limit = XFRM_INF;
	sa->lft.hard_byte_limit = XFRM_INF;
	sa->lft.soft_packet_limit = XFRM_INF;
	sa->lft.hard_packet_limit = XFRM_INF;
	len = NLMSG_ALIGN(NLMSG_LENGTH(sizeof(*sa)));
	attr = (struct nlattr *)(buf + len);
	attr->nla_type = XFRMA_ALG_AEAD;
	attr->nla_len = (uint16_t)(NLA_HDRLEN + sizeof(*aead) + sizeof(key));
	aead = (struct xfrm_algo_aead *)((uint8_t *)attr + NLA_HDRLEN);
	snprintf(aead->alg_name, sizeof(aead->alg_name), "rfc4106(gcm(aes))");
	/* the key and the 4-byte salt, in bits */
	aead->alg_key_len = sizeof(key) * 8;
	aead->alg_icv_len = 128;
	memcpy(aead->alg_key, key, sizeof(key));
	len += NLA_ALIGN(attr->nla_len);
	nh->nlmsg_len = (uint32_t)len;
	return len;
}

/* the extended-ack message of an error answer, if any */
static void ext_ack(const struct nlmsghdr *nh, size_t len, char *msg,
					size_t size)
{
	const struct nlmsgerr *e = NLMSG_DATA(nh);
	const uint8_t *p = NLMSG_DATA(nh), *end = (const uint8_t *)nh + len;
	const struct nlattr *a;
	size_t off = sizeof(*e);

	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
	{
		return;
	}
	if (!(nh->nlmsg_flags & NLM_F_CAPPED))
	{
		off += e->msg.nlmsg_len - sizeof(e->msg);
	}
	for (p += NLA_ALIGN(off); p + NLA_HDRLEN <= end;)
	{
		a = (const struct nlattr *)p;
		if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end)
		{
			return;
		}
		if (a->nla_type == NLMSGERR_ATTR_MSG)
		{
			snprintf(msg, size, "%.*s", (int)(a->nla_len - NLA_HDRLEN),
					 (const char *)(p + NLA_HDRLEN));
			return;
		}
		p += NLA_ALIGN(a->nla_len);
	}
}

/* the child: ask the kernel in a namespace of its own */
static void child(report_t *r)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	uint8_t req[512], ans[4096] __attribute__((aligned(4)));
	const struct nlmsghdr *nh;
	ssize_t n;
	int fd, one = 1;

	if (unshare(CLONE_NEWNET) != 0)
	{
		r->step = STEP_UNSHARE;
		r->err = errno;
		return;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0)
	{
		r->step = STEP_SOCKET;
		r->err = errno;
		return;
	}
	/* the kernel's reason as text (kernels before 4.12 ignore this) */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	n = sendto(fd, req, newsa(req, sizeof(req)), 0, (struct sockaddr *)&kernel,
			   sizeof(kernel));
	if (n < 0)
	{
		r->step = STEP_SEND;
		r->err = errno;
		close(fd);
		return;
	}
	n = recv(fd, ans, sizeof(ans), 0);
	close(fd);
	if (n < 0)
	{
		r->step = STEP_RECV;
		r->err = errno;
		return;
	}
	for (nh = (const struct nlmsghdr *)ans; NLMSG_OK(nh, (size_t)n);
		 nh = NLMSG_NEXT(nh, n))
	{
		if (nh->nlmsg_type == NLMSG_ERROR &&
			nh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		{
			r->err = -((const struct nlmsgerr *)NLMSG_DATA(nh))->error;
			r->step = r->err ? STEP_KERNEL : STEP_OK;
			ext_ack(nh, nh->nlmsg_len, r->msg, sizeof(r->msg));
			return;
		}
	}
	r->step = STEP_RECV;
	r->err = EBADMSG;
}

/* run the child; its report, false (why says so) if it gave none */
static bool run_child(report_t *r, char *why)
{
	struct pollfd p;
	int fds[2], status;
	pid_t pid;
	ssize_t n = 0;

	if (pipe(fds) != 0)
	{
		snprintf(why, SM_ESP_WHY_LEN, "cannot probe the kernel: pipe: %s",
				 strerror(errno));
		return false;
	}
	pid = fork();
	if (pid < 0)
	{
		snprintf(why, SM_ESP_WHY_LEN, "cannot probe the kernel: fork: %s",
				 strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	if (pid == 0)
	{
		close(fds[0]);
		memset(r, 0, sizeof(*r));
		child(r);
		n = write(fds[1], r, sizeof(*r));
		_exit(n == (ssize_t)sizeof(*r) ? 0 : 1);
	}
	close(fds[1]);
	p = (struct pollfd){.fd = fds[0], .events = POLLIN};
	if (poll(&p, 1, PROBE_TIMEOUT_MS) == 1)
	{
		n = read(fds[0], r, sizeof(*r));
	}
	else
	{
		kill(pid, SIGKILL);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
	{
	}
	if (n != (ssize_t)sizeof(*r))
	{
		snprintf(why, SM_ESP_WHY_LEN,
				 "cannot probe the kernel: the probe did not answer");
		return false;
	}
	r->msg[sizeof(r->msg) - 1] = '\0';
	return true;
}

sm_esp_t sm_esp_probe(char *why)
{
	report_t r;

	if (!run_child(&r, why))
	{
		return SM_ESP_UNKNOWN;
	}
	switch (r.step)
	{
		case STEP_OK:
			snprintf(why, SM_ESP_WHY_LEN,
					 "the kernel installed an AES-GCM ESP SA (XFRM)");
			return SM_ESP_YES;
		case STEP_UNSHARE:
			snprintf(why, SM_ESP_WHY_LEN,
					 "cannot probe the kernel: no network namespace of its "
					 "own: %s%s",
					 strerror(r.err), r.err == EPERM ? " (run as root)" : "");
			return SM_ESP_UNKNOWN;
		case STEP_SOCKET:
			snprintf(why, SM_ESP_WHY_LEN,
					 "the kernel has no XFRM netlink interface: %s",
					 strerror(r.err));
			return r.err == EPROTONOSUPPORT || r.err == EAFNOSUPPORT
					   ? SM_ESP_NO
					   : SM_ESP_UNKNOWN;
		case STEP_KERNEL:
			snprintf(why, SM_ESP_WHY_LEN,
					 "the kernel refused an AES-GCM ESP SA: %s%s%s%s",
					 strerror(r.err), *r.msg ? " (" : "", r.msg,
					 *r.msg ? ")" : "");
			switch (r.err)
			{
				case ENOSYS:
				case EPROTONOSUPPORT:
				case EOPNOTSUPP:
				case ENOPROTOOPT:
				case ENOENT:
					return SM_ESP_NO;
				default:
					return SM_ESP_UNKNOWN;
			}
		default:
			snprintf(why, SM_ESP_WHY_LEN,
					 "cannot probe the kernel: netlink: %s", strerror(r.err));
			return SM_ESP_UNKNOWN;
	}
}

sm_datapath_t sm_datapath_for(sm_esp_t esp)
{
	return esp == SM_ESP_NO ? SM_DATAPATH_LIBIPSEC : SM_DATAPATH_KERNEL;
}

const char *sm_datapath_name(sm_datapath_t datapath)
{
	switch (datapath)
	{
		case SM_DATAPATH_KERNEL:
			return "kernel";
		case SM_DATAPATH_LIBIPSEC:
			return "libipsec";
		default:
			return "auto";
	}
}

bool sm_tun_available(char *why)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
	{
		snprintf(why, SM_ESP_WHY_LEN, "cannot open /dev/net/tun: %s",
				 strerror(errno));
		return false;
	}
	close(fd);
	*why = '\0';
	return true;
}

bool sm_libipsec_installed(const char *plugindir, char *why)
{
	struct stat st;
	char path[SM_ESP_WHY_LEN - 128];

	if (snprintf(path, sizeof(path), "%s/" SM_LIBIPSEC_PLUGIN, plugindir) >=
		(int)sizeof(path))
	{
		snprintf(why, SM_ESP_WHY_LEN,
				 "strongSwan's plugin directory '%.64s...' "
				 "is too long",
				 plugindir);
		return false;
	}
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
	{
		snprintf(why, SM_ESP_WHY_LEN,
				 "kernel-libipsec is not installed (no %s): install it "
				 "(Debian: apt install " SM_LIBIPSEC_PACKAGE ")",
				 path);
		return false;
	}
	*why = '\0';
	return true;
}

void sm_datapath_choose(sm_datapath_t mode, sm_datapath_choice_t *c)
{
	c->mode = mode;
	c->esp = sm_esp_probe(c->why);
	c->tun = sm_tun_available(c->tun_why);
	c->plugin = sm_libipsec_installed(SM_STRONGSWAN_PLUGINDIR, c->plugin_why);
	c->chosen = mode == SM_DATAPATH_AUTO ? sm_datapath_for(c->esp) : mode;
}

bool sm_datapath_works(const sm_datapath_choice_t *c)
{
	return c->chosen == SM_DATAPATH_LIBIPSEC ? c->plugin && c->tun
											 : c->esp != SM_ESP_NO;
}

const char *sm_datapath_note(const sm_datapath_choice_t *c, char *buf,
							 size_t len)
{
	if (c->chosen == SM_DATAPATH_LIBIPSEC && !c->plugin)
	{
		snprintf(buf, len,
				 "no datapath for ESP here: charon is to use kernel-libipsec "
				 "(%s), but %s; clients will connect and pass no traffic",
				 c->mode == SM_DATAPATH_AUTO ? c->why
											 : "gateway.datapath says so",
				 c->plugin_why);
	}
	else if (c->chosen == SM_DATAPATH_LIBIPSEC && !c->tun)
	{
		snprintf(buf, len,
				 "no datapath for ESP here: charon is to use kernel-libipsec "
				 "(%s), which %s; clients will connect and pass no traffic",
				 c->mode == SM_DATAPATH_AUTO ? c->why
											 : "gateway.datapath says so",
				 c->tun_why);
	}
	else if (c->chosen == SM_DATAPATH_LIBIPSEC && c->mode == SM_DATAPATH_AUTO)
	{
		snprintf(buf, len,
				 "this kernel refuses AES-GCM ESP (%s): charon carries ESP in "
				 "userspace (kernel-libipsec, TUN device " SM_LIBIPSEC_TUN
				 "), at a fraction of the kernel's throughput; "
				 "gateway.datapath forces a datapath",
				 c->why);
	}
	else if (c->chosen == SM_DATAPATH_LIBIPSEC)
	{
		snprintf(buf, len,
				 "gateway.datapath is libipsec: charon carries ESP in "
				 "userspace (TUN device " SM_LIBIPSEC_TUN
				 "), at a fraction of the kernel's throughput");
	}
	else if (c->esp == SM_ESP_NO && c->mode == SM_DATAPATH_AUTO)
	{
		snprintf(
			buf, len,
			"charon is configured for the kernel's IPsec, but this "
			"kernel refuses AES-GCM ESP (%s): clients will connect and pass no "
			"traffic; swanmobile datapath --update (scripts/gateway up) "
			"turns kernel-libipsec on",
			c->why);
	}
	else if (c->esp == SM_ESP_NO)
	{
		snprintf(
			buf, len,
			"gateway.datapath is kernel, but this kernel refuses AES-GCM ESP "
			"(%s): clients will connect and pass no traffic; "
			"gateway.datapath: auto or libipsec uses kernel-libipsec",
			c->why);
	}
	else if (c->esp == SM_ESP_UNKNOWN)
	{
		snprintf(
			buf, len,
			"cannot tell whether this kernel carries AES-GCM ESP (%s): charon is "
			"to use the kernel's; scripts/gateway up checks again",
			c->why);
	}
	else
	{
		return NULL;
	}
	return buf;
}
