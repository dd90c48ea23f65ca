#!/bin/bash
# A/B of the TCP message path and of idle logins across issue 13 (accounts): before (34eb172, main
# before issue 13, built in /tmp/before13: git worktree add /tmp/before13 34eb172 && dotnet build
# -c Release /tmp/before13/src/ActorChat.Server) and after (HEAD, dotnet build -c Release),
# interleaved: the scenarios of scripts/bench-ab-issue12.sh, once each by default.
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/ab-issue13} BEFORE_DIR=/tmp/before13 ROUNDS=${ROUNDS:-1} exec bash scripts/bench-ab-issue12.sh
