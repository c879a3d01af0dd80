#!/bin/sh
# Fault corpus: writes to stdout as fast as it can, forever.
exec yes floodfloodfloodfloodfloodfloodfloodfloodfloodflood
