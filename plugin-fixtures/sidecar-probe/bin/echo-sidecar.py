#!/usr/bin/python3
# The probe's sidecar: echoes the data channel (a socket named in FUGUE_DATA, or stdin and
# stdout under the stdio fallback) until the host closes it, then exits 0.
import os
import socket
import sys

address = os.environ.get("FUGUE_DATA", "stdio")
if address == "stdio":
    while True:
        chunk = os.read(0, 65536)
        if not chunk:
            sys.exit(0)
        os.write(1, chunk)

kind, _, where = address.partition(":")
if kind == "unix":
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(where)
else:
    host, _, port = where.rpartition(":")
    conn = socket.create_connection((host, int(port)))
conn.sendall((os.environ["FUGUE_CHANNEL_TOKEN"] + "\n").encode())
while True:
    chunk = conn.recv(65536)
    if not chunk:
        break
    conn.sendall(chunk)
conn.close()
