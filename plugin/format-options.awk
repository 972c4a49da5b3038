# SPDX-License-Identifier: GPL-2.0-or-later
#
# format-options.awk: turn option descriptions in strongSwan's .opt format
# into a strongswan.conf snippet like the ones strongSwan's build installs
# in strongswan.d/ (its conf/format-options.py does the same in Python).
#
#   awk -v root=charon.plugins -f format-options.awk FILE.opt ... > FILE.conf
#
# The .opt format:
#
#   full.option.name [[:]= default]
#   	Short description, the comment above the option in the snippet.
#
#   	Long description, further paragraphs: for the manual page only.
#
#   full.section.name {[#]}
#   	Short description of the section.
#
# Descriptions are indented; blank lines separate paragraphs; lines that
# start with '#' are comments.  An option is written commented out with its
# default ("# name = default", or "# name =" without one), unless its
# default is assigned with ":=" (e.g. "load := yes").  A section marked
# {#} is commented out with everything in it.  An option or section given
# twice takes its last definition.
#
# The snippet holds what is below the section named by -v root (everything
# if there is no such section): in each section the options sorted by name,
# then the subsections sorted by name; the short description is wrapped to
# 80 columns (by bytes: keep descriptions ASCII) with the markup of the
# manual page, **bold** and _italic_, removed; four spaces per level.
#
# Exits with status 1, naming file and line, on lines it cannot read.

BEGIN {
	WIDTH = 80
	INDENT = "    "
	cur = ""
	errors = 0
}

function fail(msg)
{
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	errors++
}

function parent_of(name,    p)
{
	p = name
	if (!sub(/\.[^.]*$/, "", p))
	{
		return ""
	}
	return p
}

# nodes are keyed "S NAME" (sections) and "O NAME" (options): a section and
# an option may share a name
function name_of(key)
{
	return substr(key, 3)
}

function short_name(key,    s)
{
	s = name_of(key)
	sub(/^.*\./, "", s)
	return s
}

# the key of section name, created (with its parents) if missing
function section(name,    key, p)
{
	key = "S " name
	if (!(key in comm))
	{
		p = parent_of(name)
		comm[key] = 0
		desc[key] = ""
		children[p == "" ? "" : section(p)] = \
			children[p == "" ? "" : section(p)] SUBSEP key
	}
	return key
}

# (re)define an option or a section: a second definition replaces the
# first one's default, description and commenting
function define(name, is_section, commented, dflt,    key, p)
{
	if (is_section)
	{
		key = section(name)
	}
	else
	{
		key = "O " name
		if (!(key in comm))
		{
			p = parent_of(name)
			children[p == "" ? "" : section(p)] = \
				children[p == "" ? "" : section(p)] SUBSEP key
		}
	}
	comm[key] = commented
	deflt[key] = dflt
	desc[key] = ""
	desc_open[key] = 1
	return key
}

# lines that are comments
/^[ \t]*#/ {
	next
}

# an option: NAME [[:]= [DEFAULT]]
/^[^ \t{}]+[ \t]*((:)?=.*)?$/ {
	name = $0
	sub(/[ \t]*:?=.*$/, "", name)
	sub(/[ \t]+$/, "", name)
	rest = substr($0, length(name) + 1)
	sub(/^[ \t]+/, "", rest)
	assigned = rest ~ /^:=/
	value = rest
	sub(/^:?=[ \t]*/, "", value)
	sub(/[ \t]+$/, "", value)
	if (name ~ /^\.|\.\.|\.$/)
	{
		fail("'" name "' is not an option name")
		next
	}
	cur = define(name, 0, !assigned, value)
	next
}

# a section: NAME {} or NAME {#}
/^[^ \t{}]+[ \t]*\{[ \t]*#?[ \t]*\}[ \t]*$/ {
	name = $0
	sub(/[ \t]*\{.*$/, "", name)
	if (name ~ /^\.|\.\.|\.$/)
	{
		fail("'" name "' is not a section name")
		next
	}
	cur = define(name, 1, $0 ~ /#/, "")
	next
}

# a blank line ends the short description
/^[ \t]*$/ {
	if (cur != "" && desc[cur] != "")
	{
		desc_open[cur] = 0
	}
	next
}

# a description line
/^[ \t]/ {
	if (cur == "")
	{
		fail("description before the first option")
		next
	}
	text = $0
	sub(/^[ \t]+/, "", text)
	sub(/[ \t]+$/, "", text)
	if (desc[cur] == "")
	{
		desc[cur] = text
	}
	else if (desc_open[cur])
	{
		desc[cur] = desc[cur] " " text
	}
	next
}

{
	fail("expected an option, a section or an indented description")
}

# whether what follows a closing tag is punctuation up to a blank or the end
function tag_end_ok(after)
{
	return after ~ /^([.,!:)\]]|\([0-9]+\))*([ \t]|$)/
}

