import socket
import unittest

from python_pos import opi


class FramingTest(unittest.TestCase):
    def test_a_frame_is_a_big_endian_length_and_the_payload(self):
        self.assertEqual(opi.frame(b"<a/>"), b"\x00\x00\x00\x04<a/>")

    def test_frames_split_across_reads_are_read_whole(self):
        left, right = socket.socketpair()
        with left, right:
            data = opi.frame(b"<x/>") + opi.frame(b"<y/>")
            left.sendall(data[:3])
            left.sendall(data[3:])
            self.assertEqual(opi.read_frame(right), b"<x/>")
            self.assertEqual(opi.read_frame(right), b"<y/>")

    def test_an_absurd_length_is_refused(self):
        left, right = socket.socketpair()
        with left, right:
            left.sendall(b"\x7f\xff\xff\xff")
            with self.assertRaises(opi.OpiError):
                opi.read_frame(right)


class MessageTest(unittest.TestCase):
    def test_a_namespaced_response_is_read_by_local_names(self):
        message = opi.decode(
            b'<?xml version="1.0" encoding="UTF-8"?><CardServiceResponse xmlns="http://www.nrf-arts.org/IXRetail/namespace" '
            b'RequestType="CardPayment" RequestID="7" OverallResult="Success"><Terminal STAN="000311"/><Tender>'
            b'<TotalAmount Currency="EUR">18.75</TotalAmount><Authorisation ApprovalCode="A1B2C3"/></Tender></CardServiceResponse>')
        self.assertEqual((message.root, message.request_id, message.overall_result), ("CardServiceResponse", "7", "Success"))
        self.assertEqual(message.find("Tender/TotalAmount").text, "18.75")
        self.assertEqual(message.find("Tender/Authorisation").get("ApprovalCode"), "A1B2C3")

    def test_entity_declarations_are_refused(self):
        with self.assertRaises(opi.OpiError):
            opi.decode(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')

    def test_a_request_carries_the_amount_with_two_decimals_and_the_printer_states(self):
        payload = opi.request("CardServiceRequest", "CardPayment", "12", "LANE-1", opi.PosData("2026-01-01T00:00:00", printer="PaperEmpty"), amount="10.00")
        message = opi.decode(payload)
        self.assertEqual(message.attributes["WorkstationID"], "LANE-1")
        self.assertEqual(message.find("TotalAmount").text, "10.00")
        self.assertEqual(message.find("POSdata/PrinterStatus").text, "PaperEmpty")


if __name__ == "__main__":
    unittest.main()
