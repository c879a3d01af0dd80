#!/usr/bin/python3
# Fault corpus: echoes stdin, then ignores end of input and SIGTERM; only SIGKILL ends it.
import os
import signal
import time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
while True:
    chunk = os.read(0, 65536)
    if not chunk:
        break
    os.write(1, chunk)
while True:
    time.sleep(1000)
