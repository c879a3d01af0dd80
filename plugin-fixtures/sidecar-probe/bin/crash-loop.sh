#!/bin/sh
# Fault corpus: exits with code 3 at every start (declared restart: on-failure).
echo "crash-loop run $$" >&2
exit 3
