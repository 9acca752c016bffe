#!/usr/bin/env bash
# The project's test command (README): everything the tests need, then the tests.
# The tests need the Rust toolchain, headless Chromium with ChromeDriver (web
# end-to-end tests), axe-core from npm (accessibility scans) and PostgreSQL on
# 127.0.0.1:5432 with a database `test`, and LibreOffice Writer (soffice) with
# poppler's pdftotext to read Word and PDF output back. Missing parts are installed when we
# are root on Debian; otherwise the script says exactly what is missing.
# When everything is present it changes nothing and costs well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
    echo "$*" >&2
    exit 1
}

if ! command -v cargo >/dev/null; then
    die "cargo saknas: installera Rust (rustup) först / cargo is missing: install Rust first"
fi

# Shared reference data (../shared) holds the real SIE sample files some tests read.
if [ ! -d ../shared/data ] && [ ! -d /work/shared/data ]; then
    die "../shared/data saknas: testerna läser SIE-exempelfiler därifrån / ../shared/data is missing"
fi

can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; }

apt_log="${TMPDIR:-/tmp}/upphandla-test-apt.log"
apt_updated=""
# apt_install PKG...: quiet install with a log; only runs when something is missing,
# so a complete machine never pays for `apt-get update`.
apt_install() {
    echo "Installerar / installing: $* (logg / log: $apt_log)" >&2
    if [ -z "$apt_updated" ]; then
        if ! apt-get update >>"$apt_log" 2>&1; then
            tail -n 30 "$apt_log" >&2
            die "apt-get update misslyckades / apt-get update failed (se / see $apt_log)"
        fi
        apt_updated=1
    fi
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$apt_log" 2>&1; then
        tail -n 30 "$apt_log" >&2
        die "apt-get install $* misslyckades / failed (se / see $apt_log)"
    fi
}

# (a) Headless Chromium and ChromeDriver for the browser tests (crates/testkit).
chromium="${CHROMIUM:-/usr/bin/chromium}"
chromedriver="${CHROMEDRIVER:-/usr/bin/chromedriver}"
missing=()
[ -x "$chromium" ] || missing+=("chromium ($chromium)")
[ -x "$chromedriver" ] || missing+=("chromium-driver ($chromedriver)")
if [ ${#missing[@]} -gt 0 ]; then
    if can_apt && [ -z "${CHROMIUM:-}${CHROMEDRIVER:-}" ]; then
        apt_install chromium chromium-driver
    else
        die "saknas / missing: ${missing[*]}. Installera som root / install as root: apt-get install chromium chromium-driver (eller sätt / or set CHROMIUM och / and CHROMEDRIVER)"
    fi
fi

# (b) axe-core for the accessibility scans, pinned in e2e/package-lock.json.
if [ ! -f e2e/node_modules/axe-core/axe.min.js ]; then
    if ! command -v npm >/dev/null; then
        die "npm (Node.js) saknas: behövs för axe-core / npm (Node.js) is missing: needed for axe-core (apt-get install npm)"
    fi
    npm_log="${TMPDIR:-/tmp}/upphandla-test-npm.log"
    if ! npm ci --prefix e2e --no-audit --no-fund >"$npm_log" 2>&1; then
        tail -n 30 "$npm_log" >&2
        die "npm ci --prefix e2e misslyckades / failed (se / see $npm_log)"
    fi
fi

# (c) PostgreSQL on 127.0.0.1:5432 with database `test`, unless the user points
# the tests elsewhere with UPPHANDLA_TEST_PG.
pg_up() {
    if command -v pg_isready >/dev/null; then
        pg_isready -q -h 127.0.0.1 -p 5432
    else
        (: </dev/tcp/127.0.0.1/5432) 2>/dev/null
    fi
}
pg_cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }
# Tests connect as postgres without a password; a fresh Debian cluster asks for
# one on 127.0.0.1, so put a trust rule for loopback first (first match wins).
pg_trust_loopback() {
    local version hba marker="# upphandla tests (scripts/test.sh)"
    version="$(pg_cluster_version)"
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    if [ -n "$version" ] && [ -w "$hba" ] && ! grep -qF "$marker" "$hba"; then
        sed -i "1i host all all 127.0.0.1/32 trust  $marker" "$hba"
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
}
if [ -z "${UPPHANDLA_TEST_PG:-}" ]; then
    if ! pg_up; then
        if ! command -v pg_ctlcluster >/dev/null || [ -z "$(pg_cluster_version)" ]; then
            if can_apt; then
                apt_install postgresql
            else
                die "PostgreSQL saknas och körs inte på 127.0.0.1:5432 / PostgreSQL is missing and not running on 127.0.0.1:5432. Installera som root / install as root: apt-get install postgresql (eller sätt / or set UPPHANDLA_TEST_PG=postgres://…)"
            fi
        fi
        version="$(pg_cluster_version)"
        [ -n "$version" ] || die "inget PostgreSQL-kluster i /etc/postgresql / no PostgreSQL cluster in /etc/postgresql"
        # A fresh install may have started the cluster already.
        pg_up || pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
            die "kunde inte starta PostgreSQL $version / could not start PostgreSQL $version (pg_ctlcluster; kör som root / run as root)"
        for _ in $(seq 1 60); do
            pg_up && break
            sleep 0.5
        done
        pg_up || die "PostgreSQL $version svarar inte på 127.0.0.1:5432 / is not answering on 127.0.0.1:5432"
    fi
    if ! command -v psql >/dev/null; then
        if can_apt; then
            apt_install postgresql-client
        else
            die "psql saknas / psql is missing (apt-get install postgresql-client)"
        fi
    fi
    psql_q() { psql -h 127.0.0.1 -p 5432 -U postgres -w -XtAq "$@"; }
    if ! psql_q -d postgres -c 'select 1' >/dev/null 2>&1; then
        [ "$(id -u)" -eq 0 ] && pg_trust_loopback
        psql_q -d postgres -c 'select 1' >/dev/null ||
            die "kan inte logga in som postgres på 127.0.0.1:5432 utan lösenord / cannot sign in as postgres on 127.0.0.1:5432 without a password (pg_hba.conf: host all all 127.0.0.1/32 trust, eller sätt / or set UPPHANDLA_TEST_PG)"
    fi
    if [ "$(psql_q -d postgres -c "select 1 from pg_database where datname='test'")" != 1 ]; then
        createdb -h 127.0.0.1 -p 5432 -U postgres -w test
    fi
    export UPPHANDLA_TEST_PG="postgres://postgres@127.0.0.1:5432/test"
fi

# (d) LibreOffice (soffice) and poppler's pdftotext: crates/formats/tests/office_files.rs
# reads the Word and PDF documents back with them (about 86 MB to download, 264 MB
# installed, under a minute).
office=()
command -v soffice >/dev/null || office+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || office+=(poppler-utils)
if [ ${#office[@]} -gt 0 ]; then
    if can_apt; then
        apt_install "${office[@]}"
    else
        die "saknas / missing: ${office[*]} (soffice, pdftotext). Installera som root / install as root: apt-get install --no-install-recommends ${office[*]}"
    fi
fi

# `-p crate` narrows the run: cargo ignores -p next to --workspace.
for arg in "$@"; do
    case "$arg" in
    -p | -p* | --package | --package=*) exec cargo test --locked "$@" ;;
    --) break ;;
    esac
done
cargo test --workspace --locked "$@"
