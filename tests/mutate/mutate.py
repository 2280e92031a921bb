#!/usr/bin/env python3
"""Seeded mutation testing of Warta sites (see README.md beside this file).

usage: mutate.py WARTA_BIN REPO N SEED WORKDIR [worker_index worker_count]

For each mutant: restore the work site, build it valid into X (incremental, with cache),
snapshot X and the cache, apply one seeded mutation, run `check --format json` and
`build --output X`, and flag: panics/kills, exit codes outside 0/1/2, diagnostics without a
path or without line:column where the input has one, a failed build that changed X or the
cache, a successful build whose output differs from a fresh `--no-cache` build of the same
input, errors for mutations that keep the input valid, and check/build disagreeing.
"""
import hashlib, json, os, random, re, shutil, subprocess, sys

NOW = "2026-01-01T00:00:00+07:00"
BIN, REPO, N, SEED, WORK = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
WI, WC = (int(sys.argv[6]), int(sys.argv[7])) if len(sys.argv) > 7 else (0, 1)

SITES = {"ex": os.path.join(REPO), "base": os.path.join(REPO, "tests/fixtures/base")}
THEME = os.path.join(REPO, "themes/default")


def files_of(root, sub):
    out = []
    for d, _, fs in os.walk(os.path.join(root, sub)):
        for f in fs:
            out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def tree(d):
    t = {}
    if not os.path.isdir(d):
        return t
    for dd, _, fs in os.walk(d):
        for f in fs:
            p = os.path.join(dd, f)
            with open(p, "rb") as fh:
                t[os.path.relpath(p, d)] = hashlib.sha1(fh.read()).hexdigest()
    return t


