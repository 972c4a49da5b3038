/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vici client: strongSwan's libvici (Debian: strongswan-swanctl's
 * /usr/lib/ipsec/libvici.so.0), with requests and answers as vnode trees.
 * Without libvici (configure found no libvici.h or library) every
 * connection fails with a message saying so.
 */
#include "config.h"

#include "ops_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_VICI

#include <dlfcn.h>
#include <pthread.h>

/* libvici.h declares vici_init() and vici_deinit() without "void" */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include SM_LIBVICI_H
#pragma GCC diagnostic pop

/** Deepest nesting of sections and lists accepted in an answer. */
#define DEPTH_MAX 32

struct sm_vici {
	vici_conn_t *conn;
	char *uri;
};

/* libvici's library_init() is process-wide: count the connections */
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int users;

/*
 * libvici's libstrongswan logs its own view of failures (e.g. "connecting
 * to '...' failed") on stderr; the callers here say what failed, and
 * what to do, themselves.  dbg_default_set_level() is libstrongswan's, not
 * part of libvici's interface: looked up, and left alone if missing.
 */
static void quiet_libstrongswan(void)
{
	void (*set_level)(int);

	*(void **)&set_level = dlsym(RTLD_DEFAULT, "dbg_default_set_level");
	if (set_level)
	{
		set_level(-1);
	}
}

static void init_ref(void)
{
	pthread_mutex_lock(&init_lock);
	if (users++ == 0)
	{
		vici_init();
		quiet_libstrongswan();
	}
	pthread_mutex_unlock(&init_lock);
}

static void init_unref(void)
{
	pthread_mutex_lock(&init_lock);
	if (users && --users == 0)
	{
		vici_deinit();
	}
	pthread_mutex_unlock(&init_lock);
}

sm_vici_t *sm_vici_open(const char *uri, char *err)
{
	sm_vici_t *v = calloc(1, sizeof(*v));

	if (!v || !(v->uri = strdup(uri ? uri : SM_VICI_DEFAULT_URI)))
	{
		snprintf(err, SM_OPS_ERR_LEN, "out of memory");
		free(v);
		return NULL;
	}
	init_ref();
	errno = 0;
	v->conn = vici_connect(v->uri);
	if (!v->conn)
	{
		snprintf(err, SM_OPS_ERR_LEN, "cannot connect to charon at '%s': %s",
				 v->uri, errno ? strerror(errno) : "connection failed");
		sm_vici_close(v);
		return NULL;
	}
	return v;
}

void sm_vici_close(sm_vici_t *v)
{
	if (!v)
	{
		return;
	}
	if (v->conn)
	{
		vici_disconnect(v->conn);
	}
	init_unref();
	free(v->uri);
	free(v);
}

const char *sm_vici_uri(const sm_vici_t *v)
{
	return v->uri;
}

/* the request's arguments, from a tree */
static void build(vici_req_t *req, const sm_vnode_t *node)
{
	const sm_vnode_t *c;

	for (c = node->first; c; c = c->next)
	{
		switch (c->kind)
		{
			case SM_VNODE_SECTION:
				vici_begin_section(req, c->name);
				build(req, c);
				vici_end_section(req);
				break;
			case SM_VNODE_LIST:
				vici_begin_list(req, c->name);
				build(req, c);
				vici_end_list(req);
				break;
			case SM_VNODE_VALUE:
				if (c->name)
				{
					vici_add_key_value(req, c->name, c->value, (int)c->len);
				}
				else
				{
					vici_add_list_item(req, c->value, (int)c->len);
				}
				break;
		}
	}
}

/* an answer or event into root; false if it does not parse */
static bool parse(vici_res_t *res, sm_vnode_t *root)
{
	sm_vnode_t *stack[DEPTH_MAX], *top = root;
	vici_parse_t what;
	size_t depth = 0;
	void *value;
	int len;

	for (;;)
	{
		what = vici_parse(res);
		switch (what)
		{
			case VICI_PARSE_BEGIN_SECTION:
			case VICI_PARSE_BEGIN_LIST:
				if (depth == DEPTH_MAX)
				{
					return false;
				}
				stack[depth++] = top;
				top = sm_vnode_add(top,
								   what == VICI_PARSE_BEGIN_LIST
									   ? SM_VNODE_LIST
									   : SM_VNODE_SECTION,
								   vici_parse_name(res));
				if (!top)
				{
					return false;
				}
				break;
			case VICI_PARSE_END_SECTION:
			case VICI_PARSE_END_LIST:
				if (!depth)
				{
					return false;
				}
				top = stack[--depth];
				break;
			case VICI_PARSE_KEY_VALUE:
			case VICI_PARSE_LIST_ITEM:
				value = vici_parse_value(res, &len);
				if (len < 0 || (!value && len) ||
					!sm_vnode_add_value(top,
										what == VICI_PARSE_LIST_ITEM
											? NULL
											: vici_parse_name(res),
										value, (size_t)len))
				{
					return false;
				}
				break;
			case VICI_PARSE_END:
				return depth == 0;
			case VICI_PARSE_ERROR:
			default:
				return false;
		}
	}
}

