#!/bin/sh
# Installs the Debian packages bdreport needs when they are missing: with apt-get
# when run as root, otherwise prints the exact command and stops.
#   deps.sh build    compile + unit/e2e tests (with the SMTP and PostgreSQL test servers)
#   deps.sh browser  + chromium and node (for the headless-browser page tests)
set -e
pkgs="build-essential pkg-config libcsv-dev libhpdf-dev libcjson-dev libcmocka-dev zlib1g-dev fonts-wqy-zenhei fonts-dejavu-core qpdf poppler-utils libxml2-utils groff-base python3 jq"
# Excel in and out, SQLite, PostgreSQL, SMTP (issue 19); the servers and the
# independent Excel reader/writer are for the tests
pkgs="$pkgs libzip-dev libexpat1-dev libxlsxwriter-dev libsqlite3-dev libpq-dev libcurl4-openssl-dev"
pkgs="$pkgs python3-openpyxl python3-aiosmtpd openssl postgresql"
case "$1" in
browser)
	pkgs="$pkgs chromium"
	# node and npm may come from another packaging (nodesource): only when absent
	command -v node >/dev/null 2>&1 || pkgs="$pkgs nodejs"
	command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm"
	;;
esac
missing=""
for p in $pkgs; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "bdreport: installing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "bdreport: missing Debian packages; run as root:" >&2
	echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
