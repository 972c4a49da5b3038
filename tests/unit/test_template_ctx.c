/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unit tests for generator/render/template_ctx.c through the template
 * engine: every value escaped for where it lands in XML, JSON, PowerShell
 * and GLib key files, or refused -- never written raw, never quoted in an
 * error */
#include "config.h"

#include "sm_test.h"

#include "render/template.h"

#include <stdlib.h>
#include <string.h>

/* render tmpl in syntax with v = value; the output (must be freed) or NULL */
static char *run1(sm_syntax_t syntax, const char *tmpl, const char *value,
				  char *err, size_t errlen)
{
	sm_tvars_t *v = sm_tvars_create();
	sm_diag_t *d = sm_diag_create();
	sm_diag_entry_t e;
	char *out = NULL;

	assert_non_null(v);
	assert_non_null(d);
	assert_true(sm_tvars_set(v, "v", value));
	assert_true(sm_tvars_set(v, "w", "2nd"));
	if (!sm_template_render(tmpl, strlen(tmpl), "t.tmpl", syntax, v, &out, NULL,
							d))
	{
		out = NULL;
	}
	if (err)
	{
		err[0] = '\0';
		if (sm_diag_get(d, 0, &e))
		{
			snprintf(err, errlen, "%s", e.message);
		}
	}
	sm_tvars_destroy(v);
	sm_diag_destroy(d);
	return out;
}

/* value renders in tmpl as expect */
static void expect(sm_syntax_t syntax, const char *tmpl, const char *value,
				   const char *want)
{
	char err[512], *out = run1(syntax, tmpl, value, err, sizeof(err));

	if (!out)
	{
		fail_msg("'%s' in '%s' refused: %s", value, tmpl, err);
	}
	assert_string_equal(out, want);
	free(out);
}

/* value is refused in tmpl with a reason that does not quote it */
static void refused(sm_syntax_t syntax, const char *tmpl, const char *value,
					const char *reason)
{
	char err[512], *out = run1(syntax, tmpl, value, err, sizeof(err));

	if (out)
	{
		fail_msg("'%s' in '%s' rendered as '%s'", value, tmpl, out);
	}
	assert_non_null(strstr(err, "the value of 'v' "));
	if (!strstr(err, reason))
	{
		fail_msg("reason '%s' lacks '%s'", err, reason);
	}
	/* (short values may be words of the message) */
	if (strlen(value) >= 4 && strstr(err, value))
	{
		fail_msg("the error quotes the value: %s", err);
	}
}

static void test_xml_text_and_attributes(void **state)
{
	(void)state;
	expect(SM_SYNTAX_XML, "<string>{{v}}</string>", "vpn.example.com",
		   "<string>vpn.example.com</string>");
	expect(SM_SYNTAX_XML, "<string>{{v}}</string>",
		   "</string><key>AuthPassword</key><string>x",
		   "<string>&lt;/string&gt;&lt;key&gt;AuthPassword&lt;/key&gt;"
		   "&lt;string&gt;x</string>");
	expect(SM_SYNTAX_XML, "<s>{{v}}</s>", "a & b \"c\" 'd'\te\nf\rg",
		   "<s>a &amp; b \"c\" 'd'\te\nf&#13;g</s>");
	expect(SM_SYNTAX_XML, "<a x=\"{{v}}\" y='{{v}}'/>", "\"'<&\t\n",
		   "<a x=\"&quot;&apos;&lt;&amp;&#9;&#10;\" "
		   "y='&quot;&apos;&lt;&amp;&#9;&#10;'/>");
	expect(SM_SYNTAX_XML, "<s>{{v}}</s>", "J\xc3\xbcrgen \xe2\x80\x8f",
		   "<s>J\xc3\xbcrgen \xe2\x80\x8f</s>");
	/* after a declaration, a comment, CDATA and a PI: text again */
	expect(SM_SYNTAX_XML,
		   "<?xml version=\"1.0\"?>\n<!DOCTYPE plist>\n"
		   "<!-- c -->\n<![CDATA[ x ]]><p>{{v}}</p>",
		   "<",
		   "<?xml version=\"1.0\"?>\n<!DOCTYPE plist>\n"
		   "<!-- c -->\n<![CDATA[ x ]]><p>&lt;</p>");
	/* the lexer follows the escaped value: the next one is text too */
	expect(SM_SYNTAX_XML, "<s>{{v}}</s><t>{{w}}</t>", "<t>",
		   "<s>&lt;t&gt;</s><t>2nd</t>");
}

