# SPDX-License-Identifier: GPL-2.0-or-later
#
# report.awk: the results of make bench, from the raw rows of the bench
# programs (bench,metric,side,users,rep,value,unit; other lines ignored).
#
#   awk -v what=csv -f report.awk raw.csv   summary CSV: per measurement the
#                                           median, minimum and maximum over
#                                           the repetitions
#   awk -v what=md -f report.awk raw.csv    the markdown tables: stock and
#                                           swanmobile side by side, the
#                                           advantage of swanmobile, the
#                                           targets and whether they are met
#
# Variables for what=md: quick (1 in quick mode), import_n (users imported
# during the parallel lookups).

BEGIN { FS = "," }

NF == 7 && $5 ~ /^[0-9]+$/ && $6 ~ /^-?[0-9.]+$/ {
	k = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
	if (!(k in cnt)) {
		order[++nkeys] = k
		unit[k] = $7
	}
	val[k, ++cnt[k]] = $6 + 0
	users[$1 SUBSEP $2, $4 + 0] = 1
}

# --- statistics -------------------------------------------------------------
function stats(k,    i, j, n, t, a)
{
	n = cnt[k]
	for (i = 1; i <= n; i++)
		a[i] = val[k, i]
	for (i = 2; i <= n; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	lo[k] = a[1]
	hi[k] = a[n]
	med[k] = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}

function key(b, m, s, n) { return b SUBSEP m SUBSEP s SUBSEP n }
function has(b, m, s, n) { return key(b, m, s, n) in med }
function M(b, m, s, n) { return med[key(b, m, s, n)] }

# --- formatting -------------------------------------------------------------
# a number with three significant digits at most, no exponent
function num(x)
{
	if (x >= 100 || x <= -100) return sprintf("%.0f", x)
	if (x >= 10 || x <= -10) return sprintf("%.1f", x)
	return sprintf("%.2f", x)
}

# the scale of a value v in unit u: sets sc_div (divide by) and sc_name
function scale(v, u,    s)
{
	sc_div = 1
	sc_name = u
	if (u == "us" || u == "s") {
		s = u == "us" ? v / 1e6 : v
		sc_div = u == "us" ? 1e6 : 1
		sc_name = "s"
		if (s < 1e-3) {
			sc_div /= 1e6
			sc_name = "µs"
		} else if (s < 1) {
			sc_div /= 1e3
			sc_name = "ms"
		}
	} else if (u == "1/s") {
		sc_name = "/s"
	} else if (u == "count") {
		sc_name = ""
	}
}

function fval(v, u)
{
	scale(v, u)
	return num(v / sc_div) (sc_name == "" || sc_name == "/s" ? "" : " ") sc_name
}

# median (min–max over the repetitions) of a measurement, "—" if none
function cell(b, m, s, n,    k, sep)
{
	k = key(b, m, s, n)
	if (!(k in med)) return "—"
	if (unit[k] == "count") return num(med[k])
	scale(med[k], unit[k])
	sep = sc_name == "" || sc_name == "/s" ? "" : " "
	if (cnt[k] == 1) return num(med[k] / sc_div) sep sc_name
	return num(med[k] / sc_div) sep sc_name " (" num(lo[k] / sc_div) "–" \
		num(hi[k] / sc_div) ")"
}

function ratio(x, y)
{
	if (y <= 0 || x == "") return "—"
	if (x / y >= 100) return sprintf("%.0f×", x / y)
	if (x / y >= 10) return sprintf("%.1f×", x / y)
	return sprintf("%.2f×", x / y)
}

function fusers(n)
{
	if (n >= 1000000 && n % 1000000 == 0) return (n / 1000000) "M"
	if (n >= 1000 && n % 1000 == 0) return (n / 1000) "k"
	return n ""
}

function row(what, n, stock, sm, adv)
{
	printf "| %s | %s | %s | %s | %s |\n", what, n, stock, sm, adv
}

# the users measured for bench b, metric m, ascending (into list; count)
function sizes(b, m, list,    i, n, c, t, j)
{
	c = 0
	for (i in users) {
		split(i, t, SUBSEP)
		if (t[1] == b && t[2] == m)
			list[++c] = t[3] + 0
	}
	for (i = 2; i <= c; i++) {
		t[0] = list[i]
		for (j = i - 1; j >= 1 && list[j] > t[0]; j--)
			list[j + 1] = list[j]
		list[j + 1] = t[0]
	}
	return c
}

# extrapolation of stock's metric m of bench b to n users from the two
# largest sizes measured: a*N + b*N^2 (times, quadratic) or linear (memory);
# sets ex_from
function extra(b, m, n, quadratic,    list, sel, i, c, n1, n2, t1, t2, qa, qb)
{
	c = 0
	sizes(b, m, list)
	for (i = 1; list[i] != ""; i++)
		if (has(b, m, "stock", list[i]))
			sel[++c] = list[i]
	if (c < 2) return ""
	n1 = sel[c - 1]; n2 = sel[c]
	t1 = M(b, m, "stock", n1); t2 = M(b, m, "stock", n2)
	ex_from = fusers(n1) " and " fusers(n2)
	if (quadratic) {
		qb = (t2 / n2 - t1 / n1) / (n2 - n1)
		qa = t1 / n1 - qb * n1
		if (qb > 0 && qa >= 0)
			return qa * n + qb * n * n
		# grew faster than a*N + b*N^2 allows (noise): N^2 from the
		# larger size alone
		ex_from = fusers(n2) " as N²"
		return t2 * (n / n2) * (n / n2)
	}
	return t1 + (t2 - t1) / (n2 - n1) * (n - n1)
}

function yesno(ok) { return ok ? "**met**" : "**not met**" }

END {
	for (i = 1; i <= nkeys; i++)
		stats(order[i])

	if (what == "csv") {
		print "bench,metric,side,users,median,min,max,repetitions,unit"
		for (i = 1; i <= nkeys; i++) {
			k = order[i]
			split(k, t, SUBSEP)
			printf "%s,%s,%s,%s,%g,%g,%g,%d,%s\n", t[1], t[2], t[3], t[4],
				med[k], lo[k], hi[k], cnt[k], unit[k]
		}
		exit
	}

	print "| measurement | users | stock strongSwan | swanmobile | swanmobile's advantage |"
	print "|---|---|---|---|---|"

	# lookups
	nl = sizes("lookup", "p50", L)
	for (i = 1; i <= nl; i++) {
		n = L[i]
		sets = has("lookup", "sets", "stock", n) ? M("lookup", "sets", "stock", n) : 1
		for (q = 1; q <= 2; q++) {
			m = q == 1 ? "p50" : "p99"
			row("NT-hash lookup through `lib->credmgr`, " m, fusers(n),
				cell("lookup", m, "stock", n) \
					(sets > 1 && has("lookup", m, "stock", n) ? " in " sets " sets" : ""),
				cell("lookup", m, "swanmobile", n),
				has("lookup", m, "stock", n) ? \
					ratio(M("lookup", m, "stock", n), M("lookup", m, "swanmobile", n)) : "—")
		}
		for (q = 1; q <= 2; q++) {
			m = q == 1 ? "p50" : "p99"
			if (!has("lookup", m, "stock_sets", n))
				continue
			row("check: stock's lookup, " m ", with the same secrets in " \
				M("lookup", "sets", "stock_sets", n) " sets (how stock is held above " \
				fusers(n) "); advantage: 1 set against them", fusers(n),
				cell("lookup", m, "stock_sets", n), "—",
				ratio(M("lookup", m, "stock", n), M("lookup", m, "stock_sets", n)))
		}
	}
	np = sizes("lookup", "import_p99", P)
	for (i = 1; i <= np; i++) {
		n = P[i]
		row("lookup p99 while " fusers(import_n) " users are imported (swanmobile: " \
			"`user import` of " fusers(import_n) " users, " \
			cell("lookup", "import_seconds", "swanmobile", n) "; stock: a thread " \
			"adding secrets as vici does, as long)", fusers(n),
			cell("lookup", "import_p99", "stock", n),
			cell("lookup", "import_p99", "swanmobile", n),
			has("lookup", "import_p99", "stock", n) ? \
				ratio(M("lookup", "import_p99", "stock", n), M("lookup", "import_p99", "swanmobile", n)) : "—")
	}

	# load and add one
	nl = sizes("load", "load_s", L)
	for (q = 1; q <= 2; q++) {
		m = q == 1 ? "load_s" : "add_one_s"
		what_ = q == 1 ? "make N users available (stock: `swanctl --load-creds`; " \
			"swanmobile: `user import --csv`)" : \
			"add one user to N (stock: `--load-creds` of all N + 1; " \
			"swanmobile: `user add`)"
		for (i = 1; i <= nl; i++) {
			n = L[i]
			if (has("load", m, "stock", n)) {
				st = cell("load", m, "stock", n)
				sv = M("load", m, "stock", n)
			} else if (n <= 100000 && (sv = extra("load", m, n, 1)) != "") {
				st = "≈ " fval(sv, "s") " (extrapolated from " ex_from ")"
				ex[m, n] = sv
			} else {
				st = "—"
				sv = ""
			}
			if (st == "—" && !has("load", m, "swanmobile", n))
				continue
			row(what_, fusers(n), st, cell("load", m, "swanmobile", n),
				sv != "" && has("load", m, "swanmobile", n) ? \
					ratio(sv, M("load", m, "swanmobile", n)) : "—")
		}
	}

	# memory
	nl = sizes("memory", "rss_mb", L)
	what_ = "charon RSS with N users available, before any setup (stock: " \
		"after `--load-creds`, " cell("memory", "rss_idle_mb", "stock", 0) \
		" before; swanmobile: started with the plugin on the database)"
	for (i = 1; i <= nl; i++) {
		n = L[i]
		if (has("memory", "rss_mb", "stock", n)) {
			st = cell("memory", "rss_mb", "stock", n)
			sv = M("memory", "rss_mb", "stock", n)
		} else if (n <= 100000 && (sv = extra("memory", "rss_mb", n, 0)) != "") {
			st = "≈ " fval(sv, "MB") " (extrapolated from " ex_from ", linear)"
		} else {
			st = "—"
			sv = ""
		}
		row(what_, fusers(n), st, cell("memory", "rss_mb", "swanmobile", n),
			sv != "" && has("memory", "rss_mb", "swanmobile", n) ? \
				ratio(sv, M("memory", "rss_mb", "swanmobile", n)) : "—")
	}
	nh = sizes("memory", "rss_loaded_mb", H)
	split("", HS); split("", HM); ns = nm = 0
	for (i = 1; i <= nh; i++) {
		if (has("memory", "rss_loaded_mb", "stock", H[i])) HS[++ns] = H[i]
		if (has("memory", "rss_loaded_mb", "swanmobile", H[i])) HM[++nm] = H[i]
	}
	for (i = 1; i <= ns && i <= nm; i++) {
		for (q = 1; q <= 2; q++) {
			m = q == 1 ? "rss_loaded_mb" : "rss_after_mb"
			row("gateway charon RSS, " (q == 1 ? "users loaded, before any setup" : \
				"after the handshake bursts"), fusers(HS[i]) " / " fusers(HM[i]),
				cell("memory", m, "stock", HS[i]), cell("memory", m, "swanmobile", HM[i]),
				ratio(M("memory", m, "stock", HS[i]), M("memory", m, "swanmobile", HM[i])))
		}
	}

	# handshakes
	for (i = 1; i <= ns && i <= nm; i++) {
		row("IKEv2 + EAP-MSCHAPv2 + virtual IP setups per second, bursts of " \
			hs_count " in parallel", fusers(HS[i]) " / " fusers(HM[i]),
			cell("handshake", "setups_per_s", "stock", HS[i]),
			cell("handshake", "setups_per_s", "swanmobile", HM[i]),
			ratio(M("handshake", "setups_per_s", "swanmobile", HM[i]),
				M("handshake", "setups_per_s", "stock", HS[i])))
		row("gateway CPU per setup", fusers(HS[i]) " / " fusers(HM[i]),
			cell("handshake", "gw_cpu_ms", "stock", HS[i]),
			cell("handshake", "gw_cpu_ms", "swanmobile", HM[i]),
			ratio(M("handshake", "gw_cpu_ms", "stock", HS[i]),
				M("handshake", "gw_cpu_ms", "swanmobile", HM[i])))
	}

	# generator and diagnose
	ng = sizes("generate", "fresh_s", G)
	for (i = 1; i <= ng; i++) {
		n = G[i]
		label = n ? "the example + " fusers(n) " users" : "the example"
		row("`swanmobile generate`, " label ", fresh root", "—", "—",
			cell("generate", "fresh_s", "swanmobile", n), "—")
		row("`swanmobile generate`, " label ", again (nothing changes)", "—", "—",
			cell("generate", "again_s", "swanmobile", n), "—")
		row("`swanmobile check`, " label, "—", "—",
			cell("generate", "check_s", "swanmobile", n), "—")
	}
	if (has("generate", "huge_error_s", "swanmobile", 50))
		row("`swanmobile check` of a file whose one 50 MB value ends in an error (stderr: " \
			cell("generate", "huge_error_kb", "swanmobile", 50) ")", "—", "—",
			cell("generate", "huge_error_s", "swanmobile", 50), "—")
	nd = sizes("diagnose", "seconds", D)
	for (i = 1; i <= nd; i++) {
		n = D[i]
		row("`swanmobile diagnose` of a " n " MB gateway log (" \
			cell("diagnose", "attempts", "swanmobile", n) " attempts; " \
			cell("diagnose", "mb_per_s", "swanmobile", n) ", peak RSS " \
			cell("diagnose", "peak_rss_mb", "swanmobile", n) ")", "—", "—",
			cell("diagnose", "seconds", "swanmobile", n), "—")
	}

	# targets
	print ""
	print "| target | measured in this run | |"
	print "|---|---|---|"
	if (has("lookup", "p50", "stock", 100000)) {
		r50 = M("lookup", "p50", "stock", 100000) / M("lookup", "p50", "swanmobile", 100000)
		r99 = M("lookup", "p99", "stock", 100000) / M("lookup", "p99", "swanmobile", 100000)
		printf "| lookup ≥ 500× faster than stock at 100k users | p50 %s, p99 %s | %s |\n",
			ratio(r50, 1), ratio(r99, 1), yesno(r50 >= 500 && r99 >= 500)
	} else if (has("lookup", "p50", "swanmobile", 100000)) {
		printf "| lookup ≥ 500× faster than stock at 100k users | not measured " \
			"(stock measured up to %s) | — |\n", fusers(stock_max)
	}
	nl = sizes("lookup", "p50", L)
	if (nl >= 2) {
		a = L[1]; b = L[nl]
		f50 = M("lookup", "p50", "swanmobile", b) / M("lookup", "p50", "swanmobile", a)
		f99 = M("lookup", "p99", "swanmobile", b) / M("lookup", "p99", "swanmobile", a)
		printf "| swanmobile's lookup flat from %s to %s users, p99 included (flat: " \
			"%s's median at most 1.5× %s's) | p50 %s → %s (%s), p99 %s → %s (%s) | %s |\n",
			fusers(a), fusers(b), fusers(b), fusers(a),
			fval(M("lookup", "p50", "swanmobile", a), "us"),
			fval(M("lookup", "p50", "swanmobile", b), "us"), ratio(f50, 1),
			fval(M("lookup", "p99", "swanmobile", a), "us"),
			fval(M("lookup", "p99", "swanmobile", b), "us"), ratio(f99, 1),
			yesno(f50 <= 1.5 && f99 <= 1.5)
	}
	if (has("load", "load_s", "swanmobile", 100000)) {
		sv = has("load", "load_s", "stock", 100000) ? M("load", "load_s", "stock", 100000) : \
			ex["load_s", 100000]
		if (sv != "") {
			r = sv / M("load", "load_s", "swanmobile", 100000)
			printf "| 100k users available ≥ 100× faster | stock %s%s, swanmobile %s: %s | %s |\n",
				fval(sv, "s"), has("load", "load_s", "stock", 100000) ? "" : " (extrapolated)",
				fval(M("load", "load_s", "swanmobile", 100000), "s"), ratio(r, 1), yesno(r >= 100)
		}
	}
	nl = sizes("load", "add_one_s", L)
	if (nl >= 2) {
		a = L[1]; b = L[nl]
		f = M("load", "add_one_s", "swanmobile", b) / M("load", "add_one_s", "swanmobile", a)
		printf "| one added user O(1) (at %s users at most 1.5× the time at %s) | " \
			"swanmobile %s at %s, %s at %s (%s); stock %s at %s | %s |\n",
			fusers(b), fusers(a),
			fval(M("load", "add_one_s", "swanmobile", a), "s"), fusers(a),
			fval(M("load", "add_one_s", "swanmobile", b), "s"), fusers(b), ratio(f, 1),
			cell("load", "add_one_s", "stock", hs_stock), fusers(hs_stock), yesno(f <= 1.5)
	}
	if (has("memory", "rss_after_mb", "swanmobile", hs_sm) &&
		has("memory", "rss_after_mb", "stock", hs_stock)) {
		a = M("memory", "rss_after_mb", "swanmobile", hs_sm)
		b = M("memory", "rss_after_mb", "stock", hs_stock)
		a0 = M("memory", "rss_loaded_mb", "swanmobile", hs_sm)
		b0 = M("memory", "rss_loaded_mb", "stock", hs_stock)
		printf "| charon RSS with %s users ≤ stock with %s | after the bursts %s vs %s; " \
			"loaded, before any setup %s vs %s | %s |\n", fusers(hs_sm), fusers(hs_stock),
			fval(a, "MB"), fval(b, "MB"), fval(a0, "MB"), fval(b0, "MB"),
			yesno(a <= b && a0 <= b0)
	}
	if (has("handshake", "setups_per_s", "swanmobile", hs_sm) &&
		has("handshake", "setups_per_s", "swanmobile", 1)) {
		a = M("handshake", "setups_per_s", "swanmobile", hs_sm)
		b = M("handshake", "setups_per_s", "swanmobile", 1)
		c = M("handshake", "gw_cpu_ms", "swanmobile", hs_sm)
		d = M("handshake", "gw_cpu_ms", "swanmobile", 1)
		printf "| handshakes/s with %s users within 5 %% of 1 user | %s vs %s (%+.1f %%); " \
			"gateway CPU per setup %s vs %s (%+.1f %%) | %s |\n", fusers(hs_sm),
			fval(a, "1/s"), fval(b, "1/s"), (a / b - 1) * 100,
			fval(c, "ms"), fval(d, "ms"), (c / d - 1) * 100, yesno(a >= 0.95 * b)
	}
}
