# Shared by bench/scan.sh and bench/lighthouse.sh (sourced, not run).

# apt_need PACKAGE...: installs the Debian packages given that are not installed yet (apt-get update first).
apt_need() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]} ..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# with_release_build SCRIPT.py [ARGS...]: publishes a Release build into a fresh temporary folder and runs
# SCRIPT.py --app FOLDER/app --work FOLDER ARGS with Debian's Python; the script starts and stops the app itself
# (bench/instance.py). Stopping this shell (Ctrl-C, kill) stops the script, which stops the app; the folder is
# removed at the end unless KEEP=1.
with_release_build() {
  local script=$1 status=0
  shift
  work=$(mktemp -d)
  child=""
  trap '[ -z "$child" ] || { kill -TERM "$child" 2>/dev/null; wait "$child"; }; [ "${KEEP:-}" = 1 ] && echo "Kept $work" || rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM
  /usr/bin/python3 -c 'import sys; sys.path.insert(0, "bench"); import instance; instance.publish(sys.argv[1])' "$work"
  /usr/bin/python3 "$script" --app "$work/app" --work "$work" "$@" &
  child=$!
  wait "$child" || status=$?
  child=""
  return "$status"
}
