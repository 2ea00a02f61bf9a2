"""Channel 1: the register listens; the terminal connects and sends what to show, print and journal."""

import socket
import socketserver
import sys
import threading
from typing import Callable, Tuple

from . import opi


class DeviceChannel:
    """Answers every DeviceRequest through `handle`; a bad frame closes that connection only."""

    def __init__(self, address: Tuple[str, int], handle: Callable[[opi.Message], bytes]):
        channel = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                channel.serve(self.request)

        self.handle = handle
        self.server = socketserver.ThreadingTCPServer(address, Handler, bind_and_activate=False)
        self.server.daemon_threads = True
        self.server.allow_reuse_address = True
        self.server.server_bind()
        self.server.server_activate()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def start(self) -> None:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def serve(self, sock: socket.socket) -> None:
        while True:
            try:
                message = opi.decode(opi.read_frame(sock))
            except (OSError, opi.OpiError):
                return
            if message.root != "DeviceRequest":
                continue
            try:
                answer = self.handle(message)
            except Exception as error:  # a request we cannot carry out is answered, never the end of the register
                print(f"python-pos: device request {message.request_id} failed: {error}", file=sys.stderr, flush=True)
                answer = opi.device_response(message, "Failure", [])
            try:
                sock.sendall(opi.frame(answer))
            except OSError:
                return

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
