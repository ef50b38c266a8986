#!/usr/bin/env python3
"""Connection floods against the real twowayd under a 1,024-descriptor limit (issue 11, defect 1).

    Tests/hardening/flood.py BIN_DIR

Part 1, a flood: starts twowayd (sandbox carrier) under `prlimit --nofile=1024`, with a header
timeout of 3 s, then holds 500 slow connections (a byte a second of a request head) and 2,000
idle ones (connect, send nothing) to its webhook port for 12 s. All the while it asks
GET /health, posts a webhook and runs `twowayctl status` in turn, and requires each to answer
within 100 ms. It checks the slow connections were closed after the header timeout (not before,
and not much later), that the daemon closed idle connections to stay under its cap, logged that
at most a few times, and that every acknowledged webhook is stored.

Part 2, descriptors exhausted anyway: a second daemon under a 200-descriptor limit, with a
watchdog of 1 s and $NOTIFY_SOCKET pointing here, while this script holds 300 connections to its
control socket (which has no cap: its peers are the admins). Accepting must fail (EMFILE); the
daemon must log it (rate-limited), withhold its watchdog pings while it cannot accept, and ping
again once the connections are closed.

Loopback only; every loop is bounded; the daemons are killed at the end. Prints `ok - ...` /
`not ok - ...` per check and `N passed, M failed`; exits non-zero on a failure.
"""
import json
import os
import random
import resource
import selectors
import socket
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1] if len(sys.argv) > 1 else None
if not BIN or not os.path.exists(os.path.join(BIN, "twowayd")):
    print("Bail out! usage: flood.py BIN_DIR (with twowayd and twowayctl)")
    sys.exit(1)

HEADER_TIMEOUT = 3.0
SLOW = 500
IDLE = 2000
FLOOD_SECONDS = 12.0
LATENCY_LIMIT = 0.100
# Idle connections the daemon closed are opened again, at most this many a second.
REOPEN_PER_SECOND = 250

passed = failed = 0