def run(args, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    try:
        p = subprocess.run([BIN] + args, capture_output=True, timeout=60, env=e)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


# ---------------------------------------------------------------- mutation operators

TOKENS = ["{{", "}}", "+++", '"', "[[", "\x00", "\x80", "\ufeff", "'", "\\", "=", "]", "[", "{", "}", "#",
          "\n", "\r", "\t", "{%", "%}", "\u202e", "é", "𝕏", "<script>alert(1)</script>", "\n+++\n", "\"\"\"", "'''"]
VALUES = ["42", "-1", "0", "1e400", "-1e400", "nan", "+nan", "inf", "-inf", "\"str\"", "true", "[]", "{}", "[1, \"a\"]",
          "2021-02-30", "2021-02-28", "2021-13-01", "2021-02-29T10:00:00+07:00", "99999999999999999999",
          "-9223372036854775808", "9223372036854775807", "1979-05-27T07:32:00", "07:32:00", "\"2021-Q5\"",
          "\"2021-Q0\"", "\"2021-00\"", "\"0000\"", "\"9999-Q4\"", "\"2021-02-30\"", "\"\"", "\" \"", "\"\\u0000\"",
          "\"a\\nb\"", "{ id = \"x\" }", "{ id = \"\", en = \"\" }", "{ fr = \"x\" }", "[\"\"]", "1.5", "-0.0", "0x10",
          "\"../../etc/passwd\"", "\"/\"", "\"https://\"", "\"javascript:alert(1)\"", "\"<b>x</b>\"", "\"" + "x" * 5000 + "\"",
          "1000000000000000000000000000000000000.0", "5e-324", "\"2021-06\"", "\"2021\"", "\"2021-Q2\"",
          "2021-10-01", "2100-01-01T00:00:00+07:00", "0001-01-01", "9999-12-31T23:59:59Z", "\"Asia/Nowhere\"",
          "\"UTC\"", "\"+07:00\""]
PERIODS = ["2021-Q5", "2021-Q0", "2021-13", "2021-00", "2021-6", "21-Q2", "2021Q2", "0000", "9999", "99999", "-2021",
           "2021-Q2 ", " 2021", "2021-02-30", "2021-W05", "", "2021-Q2x", "2021-06-", "2021-Q", "1e3", "2021-Q2\u00a0"]
CSV_VALUES = ["", "NaN", "nan", "inf", "-inf", "-1", "1e400", "1,5", "\"1,5\"", "1.5.5", "0x10", " 12", "12 ", "abc",
              "99999999999999999999999999", "-0", "1e-400", "\"\"", "\"", "\"12\"", "12\"", "\ufeff12"]


def near_miss(s, rng):
    if not s:
        return "x"
    i = rng.randrange(len(s))
    op = rng.randrange(4)
    if op == 0:
        return s[:i] + s[i + 1:]
    if op == 1:
        return s[:i] + rng.choice("abcxyz-_9é") + s[i:]
    if op == 2:
        return s[:i] + rng.choice("abcxyz-_9") + s[i + 1:]
    return s.upper() if s != s.upper() else s + "-x"


def lines_keep(text):
    return text.splitlines(keepends=True)


def op_delete_line(t, rng):
    L = lines_keep(t)
    if not L:
        return t, "noop"
    i = rng.randrange(len(L))
    return "".join(L[:i] + L[i + 1:]), f"delete line {i + 1}"


def op_dup_line(t, rng):
    L = lines_keep(t)
    if not L:
        return t, "noop"
    i = rng.randrange(len(L))
    l = L[i] if L[i].endswith("\n") else L[i] + "\n"
    return "".join(L[:i] + [l] + L[i:]), f"duplicate line {i + 1}"


def op_swap_lines(t, rng):
    L = lines_keep(t)
    if len(L) < 2:
        return t, "noop"
    i = rng.randrange(len(L) - 1)
    if not L[i + 1].endswith("\n"):
        return t, "noop"
    L[i], L[i + 1] = L[i + 1], L[i]
    return "".join(L), f"swap lines {i + 1},{i + 2}"


def op_truncate(b, rng):
    if not b:
        return b, "noop"
    i = rng.randrange(len(b))
    return b[:i], f"truncate at byte {i}"


def op_swap_chars(t, rng):
    if len(t) < 2:
        return t, "noop"
    i = rng.randrange(len(t) - 1)
    return t[:i] + t[i + 1] + t[i] + t[i + 2:], f"swap chars at {i}"


def op_insert_token(b, rng):
    tok = rng.choice(TOKENS).encode("utf-8") if True else b""
    if tok == "\x80".encode():
        tok = b"\x80"  # a lone continuation byte
    i = rng.randrange(len(b) + 1)
    return b[:i] + tok + b[i:], f"insert {tok!r} at byte {i}"


def op_lone_continuation(b, rng):
    i = rng.randrange(len(b) + 1)
    return b[:i] + b"\x80" + b[i:], f"insert lone 0x80 at byte {i}"


def op_bom_middle(b, rng):
    i = rng.randrange(len(b) + 1)
    return b[:i] + "\ufeff".encode() + b[i:], f"insert BOM at byte {i}"


def op_crlf(t, rng):
    return t.replace("\r\n", "\n").replace("\n", "\r\n"), "CRLF (valid)"


def op_bom_start(b, rng):
    if b.startswith(b"\xef\xbb\xbf"):
        return b, "noop"
    return b"\xef\xbb\xbf" + b, "BOM at start (valid)"


def op_trailing_ws(t, rng):
    return "".join(l.rstrip("\r\n") + "  " + l[len(l.rstrip("\r\n")):] if l.endswith("\n") else l for l in lines_keep(t)), "trailing spaces (valid)"


def op_comment_line(t, rng):
    L = lines_keep(t)
    i = rng.randrange(len(L) + 1)
    nl = "\r\n" if "\r\n" in t else "\n"
    return "".join(L[:i] + ["# komentar: catatan {{ }} +++ \u00e9" + nl] + L[i:]), f"comment line at {i + 1} (valid)"


KV = re.compile(r'^(\s*)([A-Za-z0-9_\-"\.]+)(\s*=\s*)(.+?)\s*$')


def op_toml_value(t, rng):
    L = lines_keep(t)
    idx = [i for i, l in enumerate(L) if KV.match(l.rstrip("\r\n")) and not l.lstrip().startswith("#")]
    if not idx:
        return t, "noop"
    i = rng.choice(idx)
    m = KV.match(L[i].rstrip("\r\n"))
    v = rng.choice(VALUES)
    L[i] = f"{m.group(1)}{m.group(2)}{m.group(3)}{v}\n"
    return "".join(L), f"line {i + 1}: {m.group(2)} = {v[:40]}"


STR = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def op_string_near_miss(t, rng):
    ms = [m for m in STR.finditer(t)]
    if not ms:
        return t, "noop"
    m = rng.choice(ms)
    nv = near_miss(m.group(1), rng)
    return t[:m.start(1)] + nv + t[m.end(1):], f"string {m.group(1)[:30]!r} -> {nv[:30]!r}"


def op_string_period(t, rng):
    ms = [m for m in STR.finditer(t) if re.fullmatch(r"\d{4}(-(Q\d|\d\d))?", m.group(1))]
    if not ms:
        return t, "noop"
    m = rng.choice(ms)
    nv = rng.choice(PERIODS)
    return t[:m.start(1)] + nv + t[m.end(1):], f"period {m.group(1)!r} -> {nv!r}"


def op_date_value(t, rng):
    ms = list(re.finditer(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?)?", t))
    if not ms:
        return t, "noop"
    m = rng.choice(ms)
    nv = rng.choice(["2021-02-30", "2021-02-29", "2020-02-29", "2021-13-01", "2021-00-10", "0000-01-01", "9999-12-31",
                     "2021-10-01T25:00:00+07:00", "2021-10-01T09:30:00+25:00", "2021-10-01T09:30:00", "2021-10-01 09:30:00+07:00",
                     "2021-10-01T09:30:60+07:00", "2100-01-01", "1900-01-01", "2021-10-01T09:30:00.123456789+07:00"])
    return t[:m.start()] + nv + t[m.end():], f"date {m.group()} -> {nv}"


def op_empty_table(t, rng):
    L = lines_keep(t)
    i = rng.randrange(len(L) + 1)
    tab = rng.choice(["[x]\n", "[[observations]]\n", "[[changes]]\n", "[[organization]]\n", "[[person]]\n", "[source]\n",
                      "[[series]]\n", "[title]\n", "[]\n", "[[]]\n", "[a.b.c]\n"])
    return "".join(L[:i] + [tab] + L[i:]), f"insert {tab.strip()} at line {i + 1}"


def op_unknown_key(t, rng):
    L = lines_keep(t)
    i = rng.randrange(len(L) + 1)
    k = rng.choice(["titel = \"x\"\n", "foo = 1\n", "title = \"again\"\n", "date = 2021-01-01\n", "id = \"dup\"\n",
                    "\"\" = 1\n", "a.b = 1\n", "x = \n", "= 1\n", "k = \"\\q\"\n", "k = 'a\n"])
    return "".join(L[:i] + [k] + L[i:]), f"insert {k.strip()!r} at line {i + 1}"


# -- release bodies and shortcodes
SC = re.compile(r"\{\{.*?\}\}", re.S)


def split_front(t):
    m = re.match(r"(\ufeff?\+\+\+\r?\n)(.*?\n)(\+\+\+[^\n]*\n?)", t, re.S)
    if not m:
        return None
    return t[:m.end(2)], t[m.end(2):]


def op_shortcode(t, rng):
    calls = list(SC.finditer(t))
    choice = rng.randrange(14)
    if choice < 3 or not calls:
        # insert a new call at a random place in the text
        fm = split_front(t)
        start = len(fm[0]) if fm else 0
        start = t.find("\n", start + 1) + 1 if fm else 0
        i = rng.randrange(start, len(t) + 1)
        name = rng.choice(["figure", "chart", "figur", "", "FIGURE"])
        ind = rng.choice(["pertumbuhan", "sumber", "pdrb", "peserta", "jakarta-grdp-growth", "jakarta-growth-sources",
                          "contoh-peserta-pelatihan-ekspor", "pertumbuhn", ""])
        args = [f'indicator="{ind}"']
        if rng.random() < 0.7:
            args.append(f'period="{rng.choice(PERIODS + ["2021-Q2", "2020", "2021-06", "2021-Q1"])}"')
        if rng.random() < 0.3:
            args.append(f'series="{rng.choice(["industri", "x", "", "manufaktur"])}"')
        if rng.random() < 0.3:
            args.append(rng.choice(['from="2019-Q1"', 'to="2030-Q1"', 'kind="pie"', 'kind="bar"', 'from="2022-Q1", to="2019-Q1"',
                                    'from="2021"', 'period="2021-Q2", period="2021-Q1"', 'x=1', 'indicator="pdrb"']))
        rng.shuffle(args)
        call = "{{ " + name + "(" + ", ".join(args) + ") }}"
        return t[:i] + call + t[i:], f"insert {call} at {i}"
    m = rng.choice(calls)
    c = m.group()
    if choice == 3:
        nc = c[:-2]
    elif choice == 4:
        nc = c.replace("(", "", 1)
    elif choice == 5:
        nc = c.replace(")", ", extra=\"1\")", 1)
    elif choice == 6:
        nc = re.sub(r'"([^"]*)"', lambda mm: mm.group(1), c, count=1)
    elif choice == 7:
        nc = re.sub(r'indicator="([^"]*)"', lambda mm: f'indicator="{near_miss(mm.group(1), rng)}"', c)
    elif choice == 8:
        nc = re.sub(r'(period|from|to)="([^"]*)"', lambda mm: f'{mm.group(1)}="{rng.choice(PERIODS)}"', c, count=1)
        if nc == c:
            nc = c.replace(")", ', period="2021-Q5")', 1)
    elif choice == 9:
        nc = "`" + c + "`"
    elif choice == 10:
        nc = "{{ " + c + " }}"
    elif choice == 11:
        nc = c.replace('"', "\u201c", 1)
    elif choice == 12:
        nc = c.replace("{{", "{{\n", 1).replace(",", ",\n", 1)
    else:
        nc = c.replace(")", ', series="x")', 1)
    return t[:m.start()] + nc + t[m.end():], f"call {c[:60]!r} -> {nc[:80]!r}"


# -- CSV
def op_csv(t, rng):
    L = lines_keep(t)
    if not L:
        return t, "noop"
    ch = rng.randrange(7)
    i = rng.randrange(len(L))
    row = L[i].rstrip("\r\n")
    nl = L[i][len(row):] or "\n"
    cells = row.split(",")
    if ch == 0:
        cells.append(rng.choice(["x", "", "2021-07-01"]))
        what = "extra column"
    elif ch == 1 and len(cells) > 1:
        del cells[rng.randrange(len(cells))]
        what = "missing column"
    elif ch == 2:
        j = rng.randrange(len(cells))
        cells[j] = rng.choice(CSV_VALUES)
        what = f"cell {j} = {cells[j]!r}"
    elif ch == 3:
        j = rng.randrange(len(cells))
        cells[j] = rng.choice(PERIODS)
        what = f"cell {j} = period {cells[j]!r}"
    elif ch == 4:
        L.insert(i, rng.choice(["\n", ",\n", ",,,\n", "\"\n", "2021-07,\n", "\r\n", "period,value\n"]))
        return "".join(L), f"insert odd row at {i + 1}"
    elif ch == 5:
        j = rng.randrange(len(cells))
        cells[j] = '"' + cells[j] + '"'
        what = f"quote cell {j}"
    else:
        j = rng.randrange(len(cells))
        cells[j] = near_miss(cells[j], rng)
        what = f"near-miss cell {j} -> {cells[j]!r}"
    L[i] = ",".join(cells) + nl
    return "".join(L), f"row {i + 1}: {what}"


# -- templates
def op_template(t, rng):
    ch = rng.randrange(12)
    i = rng.randrange(len(t) + 1)
    ins = ["{{", "{{ nope }}", "{{ page.title | nope_filter }}", "{% if x %}", "{% endif %}", "{% include \"missing.html\" %}",
           "{% extends \"nope.html\" %}", "{{ 1 / 0 }}", "{% for x in 5 %}{{ x }}{% endfor %}", "{{ 'a' ~ }}", "{% block %}",
           "{% macro m() %}"]
    if ch < len(ins):
        tok = ins[ch]
        # keep the insertion out of an existing tag: put it at a line start
        j = t.rfind("\n", 0, i) + 1
        return t[:j] + tok + t[j:], f"insert {tok!r} at byte {j}"
    return t, "noop"


TEXT_OPS = ["delete_line", "dup_line", "swap_lines", "truncate", "swap_chars", "insert_token", "lone_continuation",
            "bom_middle", "crlf", "bom_start", "trailing_ws"]


def apply_generic(name, data, rng):
    t = data.decode("utf-8", "surrogateescape")
    if name in ("truncate", "insert_token", "lone_continuation", "bom_middle", "bom_start"):
        return globals()["op_" + name](data, rng)
    nt, what = globals()["op_" + name](t, rng)
    return nt.encode("utf-8", "surrogateescape"), what


# ---------------------------------------------------------------- categories

def pick(rng, site_root, category):
    """Returns (relative path, function data->(data, what), created) for one mutation."""
    if category in ("release-fm", "release-body"):
        fs = [f for f in files_of(site_root, "content/releases") if f.endswith(".md")]
    elif category == "page":
        fs = files_of(site_root, "content/pages")
    elif category == "indicator-toml":
        fs = [f for f in files_of(site_root, "content/indicators") if f.endswith(".toml")]
    elif category == "indicator-csv":
        fs = [f for f in files_of(site_root, "content/indicators") if f.endswith(".csv")]
    elif category == "directory":
        fs = files_of(site_root, "content/directory")
    elif category == "site":
        fs = ["content/site.toml"]
    elif category == "template":
        fs = ["themes/default/" + f for f in files_of(THEME, "templates")]
    elif category == "i18n":
        fs = ["themes/default/" + f for f in files_of(THEME, "i18n")]
    rel = rng.choice(fs)
    return rel


def mutate(rng, category, data):
    toml_ops = ["toml_value", "toml_value", "toml_value", "string_near_miss", "string_near_miss", "date_value",
                "empty_table", "unknown_key", "string_period", "comment_line"]
    if category == "release-fm":
        t = data.decode("utf-8")
        fm = split_front(t)
        op = rng.choice(toml_ops + ["delete_line", "dup_line", "swap_chars", "insert_token"])
        if op in toml_ops:
            nf, what = globals()["op_" + op](fm[0], rng)
            return (nf + fm[1]).encode(), "fm " + what
        if op == "insert_token":
            b = fm[0].encode()
            nb, what = op_insert_token(b, rng)
            return nb + fm[1].encode(), "fm " + what
        nf, what = globals()["op_" + op](fm[0], rng)
        return (nf + fm[1]).encode(), "fm " + what
    if category == "release-body":
        t = data.decode("utf-8")
        if rng.random() < 0.65:
            nt, what = op_shortcode(t, rng)
            return nt.encode(), what
        return apply_generic(rng.choice(TEXT_OPS), data, rng)
    if category in ("indicator-toml", "directory", "site", "i18n"):
        if rng.random() < 0.6:
            t = data.decode("utf-8")
            nt, what = globals()["op_" + rng.choice(toml_ops)](t, rng)
            return nt.encode(), what
        return apply_generic(rng.choice(TEXT_OPS), data, rng)
    if category == "indicator-csv":
        if rng.random() < 0.6:
            nt, what = op_csv(data.decode("utf-8"), rng)
            return nt.encode(), what
        return apply_generic(rng.choice(TEXT_OPS), data, rng)
    if category == "page":
        if rng.random() < 0.4:
            t = data.decode("utf-8")
            nt, what = op_shortcode(t, rng)
            return nt.encode(), what
        return apply_generic(rng.choice(TEXT_OPS), data, rng)
    if category == "template":
        if rng.random() < 0.5:
            nt, what = op_template(data.decode("utf-8"), rng)
            return nt.encode(), what
        return apply_generic(rng.choice(TEXT_OPS), data, rng)
    raise ValueError(category)


def file_op(rng, site):
    """A change of the files themselves: returns [(rel, bytes or None to delete)], what."""
    rels = [f for f in files_of(site, "content") if not f.startswith("content/static")]
    releases = [f for f in rels if f.startswith("content/releases/")]
    ch = rng.randrange(9)
    if ch == 0:
        f = rng.choice(rels)
        return [(f, None)], f"delete {f}"
    if ch == 1:
        f = rng.choice(rels)
        return [(f, b"")], f"empty {f}"
    if ch == 2:
        f = rng.choice(releases)
        d, b = os.path.split(f)
        nb = rng.choice(["tanpa-tanggal.md", "2021-10-01-.md", "2021-13-01-x.md", "2021-10-01-Judul Besar.md", "2021-10-01-x.EN.md",
                         "2021-10-01-x.xx.md", "2021-10-01-x.md.bak", "2021-10-01-x.MD", ".2021-10-01-x.md", "2021-10-01-x.id.md",
                         "2021-10-01-ünïcode.md", "2021-10-01-a..b.md"])
        data = open(os.path.join(site, f), "rb").read()
        return [(os.path.join(d, nb), data)], f"copy {f} as {nb}"
    if ch == 3:
        f = rng.choice(releases)
        data = open(os.path.join(site, f), "rb").read()
        d, b = os.path.split(f)
        return [(os.path.join(d, "2020-01-01-" + b.split("-", 3)[-1]), data)], f"copy {f} under another date (same slug)"
    if ch == 4:
        lang = rng.choice(["fr", "en", "id", "xx", "EN"])
        return [("themes/default/i18n/" + lang + ".toml", rng.choice([b"", b"lang_id = 1\n", b'skip_to_content = "x"\n', b"\x80"]))], f"i18n {lang}.toml"
    if ch == 5:
        dl = rng.choice(['"en"', '"fr"', '"aid"', '"jv"'])
        t = open(os.path.join(site, "content/site.toml"), "rb").read().decode()
        t = re.sub(r'default_language = "[^"]*"', "default_language = " + dl, t)
        return [("content/site.toml", t.encode())], f"default_language = {dl}"
    if ch == 6:
        f = rng.choice([r for r in rels if r.startswith("content/indicators/") and r.endswith(".toml")])
        data = open(os.path.join(site, f), "rb").read()
        return [(f[:-5] + "-salinan.toml", data)], f"copy {f} (same data file, same title)"
    if ch == 7:
        return [("content/static/" + rng.choice(["a b.pdf", "../x", "index.html", "releases/index.html", "ünï.png", "atom.xml"]).replace("../", ""), b"x")], "static file"
    f = rng.choice(releases)
    data = open(os.path.join(site, f), "rb").read()
    return [(f, data.replace(b"+++", b"---"))], f"TOML fences written as --- in {f}"


CATEGORIES = ["files"] * 3 + ["release-fm"] * 5 + ["release-body"] * 4 + ["indicator-toml"] * 3 + ["indicator-csv"] * 2 + \
             ["directory"] * 3 + ["site"] * 2 + ["page"] * 2 + ["template"] * 2 + ["i18n"] * 2


# ---------------------------------------------------------------- checks

HEAD = re.compile(r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<level>error|warning): (?P<msg>.*)$")


def diag_blocks(stderr):
    """First lines of the printed diagnostics (blocks separated by blank lines)."""
    heads = []
    for block in stderr.split("\n\n"):
        first = block.strip("\n").split("\n")[0] if block.strip() else ""
        if not first or first.startswith("built ") or first.startswith("... and"):
            continue
        heads.append(first)
    return heads


def check(n, site, out, work, before_out, before_cache, expect_valid, rec):
    problems = []
    crc, cout, cerr = run(["check", "--site", site, "--now", NOW, "--format", "json"])
    brc, _, berr = run(["build", "--site", site, "--output", out, "--now", NOW])
    for name, r, e in (("check", crc, cerr), ("build", brc, berr)):
        if r not in (0, 1, 2):
            problems.append(f"{name} exit code {r}")
        if "panicked" in e:
            problems.append(f"{name} panicked")
    diags = []
    try:
        diags = json.loads(cout) if cout.strip() else []
    except ValueError:
        problems.append("check json does not parse")
    for d in diags:
        if not d.get("path"):
            problems.append(f"diag without path: {d.get('message')}")
        if d.get("line", 0) == 0 and d["level"] == "error":
            problems.append(f"NOPOS {d['path']}: {d['message'][:150]}")
    for h in diag_blocks(berr):
        m = HEAD.match(h)
        if not m:
            if not h.startswith("error: the build stopped with"):
                problems.append(f"build stderr line without path: {h[:200]}")
    if expect_valid and (brc != 0 or any(d["level"] == "error" for d in diags)):
        problems.append("error for valid input")
    if (crc == 0) != (brc == 0) and crc != 2 and brc != 2:
        problems.append(f"check rc {crc} but build rc {brc}")
    if brc != 0:
        if tree(out) != before_out:
            problems.append("failed build changed output")
        if tree(os.path.join(site, ".warta-cache")) != before_cache:
            problems.append("failed build changed cache")
    else:
        fresh = os.path.join(work, "fresh")
        shutil.rmtree(fresh, ignore_errors=True)
        frc, _, ferr = run(["build", "--site", site, "--output", fresh, "--now", NOW, "--no-cache"],
                           env={"RAYON_NUM_THREADS": "1"} if n % 2 else None)
        if frc != 0:
            problems.append(f"fresh build rc {frc}: {ferr[:300]}")
        else:
            a, b = tree(out), tree(fresh)
            diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            if diff:
                problems.append(f"cached build differs from fresh build: {diff[:8]}")
    rec.update({"crc": crc, "brc": brc, "ndiag": len(diags), "problems": problems,
                "first": diag_blocks(berr)[:3]})
    rec['berr'] = berr
    return problems


def main():
    work = os.path.join(WORK, f"w{WI}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    findings = []
    counts = {}
    pristine = {}
    for key, src in SITES.items():
        d = os.path.join(work, key)
        shutil.copytree(os.path.join(src, "content"), os.path.join(d, "content"))
        pristine[key] = {f: open(os.path.join(d, f), "rb").read() for f in files_of(d, "content")}
    touched = {"ex": set(), "base": set()}
    logf = open(os.path.join(WORK, f"log{WI}.jsonl"), "w")
    for n in range(N):
        if n % WC != WI:
            continue
        rng = random.Random(SEED * 1_000_003 + n)
        key = rng.choice(["ex", "base"])
        site = os.path.join(work, key)
        out = os.path.join(work, key + "-out")
        # restore what the last mutant of this site changed
        for f in touched[key]:
            p = os.path.join(site, f)
            if f in pristine[key]:
                with open(p, "wb") as fh:
                    fh.write(pristine[key][f])
            elif os.path.exists(p):
                os.remove(p)
        shutil.rmtree(os.path.join(site, "themes"), ignore_errors=True)
        touched[key] = set()
        rc, _, err = run(["build", "--site", site, "--output", out, "--now", NOW])
        if rc != 0:
            findings.append({"n": n, "kind": "restored valid site fails", "rc": rc, "err": err[:2000]})
            shutil.rmtree(os.path.join(site, ".warta-cache"), ignore_errors=True)
            rc, _, err = run(["build", "--site", site, "--output", out, "--now", NOW])
            if rc != 0:
                print("cannot restore", key, err, file=sys.stderr)
                sys.exit(3)
        before_out = tree(out)
        before_cache = tree(os.path.join(site, ".warta-cache"))
        category = rng.choice(CATEGORIES)
        if category == "files":
            changes, what = file_op(rng, site)
            for rel, data in changes:
                p = os.path.join(site, rel)
                touched[key].add(rel)
                if data is None:
                    os.remove(p)
                else:
                    os.makedirs(os.path.dirname(p), exist_ok=True)
                    with open(p, "wb") as fh:
                        fh.write(data)
            new = b""
            counts[category] = counts.get(category, 0) + 1
            rel = changes[0][0]
            rec = {"n": n, "site": key, "cat": category, "file": rel, "what": what}
            expect_valid = False
            problems = check(n, site, out, work, before_out, before_cache, expect_valid, rec)
            rec.pop("berr")
            if problems:
                findings.append(rec)
            logf.write(json.dumps(rec) + "\n")
            continue
        rel = pick(rng, site, category)
        p = os.path.join(site, rel)
        if category in ("template", "i18n"):
            data = open(os.path.join(REPO, rel), "rb").read()
            os.makedirs(os.path.dirname(p), exist_ok=True)
        else:
            data = open(p, "rb").read()
        try:
            new, what = mutate(rng, category, data)
        except Exception as e:  # a mutator that cannot apply (no front matter...)
            new, what = data, f"noop ({e})"
        touched[key].add(rel)
        with open(p, "wb") as fh:
            fh.write(new)
        counts[category] = counts.get(category, 0) + 1
        expect_valid = "(valid)" in what
        rec = {"n": n, "site": key, "cat": category, "file": rel, "what": what}
        problems = check(n, site, out, work, before_out, before_cache, expect_valid, rec)
        berr = rec.pop('berr')
        logf.write(json.dumps(rec) + "\n")
        if problems:
            rec["err"] = berr[:3000]
            md = os.path.join(WORK, "mutants")
            os.makedirs(md, exist_ok=True)
            with open(os.path.join(md, f"{n}-{os.path.basename(rel)}"), "wb") as fh:
                fh.write(new)
            findings.append(rec)
    logf.close()
    with open(os.path.join(WORK, f"findings{WI}.json"), "w") as fh:
        json.dump({"counts": counts, "findings": findings}, fh, indent=1)


main()
