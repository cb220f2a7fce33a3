#!/bin/sh
# Stands in for a VS Code executable in @vscode/test-electron's runTests({ vscodeExecutablePath }):
# runs the same extension-host suite inside code-server (see test/e2e/extension-host.mjs).
exec node "$(dirname "$0")/../e2e/extension-host.mjs" "$@"