def check(description, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok - {description}")
    else:
        failed += 1
        print(f"not ok - {description}" + (f" ({detail})" if detail else ""))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(port, method, path, body=b"", headers=None, timeout=2.0):
    """One request on a new connection; returns (status, body, seconds)."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for name, value in (headers or {}).items():
            head += f"{name}: {value}\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        s.sendall(head.encode() + body)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    elapsed = time.monotonic() - start
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data.split(b"\r\n\r\n", 1)[-1], elapsed


def start_daemon(work, port, nofile, extra_env=None, http_settings=None):
    socket_path = os.path.join(work, "control.sock")
    config = {
        "logLevel": "info",
        "http": {"host": "127.0.0.1", "port": port, "publicURL": f"http://127.0.0.1:{port}",
                 **(http_settings or {})},
        "control": {"socketPath": socket_path, "allowedUsers": [os.environ.get("USER") or
                                                                 subprocess.check_output(["id", "-un"]).decode().strip()],
                    "allowedGroups": []},
        "stateDirectory": os.path.join(work, "state"),
        "carrier": {"kind": "sandbox"},
        "sandbox": {"seedDemoPractice": True},
    }
    with open(os.path.join(work, "twowayd.json"), "w") as f:
        json.dump(config, f)
    env = dict(os.environ)
    env.pop("NOTIFY_SOCKET", None)
    env.pop("WATCHDOG_USEC", None)
    env.update(extra_env or {})
    log = open(os.path.join(work, "daemon.log"), "wb")
    process = subprocess.Popen(
        ["prlimit", f"--nofile={nofile}:{nofile}", "--", os.path.join(BIN, "twowayd"),
         "--config", os.path.join(work, "twowayd.json")],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if http(port, "GET", "/health")[0] == 200 and os.path.exists(socket_path):
                return process, socket_path
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    print("Bail out! twowayd did not start:\n" + open(os.path.join(work, "daemon.log")).read()[-3000:])
    sys.exit(1)


def ctl(socket_path, *args, timeout=None):
    start = time.monotonic()
    command = [os.path.join(BIN, "twowayctl"), *args, "--socket", socket_path, "--json"]
    if timeout:
        command += ["--timeout", str(timeout)]
    result = subprocess.run(command, capture_output=True, timeout=60)
    return result, time.monotonic() - start


def webhook_body(sid, sender):
    from urllib.parse import urlencode
    return urlencode({"MessageSid": sid, "AccountSid": "ACsandbox", "From": sender, "To": "+18005551000",
                      "Body": f"flood probe {sid}", "NumMedia": "0"}).encode()


# The script itself holds thousands of sockets.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 16384), hard))

work = tempfile.mkdtemp(prefix="twowayd-flood.")
port = free_port()
daemon, control = start_daemon(work, port, 1024, http_settings={"headerTimeoutSeconds": HEADER_TIMEOUT})
try:
    # twowayctl's own start-up, measured on a quiet daemon, is not the daemon's answer time: the
    # limit below is 100 ms over it.
    quiet = min(ctl(control, "status")[1] for _ in range(3))

    selector = selectors.DefaultSelector()
    slow = {}      # socket -> [connected at, bytes sent, closed at]
    head = b"POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    for _ in range(SLOW):
        s = socket.create_connection(("127.0.0.1", port))
        s.setblocking(False)
        s.send(head[:1])
        slow[s] = [time.monotonic(), 1, None]
        selector.register(s, selectors.EVENT_READ)
    time.sleep(0.5)
    idle = []
    idle_set = set()
    idle_refused = 0
    idle_closed = 0

    def open_idle(count):
        """Opens `count` more idle connections (connect, send nothing)."""
        global idle_refused
        for _ in range(count):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                s.setblocking(False)
                idle.append(s)
                idle_set.add(s)
                selector.register(s, selectors.EVENT_READ)
            except OSError:
                idle_refused += 1

    latencies = {"health": [], "webhook": [], "status": []}
    failures = []
    sent_sids = []
    probe_kind = 0
    # The idle flood arrives at once; then the connections the daemon closes are opened again,
    # so up to 2,000 stay open from this side. Probes during the first second (the daemon
    # accepting the wave from its listen queue) are reported; the 100 ms bound applies while
    # the flood is held.
    open_idle(IDLE)
    wave = {"health": [], "webhook": [], "status": []}
    wave_start = time.monotonic()
    while time.monotonic() - wave_start < 10:
        try:
            status, _, elapsed = http(port, "GET", "/health")
            wave["health"].append(elapsed)
            if status == 200 and elapsed < LATENCY_LIMIT / 2:
                break
        except OSError:
            pass
    print(f"# the daemon took {time.monotonic() - wave_start:.2f} s to take in the first wave")
    held_from = time.monotonic()
    start = time.monotonic()
    next_drip = start + 1
    next_probe = start
    reopened = 0
    while time.monotonic() - start < FLOOD_SECONDS:
        allowed = int((time.monotonic() - start) * REOPEN_PER_SECOND) - reopened
        reopen = min(IDLE - len(idle_set) - idle_refused, allowed)
        if reopen > 0 and time.monotonic() < start + FLOOD_SECONDS - 1:
            open_idle(reopen)
            reopened += reopen
        for key, _ in selector.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if data and s in slow and b"408" not in data.split(b"\r\n", 1)[0]:
                continue
            selector.unregister(s)
            if s in slow:
                slow[s][2] = time.monotonic()
            elif s in idle_set:
                idle_closed += 1
                idle_set.discard(s)
            s.close()
        now = time.monotonic()
        if now >= next_drip:
            next_drip += 1
            for s, state in slow.items():
                if state[2] is None and state[1] < len(head):
                    try:
                        s.send(head[state[1]:state[1] + 1])
                        state[1] += 1
                    except OSError:
                        pass
        if now >= next_probe:
            next_probe = now + 0.15
            kind = ("health", "webhook", "status")[probe_kind % 3]
            probe_kind += 1
            try:
                if kind == "health":
                    status, body, elapsed = http(port, "GET", "/health")
                    ok = status == 200
                elif kind == "webhook":
                    sid = "SM" + "".join(random.choice("0123456789abcdef") for _ in range(32))
                    sender = "+1312555" + str(random.randint(2000, 9999))
                    status, body, elapsed = http(port, "POST", "/twilio/sms", webhook_body(sid, sender),
                                                 {"Content-Type": "application/x-www-form-urlencoded"})
                    ok = status == 200 and b"<Response" in body
                    if ok:
                        sent_sids.append(sid)
                else:
                    result, elapsed = ctl(control, "status", timeout=5)
                    ok = result.returncode == 0
                    elapsed = max(0.0, elapsed - quiet)
                (latencies if now >= held_from else wave)[kind].append(elapsed)
                if elapsed > LATENCY_LIMIT:
                    print(f"# {kind} took {elapsed * 1000:.1f} ms at {now - start:.2f} s into the flood")
                if not ok:
                    failures.append(kind)
            except OSError as error:
                failures.append(f"{kind}: {error}")
                latencies[kind].append(99.0)

    print("# while the first wave was accepted: " + ", ".join(
        f"{kind} worst {max(values) * 1000:.1f} ms" for kind, values in wave.items() if values))
    for kind, values in latencies.items():
        worst = max(values) if values else None
        check(f"{kind} answered within 100 ms throughout the flood ({len(values)} probes, worst "
              f"{worst * 1000:.1f} ms)" if worst is not None else f"{kind} probed",
              bool(values) and worst <= LATENCY_LIMIT and not any(f.startswith(kind) for f in failures),
              f"failures: {failures[:5]}")
    closed_times = [state[2] - state[0] for state in slow.values() if state[2] is not None]
    check(f"all {SLOW} slow connections closed by the daemon ({len(closed_times)} closed)",
          len(closed_times) == SLOW)
    if closed_times:
        check(f"slow connections closed after the {HEADER_TIMEOUT:.0f} s header timeout, not before "
              f"(earliest {min(closed_times):.2f} s, latest {max(closed_times):.2f} s)",
              min(closed_times) >= HEADER_TIMEOUT - 0.05 and max(closed_times) <= HEADER_TIMEOUT + 2.0)
    check(f"{IDLE} idle connections held, none refused by the kernel ({len(idle)} opened in all, "
          f"{idle_closed} closed by the daemon and opened again)", idle_refused == 0 and idle_closed > 0)
    log = open(os.path.join(work, "daemon.log"), errors="replace").read()
    shed_lines = log.count("http_connections_shed")
    timeout_lines = log.count("http_timeout")
    check(f"shedding and timeouts logged, rate-limited ({shed_lines} and {timeout_lines} lines)",
          0 < shed_lines <= 40 and 0 < timeout_lines <= 40)
    check("no accept failure while the cap holds", "accept_failed" not in log)
    for s in list(slow) + list(idle_set):
        try:
            s.close()
        except OSError:
            pass
    selector.close()
    # Every acknowledged webhook is stored (R6/D1): each probe's text is in a conversation.
    stored = 0
    try:
        import sqlite3
        db = sqlite3.connect(f"file:{os.path.join(work, 'state', 'twowayd.sqlite')}?mode=ro", uri=True, timeout=5)
        rows = {row[0] for row in db.execute("SELECT inbound_sid FROM message WHERE inbound_sid IS NOT NULL")}
        stored = sum(1 for sid in sent_sids if sid in rows)
        db.close()
    except Exception as error:  # noqa: BLE001 - reported as a failed check
        print(f"# reading the database failed: {error}")
    check(f"every acknowledged webhook stored ({stored} of {len(sent_sids)})",
          len(sent_sids) > 0 and stored == len(sent_sids))
    check("the daemon is still running", daemon.poll() is None)
finally:
    daemon.kill()
    daemon.wait()

# Part 2: descriptors exhausted through the uncapped control socket.
work2 = tempfile.mkdtemp(prefix="twowayd-emfile.")
notify_path = os.path.join(work2, "notify.sock")
notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify.bind(notify_path)
notify.setblocking(False)
port2 = free_port()
daemon2, control2 = start_daemon(work2, port2, 200,
                                 extra_env={"NOTIFY_SOCKET": notify_path, "WATCHDOG_USEC": "1000000"})


def pings(seconds):
    """WATCHDOG=1 datagrams received in the next `seconds`."""
    count = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if b"WATCHDOG=1" in notify.recv(4096):
                count += 1
        except BlockingIOError:
            time.sleep(0.02)
    return count


try:
    check("watchdog pinged while the daemon can accept", pings(1.6) >= 2)
    held = []
    for attempt in range(300):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(0.5)
            s.connect(control2)
            held.append(s)
        except OSError:
            s.close()
            break
        if attempt % 10 == 9:
            time.sleep(0.05)  # let the daemon accept, so its descriptors run out (not its backlog)
    # Make accepting fail on the webhook listener too.
    attempts = []
    for _ in range(20):
        try:
            attempts.append(socket.create_connection(("127.0.0.1", port2), timeout=0.5))
        except OSError:
            pass
    time.sleep(0.5)
    pings(0.3)  # drain pings sent before the failure was seen
    withheld = pings(2.5)
    check(f"watchdog withheld while accepting fails ({withheld} pings in 2.5 s)", withheld == 0)
    log = open(os.path.join(work2, "daemon.log"), errors="replace").read()
    failures_logged = log.count("accept_failed")
    check(f"failed accepts logged, rate-limited ({failures_logged} lines)", 0 < failures_logged <= 25)
    check("withheld ping logged", "watchdog_withheld" in log)
    for s in held + attempts:
        s.close()
    recovered = False
    end = time.monotonic() + 10
    while time.monotonic() < end and not recovered:
        try:
            recovered = http(port2, "GET", "/health", timeout=1)[0] == 200
        except OSError:
            time.sleep(0.2)
    check("health answers again once descriptors are free", recovered)
    check("watchdog pings again after recovery", pings(2.5) >= 2)
finally:
    daemon2.kill()
    daemon2.wait()
    notify.close()

print(f"{passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
