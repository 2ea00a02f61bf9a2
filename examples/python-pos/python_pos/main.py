"""python-pos: starts the register, its device channel and its driver endpoint; prints the bound ports."""

import argparse
import os
import signal
import sys
import tempfile
import threading
from typing import Optional, Tuple

from . import NAME, VERSION
from .device_channel import DeviceChannel
from .driver_http import DriverServer
from .journal import Journal
from .register import FAULTS, Config, Peripherals, Register
from .terminal_link import TerminalLink


def endpoint(text: str) -> Tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f'"{text}" is not host:port')
    return host or "127.0.0.1", int(port)


class Pos:
    """The register as deployed: rebuilt from its journal file on every start, like after a power loss."""

    def __init__(self, config: Config, terminal: Tuple[str, int], journal_path: str, response_timeout: float):
        self.config = config
        self.fault = config.fault
        self.terminal = terminal
        self.journal_path = journal_path
        self.response_timeout = response_timeout
        self.peripherals = Peripherals()
        self.register = self.build()

    def build(self) -> Register:
        link = TerminalLink(self.terminal, response_timeout=self.response_timeout)
        return Register(self.config, Journal(self.journal_path), link, self.peripherals)

    def start(self) -> Optional[dict]:
        return self.register.start()

    def restart(self) -> Optional[dict]:
        self.register.power_off()
        self.register = self.build()
        return self.start()

    def device_request(self, message):  # the terminal may call while the register restarts: it reaches the current one
        return self.register.handle_device_request(message)


def parse(argv):
    parser = argparse.ArgumentParser(prog="python-pos", description=f"{NAME} {VERSION}: a cash register speaking OPI, driven through the driver contract")
    parser.add_argument("--terminal", default="127.0.0.1:4100", help='the terminal\'s request port, host:port, or "-" to read it from the first line of standard input (default 127.0.0.1:4100)')
    parser.add_argument("--device-listen", type=endpoint, default=("127.0.0.1", 4102), help="where the terminal's device requests arrive (default 127.0.0.1:4102; port 0 picks a free one)")
    parser.add_argument("--driver-listen", type=endpoint, default=("127.0.0.1", 8080), help="the driver contract's HTTP endpoint (default 127.0.0.1:8080; port 0 picks a free one)")
    parser.add_argument("--workstation", default="PYPOS-1", help="WorkstationID (default PYPOS-1)")
    parser.add_argument("--login", action="store_true", help="log in on every start, as OPI-DE terminals want")
    parser.add_argument("--language", default="en", help="LanguageCode in POSdata (default en)")
    parser.add_argument("--journal", help="the journal file (default: a new file in a temporary directory)")
    parser.add_argument("--response-timeout", type=float, default=330.0, help="seconds to wait for a final answer (default 330)")
    parser.add_argument("--fault", choices=FAULTS, help="behave wrongly on purpose, to see the suite catch it")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    journal = args.journal or os.path.join(tempfile.mkdtemp(prefix="python-pos-"), "journal.json")
    channel: Optional[DeviceChannel] = None
    pos_holder = {}
    channel = DeviceChannel(args.device_listen, lambda message: pos_holder["pos"].device_request(message))
    driver_address = args.driver_listen
    # The device port is bound first, so whoever starts the terminal can be told where to call us.
    print(f"devices {args.device_listen[0]}:{channel.port}", flush=True)
    terminal_text = sys.stdin.readline().strip() if args.terminal == "-" else args.terminal
    try:
        terminal = endpoint(terminal_text)
    except argparse.ArgumentTypeError as error:
        print(f"python-pos: --terminal: {error}", file=sys.stderr)
        return 2
    pos = Pos(Config(workstation=args.workstation, language=args.language, fault=args.fault, login=args.login), terminal, journal, args.response_timeout)
    pos_holder["pos"] = pos
    channel.start()
    driver = DriverServer(driver_address, pos)
    driver.start()
    print(f"driver http://{driver_address[0]}:{driver.port}", flush=True)
    print(f"python-pos {VERSION}{' with fault ' + args.fault if args.fault else ''}: terminal {terminal[0]}:{terminal[1]}, journal {journal}", flush=True)
    threading.Thread(target=pos.start, daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    driver.stop()
    channel.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
