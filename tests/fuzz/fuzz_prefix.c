/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz target for sm_prefix_parse(): no crash on any input, and every
 * accepted prefix survives format -> parse unchanged.
 */
#include "config.h"

#include "sm_net.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[128], buf[SM_PREFIX_STRLEN];
	sm_prefix_t p, q, net;

	if (size >= sizeof(text))
	{
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	if (sm_prefix_parse(text, &p) != SM_NET_OK)
	{
		return 0;
	}
	if (!sm_prefix_format(&p, true, buf, sizeof(buf)) ||
		sm_prefix_parse(buf, &q) != SM_NET_OK || q.family != p.family ||
		q.len != p.len || memcmp(q.addr, p.addr, sizeof(p.addr)) != 0)
	{
		abort();
	}
	net = p;
	sm_prefix_network(&net);
	if (sm_prefix_host_bits(&net) || !sm_prefix_contains(&net, &p) ||
		!sm_prefix_overlaps(&p, &net) ||
		sm_prefix_host_bits(&p) != (memcmp(net.addr, p.addr, 16) != 0))
	{
		abort();
	}
	return 0;
}
