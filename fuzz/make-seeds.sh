#!/bin/sh
# Rebuilds fuzz/corpus/<target>/seed-* from the example site and tests/fixtures.
# Run from the repository root: sh fuzz/make-seeds.sh
set -eu
c=fuzz/corpus
mkdir -p $c/frontmatter_split $c/shortcode_parse $c/period_parse $c/indicator_parse $c/diag_locate
name() { echo "$1" | tr '/' '_'; }
for f in content/releases/*/*.md content/pages/*.md tests/fixtures/base/content/releases/*/*.md \
    tests/fixtures/base/content/pages/*.md tests/fixtures/invalid/*/content/releases/*/*.md; do
    [ "$(wc -c < "$f")" -gt 20000 ] && continue
    cp "$f" "$c/frontmatter_split/seed-$(name "$f")"
    cp "$f" "$c/shortcode_parse/seed-$(name "$f")"
done
n=0
for p in 2021 2021-Q2 2021-06 2021-12 2021-Q4 2021-Q5 2021-13 2021-00 9999-Q4 0000 2021-6 +202 2021- -Q1 21 2021-Q 2021-Q0; do
    n=$((n + 1))
    printf '%s' "$p" > "$c/period_parse/seed-$n"
done
printf '2021-06\0id' > $c/period_parse/seed-lang-id
printf '2021-02\0fr-FR' > $c/period_parse/seed-lang-fr
for f in content/indicators/*.toml tests/fixtures/base/content/indicators/*.toml tests/fixtures/invalid/*/content/indicators/*.toml; do
    d=$(dirname "$f")
    csv=$(sed -n 's/^data *= *"\(.*\)".*/\1/p' "$f")
    if [ -n "$csv" ] && [ -f "$d/$csv" ]; then
        { cat "$f"; printf '\0'; cat "$d/$csv"; } > "$c/indicator_parse/seed-$(name "$f")"
    else
        cp "$f" "$c/indicator_parse/seed-$(name "$f")"
    fi
done
for f in tests/fixtures/invalid/csv-*/content/indicators/*.csv; do
    { cat tests/fixtures/base/content/indicators/peserta.toml; printf '\0'; cat "$f"; } > "$c/indicator_parse/seed-$(name "$f")"
done
for f in content/releases/2021/2021-10-01-sinergi-21-asosiasi-industri.md content/indicators/jakarta-grdp-growth.toml; do
    { printf '\100\000'; cat "$f"; } > "$c/diag_locate/seed-$(basename "$f")"
done
printf '\005\000a\r\nb\342\202\254c\n' > $c/diag_locate/seed-crlf-utf8
