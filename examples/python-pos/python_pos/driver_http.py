"""The driver contract (contracts/pos-driver.openapi.yaml) on http.server: how the suite plays cashier."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Optional, Tuple
from urllib.parse import parse_qs, urlparse

from . import NAME, VERSION

CONTRACT_VERSION = "0.1.0"
TYPED_MONEY = re.compile(r"^-?\d{1,9}(\.\d{1,3})?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
PRINTER_STATES = ("Available", "PaperLow", "PaperEmpty", "Unavailable")
JOURNAL_KEYS = ("requestId", "requestType", "amount", "currency", "result", "startedAtMs", "finishedAtMs", "shiftNumber",
                "terminalId", "stan", "approvalCode", "cardCircuit", "maskedPan", "reason", "terminalRecord")
OUTCOME_KEYS = ("status", "amount", "currency", "requestId", "approvalCode", "cardCircuit", "maskedPan", "stan", "reason")
MAX_BODY = 64 * 1024


class HttpProblem(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code = status, code


class Operations:
    """Long actions run on their own thread; one at a time, except a restart, which can come at any moment."""

    def __init__(self) -> None:
        self.all: Dict[str, Dict[str, Any]] = {}
        self.changed = threading.Condition()
        self.counter = 0
        self.running: Optional[str] = None

    def start(self, kind: str, work: Callable[[], Optional[Dict[str, Any]]], exclusive: bool = True) -> Dict[str, Any]:
        with self.changed:
            if exclusive and self.running is not None:
                raise HttpProblem(409, "busy", f"operation {self.running} is still running")
            self.counter += 1
            operation = {"id": f"op-{self.counter}", "kind": kind, "state": "running", "startedAtMs": int(time.time() * 1000)}
            self.all[operation["id"]] = operation
            if exclusive:
                self.running = operation["id"]
        threading.Thread(target=self._run, args=(operation, work, exclusive), daemon=True).start()
        return dict(operation)

    def _run(self, operation: Dict[str, Any], work: Callable[[], Optional[Dict[str, Any]]], exclusive: bool) -> None:
        try:
            outcome = work()
            result = {"outcome": {k: outcome[k] for k in OUTCOME_KEYS if outcome.get(k) is not None}} if outcome else {}
        except Exception as error:  # the register itself failed: said in the operation, never a crash
            result = {"error": f"{type(error).__name__}: {error}"}
        with self.changed:
            operation.update(result, state="concluded")
            if exclusive and self.running == operation["id"]:
                self.running = None
            self.changed.notify_all()

    def abandon_running(self) -> None:
        """After a power loss nobody waits for what was running."""
        with self.changed:
            self.running = None

    def get(self, operation_id: str, wait_ms: int) -> Dict[str, Any]:
        deadline = time.monotonic() + wait_ms / 1000
        with self.changed:
            operation = self.all.get(operation_id)
            if operation is None:
                raise HttpProblem(404, "not-found", f"no operation {operation_id}")
            while operation["state"] == "running" and time.monotonic() < deadline:
                self.changed.wait(deadline - time.monotonic())
            return dict(operation)


def amount_of(body: Dict[str, Any]) -> Tuple[str, str]:
    amount, currency = body.get("amount"), body.get("currency")
    if not isinstance(amount, str) or not TYPED_MONEY.match(amount):
        raise HttpProblem(400, "bad-request", 'amount must be a decimal string such as "10.00"')
    if not isinstance(currency, str) or not CURRENCY.match(currency):
        raise HttpProblem(400, "bad-request", 'currency must be an ISO 4217 code such as "EUR"')
    return amount, currency


def only_keys(body: Dict[str, Any], allowed: Tuple[str, ...]) -> None:
    extra = [k for k in body if k not in allowed]
    if extra:
        raise HttpProblem(400, "bad-request", f"unexpected field {extra[0]}")


class DriverServer:
    def __init__(self, address: Tuple[str, int], pos: Any):
        self.pos = pos
        self.operations = Operations()
        driver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                driver.respond(self, "GET")

            def do_POST(self) -> None:
                driver.respond(self, "POST")

            def do_PUT(self) -> None:
                driver.respond(self, "PUT")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(address, Handler)
        self.http.daemon_threads = True

    @property
    def port(self) -> int:
        return self.http.server_address[1]

    def start(self) -> None:
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def respond(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        try:
            url = urlparse(handler.path)
            body = self.read_body(handler) if method in ("POST", "PUT") else {}
            status, answer = self.route(method, url.path, parse_qs(url.query), body)
        except HttpProblem as problem:
            status, answer = problem.status, {"error": {"code": problem.code, "message": str(problem)}}
        except Exception as error:  # no request may take the register down
            status, answer = 500, {"error": {"code": "internal", "message": f"{type(error).__name__}: {error}"}}
        payload = json.dumps(answer).encode("utf-8")
        try:
            handler.send_response(status)
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
        except OSError:
            pass

    @staticmethod
    def read_body(handler: BaseHTTPRequestHandler) -> Dict[str, Any]:
        declared = handler.headers.get("content-length") or "0"
        if not declared.isdigit():
            raise HttpProblem(400, "bad-request", f"content-length {declared!r} is not a number of bytes")
        length = int(declared)
        if length > MAX_BODY:
            raise HttpProblem(400, "bad-request", f"a body of {length} bytes is too large")
        raw = handler.rfile.read(length) if length else b""
        if not raw:
            return {}
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise HttpProblem(400, "bad-request", f"the body is not JSON: {error}") from error
        if not isinstance(body, dict):
            raise HttpProblem(400, "bad-request", "the body must be a JSON object")
        return body

    def route(self, method: str, path: str, query: Dict[str, Any], body: Dict[str, Any]) -> Tuple[int, Any]:
        pos, ops = self.pos, self.operations
        register = pos.register
        if (method, path) == ("GET", "/version"):
            return 200, {"contract": "ccv-pos-driver", "version": CONTRACT_VERSION, "parts": ["attended", "peripherals"],
                         "pos": {"name": NAME + (f" (fault: {pos.fault})" if pos.fault else ""), "version": VERSION}}
        if (method, path) == ("GET", "/attended/state"):
            state = register.state()
            if ops.running:
                state["runningOperation"] = ops.running
            return 200, state
        if (method, path) == ("POST", "/attended/sales"):
            only_keys(body, ("amount", "currency"))
            amount, currency = amount_of(body)
            if ops.running:
                raise HttpProblem(409, "busy", f"operation {ops.running} is still running")
            register.open_sale(amount)
            return 200, register.state()
        if (method, path) == ("POST", "/attended/card-payments"):
            only_keys(body, ("amount", "currency", "part"))
            amount, currency = amount_of(body)
            part = body.get("part", False)
            if not isinstance(part, bool):
                raise HttpProblem(400, "bad-request", "part must be true or false")
            return 202, ops.start("card-payment", lambda: pos.register.pay(amount, currency, part))
        if (method, path) == ("POST", "/attended/refunds"):
            only_keys(body, ("amount", "currency"))
            amount, currency = amount_of(body)
            return 202, ops.start("refund", lambda: pos.register.refund(amount, currency))
        if (method, path) == ("POST", "/attended/reversals"):
            only_keys(body, ("stan",))
            stan = body.get("stan")
            if stan is not None and (not isinstance(stan, str) or not re.match(r"^\d{1,12}$", stan)):
                raise HttpProblem(400, "bad-request", "stan must be the trace number's digits")
            return 202, ops.start("reversal", lambda: pos.register.reverse(stan))
        if (method, path) == ("POST", "/attended/abort"):
            register.press_abort()
            return 200, {"pressed": True}
        if (method, path) == ("POST", "/attended/period-closing"):
            return 202, ops.start("period-closing", lambda: pos.register.close_period())
        if (method, path) == ("POST", "/attended/reprint"):
            return 202, ops.start("reprint", lambda: pos.register.reprint())
        if (method, path) == ("POST", "/attended/check-last-transaction"):
            return 202, ops.start("check-last-transaction", lambda: pos.register.check_last_transaction())
        if (method, path) == ("POST", "/attended/restart"):
            ops.abandon_running()
            return 202, ops.start("restart", pos.restart, exclusive=False)
        if (method, path) == ("GET", "/attended/display"):
            with pos.peripherals.lock:
                return 200, {"messages": list(pos.peripherals.display)}
        if (method, path) == ("GET", "/attended/printouts"):
            with pos.peripherals.lock:
                return 200, {"printouts": list(pos.peripherals.printouts)}
        if (method, path) == ("GET", "/attended/journal"):
            return 200, {"entries": [{k: e[k] for k in JOURNAL_KEYS if e.get(k) is not None} for e in register.journal.snapshot()]}
        if path.startswith("/operations/") and method == "GET":
            wait = (query.get("waitMs") or ["0"])[0]
            if not re.match(r"^\d{1,5}$", wait) or int(wait) > 60000:
                raise HttpProblem(400, "bad-request", "waitMs must be a whole number from 0 to 60000")
            return 200, ops.get(path[len("/operations/"):], int(wait))
        if path.startswith("/peripherals/printers/") and method == "PUT":
            return 200, self.set_printer(path.rsplit("/", 1)[-1], body)
        raise HttpProblem(404, "not-found", f"no endpoint {method} {path} in the driver contract {CONTRACT_VERSION}")

    def set_printer(self, name: str, body: Dict[str, Any]) -> Dict[str, Any]:
        printer = self.pos.peripherals.printers.get(name)
        if printer is None:
            raise HttpProblem(404, "not-found", f"no printer {name}; there are receipt and journal")
        only_keys(body, ("state", "jamOnNextTicket"))
        state = body.get("state")
        if state is not None and state not in PRINTER_STATES:
            raise HttpProblem(400, "bad-request", f"state must be one of {', '.join(PRINTER_STATES)}")
        jam = body.get("jamOnNextTicket")
        if jam is not None and not isinstance(jam, bool):
            raise HttpProblem(400, "bad-request", "jamOnNextTicket must be true or false")
        if state is not None:
            printer.state = state
        if jam:
            printer.jam_next = True
        return {"state": printer.state, "jamOnNextTicket": printer.jam_next}
