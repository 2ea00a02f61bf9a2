"""The register: sale, card payment, abort, recovery of a lost result, journal, display and printers."""

import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Dict, List, Optional

from . import opi
from .journal import Journal
from .terminal_link import NoAnswer, ResultLost, TerminalLink, TerminalUnreachable

FAULTS = ("book-lost-as-declined", "abort-per-keypress")
MAX_AMOUNT_CENTS = 9_999_999
# Recovery asks every 8 s, five times: it outlasts a cable pulled for 20 s (T1A) as the reference ECR's
# 4 x 10 s does, and the first question comes after the cashier has had time to choose "check last transaction".
RECOVERY_ATTEMPTS = 5
RECOVERY_PAUSE_S = 8.0
# A terminal answers RepeatLastMessage at once. One that takes it and stays silent is hung: the register gives
# up at once, so the cashier's next sale is refused in seconds instead of waiting out every attempt (Q1G).
RECOVERY_ANSWER_TIMEOUT_S = 5.0
# Answers after which the terminal can still be running the lost request: ask again later.
STILL_BUSY = ("DeviceUnavailable", "Busy")
ABORT_ANSWER_GRACE_S = 10.0


class RegisterOff(Exception):
    """The register lost power while this was going on."""


def now_ms() -> int:
    return int(time.time() * 1000)


def cents_text(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


@dataclass
class Printer:
    state: str = "Available"
    jam_next: bool = False

    def print(self, lines: List[str]) -> str:
        if self.state == "Unavailable":
            return "DeviceUnavailable"
        if self.state == "PaperEmpty":
            return "Failure"
        if self.jam_next and lines:
            self.jam_next = False
            return "Failure"
        return "Success"


@dataclass
class Peripherals:
    """The hardware around the register and what came out of it; a restart of the software keeps it."""

    display: List[Dict[str, Any]] = field(default_factory=list)
    printouts: List[Dict[str, Any]] = field(default_factory=list)
    printers: Dict[str, Printer] = field(default_factory=lambda: {"receipt": Printer(), "journal": Printer()})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def show(self, lines: List[str], source: str) -> None:
        with self.lock:
            self.display.append({"atMs": now_ms(), "lines": list(lines), "source": source})


@dataclass
class Config:
    workstation: str = "PYPOS-1"
    language: str = "en"
    currency: str = "EUR"
    confirm: bool = True
    fault: Optional[str] = None
    # OPI-DE terminals refuse card requests until the workstation has logged in.
    login: bool = False


@dataclass
class Running:
    request_id: str
    abort: Optional[threading.Thread] = None
    abort_refused: bool = False


@dataclass
class Sale:
    total: int
    paid: int = 0

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.paid)

    @property
    def open(self) -> bool:
        # Nothing positive to pay (zero, or goods returned): a card payment cannot settle it, so it stays open.
        return self.total <= 0 or self.paid < self.total


def parse_amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f'"{text}" is not an amount') from error


STATUS_OF_RESULT = {"Success": "approved", "Failure": "declined", "UnknownCard": "declined", "CommunicationError": "declined",
                    "Aborted": "aborted", "TimedOut": "timed-out"}
JOURNAL_RESULT = {"approved": "approved", "declined": "declined", "aborted": "aborted", "timed-out": "timed-out",
                  "unknown": "unknown", "not-paid": "not-paid"}


# What the cashier reads when a ticket could not be printed and is owed (printed once the printer is back).
RECEIPT_OWED = ("Receipt not printed", "It will be printed when the printer is back")

# ISO-8583 action codes as terminals send them in Authorisation/@ActionCode, in words a cashier understands.
ACTION_CODES = {
    1: "refer to card issuer", 4: "pick up card", 5: "do not honour", 12: "invalid transaction", 13: "invalid amount",
    14: "invalid card number", 33: "card expired", 51: "insufficient funds", 54: "card expired", 55: "wrong PIN",
    57: "transaction not permitted to cardholder", 61: "amount limit exceeded", 65: "activity limit exceeded",
    68: "response received too late", 75: "PIN tries exceeded", 91: "card issuer unavailable", 96: "system malfunction",
}


