#!/bin/sh
# Fault corpus: leaves two grandchildren that hold none of its pipes (only a stop of the
# whole process group reaches them), then echoes stdin.
sleep 1000 </dev/null >/dev/null 2>&1 &
sh -c 'sleep 1000 & wait' </dev/null >/dev/null 2>&1 &
exec cat
