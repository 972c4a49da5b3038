/* SPDX-License-Identifier: GPL-2.0-or-later */
/**
 * @file paths.h
 * Where generate writes: the conventional places of a Debian strongSwan
 * installation, below an optional root directory (--root), named after the
 * connection so that several VPN descriptions can coexist.
 */
#ifndef SM_PATHS_H_
#define SM_PATHS_H_

/** The runtime location of the user database (inside configurations). */
#define SM_DATABASE_PATH "/var/lib/swanmobile/users.db"

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
	/** ROOT/etc/swanmobile/NAME/backup: replaced certificates */
	char *backup_dir;
	/** ROOT/etc/strongswan.d/charon/swanmobile.conf: plugin settings */
	char *plugin_conf;
	/** ROOT/etc/strongswan.d/charon/swanmobile-NAME.conf: the connection's
	 *  mobile profile (plugin settings merged into swanmobile { }) */
	char *profile_conf;
	/** ROOT/var/lib/swanmobile/users.db */
	char *database;
	/** the certificate file names as swanctl.conf refers to them */
	char *cert_name;
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
 * Destroy paths; NULL is fine.
 */
void sm_paths_destroy(sm_paths_t *paths);

#endif /* SM_PATHS_H_ */
