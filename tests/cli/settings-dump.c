/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * settings-dump FILE: parse FILE with strongSwan's own settings parser (the
 * one charon reads strongswan.conf with and swanctl reads swanctl.conf
 * with, from the installed libstrongswan) and print every section and
 * key/value it holds, one per line:
 *
 *     section connections.rw
 *     key connections.rw.version = "2"
 *
 * values in double quotes with '"', '\' and non-printable bytes escaped.
 * Exit 1 if the file does not parse.  Used by tests/cli/generate.sh to
 * check that generated files hold exactly the settings they should,
 * whatever the values written into them.
 */
#include <library.h>
#include <settings/settings.h>

#include <stdio.h>

static void print_value(const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	putchar('"');
	for (; *p; p++)
	{
		if (*p == '"' || *p == '\\')
		{
			printf("\\%c", *p);
		}
		else if (*p < 0x20 || *p == 0x7f)
		{
			printf("\\x%02x", *p);
		}
		else
		{
			putchar(*p);
		}
	}
	putchar('"');
}

static void dump(settings_t *s, const char *path)
{
	enumerator_t *e;
	char *key, *value, *sub, child[1024], fmt[2048], *f;
	const char *p;

	/* settings split the key format at '.' before formatting: the path
	 * must be the format itself, '%' doubled */
	for (p = path, f = fmt; *p && f < fmt + sizeof(fmt) - 2; p++)
	{
		if (*p == '%')
		{
			*f++ = '%';
		}
		*f++ = *p;
	}
	*f = '\0';
	e = s->create_key_value_enumerator(s, fmt);
	while (e->enumerate(e, &key, &value))
	{
		printf("key %s%s%s = ", path, *path ? "." : "", key);
		print_value(value ? value : "");
		putchar('\n');
	}
	e->destroy(e);
	e = s->create_section_enumerator(s, fmt);
	while (e->enumerate(e, &sub))
	{
		snprintf(child, sizeof(child), "%s%s%s", path, *path ? "." : "", sub);
		printf("section %s\n", child);
		dump(s, child);
	}
	e->destroy(e);
}

int main(int argc, char *argv[])
{
	settings_t *s;
	int ret = 1;

	if (argc != 2)
	{
		fprintf(stderr, "usage: settings-dump FILE\n");
		return 2;
	}
	/* no strongswan.conf of this machine: "" loads nothing */
	if (!library_init("", "settings-dump"))
	{
		library_deinit();
		return 3;
	}
	s = settings_create_string("");
	if (s && s->load_files(s, argv[1], FALSE))
	{
		dump(s, "");
		ret = 0;
	}
	else
	{
		fprintf(stderr, "settings-dump: %s does not parse\n", argv[1]);
	}
	DESTROY_IF(s);
	library_deinit();
	return ret;
}
