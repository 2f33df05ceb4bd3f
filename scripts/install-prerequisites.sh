#!/usr/bin/env bash
# Installs what the platform and its tests need on a fresh Debian machine of this kind:
# PostgreSQL server binaries (the private cluster), poppler-utils (pdftotext: PDF text for knowledge
# bases) and moto_server (the S3 peer in tests).
set -euo pipefail

have_postgres() { ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1; }

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing $*: install with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! have_postgres; then
  echo "Installing PostgreSQL server binaries..."
  apt_install postgresql
fi

if ! command -v pdftotext >/dev/null 2>&1; then
  echo "Installing poppler-utils (pdftotext, for PDF documents in knowledge bases)..."
  apt_install poppler-utils
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2
  exit 1
fi

# moto_server is the S3 peer of the blob-store tests (the machine image ships it with Python 3).
if [ "${1:-}" = "--tests" ]; then
  if ! command -v moto_server >/dev/null 2>&1 && [ ! -x "$HOME/.pyenv/shims/moto_server" ] && [ -z "${MOTO_SERVER:-}" ]; then
    echo "Installing moto (S3 peer for tests)..."
    python3 -m pip install --quiet 'moto[server]' || {
      echo "moto_server is missing and could not be installed: pip install 'moto[server]'" >&2
      exit 1
    }
  fi
fi
