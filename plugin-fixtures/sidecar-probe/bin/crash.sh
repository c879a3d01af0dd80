#!/bin/sh
# Fault corpus: dies of SIGSEGV at once, before reading anything.
echo "crashing on purpose" >&2
kill -SEGV $$
