import os
import tempfile
import threading
import unittest

from python_pos import opi
from python_pos.journal import Journal
from python_pos.register import Config, Peripherals, Register
from python_pos.terminal_link import ResultLost


def response(request_id, result, request_type="CardPayment", original=None, amount="10.00"):
    original_header = f'<OriginalHeader RequestID="{original}" RequestType="CardPayment"/>' if original else ""
    return opi.decode(
        f'<CardServiceResponse RequestType="{request_type}" RequestID="{request_id}" OverallResult="{result}">{original_header}'
        f'<Terminal STAN="000001"/><Tender><TotalAmount Currency="EUR">{amount}</TotalAmount>'
        f'<Authorisation ApprovalCode="ABC123" CardCircuit="MAES"/></Tender></CardServiceResponse>'.encode())


class ScriptedTerminal:
    """Answers each request with the next scripted reaction; records what was sent."""

    def __init__(self, *reactions):
        self.reactions = list(reactions)
        self.sent = []
        self.release = threading.Event()

    def ask(self, payload, request_id, timeout=None):
        message = opi.decode(payload)
        self.sent.append(message.request_type)
        reaction = self.reactions.pop(0)
        return reaction(message)

    def cut(self):
        pass


class RegisterTest(unittest.TestCase):
    def register(self, terminal, fault=None, login=False):
        path = os.path.join(tempfile.mkdtemp(), "journal.json")
        return Register(Config(fault=fault, login=login), Journal(path), terminal, Peripherals(), pause=lambda s: None)

    def test_logs_in_on_start_where_the_terminal_wants_it(self):
        terminal = ScriptedTerminal(lambda m: opi.decode(f'<ServiceResponse RequestType="Login" RequestID="{m.request_id}" OverallResult="Success"/>'.encode()))
        self.register(terminal, login=True).start()
        self.assertEqual(terminal.sent, ["Login"])

    def test_a_restart_settles_the_payment_left_in_flight_from_the_journal_alone(self):
        path = os.path.join(tempfile.mkdtemp(), "journal.json")
        before = Journal(path)
        before.begin({"requestId": before.new_request_id(), "requestType": "CardPayment", "amount": "10.00", "currency": "EUR", "startedAtMs": 1})
        terminal = ScriptedTerminal(lambda m: response(m.request_id, "Success", "RepeatLastMessage", original="1"))
        after = Register(Config(), Journal(path), terminal, Peripherals(), pause=lambda s: None)
        self.assertEqual(after.start()["status"], "approved")
        self.assertEqual((terminal.sent, Journal(path).entries[0]["result"]), (["RepeatLastMessage"], "approved"))

    def test_amounts_the_register_must_refuse_never_reach_the_terminal(self):
        terminal = ScriptedTerminal()
        register = self.register(terminal)
        for amount, why in (("0.00", "above 0.00"), ("-1.00", "refund"), ("10.001", "two decimals"), ("100000.00", "maximum")):
            outcome = register.pay(amount, "EUR")
            self.assertEqual(outcome["status"], "refused-by-register")
            self.assertIn(why, outcome["reason"])
        self.assertEqual(terminal.sent, [])

    def test_an_approval_is_journaled_with_its_approval_code(self):
        register = self.register(ScriptedTerminal(lambda m: response(m.request_id, "Success")))
        outcome = register.pay("10.00", "EUR")
        self.assertEqual((outcome["status"], outcome["approvalCode"]), ("approved", "ABC123"))
        self.assertEqual(register.journal.snapshot()[0]["result"], "approved")

    def test_a_lost_result_is_unknown_then_recovered_by_repeat_last_message(self):
        def lost(message):
            raise ResultLost("no answer")
        terminal = ScriptedTerminal(lost, lambda m: response(m.request_id, "Success", "RepeatLastMessage", original="1"))
        register = self.register(terminal)
        outcome = register.pay("10.00", "EUR")
        self.assertEqual(outcome["status"], "unknown")
        register.wait_for_recovery()
        self.assertEqual(terminal.sent, ["CardPayment", "RepeatLastMessage"])
        self.assertEqual(register.journal.snapshot()[0]["result"], "approved")

    def test_a_terminal_still_busy_with_the_lost_payment_is_asked_again_not_booked_not_paid(self):
        def lost(message):
            raise ResultLost("no answer")
        terminal = ScriptedTerminal(lost, lambda m: response(m.request_id, "DeviceUnavailable", "RepeatLastMessage"),
                                    lambda m: response(m.request_id, "Success", "RepeatLastMessage", original="1"))
        register = self.register(terminal)
        register.pay("10.00", "EUR")
        register.wait_for_recovery()
        self.assertEqual(terminal.sent, ["CardPayment", "RepeatLastMessage", "RepeatLastMessage"])
        self.assertEqual(register.journal.snapshot()[0]["result"], "approved")

    def test_the_broken_variant_books_a_lost_result_as_declined_and_never_asks(self):
        def lost(message):
            raise ResultLost("no answer")
        terminal = ScriptedTerminal(lost)
        register = self.register(terminal, fault="book-lost-as-declined")
        self.assertEqual(register.pay("10.00", "EUR")["status"], "declined")
        self.assertEqual(terminal.sent, ["CardPayment"])

    def test_abort_pressed_with_nothing_running_sends_nothing(self):
        terminal = ScriptedTerminal()
        register = self.register(terminal)
        register.press_abort()
        register.press_abort()
        self.assertEqual(terminal.sent, [])

    def test_the_broken_variant_sends_an_abort_per_key_press(self):
        terminal = ScriptedTerminal(*[lambda m: response(m.request_id, "Failure", "AbortRequest")] * 2)
        register = self.register(terminal, fault="abort-per-keypress")
        register.press_abort()
        register.press_abort()
        for thread in [t for t in threading.enumerate() if t is not threading.current_thread() and t.daemon]:
            thread.join(1)
        self.assertEqual(terminal.sent, ["AbortRequest", "AbortRequest"])

    def test_device_requests_show_print_and_journal(self):
        register = self.register(ScriptedTerminal())
        request = opi.decode(
            b'<DeviceRequest RequestType="Output" RequestID="5.1" WorkstationID="PYPOS-1"><Output OutDeviceTarget="CashierDisplay">'
            b'<TextLine>Present card</TextLine></Output><Output OutDeviceTarget="Printer"><TextLine>APPROVED</TextLine></Output></DeviceRequest>')
        answer = opi.decode(register.handle_device_request(request))
        self.assertEqual(answer.overall_result, "Success")
        self.assertEqual(register.peripherals.display[-1]["lines"], ["Present card"])
        self.assertEqual(register.peripherals.printouts[-1]["requestId"], "5")

    def test_device_requests_numbered_by_a_plain_counter_belong_to_the_request_running_now(self):
        def answer_after_the_ticket(message):
            ticket = opi.decode(
                b'<DeviceRequest RequestType="Output" RequestID="7" WorkstationID="PYPOS-1"><Output OutDeviceTarget="E-Journal">'
                b'<TextLine Row="1">APPROVED</TextLine><TextLine Row="0">MERCHANT COPY</TextLine></Output></DeviceRequest>')
            register.handle_device_request(ticket)
            return response(message.request_id, "Success")
        register = self.register(ScriptedTerminal(answer_after_the_ticket))
        self.assertEqual(register.pay("10.00", "EUR")["status"], "approved")
        self.assertEqual(register.journal.snapshot()[-1]["terminalRecord"], ["MERCHANT COPY", "APPROVED"])

    def test_a_partial_approval_pays_what_the_terminal_approved_and_leaves_the_rest_open(self):
        register = self.register(ScriptedTerminal(lambda message: response(message.request_id, "Success", amount="30.00")))
        outcome = register.pay("50.00", "EUR")
        self.assertEqual((outcome["status"], outcome["amount"], register.sale.open, register.sale.remaining), ("approved", "30.00", True, 2000))
        self.assertEqual(register.journal.snapshot()[-1]["amount"], "30.00")

    def test_a_printer_out_of_paper_fails_the_print(self):
        register = self.register(ScriptedTerminal())
        register.peripherals.printers["receipt"].state = "PaperEmpty"
        request = opi.decode(b'<DeviceRequest RequestType="Output" RequestID="5.2"><Output OutDeviceTarget="Printer"><TextLine>x</TextLine></Output></DeviceRequest>')
        self.assertEqual(opi.decode(register.handle_device_request(request)).overall_result, "Failure")
        self.assertEqual(register.peripherals.printouts, [])


if __name__ == "__main__":
    unittest.main()