def describe_action_code(code: str) -> str:
    return ACTION_CODES.get(int(code), f"declined (action code {code})") if code.isdigit() else f"declined (action code {code})"


def cashier_message(outcome: Dict[str, Any]) -> List[str]:
    amount = f"{outcome.get('amount', '')} {outcome.get('currency', '')}".strip()
    reason = outcome.get("reason")
    status = outcome["status"]
    return {
        "approved": ["Payment approved", amount],
        "declined": ["Payment declined", reason or "no reason given"],
        "aborted": ["Payment cancelled", f"{amount}, {reason}" if reason else amount],
        "timed-out": ["Payment timed out", f"{amount}, {reason}" if reason else amount],
        "unknown": ["Payment result unknown", "Do not hand over goods; recover the result first"],
        "terminal-unreachable": ["Terminal not reachable", "No payment was made"],
        "refused-by-terminal": ["Terminal cannot take the payment now", reason or ""],
        "refused-by-register": ["Amount not accepted", reason or ""],
        "not-paid": ["Not paid", "The terminal never ran this payment; nothing was taken"],
        "blocked": ["Payment not started", reason or "the last payment must be checked first"],
    }[status]


class Register:
    def __init__(self, config: Config, journal: Journal, link: TerminalLink, peripherals: Peripherals,
                 pause: Callable[[float], None] = time.sleep):
        self.config = config
        self.journal = journal
        self.link = link
        self.peripherals = peripherals
        self.pause = pause
        self.sale: Optional[Sale] = None
        self.running: Optional[Running] = None
        self.current_request: Optional[str] = None
        self.aliases: Dict[str, str] = {}
        self.recovering: Optional[threading.Thread] = None
        self.recovered_in_background: Optional[Dict[str, Any]] = None
        self.off = False
        self.lock = threading.Lock()

    # --- the cashier's actions -------------------------------------------------------------

    def open_sale(self, total_text: str) -> None:
        total = parse_amount(total_text)
        self.sale = Sale(int(total * 100) if total == total.quantize(Decimal("0.01")) else 0)

    def pay(self, amount_text: str, currency: str, part: bool = False) -> Dict[str, Any]:
        amount = parse_amount(amount_text)
        if not part or self.sale is None or not self.sale.open:
            self.open_sale(amount_text)
        refusal = self.validate(amount, currency) or self.validate_against_sale(amount)
        if refusal:
            return self.conclude({"status": "refused-by-register", "amount": cents_text(int(amount * 100)), "currency": currency, "reason": refusal})
        cents = int(amount * 100)
        self.wait_for_recovery()
        unresolved = self.journal.in_flight()
        if unresolved:
            reason = f"the result of payment #{unresolved[0]['requestId']} is unknown: check the last transaction first"
            return self.conclude({"status": "blocked", "amount": cents_text(cents), "currency": currency, "reason": reason})
        outcome = self.send_financial("CardPayment", cents, currency)
        if outcome.get("printLastTicket") and self.reprint()["status"] == "succeeded":
            outcome = self.send_financial("CardPayment", cents, currency)
        outcome.pop("printLastTicket", None)
        # The terminal may approve less than asked (partial approval): the sale is paid by what it approved.
        approved = int(Decimal(outcome.get("amount", cents_text(cents))) * 100) if outcome["status"] == "approved" else 0
        if self.sale is not None:
            self.sale.paid += approved
        if outcome["status"] == "unknown":
            self.recover_in_background()
        lines = cashier_message(outcome)
        # A part of a bill: the cashier sees what is left, down to 0.00 after the last part.
        if self.sale is not None and cents < self.sale.total:
            lines.append(f"Left to pay {cents_text(self.sale.remaining)} {currency}")
        self.show(lines)
        if outcome["status"] in ("approved", "declined") and self.peripherals.printers["receipt"].state in ("PaperEmpty", "Unavailable"):
            self.show(list(RECEIPT_OWED))
        return outcome

    def refund(self, amount_text: str, currency: str) -> Dict[str, Any]:
        amount = parse_amount(amount_text)
        refusal = self.validate(amount, currency)
        if refusal:
            return self.conclude({"status": "refused-by-register", "amount": cents_text(int(amount * 100)), "currency": currency, "reason": refusal})
        return self.conclude(self.send_financial("PaymentRefund", int(amount * 100), currency))

    def reverse(self, stan: Optional[str]) -> Dict[str, Any]:
        last = next((e for e in reversed(self.journal.snapshot()) if e["requestType"] == "CardPayment" and e["result"] == "approved"), None)
        if stan is None and (last is None or not last.get("stan")):
            return self.conclude({"status": "refused-by-register", "reason": "no approved payment to reverse"})
        stan = stan or last["stan"]
        return self.conclude(self.send_financial("PaymentReversal", None, self.config.currency, original_stan=stan))

    def press_abort(self) -> None:
        with self.lock:
            running = self.running
            if self.config.fault == "abort-per-keypress":
                target = running or Running(request_id="")
            elif running is None or running.abort is not None:
                return
            else:
                target = running
            request_id = self.journal.new_request_id()
            payload = opi.request("CardServiceRequest", "AbortRequest", request_id, self.config.workstation, self.pos_data())
            thread = threading.Thread(target=self._abort, args=(target, payload, request_id), daemon=True)
            target.abort = thread
        self.show(["Abort requested", "waiting for the terminal"])
        thread.start()

    def _abort(self, running: Running, payload: bytes, request_id: str) -> None:
        try:
            answer = self.link.ask(payload, request_id)
            running.abort_refused = answer.overall_result != "Success"
        except (TerminalUnreachable, ResultLost):
            running.abort_refused = True
        if running.abort_refused and self.running is running:
            self.show(["Too late to abort", "the payment goes on"])

    def close_period(self) -> Dict[str, Any]:
        request_id = self.journal.new_request_id()
        payload = opi.request("ServiceRequest", "ReconciliationWithClosure", request_id, self.config.workstation, self.pos_data())
        try:
            answer = self.ask(payload, request_id)
        except (TerminalUnreachable, ResultLost) as error:
            return {"status": "failed", "reason": str(error)}
        if answer.overall_result != "Success":
            return {"status": "failed", "reason": answer.overall_result}
        self.journal.close_shift()
        self.show(["Period closed", f"shift {self.journal.shift} started"])
        return {"status": "succeeded"}

    def reprint(self) -> Dict[str, Any]:
        last = next((e for e in reversed(self.journal.snapshot()) if e["requestType"] == "CardPayment" and e["result"] in ("approved", "declined")), None)
        request_id = self.journal.new_request_id()
        if last:
            self.aliases[request_id] = last["requestId"]
        payload = opi.request("CardServiceRequest", "TicketReprint", request_id, self.config.workstation, self.pos_data())
        try:
            answer = self.ask(payload, request_id)
        except (TerminalUnreachable, ResultLost) as error:
            self.show(["Ticket not reprinted", str(error)])
            return {"status": "failed", "reason": str(error)}
        if answer.overall_result != "Success":
            self.show(["Ticket not reprinted", answer.overall_result])
            return {"status": "failed", "reason": answer.overall_result}
        self.show(["Ticket reprinted"])
        return {"status": "succeeded"}

    def check_last_transaction(self) -> Optional[Dict[str, Any]]:
        # The cashier who checks while the register is still recovering is told what the recovery found.
        recovered = self.wait_for_recovery()
        if self.journal.in_flight():
            return self.recover_in_flight()
        if recovered is not None:
            return recovered
        last = next((e for e in reversed(self.journal.snapshot()) if e["requestType"] == "CardPayment"), None)
        if last:
            amount = f"{last['amount']} {last.get('currency', self.config.currency)}" if last.get("amount") else ""
            self.show(["Last transaction", f"{amount} {last['result']}".strip()])
        return None

    def start(self) -> Optional[Dict[str, Any]]:
        """Switched on: log in where the terminal wants it, then settle what a power loss left in flight."""
        if self.config.login:
            self.log_in()
        return self.recover_in_flight()

    def log_in(self) -> bool:
        request_id = self.journal.new_request_id()
        payload = opi.request("ServiceRequest", "Login", request_id, self.config.workstation, self.pos_data())
        try:
            answer = self.ask(payload, request_id)
        except (TerminalUnreachable, ResultLost) as error:
            self.show(["Terminal login failed", str(error)])
            return False
        if answer.overall_result != "Success":
            self.show(["Terminal login refused", answer.overall_result])
            return False
        return True

    def state(self) -> Dict[str, Any]:
        sale_open = self.sale is not None and self.sale.open
        state: Dict[str, Any] = {"paymentRunning": self.running is not None, "saleOpen": sale_open}
        if sale_open:
            state["leftToPay"] = cents_text(self.sale.remaining)
            state["currency"] = self.config.currency
        return state

    def power_off(self) -> None:
        self.off = True
        self.journal.writable = False
        self.link.cut()

    # --- talking to the terminal -----------------------------------------------------------

    def ask(self, payload: bytes, request_id: str, timeout: Optional[float] = None) -> opi.Message:
        self.current_request = self.aliases.get(request_id, request_id)
        try:
            answer = self.link.ask(payload, request_id, timeout)
        finally:
            self.current_request = None
        if self.off:
            raise RegisterOff("the register lost power")
        return answer

    def send_financial(self, request_type: str, cents: Optional[int], currency: str, original_stan: Optional[str] = None) -> Dict[str, Any]:
        request_id = self.journal.new_request_id()
        amount = cents_text(cents) if cents is not None else None
        payload = opi.request("CardServiceRequest", request_type, request_id, self.config.workstation, self.pos_data(),
                              amount=amount, currency=currency, original_stan=original_stan)
        entry = {"requestId": request_id, "requestType": request_type, "startedAtMs": now_ms(), "shiftNumber": self.journal.shift}
        if amount is not None:
            entry.update(amount=amount, currency=currency)
        self.journal.begin(entry)
        base = {"requestId": request_id, "currency": currency, **({"amount": amount} if amount else {})}
        running = Running(request_id)
        if request_type == "CardPayment":
            self.running = running
        try:
            answer = self.ask(payload, request_id)
            outcome = {**base, **self.outcome_of(answer)}
        except TerminalUnreachable as error:
            outcome = {**base, "status": "terminal-unreachable", "reason": str(error)}
        except ResultLost as error:
            if self.off:
                raise RegisterOff("the register lost power") from error
            lost_as = "declined" if self.config.fault == "book-lost-as-declined" else "unknown"
            outcome = {**base, "status": lost_as, "reason": str(error)}
        finally:
            self.running = None
            if running.abort is not None:
                running.abort.join(ABORT_ANSWER_GRACE_S)
        if outcome["status"] == "aborted":
            outcome["reason"] = "cancelled by the cashier" if running.abort is not None and not running.abort_refused else "cancelled by the customer at the terminal"
        self.book(request_id, outcome)
        return outcome

    def outcome_of(self, answer: opi.Message) -> Dict[str, Any]:
        outcome: Dict[str, Any] = {"status": STATUS_OF_RESULT.get(answer.overall_result, "refused-by-terminal")}
        if answer.overall_result == "PrintLastTicket":
            outcome["printLastTicket"] = True
        total = answer.find("Tender/TotalAmount")
        if total is not None and total.text:
            outcome["amount"] = cents_text(int(Decimal(total.text) * 100))
            outcome["currency"] = total.get("Currency", self.config.currency)
        auth = answer.find("Tender/Authorisation")
        if auth is not None:
            for key, attribute in (("approvalCode", "ApprovalCode"), ("cardCircuit", "CardCircuit"), ("maskedPan", "CardPAN")):
                if auth.get(attribute):
                    outcome[key] = auth.get(attribute)
        terminal = answer.find("Terminal")
        if terminal is not None and terminal.get("STAN"):
            outcome["stan"] = terminal.get("STAN")
        if terminal is not None and terminal.get("TerminalID"):
            outcome["terminalId"] = terminal.get("TerminalID")
        error_text = answer.find("PrivateData/ErrorText")
        if error_text is not None and error_text.text:
            outcome["reason"] = error_text.text
        elif outcome["status"] == "refused-by-terminal":
            outcome["reason"] = answer.overall_result
        elif outcome["status"] == "declined" and auth is not None and auth.get("ActionCode"):
            outcome["reason"] = describe_action_code(auth.get("ActionCode"))
        return outcome

    def book(self, request_id: str, outcome: Dict[str, Any]) -> None:
        if self.off:
            return
        # An approval of less than asked is journaled for the amount the terminal approved.
        approved_amount = outcome.get("amount") if outcome["status"] == "approved" else None
        self.journal.finish(request_id, result=JOURNAL_RESULT.get(outcome["status"], "refused"), finishedAtMs=now_ms(), amount=approved_amount,
                            approvalCode=outcome.get("approvalCode"), cardCircuit=outcome.get("cardCircuit"),
                            maskedPan=outcome.get("maskedPan"), reason=outcome.get("reason"), stan=outcome.get("stan"),
                            terminalId=outcome.get("terminalId"))

    # --- recovery of a lost result ---------------------------------------------------------

    def wait_for_recovery(self) -> Optional[Dict[str, Any]]:
        """Waits for a recovery under way; its outcome, when there was one to wait for."""
        recovering = self.recovering
        if recovering is None or recovering is threading.current_thread() or not recovering.is_alive():
            return None
        recovering.join()
        return self.recovered_in_background

    def recover_in_background(self) -> None:
        def recover() -> None:
            self.recovered_in_background = self.recover_in_flight()
        self.recovered_in_background = None
        self.recovering = threading.Thread(target=recover, daemon=True)
        self.recovering.start()

    def recover_in_flight(self) -> Optional[Dict[str, Any]]:
        last = None
        for entry in self.journal.in_flight():
            if self.off:
                break
            last = self.recover(entry)
        return last

    def recover(self, entry: Dict[str, Any]) -> Dict[str, Any]:
        base = {"requestId": entry["requestId"], "currency": entry.get("currency", self.config.currency), **({"amount": entry["amount"]} if "amount" in entry else {})}
        reason = "the terminal could not be asked"
        for _ in range(RECOVERY_ATTEMPTS):
            # A terminal that just lost the link may still be finishing the payment: give it a moment first.
            self.pause(RECOVERY_PAUSE_S)
            request_id = self.journal.new_request_id()
            self.aliases[request_id] = entry["requestId"]
            payload = opi.request("CardServiceRequest", "RepeatLastMessage", request_id, self.config.workstation, self.pos_data())
            try:
                answer = self.ask(payload, request_id, RECOVERY_ANSWER_TIMEOUT_S)
            except NoAnswer as error:
                reason = f"the terminal took the question and stayed silent: {error}"
                break
            except (TerminalUnreachable, ResultLost) as error:
                reason = str(error)
                continue
            if answer.overall_result == "PrintLastTicket":
                self.reprint()
                continue
            if answer.overall_result in STILL_BUSY:
                reason = f"the terminal answered {answer.overall_result}"
                continue
            original = answer.find("OriginalHeader")
            if original is not None and original.get("RequestID") == entry["requestId"]:
                outcome = {**base, **self.outcome_of(answer)}
                outcome.pop("printLastTicket", None)
                outcome.setdefault("reason", "recovered by RepeatLastMessage after the answer was lost")
            else:
                # The terminal's last transaction is another one: its reprinted ticket is the proof the cashier keeps.
                self.reprint()
                outcome = {**base, "status": "not-paid", "reason": "the terminal's last message answers another request"}
            if outcome["status"] == "approved" and self.sale is not None:
                self.sale.paid += int(Decimal(outcome.get("amount", "0")) * 100)
            self.book(entry["requestId"], outcome)
            return self.conclude(outcome)
        self.journal.finish(entry["requestId"], result="unknown")
        return self.conclude({**base, "status": "unknown", "reason": reason})

    # --- the terminal's device requests (channel 1) ------------------------------------------

    def handle_device_request(self, message: opi.Message) -> bytes:
        on_behalf_of = self.request_served_by(message.request_id)
        outputs: List[opi.DeviceOutcome] = []
        for output in message.find_all("Output"):
            target = output.get("OutDeviceTarget", "")
            outputs.append(opi.DeviceOutcome(target, self.output(target, opi.text_lines(output), on_behalf_of)))
        input_result = None
        confirmed = None
        given = message.find("Input")
        if given is not None:
            command = next((c.text for c in given if opi.local(c.tag) == "Command"), "")
            target = given.get("InDeviceTarget", "CashierKeyboard")
            if command == "GetConfirmation":
                input_result, confirmed = opi.DeviceOutcome(target, "Success"), self.config.confirm
            else:
                input_result = opi.DeviceOutcome(target, "DeviceUnavailable")
        results = [o.result for o in outputs] + ([input_result.result] if input_result else [])
        overall = next((r for r in results if r != "Success"), "Success")
        return opi.device_response(message, overall, outputs, input_result, confirmed)

    def request_served_by(self, device_request_id: str) -> str:
        """The register's request a device request belongs to: "12.3" is request 12's; a firmware that numbers
        its device requests with a plain counter ("7") serves the request running now."""
        if "." in device_request_id:
            parent = device_request_id.split(".")[0]
            return self.aliases.get(parent, parent)
        return self.current_request or device_request_id

    def output(self, target: str, lines: List[str], request_id: str) -> str:
        if target == "CashierDisplay":
            self.peripherals.show(lines, "terminal")
            return "Success"
        if target in ("Printer", "JournalPrinter"):
            name = "receipt" if target == "Printer" else "journal"
            result = self.peripherals.printers[name].print(lines)
            if result == "Success" and lines:
                with self.peripherals.lock:
                    self.peripherals.printouts.append({"atMs": now_ms(), "printer": name, "lines": lines, "requestId": request_id})
            return result
        if target == "E-Journal":
            self.journal.append_record(request_id, lines)
            return "Success"
        return "DeviceUnavailable"

    # --- helpers -----------------------------------------------------------------------------

    def validate(self, amount: Decimal, currency: str) -> Optional[str]:
        if amount != amount.quantize(Decimal("0.01")):
            return "amounts have at most two decimals"
        if amount == 0:
            return "a card payment needs an amount above 0.00"
        if amount < 0:
            return "a negative amount cannot be paid by card; give money back with a refund"
        if currency != self.config.currency:
            return f"only {self.config.currency} is accepted"
        if amount * 100 > MAX_AMOUNT_CENTS:
            return f"the amount exceeds the maximum of {cents_text(MAX_AMOUNT_CENTS)} {self.config.currency}"
        return None

    def validate_against_sale(self, amount: Decimal) -> Optional[str]:
        if self.sale is not None and self.sale.total > 0 and amount * 100 > self.sale.remaining:
            return f"only {cents_text(self.sale.remaining)} {self.config.currency} is left to pay"
        return None

    def conclude(self, outcome: Dict[str, Any]) -> Dict[str, Any]:
        self.show(cashier_message(outcome))
        return outcome

    def show(self, lines: List[str]) -> None:
        if not self.off:
            self.peripherals.show(lines, "register")

    def pos_data(self) -> opi.PosData:
        return opi.PosData(timestamp=time.strftime("%Y-%m-%dT%H:%M:%S"), language=self.config.language, shift=self.journal.shift,
                           printer=self.peripherals.printers["receipt"].state, journal_printer=self.peripherals.printers["journal"].state)
