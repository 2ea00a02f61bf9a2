"""Channel 0: the register's requests to the terminal, one connection per request."""

import socket
import threading
from typing import Optional, Set, Tuple

from . import opi


class TerminalUnreachable(Exception):
    """Nothing was sent: the terminal could not be reached."""


class ResultLost(Exception):
    """The request was sent but its answer never came: the payment may have happened."""


class NoAnswer(ResultLost):
    """The terminal took the request and stayed silent for the whole response timeout."""


class TerminalLink:
    def __init__(self, address: Tuple[str, int], connect_timeout: float = 5.0, response_timeout: float = 330.0):
        self.address = address
        self.connect_timeout = connect_timeout
        self.response_timeout = response_timeout
        self._open: Set[socket.socket] = set()
        self._lock = threading.Lock()
        self._cut = False

    def ask(self, payload: bytes, request_id: str, timeout: Optional[float] = None) -> opi.Message:
        """Sends one request and waits for the answer with the same RequestID (the response timeout unless given)."""
        waits = self.response_timeout if timeout is None else timeout
        try:
            sock = socket.create_connection(self.address, timeout=self.connect_timeout)
        except OSError as error:
            raise TerminalUnreachable(f"the terminal at {self.address[0]}:{self.address[1]} cannot be reached: {error}") from error
        with self._lock:
            if self._cut:
                sock.close()
                raise TerminalUnreachable("the register has no power")
            self._open.add(sock)
        try:
            sock.settimeout(waits)
            try:
                sock.sendall(opi.frame(payload))
            except OSError as error:
                raise ResultLost(f"the request may not have arrived: {error}") from error
            while True:
                try:
                    answer = opi.decode(opi.read_frame(sock))
                except socket.timeout as error:
                    raise NoAnswer(f"no answer within {waits:g} s") from error
                except (OSError, opi.OpiError) as error:
                    raise ResultLost(f"the link broke before the answer came: {error}") from error
                if answer.request_id == request_id and answer.root.endswith("Response"):
                    return answer
        finally:
            with self._lock:
                self._open.discard(sock)
            sock.close()

    def cut(self) -> None:
        """Power loss: every open connection dies and nothing more is sent."""
        with self._lock:
            self._cut = True
            for sock in self._open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._open.clear()
