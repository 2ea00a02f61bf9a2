"""OPI on the wire, written from the protocol notes rather than from the suite's TypeScript code.

A message is a 4-byte big-endian length followed by that many bytes of XML. The register sends its
requests on channel 0 and answers the terminal's device requests on channel 1.
"""

import socket
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Dict, List, Optional

NAMESPACE = "http://www.nrf-arts.org/IXRetail/namespace"
MAX_FRAME = 1 << 20


class OpiError(Exception):
    """A frame or message that cannot be read; the connection it came on is not trusted any more."""


class LinkClosed(OpiError):
    """The other side closed the connection."""


def frame(payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + payload


def _read_exactly(sock: socket.socket, count: int) -> bytes:
    chunks = []
    while count > 0:
        chunk = sock.recv(count)
        if not chunk:
            raise LinkClosed("the connection was closed")
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def read_frame(sock: socket.socket) -> bytes:
    (length,) = struct.unpack(">I", _read_exactly(sock, 4))
    if length == 0 or length > MAX_FRAME:
        raise OpiError(f"a frame of {length} bytes is not an OPI message")
    return _read_exactly(sock, length)


@dataclass
class Message:
    """One OPI message: its root element's name, attributes, and the element itself for details."""

    root: str
    attributes: Dict[str, str]
    element: ET.Element = field(repr=False)

    @property
    def request_id(self) -> str:
        return self.attributes.get("RequestID", "")

    @property
    def request_type(self) -> str:
        return self.attributes.get("RequestType", "")

    @property
    def overall_result(self) -> str:
        return self.attributes.get("OverallResult", "")

    def find(self, path: str) -> Optional[ET.Element]:
        """Finds a child by local names ("Tender/Authorisation"), whatever namespace it is in."""
        current: Optional[ET.Element] = self.element
        for name in path.split("/"):
            if current is None:
                return None
            current = next((child for child in current if local(child.tag) == name), None)
        return current

    def find_all(self, name: str) -> List[ET.Element]:
        return [child for child in self.element if local(child.tag) == name]


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def decode(payload: bytes) -> Message:
    # Entity declarations are how XML bombs work; OPI never needs them.
    if b"<!DOCTYPE" in payload or b"<!ENTITY" in payload:
        raise OpiError("a message with a DOCTYPE or entity declaration is refused")
    try:
        element = ET.fromstring(payload)
    except ET.ParseError as error:
        raise OpiError(f"not well-formed XML: {error}") from error
    return Message(local(element.tag), {local(k): v for k, v in element.attrib.items()}, element)


def _sub(parent: ET.Element, name: str, text: Optional[str] = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, name, {k: v for k, v in attributes.items() if v is not None})
    if text is not None:
        child.text = text
    return child


def encode(element: ET.Element) -> bytes:
    element.set("xmlns", NAMESPACE)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


@dataclass
class PosData:
    timestamp: str
    language: str = "en"
    shift: int = 1
    printer: str = "Available"
    journal_printer: str = "Available"


def request(root: str, request_type: str, request_id: str, workstation: str, pos: PosData,
            amount: Optional[str] = None, currency: str = "EUR", original_stan: Optional[str] = None) -> bytes:
    """A CardServiceRequest or ServiceRequest from the register."""
    element = ET.Element(root, {"RequestType": request_type, "RequestID": request_id, "WorkstationID": workstation,
                                "ApplicationSender": "python-pos"})
    pos_data = _sub(element, "POSdata", LanguageCode=pos.language)
    _sub(pos_data, "POSTimeStamp", pos.timestamp)
    _sub(pos_data, "ShiftNumber", str(pos.shift))
    _sub(pos_data, "PrinterStatus", pos.printer)
    _sub(pos_data, "JournalPrinterStatus", pos.journal_printer)
    _sub(pos_data, "E-JournalStatus", "Available")
    if amount is not None:
        _sub(element, "TotalAmount", amount, Currency=currency)
    if original_stan is not None:
        _sub(element, "OriginalTransaction", STAN=original_stan)
    return encode(element)


@dataclass
class DeviceOutcome:
    target: str
    result: str


def device_response(device_request: Message, overall: str, outputs: List[DeviceOutcome], input_result: Optional[DeviceOutcome] = None,
                    confirmed: Optional[bool] = None) -> bytes:
    element = ET.Element("DeviceResponse", {
        "RequestType": device_request.request_type, "RequestID": device_request.request_id,
        "WorkstationID": device_request.attributes.get("WorkstationID", ""), "OverallResult": overall,
    })
    for output in outputs:
        _sub(element, "Output", OutDeviceTarget=output.target, OutResult=output.result)
    if input_result is not None:
        given = _sub(element, "Input", InDeviceTarget=input_result.target, InResult=input_result.result)
        if confirmed is not None:
            _sub(_sub(given, "InputValue"), "InBoolean", "true" if confirmed else "false")
    return encode(element)


def text_lines(output: ET.Element) -> List[str]:
    """The lines in row order, as a display or a printer shows them, however the terminal ordered them in the message."""
    lines = [line for line in output if local(line.tag) == "TextLine"]

    def row(position: int, line: ET.Element) -> int:
        text = line.get("Row", "")
        return int(text) if text.isdigit() else position

    return [line.text or "" for _, line in sorted(enumerate(lines), key=lambda pair: (row(*pair), pair[0]))]
