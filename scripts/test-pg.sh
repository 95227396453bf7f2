#!/usr/bin/env bash
# npm run test:pg [-- <vitest filters>]: the whole suite on a throwaway PostgreSQL 15 cluster.
# scripts/pg-cluster.ts installs Debian's postgresql package when /usr/lib/postgresql/15/bin/initdb
# is missing, runs the server as the `postgres` OS user (PostgreSQL refuses root; CI is root) in
# a temp dir on a free port, passes its URL as PG_TEST_URL, and removes it on exit or failure.
# test/pg-global-setup.ts then builds the migrated template each test database is copied from.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/pg-cluster.ts run -- env TEST_DIALECT=postgres npx vitest run "$@"
