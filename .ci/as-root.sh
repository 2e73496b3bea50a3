# Helpers for the set-up scripts (sourced): run a command as root, or as the 'postgres' user,
# directly when this shell is root and through sudo otherwise.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
as_postgres() { # as_postgres 'shell command'
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi
}
