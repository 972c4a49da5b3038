#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""netprobe.py - small traffic tools for the firewall test bed.

  serve ADDR PORT NBYTES     TCP server: to every client, "peer IP\\n" and
                             NBYTES bytes, then close (runs until killed)
  fetch HOST PORT SECONDS    connect, read to the end; prints
                             "peer=IP bytes=N" and exits 0, or prints why
                             and exits 2 (refused), 3 ("timed out
                             connecting": no answer to the SYN; "timed out
                             after N bytes": connected, then stalled), 4
                             (other)
  listen-udp ADDR PORT FILE  append the source address of every datagram to
                             FILE (runs until killed)
  send-udp SRC DST PORT      one datagram from SRC to DST
"""
import errno
import socket
import sys
import time


def serve(addr, port, nbytes):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(16)
    chunk = b"x" * 65536
    while True:
        conn, peer = srv.accept()
        try:
            conn.sendall(("peer %s\n" % peer[0]).encode())
            left = nbytes
            while left > 0:
                n = conn.send(chunk[:min(left, len(chunk))])
                left -= n
        except OSError:
            pass
        finally:
            conn.close()


def fetch(host, port, seconds):
    deadline = time.monotonic() + seconds
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(seconds)
    data = b""
    try:
        try:
            s.connect((host, port))
        except socket.timeout:
            # no answer to the SYN: nothing got through
            print("timed out connecting")
            return 3
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout()
            s.settimeout(left)
            got = s.recv(65536)
            if not got:
                break
            data += got
    except ConnectionRefusedError:
        print("refused")
        return 2
    except socket.timeout:
        print("timed out after %d bytes" % len(data))
        return 3
    except OSError as e:
        print("error: %s" % errno.errorcode.get(e.errno, e))
        return 4
    finally:
        s.close()
    line, _, rest = data.partition(b"\n")
    print("%s bytes=%d" % (line.decode().replace("peer ", "peer="),
                           len(rest)))
    return 0


def listen_udp(addr, port, path):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        _, peer = s.recvfrom(2048)
        with open(path, "a") as f:
            f.write(peer[0] + "\n")


def send_udp(src, dst, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((src, 0))
    s.sendto(b"spoofed", (dst, port))
    return 0


def main(argv):
    if len(argv) == 4 and argv[0] == "serve":
        serve(argv[1], int(argv[2]), int(argv[3]))
    elif len(argv) == 4 and argv[0] == "fetch":
        return fetch(argv[1], int(argv[2]), float(argv[3]))
    elif len(argv) == 4 and argv[0] == "listen-udp":
        listen_udp(argv[1], int(argv[2]), argv[3])
    elif len(argv) == 4 and argv[0] == "send-udp":
        return send_udp(argv[1], argv[2], int(argv[3]))
    else:
        sys.stderr.write(__doc__)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
