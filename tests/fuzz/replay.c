/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replays a fuzz target's seed corpus (and any crash reproducers) without
 * libFuzzer, so every input ever saved stays a regression test in make check.
 * Prints TAP: one test per file.
 *
 * usage: fuzz_<x> [FILE|DIR...]    (default: the target's .in directory)
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_file(const char *path)
{
	uint8_t *buf;
	long len;
	FILE *f;

	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
		fseek(f, 0, SEEK_SET) != 0)
	{
		printf("not ok %d - %s: cannot read\n", ++count, path);
		if (f)
		{
			fclose(f);
		}
		return 1;
	}
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
	{
		printf("not ok %d - %s: cannot read\n", ++count, path);
		free(buf);
		fclose(f);
		return 1;
	}
	fclose(f);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	printf("ok %d - %s\n", ++count, path);
	return 0;
}

static int collect(const char *path, char ***files, size_t *n)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	char *p;

	if (stat(path, &st) != 0)
	{
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
	{
		*files = realloc(*files, (*n + 1) * sizeof(char *));
		(*files)[(*n)++] = strdup(path);
		return 1;
	}
	d = opendir(path);
	while (d && (e = readdir(d)))
	{
		if (e->d_name[0] == '.')
		{
			continue;
		}
		p = malloc(strlen(path) + strlen(e->d_name) + 2);
		sprintf(p, "%s/%s", path, e->d_name);
		collect(p, files, n);
		free(p);
	}
	if (d)
	{
		closedir(d);
	}
	return 1;
}

int main(int argc, char *argv[])
{
	char **files = NULL;
	size_t i, n = 0;
	int failed = 0;

	if (argc > 1)
	{
		for (i = 1; i < (size_t)argc; i++)
		{
			collect(argv[i], &files, &n);
		}
	}
	else
	{
		collect(FUZZ_CORPUS, &files, &n);
		collect(FUZZ_REPRO, &files, &n);
	}
	if (n == 0)
	{
		printf("1..0 # SKIP no inputs in %s\n",
			   argc > 1 ? argv[1] : FUZZ_CORPUS);
		return 0;
	}
	qsort(files, n, sizeof(char *), by_name);
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++)
	{
		failed |= run_file(files[i]);
		free(files[i]);
	}
	free(files);
	return failed;
}
