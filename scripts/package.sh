#!/usr/bin/env bash
# Builds ActorChat's release artifacts into ./artifacts (or $ARTIFACTS):
#   artifacts/linux-x64/actorchat-server   the server, one self-contained executable (no .NET needed)
#   artifacts/linux-x64/actorchat          the console client, the same
#   artifacts/ActorChat.Server.X.Y.Z.nupkg the server as a .NET tool (needs the .NET 10 runtime with ASP.NET Core):
#       dotnet tool install --tool-path DIR --add-source ./artifacts ActorChat.Server
#
# Usage: scripts/package.sh [server] [client] [tool]   (none: all three)
# RID=linux-arm64 (or another runtime identifier) publishes the executables for another platform.
# The version is Directory.Build.props's <Version>.
set -euo pipefail
cd "$(dirname "$0")/.."

rid="${RID:-linux-x64}"
artifacts="${ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$artifacts"
artifacts="$(cd "$artifacts" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

what=("$@")
[ ${#what[@]} -eq 0 ] && what=(server client tool)

for part in "${what[@]}"; do
  case "$part" in
    server)
      # A RuntimeIdentifier turns on SelfContained, PublishSingleFile and
      # IncludeNativeLibrariesForSelfExtract (src/ActorChat.Server/ActorChat.Server.csproj).
      dotnet publish src/ActorChat.Server -c Release -r "$rid" -o "$artifacts/$rid"
      ;;
    client)
      dotnet publish src/ActorChat.Client -c Release -r "$rid" -o "$artifacts/$rid"
      ;;
    tool)
      # No RuntimeIdentifier: a framework-dependent .NET tool (PackAsTool, command actorchat-server).
      dotnet pack src/ActorChat.Server -c Release -o "$artifacts"
      ;;
    *)
      echo "package.sh: unknown part '$part' (server, client or tool)" >&2
      exit 2
      ;;
  esac
done

echo "package.sh: artifacts in $artifacts:"
ls -l "$artifacts" "$artifacts/$rid" 2>/dev/null || true