static void test_xml_refused(void **state)
{
	(void)state;
	refused(SM_SYNTAX_XML, "<{{v}}/>", "plist", "inside an XML tag");
	refused(SM_SYNTAX_XML, "<a {{v}}='1'/>", "b", "inside an XML tag");
	refused(SM_SYNTAX_XML, "<!-- {{v}} -->", "x", "comment");
	refused(SM_SYNTAX_XML, "<![CDATA[{{v}}]]>", "x", "CDATA");
	refused(SM_SYNTAX_XML, "<?pi {{v}}?>", "x", "declaration");
	refused(SM_SYNTAX_XML, "<!DOCTYPE {{v}}>", "x", "declaration");
	refused(SM_SYNTAX_XML, "<s>{{v}}</s>", "a\x01", "XML cannot carry");
	refused(SM_SYNTAX_XML, "<s>{{v}}</s>", "a\xff", "XML cannot carry");
	/* U+FFFE is not an XML character */
	refused(SM_SYNTAX_XML, "<s>{{v}}</s>", "\xef\xbf\xbe", "XML cannot carry");
	refused(SM_SYNTAX_XML, "<a x=\"{{v}}\"/>", "\x1b[2J", "XML cannot carry");
}

static void test_json(void **state)
{
	(void)state;
	expect(SM_SYNTAX_JSON, "{\"a\": \"{{v}}\"}", "vpn.example.com",
		   "{\"a\": \"vpn.example.com\"}");
	expect(SM_SYNTAX_JSON, "{\"a\": \"{{v}}\"}", "\", \"b\": \"x",
		   "{\"a\": \"\\\", \\\"b\\\": \\\"x\"}");
	expect(SM_SYNTAX_JSON, "[\"{{v}}\"]", "\\\n\r\t\x01\x7f\xe2\x80\xa8",
		   "[\"\\\\\\n\\r\\t\\u0001\\u007f\\u2028\"]");
	/* an escape in the template does not confuse the lexer */
	expect(SM_SYNTAX_JSON, "[\"\\\"\\u00e9{{v}}\", \"{{w}}\"]", "\"",
		   "[\"\\\"\\u00e9\\\"\", \"2nd\"]");
	/* whole tokens between separators: numbers and literal names */
	expect(SM_SYNTAX_JSON, "{\"mtu\": {{v}}}", "1400", "{\"mtu\": 1400}");
	expect(SM_SYNTAX_JSON, "{\"a\": [{{v}}, {{v}}]}", "-1.5e3",
		   "{\"a\": [-1.5e3, -1.5e3]}");
	expect(SM_SYNTAX_JSON, "{\"b\":{{v}}\n}", "true", "{\"b\":true\n}");
	refused(SM_SYNTAX_JSON, "{\"mtu\": {{v}}}", "1400, \"x\": 1",
			"outside a JSON string");
	refused(SM_SYNTAX_JSON, "{\"mtu\": {{v}}}", "01", "outside a JSON string");
	refused(SM_SYNTAX_JSON, "{\"mtu\": {{v}}}", "", "outside a JSON string");
	refused(SM_SYNTAX_JSON, "{\"mtu\": 1{{v}}}", "2", "outside a JSON string");
	refused(SM_SYNTAX_JSON, "{\"mtu\": {{v}}0}", "2", "outside a JSON string");
	refused(SM_SYNTAX_JSON, "{ {{v}}: 1}", "1", "outside a JSON string");
	refused(SM_SYNTAX_JSON, "{\"a\": \"\\{{v}}\"}", "n", "escape sequence");
	refused(SM_SYNTAX_JSON, "{\"a\": \"\\u00{{v}}\"}", "41", "escape sequence");
	refused(SM_SYNTAX_JSON, "{\"a\": \"{{v}}\"}", "a\xc3", "not UTF-8");
}

