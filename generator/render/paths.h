/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file paths.h
 * Where generate writes: the conventional places of a Debian strongSwan
 * installation, below an optional root directory (--root), named after the
 * connection so that several VPN descriptions can coexist.
 */
#ifndef SM_PATHS_H_
#define SM_PATHS_H_

#include "base/diag.h"
#include "sm_userdb.h"

#include <stdbool.h>
#include <sys/types.h>

/** The runtime location of the user database (inside configurations). */
#define SM_DATABASE_PATH SM_USERDB_DEFAULT_PATH

/** The datapath snippet's name in CHARON_CONFDIR: after the distribution's
 *  kernel-libipsec.conf in charon's include order, and never the profile
 *  swanmobile-NAME.conf of a connection. */
#define SM_DATAPATH_CONF "swanmobile_datapath.conf"

/** The file in CONFDIR/NAME that records the description's certificate
 *  settings doctor checks against (certificate.renew_before). */
#define SM_CERT_CONF "certificate.conf"

/** The directories generate writes into. */
typedef enum {
	/** ROOT/etc/swanctl/conf.d */
	SM_DIR_CONF,
	/** ROOT/etc/swanctl/x509ca */
	SM_DIR_X509CA,
	/** ROOT/etc/swanctl/x509 */
	SM_DIR_X509,
	/** ROOT/etc/swanctl/private */
	SM_DIR_PRIVATE,
	/** ROOT/etc/strongswan.d/charon */
	SM_DIR_CHARON,
	/** the CA key's directory */
	SM_DIR_STATE,
	/** replaced certificates */
	SM_DIR_BACKUP,
	/** the user database's directory */
	SM_DIR_DATABASE,
	/** the client profiles: ROOT/etc/swanmobile/NAME/clients */
	SM_DIR_CLIENTS,
	/** the swanctl client directory below it, its conf.d and x509ca */
	SM_DIR_CLIENTS_LINUX,
	SM_DIR_CLIENTS_CONF,
	SM_DIR_CLIENTS_X509CA,
	SM_DIR_MAX,
} sm_dir_id_t;

/** A directory generate writes into. */
typedef struct {
	/** the directory (owned by the paths) */
	char *path;
	/** its mode when generate creates it (whatever the umask) */
	mode_t mode;
} sm_path_dir_t;

/** Every path below root; all strings owned by the struct. */
typedef struct {
	/** "" for / */
	char *root;
	/** ROOT/etc/swanctl */
	char *swanctl_dir;
	/** ROOT/etc/swanctl/conf.d/NAME.conf: connection and pools (0644) */
	char *conn_conf;
	/** ROOT/etc/swanctl/conf.d/NAME-secrets.conf: ntlm secrets (0600) */
	char *secrets_conf;
	/** ROOT/etc/swanctl/x509ca/NAME-ca.pem */
	char *ca_cert;
	/** ROOT/etc/swanctl/x509/NAME.pem */
	char *server_cert;
	/** ROOT/etc/swanctl/private/NAME.key (0600) */
	char *server_key;
	/** ROOT/etc/swanmobile/NAME: the CA key and backups, never loaded by
	 *  charon (0700) */
	char *state_dir;
	/** ROOT/etc/swanmobile/NAME/ca.key (0600) */
	char *ca_key;
	/** ROOT/etc/swanmobile/NAME/certificate.conf: the description's
	 *  certificate.renew_before, for doctor (0644) */
	char *cert_conf;
	/** ROOT/etc/swanmobile/NAME/backup: replaced certificates */
	char *backup_dir;
	/** ROOT/etc/strongswan.d/charon/swanmobile.conf: plugin settings */
	char *plugin_conf;
	/** ROOT/etc/strongswan.d/charon/swanmobile-NAME.conf: the connection's
	 *  mobile profile (plugin settings merged into swanmobile { }) */
	char *profile_conf;
	/** ROOT/etc/strongswan.d/charon/swanmobile_datapath.conf: the
	 *  gateway's datapath (kernel-libipsec on or off) */
	char *datapath_conf;
	/** ROOT/var/lib/swanmobile/users.db */
	char *database;
	/** ROOT/etc/swanmobile/NAME/clients: the client profiles and the CA
	 *  certificate for clients (generate's clients/) */
	char *clients_dir;
	/** the certificate file names as swanctl.conf refers to them */
	char *cert_name;
	/** the directories of the files above, by sm_dir_id_t */
	sm_path_dir_t dirs[SM_DIR_MAX];
} sm_paths_t;

/**
 * Compute the paths for connection name below root.
 *
 * @param root		root directory, NULL or "/" for the real system
 * @param name		connection name
 * @return			paths (destroy with sm_paths_destroy), NULL if out of
 *					memory
 */
sm_paths_t *sm_paths_create(const char *root, const char *name);

/**
 * Check, before anything is written, that generate may write into dir
 * (one of paths->dirs): the root and every directory below it on the way
 * to dir that exists must belong to root or the user running generate and
 * must not be writable by group or others.  A symbolic link on the way is
 * followed only if it (and every link it leads through) belongs to root
 * or that user; the directory it leads to must pass the same check.
 * Components that do not exist yet are fine: generate creates them with
 * explicit modes.  Nothing is created or changed here.
 *
 * @param paths		the paths (for the root)
 * @param dir		a directory below paths->root
 * @param diag		receives an error naming the offending path
 * @return			true if generate may write there
 */
bool sm_paths_check(const sm_paths_t *paths, const char *dir, sm_diag_t *diag);

/**
 * Destroy paths; NULL is fine.
 */
void sm_paths_destroy(sm_paths_t *paths);

#endif /* SM_PATHS_H_ */
