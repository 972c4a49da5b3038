/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file esp.h
 * Whether this host's kernel carries IPsec (ESP), and so which datapath
 * charon must use: its kernel interface (kernel-netlink, XFRM) or ESP in
 * userspace through a TUN device (kernel-libipsec).  The probe asks the
 * kernel over netlink to install an ESP SA in a throw-away network
 * namespace: nothing of this host's own SAs, policies or routes is read
 * or changed.
 */
#ifndef SM_ESP_H_
#define SM_ESP_H_

#include <stdbool.h>
#include <stddef.h>

/** Size of the reason sm_esp_probe() gives. */
#define SM_ESP_WHY_LEN 256

/** What the kernel said. */
typedef enum {
	/** it installed an ESP SA (AES-GCM, tunnel mode) */
	SM_ESP_YES,
	/** it refused one: no XFRM, no ESP or no AES-GCM (ENOSYS,
	 *  EPROTONOSUPPORT, ...) */
	SM_ESP_NO,
	/** the probe could not ask (not root, no network namespaces, an
	 *  answer it does not understand) */
	SM_ESP_UNKNOWN,
} sm_esp_t;

/** The datapaths charon can use for ESP (gateway.datapath). */
typedef enum {
	/** not chosen: the probe decides */
	SM_DATAPATH_AUTO = 0,
	/** the kernel's IPsec (XFRM), through kernel-netlink: Debian's
	 *  default */
	SM_DATAPATH_KERNEL,
	/** ESP in userspace, kernel-libipsec, through its TUN device */
	SM_DATAPATH_LIBIPSEC,
} sm_datapath_t;

/** Name of the TUN device kernel-libipsec creates (its default). */
#define SM_LIBIPSEC_TUN "ipsec0"

/**
 * Ask the kernel to install an ESP SA in a new network namespace of a
 * child process (which needs CAP_SYS_ADMIN and CAP_NET_ADMIN, i.e. root);
 * the namespace and the SA go with the child.  Waits at most a few
 * seconds.
 *
 * @param why		receives what the kernel answered ("the kernel refused
 *					an AES-GCM ESP SA: Function not implemented (Requested AEAD
 *					algorithm not found)"), SM_ESP_WHY_LEN bytes
 * @return			the verdict
 */
sm_esp_t sm_esp_probe(char *why);

/**
 * The datapath for a verdict: kernel-libipsec only where the kernel
 * has no ESP (an unknown verdict keeps the kernel's, Debian's default).
 */
sm_datapath_t sm_datapath_for(sm_esp_t esp);

/** "auto", "kernel" or "libipsec". */
const char *sm_datapath_name(sm_datapath_t datapath);

/**
 * Whether kernel-libipsec can create its TUN device: /dev/net/tun opens.
 *
 * @param why		receives the reason if not, SM_ESP_WHY_LEN bytes
 */
bool sm_tun_available(char *why);

/** File name of strongSwan's kernel-libipsec plugin in its plugin
 *  directory. */
#define SM_LIBIPSEC_PLUGIN "libstrongswan-kernel-libipsec.so"

/** The package that carries kernel-libipsec on Debian. */
#define SM_LIBIPSEC_PACKAGE "libcharon-extra-plugins"

/**
 * Whether strongSwan's kernel-libipsec plugin is installed: plugindir
 * holds SM_LIBIPSEC_PLUGIN.
 *
 * @param plugindir	strongSwan's plugin directory (SM_STRONGSWAN_PLUGINDIR)
 * @param why		receives, if not, what is missing and what to install,
 *					SM_ESP_WHY_LEN bytes
 */
bool sm_libipsec_installed(const char *plugindir, char *why);

/** How a gateway's datapath was decided. */
typedef struct {
	/** what was asked for (gateway.datapath, --datapath) */
	sm_datapath_t mode;
	/** what charon is to use: SM_DATAPATH_KERNEL or SM_DATAPATH_LIBIPSEC */
	sm_datapath_t chosen;
	/** the kernel's answer and what it said */
	sm_esp_t esp;
	char why[SM_ESP_WHY_LEN];
	/** whether /dev/net/tun opens, and why not */
	bool tun;
	char tun_why[SM_ESP_WHY_LEN];
	/** whether kernel-libipsec is installed, and what to install if not */
	bool plugin;
	char plugin_why[SM_ESP_WHY_LEN];
} sm_datapath_choice_t;

/**
 * Decide the datapath: mode if it forces one, else by the kernel's answer
 * (sm_esp_probe(), which runs either way; sm_tun_available() and
 * sm_libipsec_installed() in SM_STRONGSWAN_PLUGINDIR say whether
 * kernel-libipsec can work).
 *
 * @param mode		SM_DATAPATH_AUTO, _KERNEL or _LIBIPSEC
 * @param c			receives the decision
 */
void sm_datapath_choose(sm_datapath_t mode, sm_datapath_choice_t *c);

/**
 * Whether the chosen datapath can carry ESP here: libipsec installed and
 * with a TUN device, or the kernel's unless it refused ESP.
 */
bool sm_datapath_works(const sm_datapath_choice_t *c);

/**
 * The one line to tell the admin about a decision, without a trailing
 * newline: why kernel-libipsec and what it costs, or that the chosen
 * datapath cannot work here, or that the kernel could not be asked.
 *
 * @param buf		receives the line
 * @param len		its size
 * @return			buf, or NULL if there is nothing to say (the kernel's
 *					IPsec, which the kernel has)
 */
const char *sm_datapath_note(const sm_datapath_choice_t *c, char *buf,
							 size_t len);

#endif /* SM_ESP_H_ */
