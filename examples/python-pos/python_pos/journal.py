"""The register's journal and counters, in one JSON file written atomically: a power loss keeps it."""

import json
import os
import threading
from typing import Any, Dict, List, Optional

IN_FLIGHT = ("started", "unknown")


class Journal:
    def __init__(self, path: str):
        self.path = path
        self._lock = threading.Lock()
        self.entries: List[Dict[str, Any]] = []
        self.next_request_id = 1
        self.shift = 1
        self.writable = True
        if os.path.exists(path):
            with open(path, encoding="utf-8") as file:
                stored = json.load(file)
            self.entries = stored["entries"]
            self.next_request_id = stored["nextRequestId"]
            self.shift = stored["shift"]

    def _save(self) -> None:
        if not self.writable:
            return
        temporary = f"{self.path}.tmp"
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump({"entries": self.entries, "nextRequestId": self.next_request_id, "shift": self.shift}, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, self.path)

    def new_request_id(self) -> str:
        with self._lock:
            request_id = str(self.next_request_id)
            self.next_request_id += 1
            self._save()
            return request_id

    def close_shift(self) -> int:
        with self._lock:
            self.shift += 1
            self._save()
            return self.shift

    def begin(self, entry: Dict[str, Any]) -> None:
        with self._lock:
            self.entries.append({**entry, "result": "started", "terminalRecord": []})
            self._save()

    def finish(self, request_id: str, **outcome: Any) -> None:
        with self._lock:
            entry = self.find(request_id)
            if entry is not None:
                entry.update({k: v for k, v in outcome.items() if v is not None})
                self._save()

    def append_record(self, request_id: Optional[str], lines: List[str]) -> None:
        with self._lock:
            entry = self.find(request_id) if request_id else None
            if entry is not None:
                entry["terminalRecord"].extend(lines)
                self._save()

    def find(self, request_id: str) -> Optional[Dict[str, Any]]:
        return next((e for e in self.entries if e["requestId"] == request_id), None)

    def in_flight(self) -> List[Dict[str, Any]]:
        return [e for e in self.entries if e["result"] in IN_FLIGHT]

    def snapshot(self) -> List[Dict[str, Any]]:
        with self._lock:
            return json.loads(json.dumps(self.entries))
