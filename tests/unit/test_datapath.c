/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unit tests for the datapath of ESP (issue 17): the kernel probe without
 * the privileges it needs, the decision and the line that tells the admin,
 * the snippet as rendered and read back (base/esp.c, render/emit.c,
 * ops/datapath.c).  Whether the probe agrees with ip(8) is the e2e test
 * tests/e2e/datapath.sh.
 */
#include "config.h"

#include "sm_test.h"

#include "base/esp.h"
#include "ops/ops.h"
#include "render/emit.h"
#include "render/paths.h"
#include "sm_file.h"

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the probe -------------------------------------------------------- */

/* without CAP_SYS_ADMIN the probe cannot make its namespace: unknown, and
 * it says to run as root (never "no", which would switch the datapath) */
static void test_probe_unprivileged(void **state)
{
	char why[SM_ESP_WHY_LEN];
	int status;
	pid_t pid;

	(void)state;
	if (geteuid() != 0)
	{
		assert_int_equal(sm_esp_probe(why), SM_ESP_UNKNOWN);
		assert_non_null(strstr(why, "cannot probe the kernel"));
		return;
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
	{
		if (setgid(65534) != 0 || setuid(65534) != 0)
		{
			_exit(10);
		}
		if (sm_esp_probe(why) != SM_ESP_UNKNOWN)
		{
			_exit(11);
		}
		_exit(strstr(why, "(run as root)") ? 0 : 12);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- the decision and what is said about it --------------------------- */

static void test_decision(void **state)
{
	static const struct {
		sm_datapath_t mode;
		sm_esp_t esp;
		bool tun;
		/* kernel-libipsec installed */
		bool plugin;
		sm_datapath_t chosen;
		bool works;
		/* words of the note, NULL for none */
		const char *note;
	} cases[] = {
		{SM_DATAPATH_AUTO, SM_ESP_YES, true, true, SM_DATAPATH_KERNEL, true,
		 NULL},
		{SM_DATAPATH_AUTO, SM_ESP_NO, true, true, SM_DATAPATH_LIBIPSEC, true,
		 "this kernel refuses AES-GCM ESP (WHY): charon carries ESP in userspace "
		 "(kernel-libipsec, TUN device ipsec0), at a fraction of the "
		 "kernel's throughput"},
		{SM_DATAPATH_AUTO, SM_ESP_NO, false, true, SM_DATAPATH_LIBIPSEC, false,
		 "no datapath for ESP here: charon is to use kernel-libipsec (WHY), "
		 "which TUN"},
		/* unknown keeps the distribution's default, and says so */
		{SM_DATAPATH_AUTO, SM_ESP_UNKNOWN, true, true, SM_DATAPATH_KERNEL, true,
		 "cannot tell whether this kernel carries AES-GCM ESP (WHY)"},
		{SM_DATAPATH_KERNEL, SM_ESP_NO, true, true, SM_DATAPATH_KERNEL, false,
		 "gateway.datapath is kernel, but this kernel refuses AES-GCM ESP (WHY): "
		 "clients will connect and pass no traffic"},
		{SM_DATAPATH_KERNEL, SM_ESP_YES, true, true, SM_DATAPATH_KERNEL, true,
		 NULL},
		{SM_DATAPATH_LIBIPSEC, SM_ESP_YES, true, true, SM_DATAPATH_LIBIPSEC,
		 true, "gateway.datapath is libipsec: charon carries ESP in userspace"},
		{SM_DATAPATH_LIBIPSEC, SM_ESP_NO, false, true, SM_DATAPATH_LIBIPSEC,
		 false, "gateway.datapath says so), which TUN"},
		/* kernel-libipsec not installed: no datapath, and what to install */
		{SM_DATAPATH_AUTO, SM_ESP_NO, true, false, SM_DATAPATH_LIBIPSEC, false,
		 "no datapath for ESP here: charon is to use kernel-libipsec (WHY), "
		 "but PLUGIN; clients will connect and pass no traffic"},
		{SM_DATAPATH_LIBIPSEC, SM_ESP_YES, true, false, SM_DATAPATH_LIBIPSEC,
		 false, "(gateway.datapath says so), but PLUGIN"},
		/* the kernel's datapath does not need it */
		{SM_DATAPATH_AUTO, SM_ESP_YES, true, false, SM_DATAPATH_KERNEL, true,
		 NULL},
	};
	sm_datapath_choice_t c;
	char buf[1024];
	const char *note;
	size_t i;

	(void)state;
	for (i = 0; i < countof(cases); i++)
	{
		memset(&c, 0, sizeof(c));
		c.mode = cases[i].mode;
		c.esp = cases[i].esp;
		c.tun = cases[i].tun;
		c.plugin = cases[i].plugin;
		snprintf(c.why, sizeof(c.why), "WHY");
		snprintf(c.tun_why, sizeof(c.tun_why), "TUN");
		snprintf(c.plugin_why, sizeof(c.plugin_why), "PLUGIN");
		c.chosen = c.mode == SM_DATAPATH_AUTO ? sm_datapath_for(c.esp) : c.mode;
		assert_int_equal(c.chosen, cases[i].chosen);
		if (sm_datapath_works(&c) != cases[i].works)
		{
			fail_msg("case %zu: works is %d", i, !cases[i].works);
		}
		note = sm_datapath_note(&c, buf, sizeof(buf));
		if (!cases[i].note != !note || (note && !strstr(note, cases[i].note)))
		{
			fail_msg("case %zu: note '%s', expected '%s'", i,
					 note ? note : "(none)",
					 cases[i].note ? cases[i].note : "(none)");
		}
	}
	assert_string_equal(sm_datapath_name(SM_DATAPATH_AUTO), "auto");
	assert_string_equal(sm_datapath_name(SM_DATAPATH_KERNEL), "kernel");
	assert_string_equal(sm_datapath_name(SM_DATAPATH_LIBIPSEC), "libipsec");
}

/* whether kernel-libipsec is installed: the plugin file in strongSwan's
 * plugin directory; if not, the reason names the file and the package */
static void test_libipsec_installed(void **state)
{
	char dir[] = "/tmp/sm-test-plugins.XXXXXX", why[SM_ESP_WHY_LEN];
	char path[1024];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/" SM_LIBIPSEC_PLUGIN, dir);
	assert_false(sm_libipsec_installed(dir, why));
	if (!strstr(why, "kernel-libipsec is not installed (no ") ||
		!strstr(why, path) ||
		!strstr(why,
				"install it (Debian: apt install libcharon-extra-plugins)"))
	{
		fail_msg("why '%s'", why);
	}
	/* a directory of that name is no plugin */
	assert_int_equal(mkdir(path, 0755), 0);
	assert_false(sm_libipsec_installed(dir, why));
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(sm_file_write(path, "\177ELF", 4, 0644, 0, NULL), 0);
	assert_true(sm_libipsec_installed(dir, why));
	assert_string_equal(why, "");
	assert_int_equal(unlink(path), 0);
	assert_false(sm_libipsec_installed("/nonexistent", why));
	assert_int_equal(rmdir(dir), 0);
}

/* ---- the snippet ------------------------------------------------------ */

static int rm_entry(const char *path, const struct stat *st, int flag,
					struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* a root with CHARON_CONFDIR; the snippet's path in path */
static char *make_root(char *path, size_t len)
{
	char *root = strdup("/tmp/sm-test-datapath.XXXXXX"), dir[1024], *p;

	assert_non_null(root);
	assert_non_null(mkdtemp(root));
	snprintf(dir, sizeof(dir), "%s%s", root, SM_CHARON_CONFDIR);
	for (p = strchr(dir + strlen(root) + 1, '/'); p; p = strchr(p + 1, '/'))
	{
		*p = '\0';
		assert_true(mkdir(dir, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	assert_true(mkdir(dir, 0755) == 0 || errno == EEXIST);
	assert_true(strlen(dir) + sizeof("/" SM_DATAPATH_CONF) <= len);
	memcpy(path, dir, strlen(dir));
	memcpy(path + strlen(dir), "/" SM_DATAPATH_CONF,
		   sizeof("/" SM_DATAPATH_CONF));
	return root;
}

/* rendered for every mode and decision, the snippet reads back as both */
static void test_snippet(void **state)
{
	static const sm_datapath_t modes[] = {
		SM_DATAPATH_AUTO,
		SM_DATAPATH_KERNEL,
		SM_DATAPATH_LIBIPSEC,
	};
	sm_emit_ctx_t ctx = {.templates_dir = SM_TEMPLATES, .source = "t.yaml"};
	sm_datapath_choice_t c = {.esp = SM_ESP_NO, .tun = true};
	sm_datapath_conf_t conf;
	sm_outputs_t out = {0};
	sm_diag_t *diag = sm_diag_create();
	char path[1024], *root = make_root(path, sizeof(path));
	size_t i, k;

	(void)state;
	assert_non_null(diag);
	/* no snippet: the distribution's default, and that is no error */
	assert_true(sm_datapath_conf_read(root, &conf));
	assert_false(conf.found);
	assert_int_equal(conf.configured, SM_DATAPATH_KERNEL);
	snprintf(c.why, sizeof(c.why), "the kernel refused } { # \"x\"\n");
	for (i = 0; i < countof(modes); i++)
	{
		for (k = SM_DATAPATH_KERNEL; k <= SM_DATAPATH_LIBIPSEC; k++)
		{
			c.mode = modes[i];
			c.chosen = (sm_datapath_t)k;
			if (!sm_emit_datapath(&ctx, &c, path, &out, diag))
			{
				sm_diag_print(diag, stderr);
				fail_msg("mode %zu, %zu: not rendered", i, k);
			}
			assert_int_equal(out.n, 1);
			assert_int_equal(sm_file_write(path, out.files[0].data,
										   out.files[0].len, 0644, 0, NULL),
							 0);
			sm_outputs_clear(&out);
			if (!sm_datapath_conf_read(root, &conf) || !conf.found)
			{
				fail_msg("mode %zu, %zu: %s", i, k, conf.error);
			}
			assert_int_equal(conf.mode, modes[i]);
			assert_int_equal(conf.configured, (sm_datapath_t)k);
		}
	}
	/* a snippet without the mode line is auto; a broken one an error
	 * naming the file and line */
	assert_int_equal(sm_file_write(path, "kernel-libipsec {\n load = 1\n}\n",
								   30, 0644, 0, NULL),
					 0);
	assert_true(sm_datapath_conf_read(root, &conf));
	assert_int_equal(conf.mode, SM_DATAPATH_AUTO);
	assert_int_equal(conf.configured, SM_DATAPATH_LIBIPSEC);
	assert_int_equal(
		sm_file_write(path, "kernel-libipsec {\n", 18, 0644, 0, NULL), 0);
	assert_false(sm_datapath_conf_read(root, &conf));
	if (!strstr(conf.error, SM_DATAPATH_CONF ":2:"))
	{
		fail_msg("error '%s'", conf.error);
	}
	sm_diag_destroy(diag);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_unprivileged),
		cmocka_unit_test(test_decision),
		cmocka_unit_test(test_libipsec_installed),
		cmocka_unit_test(test_snippet),
	};

	return sm_run_tests(tests);
}
