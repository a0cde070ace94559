"""Drive the real headless Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: the
browser reads commands on its fd 3 and answers on its fd 4, each message JSON ended by a NUL byte).
Plain Python, no client library: enough to open a page, run script in it, click and drag with the
mouse, type, and collect a download."""
from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from pathlib import Path


class Chromium:
    def __init__(self, binary: str, profile: Path, downloads: Path, width: int = 1400, height: int = 1000):
        cmd_r, self._cmd_w = os.pipe()         # we write commands, the browser reads them on its fd 3
        self._out_r, out_w = os.pipe()         # the browser writes on its fd 4, we read

        def fds():                             # in the child, before exec: the pipes become fds 3 and 4
            os.dup2(cmd_r, 3)
            os.dup2(out_w, 4)
        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}", f"--window-size={width},{height}", "--remote-debugging-pipe",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=fds, pass_fds=(3, 4))
        os.close(cmd_r)
        os.close(out_w)
        self._id = 0
        self._lock = threading.Condition()
        self._answers: dict[int, dict] = {}
        self.events: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.downloads = downloads
        downloads.mkdir(parents=True, exist_ok=True)
        self.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads),
                                                  "eventsEnabled": True})
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime"):
            self.send(f"{domain}.enable", session=True)

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._out_r, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._lock:
                    self._lock.notify_all()
                return
            buf += chunk
            *messages, buf = buf.split(b"\0")
            with self._lock:
                for m in messages:
                    msg = json.loads(m)
                    if "id" in msg:
                        self._answers[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                self._lock.notify_all()

    def send(self, method: str, params: dict | None = None, session: bool = False, timeout: float = 60) -> dict:
        with self._lock:
            self._id += 1
            n = self._id
        msg = {"id": n, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + timeout
        with self._lock:
            while n not in self._answers:
                left = end - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise TimeoutError(f"{method}: no answer from Chromium")
                self._lock.wait(left)
            answer = self._answers.pop(n)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def wait_event(self, method: str, test=lambda params: True, timeout: float = 30, since: int = 0) -> dict:
        end = time.monotonic() + timeout
        with self._lock:
            while True:
                for e in self.events[since:]:
                    if e.get("method") == method and test(e.get("params", {})):
                        return e["params"]
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {method} event")
                self._lock.wait(left)

    # ---------------------------------------------------------------- the page

    def js(self, expression: str):
        """The value of a script expression in the page (a promise is awaited)."""
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                      session=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            v = self.js(expression)
            if v:
                return v
            time.sleep(0.05)
        raise TimeoutError(f"never true: {expression}")

    def open(self, url: str) -> None:
        since = len(self.events)
        r = self.send("Page.navigate", {"url": url}, session=True)
        if r.get("loaderId"):                  # none when only the #fragment changed: the page stays loaded
            self.wait_event("Page.loadEventFired", since=since)

    def reload(self) -> None:
        since = len(self.events)
        self.send("Page.reload", {}, session=True)
        self.wait_event("Page.loadEventFired", since=since)

    def _mouse(self, kind: str, x: float, y: float, buttons: int = 0, button: str = "left") -> None:
        self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": button, "buttons": buttons,
                                               "clickCount": 1}, session=True)

    def point(self, selector: str) -> tuple[float, float]:
        """The centre of the element (of its first line box), scrolled into view; fails if something else
        covers it there."""
        r = self.js(f"""(function () {{
            var e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: "center"}});
            var b = e.getClientRects()[0] || e.getBoundingClientRect();     // an inline element's first line
            var x = b.left + b.width / 2, y = b.top + b.height / 2;
            var hit = document.elementFromPoint(x, y);
            return [x, y, !!hit && (hit === e || e.contains(hit))];
        }})()""")
        assert r is not None, f"no element {selector}"
        assert r[2], f"{selector} is covered by another element"
        return r[0], r[1]

    def click(self, selector: str) -> None:
        x, y = self.point(selector)
        self._mouse("mouseMoved", x, y)
        self._mouse("mousePressed", x, y, buttons=1)
        self._mouse("mouseReleased", x, y)

    def drag(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        self._mouse("mouseMoved", *a)
        self._mouse("mousePressed", *a, buttons=1)
        for k in range(1, 6):
            self._mouse("mouseMoved", a[0] + (b[0] - a[0]) * k / 5, a[1] + (b[1] - a[1]) * k / 5, buttons=1)
        self._mouse("mouseReleased", *b)

    def type_into(self, selector: str, text: str) -> None:
        """Click the field, select what it holds, and type `text` over it."""
        self.click(selector)
        self.js(f"document.querySelector({json.dumps(selector)}).select()")
        self.send("Input.insertText", {"text": text}, session=True)

    def screenshot(self, out: Path) -> bytes:
        import base64
        data = base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"}, session=True)["data"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        return data

    def download(self, selector: str, timeout: float = 30) -> Path:
        """Click what downloads a file; the file, once the browser has written it."""
        since = len(self.events)
        self.click(selector)
        begin = self.wait_event("Browser.downloadWillBegin", since=since, timeout=timeout)
        self.wait_event("Browser.downloadProgress",
                        lambda p: p.get("guid") == begin["guid"] and p.get("state") == "completed",
                        since=since, timeout=timeout)
        return self.downloads / begin["suggestedFilename"]

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._cmd_w, self._out_r):
            try:
                os.close(fd)
            except OSError:
                pass
