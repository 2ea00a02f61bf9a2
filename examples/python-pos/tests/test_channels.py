import http.client
import json
import os
import socket
import tempfile
import unittest

from python_pos import opi
from python_pos.device_channel import DeviceChannel
from python_pos.driver_http import DriverServer
from python_pos.main import Pos
from python_pos.register import Config


class DeviceChannelTest(unittest.TestCase):
    def test_a_request_that_breaks_the_handler_is_answered_failure_and_the_channel_goes_on(self):
        def handle(message):
            if message.request_id == "1.1":
                raise ValueError("cannot")
            return opi.device_response(message, "Success", [])
        channel = DeviceChannel(("127.0.0.1", 0), handle)
        channel.start()
        try:
            with socket.create_connection(("127.0.0.1", channel.port), timeout=5) as sock:
                for request_id, expected in (("1.1", "Failure"), ("1.2", "Success")):
                    sock.sendall(opi.frame(f'<DeviceRequest RequestType="Output" RequestID="{request_id}"/>'.encode()))
                    self.assertEqual(opi.decode(opi.read_frame(sock)).overall_result, expected)
        finally:
            channel.stop()


class DriverServerTest(unittest.TestCase):
    def setUp(self):
        pos = Pos(Config(), ("127.0.0.1", 9), os.path.join(tempfile.mkdtemp(), "journal.json"), 1.0)
        self.server = DriverServer(("127.0.0.1", 0), pos)
        self.server.start()

    def tearDown(self):
        self.server.stop()

    def ask(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=5)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        answer = (response.status, json.loads(response.read()))
        connection.close()
        return answer

    def test_bad_input_is_a_400_that_says_why(self):
        for body, why in (('{"amount": 10, "currency": "EUR"}', "decimal string"), ("[1]", "JSON object"), ("{", "not JSON"),
                          ('{"amount": "1.00", "currency": "EUR", "tip": 1}', "unexpected field tip")):
            status, answer = self.ask("POST", "/attended/card-payments", body, {"content-type": "application/json"})
            self.assertEqual((status, answer["error"]["code"]), (400, "bad-request"))
            self.assertIn(why, answer["error"]["message"])

    def test_an_unknown_endpoint_is_a_404_naming_it(self):
        status, answer = self.ask("GET", "/nowhere")
        self.assertEqual((status, answer["error"]["message"]), (404, "no endpoint GET /nowhere in the driver contract 0.1.0"))

    def test_a_terminal_that_cannot_be_reached_is_an_outcome_not_an_error(self):
        status, started = self.ask("POST", "/attended/card-payments", '{"amount": "1.00", "currency": "EUR"}')
        self.assertEqual(status, 202)
        status, done = self.ask("GET", f"/operations/{started['id']}?waitMs=5000")
        self.assertEqual((done["state"], done["outcome"]["status"]), ("concluded", "terminal-unreachable"))


if __name__ == "__main__":
    unittest.main()