/* events collected while a command runs (called on libvici's thread) */
typedef struct {
	pthread_mutex_t lock;
	sm_vnode_t *root;
	bool failed;
} collect_t;

static void on_event(void *user, char *name, vici_res_t *res)
{
	collect_t *c = user;
	sm_vnode_t *section;

	pthread_mutex_lock(&c->lock);
	section = sm_vnode_add(c->root, SM_VNODE_SECTION, name);
	if (!section || !parse(res, section))
	{
		c->failed = true;
	}
	pthread_mutex_unlock(&c->lock);
}

sm_vnode_t *sm_vici_call(sm_vici_t *v, const char *cmd, const sm_vnode_t *args,
						 const char *event, sm_vnode_t **events, char *err)
{
	collect_t collect = {.lock = PTHREAD_MUTEX_INITIALIZER};
	sm_vnode_t *answer = NULL;
	vici_req_t *req;
	vici_res_t *res = NULL;
	bool registered = false;

	if (event)
	{
		*events = NULL;
		collect.root = sm_vnode_section(NULL);
		if (!collect.root)
		{
			snprintf(err, SM_OPS_ERR_LEN, "out of memory");
			return NULL;
		}
		if (vici_register(v->conn, (char *)event, on_event, &collect) != 0)
		{
			snprintf(err, SM_OPS_ERR_LEN,
					 "charon at '%s' refused the event '%s': %s", v->uri, event,
					 strerror(errno));
			goto out;
		}
		registered = true;
	}
	req = vici_begin((char *)cmd);
	if (args)
	{
		build(req, args);
	}
	errno = 0;
	res = vici_submit(req, v->conn);
	if (!res)
	{
		snprintf(err, SM_OPS_ERR_LEN, "charon at '%s' did not answer '%s': %s",
				 v->uri, cmd,
				 errno == ENOENT ? "unknown command"
				 : errno         ? strerror(errno)
								 : "no answer");
		goto out;
	}
	answer = sm_vnode_section(NULL);
	if (!answer || !parse(res, answer))
	{
		snprintf(err, SM_OPS_ERR_LEN, "cannot read charon's answer to '%s'",
				 cmd);
		sm_vnode_free(answer);
		answer = NULL;
	}
out:
	if (res)
	{
		vici_free_res(res);
	}
	if (registered)
	{
		vici_register(v->conn, (char *)event, NULL, NULL);
	}
	if (event)
	{
		pthread_mutex_lock(&collect.lock);
		if (answer && collect.failed)
		{
			snprintf(err, SM_OPS_ERR_LEN, "cannot read charon's '%s' events",
					 event);
			sm_vnode_free(answer);
			answer = NULL;
		}
		if (answer)
		{
			*events = collect.root;
			collect.root = NULL;
		}
		pthread_mutex_unlock(&collect.lock);
		sm_vnode_free(collect.root);
	}
	return answer;
}

#else /* HAVE_VICI */

struct sm_vici {
	char *uri;
};

sm_vici_t *sm_vici_open(const char *uri, char *err)
{
	(void)uri;
	snprintf(err, SM_OPS_ERR_LEN,
			 "this swanmobile was built without libvici, strongSwan's vici "
			 "client library, and cannot talk to charon: install "
			 "strongswan-swanctl, run scripts/strongswan-headers, then "
			 "configure and build again");
	return NULL;
}

void sm_vici_close(sm_vici_t *v)
{
	free(v);
}

const char *sm_vici_uri(const sm_vici_t *v)
{
	return v->uri;
}

sm_vnode_t *sm_vici_call(sm_vici_t *v, const char *cmd, const sm_vnode_t *args,
						 const char *event, sm_vnode_t **events, char *err)
{
	(void)v;
	(void)cmd;
	(void)args;
	(void)event;
	(void)events;
	snprintf(err, SM_OPS_ERR_LEN, "built without libvici");
	return NULL;
}

#endif /* HAVE_VICI */

bool sm_vici_available(void)
{
#ifdef HAVE_VICI
	return true;
#else
	return false;
#endif
}

bool sm_vici_success(const sm_vnode_t *res, char *err)
{
	const char *s = sm_vnode_str(res, "success");
	const char *msg;

	if (s && !strcmp(s, "yes"))
	{
		return true;
	}
	msg = sm_vnode_str(res, "errmsg");
	snprintf(err, SM_OPS_ERR_LEN, "%s",
			 msg && *msg ? msg : "charon says it failed");
	return false;
}
