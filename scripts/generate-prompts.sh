#!/usr/bin/env bash
# Records placeholder IVR prompts for every shipped language with espeak-ng and sox, in the layout and format Asterisk plays:
#   <out>/<language>/smscallback/<name>.wav   (WAV, 8 kHz, mono, 16-bit)
# Install them with: cp -r <out>/* <astdatadir>/sounds/   (Debian: /usr/share/asterisk/sounds, source builds: /var/lib/asterisk/sounds)
# The texts are in src/Application/Ivr/Prompts/<language>.txt ("name = text" per line); replace any file by a real recording
# of the same name later. Usage: scripts/generate-prompts.sh [out-dir] [language...]   (default: ./prompts, every language)
# Needs: espeak-ng, sox (Debian packages of the same names). ESPEAK_VOICE_<language>=voice picks another espeak-ng voice.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
texts="$here/src/Application/Ivr/Prompts"
out="${1:-prompts}"
shift || true
for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "generate-prompts: $tool is missing (apt-get install espeak-ng sox)" >&2; exit 2; }
done
languages=("$@")
if [ ${#languages[@]} -eq 0 ]; then
  for f in "$texts"/*.txt; do languages+=("$(basename "$f" .txt)"); done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for lang in "${languages[@]}"; do
  file="$texts/$lang.txt"
  [ -f "$file" ] || { echo "generate-prompts: no prompt texts for '$lang' ($file)" >&2; exit 2; }
  voice_var="ESPEAK_VOICE_${lang//-/_}"
  voice="${!voice_var:-$lang}"
  count=0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    name="${line%% = *}"
    text="${line#* = }"
    if [ "$name" = "$line" ] || [ -z "$text" ] || [[ ! "$name" =~ ^[a-z0-9/_-]+$ ]] || [[ "$name" == *..* ]]; then
      echo "generate-prompts: $file: not a 'name = text' line: $line" >&2; exit 2
    fi
    target="$out/$lang/smscallback/$name.wav"
    mkdir -p "$(dirname "$target")"
    espeak-ng -v "$voice" -s 150 -w "$tmp/raw.wav" -- "$text"
    sox -q "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$target"
    count=$((count + 1))
  done < "$file"
  echo "$lang: $count prompts in $out/$lang/smscallback"
done
