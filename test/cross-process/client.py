#!/usr/bin/env python3
"""A client in another process and language, on the standard library only.

REST with urllib; WebSocket with a minimal RFC 6455 client (socket + base64 + hashlib;
ws:// on loopback, so no TLS). It runs a plan given as JSON (argv[1]) and prints what it
got as JSON:

  {"rest": [{"url": "http://127.0.0.1:PORT/api/v3/klines?..."}],
   "ws": {"url": "ws://127.0.0.1:PORT/ws/btcusdt@kline_1m", "send": ["..."],
          "until": "\\"x\\":true", "max_frames": 500, "timeout": 10}}
"""
import base64
import hashlib
import json
import os
import socket
import struct
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocket:
    def __init__(self, url, timeout):
        parts = urlsplit(url)
        if parts.scheme != "ws":
            raise ValueError("only ws:// URLs: " + url)
        self.sock = socket.create_connection((parts.hostname, parts.port or 80), timeout=timeout)
        self.buffer = b""
        self.pings = 0
        key = base64.b64encode(os.urandom(16)).decode()
        target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        self.sock.sendall(
            f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if lines[0].split(" ")[1] != "101":
            raise ConnectionError("upgrade refused: " + lines[0])
        headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise ConnectionError("bad Sec-WebSocket-Accept")

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed")
        self.buffer += chunk

    def _read(self, n):
        while len(self.buffer) < n:
            self._fill()
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def send(self, payload, opcode=0x1):
        data = payload.encode() if isinstance(payload, str) else payload
        n = len(data)
        header = bytes([0x80 | opcode])
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)  # a client masks every frame
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def receive(self):
        """The next message as ('text' | 'binary', bytes) or ('close', code); answers pings."""
        message, kind = b"", None
        while True:
            first, second = self._read(2)
            fin, opcode, length = first & 0x80, first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            if second & 0x80:
                raise ConnectionError("a server frame must not be masked")
            payload = self._read(length)
            if opcode == 0x9:  # ping: answer with the same payload
                self.pings += 1
                self.send(payload, 0xA)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                try:
                    self.send(struct.pack("!H", code), 0x8)
                except OSError:
                    pass
                return "close", code
            if opcode in (0x1, 0x2):
                kind, message = ("text" if opcode == 0x1 else "binary"), payload
            else:  # continuation
                message += payload
            if fin:
                return kind, message

    def close(self, code=1000):
        try:
            self.send(struct.pack("!H", code), 0x8)
            while self.receive()[0] != "close":
                pass
        except (OSError, ConnectionError):
            pass
        self.sock.close()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return {"status": response.status, "headers": dict(response.headers), "body": response.read().decode()}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "headers": dict(error.headers), "body": error.read().decode()}


def stream(plan):
    deadline = time.monotonic() + plan.get("timeout", 10)
    ws = WebSocket(plan["url"], timeout=plan.get("timeout", 10))
    for frame in plan.get("send", []):
        ws.send(frame)
    frames, closed = [], None
    while len(frames) < plan.get("max_frames", 500) and time.monotonic() < deadline:
        kind, data = ws.receive()
        if kind == "close":
            closed = data
            break
        text = data.decode() if kind == "text" else base64.b64encode(data).decode()
        frames.append(text)
        if plan.get("until") and plan["until"] in text:
            break
    if closed is None:
        ws.close()
    return {"frames": frames, "pings": ws.pings, "closed": closed}


def main():
    plan = json.loads(sys.argv[1])
    result = {"rest": [get(request["url"]) for request in plan.get("rest", [])]}
    if "ws" in plan:
        result["ws"] = stream(plan["ws"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
