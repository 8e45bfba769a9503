#!/usr/bin/env bash
# One editor for tests/load/two-nodes.sh: signs in through the proxy, then until the stop file appears records an
# assessment of the same deficiency again and again, each with a reason of its own, through the real form (GET for
# the antiforgery token and the item's version, then POST). Every answer is logged as "<status> <reason>":
# 302 = saved, 409 = someone saved in between (expected: nothing written), anything else = an error.
#   editor.sh BASE_URL EMAIL PASSWORD NAME CODE LOG STOP_FILE
set -uo pipefail
base="$1" email="$2" password="$3" name="$4" code="$5" log="$6" stop="$7"
jar="$(mktemp /tmp/ct-editor.XXXXXX)"
trap 'rm -f "$jar"' EXIT

field() { # html name -> the value of the hidden input with that name
  grep -o "<input[^>]*name=\"$2\"[^>]*>" <<<"$1" | head -n 1 | sed -n 's/.*value="\([^"]*\)".*/\1/p'
}

page="$(curl -s -c "$jar" -b "$jar" --max-time 30 "$base/account/login")"
token="$(field "$page" __RequestVerificationToken)"
code_in="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --max-time 30 "$base/account/login" \
  --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$password")"
[ "$code_in" = 302 ] || { echo "$code_in sign-in" >>"$log"; exit 1; }

i=0
while [ ! -e "$stop" ]; do
  i=$((i + 1))
  reason="load-save $name #$i"
  page="$(curl -s -c "$jar" -b "$jar" --max-time 30 "$base/deficiencies/$code/assess")"
  token="$(field "$page" __RequestVerificationToken)"
  version="$(field "$page" Input.Version)"
  if [ -z "$token" ] || [ -z "$version" ]; then
    echo "000 $reason (the form did not load)" >>"$log"
    continue
  fi
  # Alternate between two statuses, so each save is a change.
  if ((i % 2)); then assessment="union:partly-corrected"; else assessment="union:not-corrected"; fi
  status="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --max-time 30 "$base/deficiencies/$code/assess" \
    --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.Version=$version" \
    --data-urlencode "Input.Assessment=$assessment" \
    --data-urlencode "Input.EffectiveOn=2026-11-20" \
    --data-urlencode "Input.Reason=$reason" \
    --data-urlencode "Input.Confidence=reported" \
    --data-urlencode "Input.Source.Title=Union bulletin" \
    --data-urlencode "Input.Source.Publisher=NUHW" \
    --data-urlencode "Input.Source.Url=https://example.org/load-bulletin" \
    --data-urlencode "Input.Source.PublishedOn=2026-11-20" \
    --data-urlencode "Input.Source.Kind=union-release")"
  echo "$status $reason" >>"$log"
done