# remove a markup tag (** or _) around text, as strongSwan's TagReplacer
# does: the opening tag follows the start, a blank or an opening bracket,
# the text is one word character or starts and ends with a non-blank (the
# shortest such text), the closing tag is followed by punctuation and then a
# blank or the end
function untag(s, tag,    n, out, first, t, ts, e, len, found, text)
{
	n = length(tag)
	out = ""
	first = 1
	while (1)
	{
		found = 0
		len = length(s)
		for (t = 1; !found && t + n <= len; t++)
		{
			if (substr(s, t, n) != tag ||
				(t == 1 && !first) ||
				(t > 1 && substr(s, t - 1, 1) !~ /[[ \t(]/))
			{
				continue
			}
			ts = t + n
			if (substr(s, ts, 1) ~ /[A-Za-z0-9_]/ &&
				substr(s, ts + 1, n) == tag &&
				tag_end_ok(substr(s, ts + 1 + n)))
			{
				found = 1
				e = ts
				break
			}
			if (substr(s, ts, 1) ~ /[ \t]/)
			{
				continue
			}
			for (e = ts + 1; e + n <= len; e++)
			{
				if (substr(s, e, 1) !~ /[ \t]/ &&
					substr(s, e + 1, n) == tag &&
					tag_end_ok(substr(s, e + 1 + n)))
				{
					found = 1
					break
				}
			}
			if (found)
			{
				break
			}
		}
		if (!found)
		{
			break
		}
		text = substr(s, ts, e - ts + 1)
		out = out substr(s, 1, t - 1) text
		s = substr(s, e + 1 + n)
		first = 0
	}
	return out s
}

function plain(s)
{
	return untag(untag(s, "**"), "_")
}

# tabs to blanks, with tab stops every eight bytes from the text's start
function expand_tabs(s,    out, i, c)
{
	out = ""
	for (i = 1; i <= length(s); i++)
	{
		c = substr(s, i, 1)
		if (c != "\t")
		{
			out = out c
			continue
		}
		do
		{
			out = out " "
		} while (length(out) % 8)
	}
	return out
}

# fill words into lines of at most WIDTH bytes, each starting with prefix,
# keeping the blanks between words on a line; a word longer than a line
# gets a line of its own
function wrap(text, prefix,    out, line, ws, word)
{
	text = expand_tabs(text)
	out = ""
	line = ""
	while (text != "")
	{
		match(text, /^ */)
		ws = substr(text, 1, RLENGTH)
		text = substr(text, RLENGTH + 1)
		if (text == "")
		{
			break
		}
		match(text, /^[^ ]+/)
		word = substr(text, 1, RLENGTH)
		text = substr(text, RLENGTH + 1)
		if (line == "")
		{
			line = prefix word
		}
		else if (length(line) + length(ws) + length(word) <= WIDTH)
		{
			line = line ws word
		}
		else
		{
			out = out line "\n"
			line = prefix word
		}
	}
	if (line != "")
	{
		out = out line "\n"
	}
	return out
}

function indent(level,    s)
{
	s = ""
	while (level-- > 0)
	{
		s = s INDENT
	}
	return s
}

function print_desc(key, level)
{
	if (desc[key] != "")
	{
		printf "%s", wrap(plain(desc[key]), indent(level) "# ")
	}
}

function print_option(key, level, commented,    c)
{
	c = (commented || comm[key]) ? "# " : ""
	print_desc(key, level)
	if (deflt[key] != "")
	{
		print indent(level) c short_name(key) " = " deflt[key]
	}
	else
	{
		print indent(level) c short_name(key) " ="
	}
	print ""
}

function print_section(key, level, commented,    c)
{
	commented = commented || comm[key]
	c = commented ? "# " : ""
	print_desc(key, level)
	print indent(level) c short_name(key) " {"
	print ""
	print_children(key, level + 1, commented)
	print indent(level) c "}"
	print ""
}

# sort key: options ("O ...") before sections ("S ..."), then by name
function order(key)
{
	return substr(key, 1, 1) " " short_name(key)
}

# the children of a section ("" for the top): options by name, then
# sections by name
function print_children(key, level, commented,    n, list, i, j, t)
{
	n = split(substr(children[key], 2), list, SUBSEP)
	for (i = 2; i <= n; i++)
	{
		t = list[i]
		for (j = i - 1; j >= 1 && order(list[j]) > order(t); j--)
		{
			list[j + 1] = list[j]
		}
		list[j + 1] = t
	}
	for (i = 1; i <= n; i++)
	{
		if (substr(list[i], 1, 1) == "S")
		{
			print_section(list[i], level, commented)
		}
		else
		{
			print_option(list[i], level, commented)
		}
	}
}

END {
	if (errors)
	{
		exit 1
	}
	top = (root != "" && (("S " root) in comm)) ? "S " root : ""
	print_children(top, 0, 0)
}