static void test_powershell(void **state)
{
	(void)state;
	expect(SM_SYNTAX_POWERSHELL, "Add-VpnConnection -Name '{{v}}'",
		   "Example VPN", "Add-VpnConnection -Name 'Example VPN'");
	expect(SM_SYNTAX_POWERSHELL, "$a = '{{v}}'",
		   "x'; Remove-Item C:\\ -Recurse; '",
		   "$a = 'x''; Remove-Item C:\\ -Recurse; '''");
	/* the typographic quotes PowerShell takes as single quotes */
	expect(SM_SYNTAX_POWERSHELL, "'{{v}}'",
		   "a\xe2\x80\x98"
		   "b\xe2\x80\x99"
		   "c\xe2\x80\x9a"
		   "d\xe2\x80\x9b",
		   "'a\xe2\x80\x98\xe2\x80\x98"
		   "b\xe2\x80\x99\xe2\x80\x99"
		   "c\xe2\x80\x9a\xe2\x80\x9a"
		   "d\xe2\x80\x9b\xe2\x80\x9b'");
	/* a doubled quote in the template keeps the string open */
	expect(SM_SYNTAX_POWERSHELL, "'it''s {{v}}'", "$env:x", "'it''s $env:x'");
	expect(SM_SYNTAX_POWERSHELL, "# {{v}}\n'{{w}}'", "a\nRemove-Item x\\",
		   "# a\\x0aRemove-Item x\\\\\n'2nd'");
	expect(SM_SYNTAX_POWERSHELL, "\"x\" + '{{v}}' <# c #> '{{w}}'", "\"",
		   "\"x\" + '\"' <# c #> '2nd'");
	expect(SM_SYNTAX_POWERSHELL, "@'\nhere\n'@\n'{{v}}'", "x",
		   "@'\nhere\n'@\n'x'");
	refused(SM_SYNTAX_POWERSHELL, "Add-VpnConnection -Name {{v}}", "x",
			"not inside a single-quoted");
	refused(SM_SYNTAX_POWERSHELL, "\"{{v}}\"", "x", "not inside a single");
	refused(SM_SYNTAX_POWERSHELL, "'a'{{v}}", "x", "would follow a quote");
	refused(SM_SYNTAX_POWERSHELL, "<# {{v}} #>", "x", "not inside a single");
	refused(SM_SYNTAX_POWERSHELL, "@'\n{{v}}\n'@", "x", "not inside a single");
	refused(SM_SYNTAX_POWERSHELL, "`{{v}}", "x", "not inside a single");
	refused(SM_SYNTAX_POWERSHELL, "'{{v}}'", "a\rb", "control character");
	refused(SM_SYNTAX_POWERSHELL, "'{{v}}'", "a\xc2\x85", "control character");
	refused(SM_SYNTAX_POWERSHELL, "'{{v}}'", "\xc0\xaf", "not UTF-8");
}

static void test_keyfile(void **state)
{
	(void)state;
	expect(SM_SYNTAX_KEYFILE, "[vpn]\naddress={{v}}\n", "vpn.example.com",
		   "[vpn]\naddress=vpn.example.com\n");
	expect(SM_SYNTAX_KEYFILE, "[vpn]\nuser={{v}}\n", "a\nb=c\r\t\\d",
		   "[vpn]\nuser=a\\nb=c\\r\\t\\\\d\n");
	/* white space at the ends survives g_key_file */
	expect(SM_SYNTAX_KEYFILE, "id={{v}}\n", " a b ", "id=\\sa b\\s\n");
	expect(SM_SYNTAX_KEYFILE, "id= {{v}}\n", " a", "id= \\sa\n");
	expect(SM_SYNTAX_KEYFILE, "id=x{{v}}\n", " a", "id=x a\n");
	expect(SM_SYNTAX_KEYFILE, "# {{v}}\n[a]\nb={{w}}\n", "x\n[vpn-secrets]",
		   "# x\\x0a[vpn-secrets]\n[a]\nb=2nd\n");
	refused(SM_SYNTAX_KEYFILE, "[{{v}}]\n", "vpn", "group or key name");
	refused(SM_SYNTAX_KEYFILE, "[vpn]\n{{v}}=1\n", "user", "group or key");
	refused(SM_SYNTAX_KEYFILE, "[vpn]\nuser={{v}}\n", "a\x02", "control");
	refused(SM_SYNTAX_KEYFILE, "[vpn]\nuser={{v}}\n", "a\xfe", "not UTF-8");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_text_and_attributes),
		cmocka_unit_test(test_xml_refused),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_powershell),
		cmocka_unit_test(test_keyfile),
	};

	return sm_run_tests(tests);
}
