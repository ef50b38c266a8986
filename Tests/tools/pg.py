"""What the PostgreSQL end-to-end tests share (issue 14, M1): a throwaway PostgreSQL server
(`Tests/tools/postgres.sh`) with `psql` queries, a fake Twilio REST API per daemon that records
every send with its time, the daemon that sent it and the message id of its StatusCallback, and
a cluster of `twowayd`s that share one database.

A test imports it beside `e2e`:

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
    import e2e, pg

Each daemon keeps its own work directory, state directory, ports and control socket; with a
database URL it gets `"store": {"kind": "postgres"}` and the URL in its `postgres-url`
credential (`CREDENTIALS_DIRECTORY`); without one it runs on its own SQLite file, which is how
the harness itself is tried where no shared store exists yet.
"""
import argparse
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import e2e

HERE = os.path.dirname(os.path.abspath(__file__))
POSTGRES_SH = os.path.join(HERE, "postgres.sh")


def postgres_bin():
    """The directory of Debian's PostgreSQL programs (the newest), or None."""
    root = "/usr/lib/postgresql"
    if not os.path.isdir(root):
        return None
    versions = sorted((v for v in os.listdir(root) if os.path.isdir(os.path.join(root, v, "bin"))),
                      key=lambda v: [int(p) if p.isdigit() else 0 for p in v.split(".")])
    return os.path.join(root, versions[-1], "bin") if versions else None


class PostgresServer:
    """A PostgreSQL server in `directory` on 127.0.0.1:`port`, started by `postgres.sh up`."""

    def __init__(self, directory, port):
        self.directory, self.port, self.url = directory, port, None

    def up(self, timeout=120):
        """Starts the server (installing PostgreSQL when missing and root); its URL."""
        subprocess.run(["bash", POSTGRES_SH, "down", self.directory], capture_output=True, timeout=60)
        result = subprocess.run(["bash", POSTGRES_SH, "up", self.directory, str(self.port)],
                                capture_output=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError("postgres.sh up failed: " + result.stderr.decode()[-2000:])
        self.url = result.stdout.decode().strip().splitlines()[-1]
        return self.url

    def down(self):
        subprocess.run(["bash", POSTGRES_SH, "down", self.directory], capture_output=True, timeout=60)

    def psql(self, sql, timeout=30):
        """The rows of one query, each a list of strings (NULL as ''); raises on an error."""
        psql = os.path.join(postgres_bin() or "/usr/bin", "psql")
        result = subprocess.run([psql, self.url, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-F", "\t", "-c", sql],
                                capture_output=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.decode()[-1000:]} for {sql}")
        return [line.split("\t") for line in result.stdout.decode().splitlines() if line != ""]

    def scalar(self, sql):
        rows = self.psql(sql)
        return rows[0][0] if rows else None


class CarrierRecorder:
    """Fake Twilio REST APIs, one per daemon, recording every message send in `sends` as a dict:
    `at` (time.monotonic()), `wall` (time.time()), `daemon` (the index), `message` (our message id
    from the StatusCallback, or None), `to`, `body`, `from`. Each send is answered 201 with a
    fresh sid and status `sent`, `delay` seconds after it was recorded (a slow carrier keeps a
    send in flight longer, so a kill is likelier to catch one)."""

    def __init__(self, delay=0.0):
        self.sends, self.lock, self.servers, self.delay = [], threading.Lock(), [], delay

    def serve(self, index):
        """A loopback fake carrier for daemon `index`; the server (its `server_port`)."""
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if not self.path.endswith("/Messages.json"):
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                callback = form.get("StatusCallback", [""])[0]
                message = urllib.parse.parse_qs(urllib.parse.urlparse(callback).query).get("message", [None])[0]
                with recorder.lock:
                    recorder.sends.append({"at": time.monotonic(), "wall": time.time(), "daemon": index,
                                           "message": int(message) if message else None,
                                           "to": form.get("To", [""])[0], "from": form.get("From", [""])[0],
                                           "body": form.get("Body", [""])[0]})
                    count = len(recorder.sends)
                if recorder.delay:
                    time.sleep(recorder.delay)
                body = json.dumps({"sid": f"SMfake{index}{count:025d}", "status": "sent"}).encode()
                try:
                    self.send_response(201)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the daemon was killed while its send was in flight

            def log_message(self, *args):
                pass

        server = e2e.serve(Handler)
        self.servers.append(server)
        return server

    def snapshot(self):
        with self.lock:
            return list(self.sends)

    def shutdown(self):
        for server in self.servers:
            server.shutdown()


class ClusterDaemon(e2e.Daemon):
    """One daemon of a cluster: `index`, webhook `port`, `api_port`."""

    def __init__(self, index, port, api_port, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index, self.port, self.api_port = index, port, api_port

    def health(self, timeout=2):
        """The HTTP status of GET /health, or None when nothing answers."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=timeout) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code
        except (OSError, ValueError):
            return None

    def relaunch(self, attempts=20):
        """Starts the daemon again without waiting, retrying for a while when the binary cannot be
        run this moment (`Text file busy` while a build rewrites it)."""
        for _ in range(attempts - 1):
            try:
                return self.launch()
            except OSError as error:
                print(f"# daemon {self.index + 1} could not start yet: {error}")
                time.sleep(1.0)
        return self.launch()

    def start_ready(self, seconds=60):
        """Starts the daemon and waits for its socket and a 200 from /health; whether both came."""
        if not self.start(seconds):
            return False
        return e2e.wait_for(lambda: self.health() == 200 or not self.running(), seconds) and self.running()


class Cluster:
    """`count` daemons from `bin_path` in `work`, each with its own fake carrier (all recorded in
    `carrier`), sharing the database at `url` (None: each its own SQLite file). `token` is the
    Twilio auth token; `tweak(config)` may change each configuration before it is written;
    `carrier_delay` slows every carrier answer down (seconds)."""

    def __init__(self, bin_path, work, count, url, token, tweak=None, carrier_delay=0.0):
        self.carrier, self.daemons, self.url, self.token = CarrierRecorder(carrier_delay), [], url, token
        for index in range(count):
            directory = os.path.join(work, f"d{index + 1}")
            os.makedirs(directory, exist_ok=True)
            port, api_port = e2e.free_port(), e2e.free_port()
            config = e2e.base_config(directory, port, os.path.join(directory, "control.sock"), api_port)
            config["carrier"] = e2e.twilio_carrier(self.carrier.serve(index))
            if url:
                config["store"] = {"kind": "postgres"}
            if tweak:
                tweak(config)
            credentials = os.path.join(directory, "credentials")
            e2e.write_credential(credentials, "twilio-auth-token", token)
            if url:
                e2e.write_credential(credentials, "postgres-url", url)
            self.daemons.append(ClusterDaemon(index, port, api_port, bin_path, directory, config, credentials))

    def start_all(self, seconds=90):
        """Starts every daemon at once (they migrate together) and waits until all are ready;
        the indexes of those that did not come up."""
        for daemon in self.daemons:
            daemon.launch()
        failed = []
        for daemon in self.daemons:
            up = e2e.wait_for(lambda: (os.path.exists(daemon.socket_path) and daemon.health() == 200)
                              or not daemon.running(), seconds)
            if not up or not daemon.running():
                failed.append(daemon.index)
        return failed

    def post(self, index, sid, sender, to, body, timeout=15):
        """Posts one signed inbound text to daemon `index`; the HTTP status, or None on a
        connection error (refused, reset, timed out)."""
        try:
            return e2e.post_text(self.daemons[index].port, sid, sender, to, body, self.token, timeout=timeout)
        except (OSError, ValueError):
            return None

    def stop_all(self):
        for daemon in self.daemons:
            try:
                daemon.stop(20)
            except Exception as error:  # noqa: BLE001 - stopping must go on for the others
                print(f"# stopping daemon {daemon.index + 1}: {error}")
        self.carrier.shutdown()

    def logs(self, characters=1500):
        return "\n".join(f"--- daemon {d.index + 1} log tail:\n{d.log_tail(characters)}" for d in self.daemons)


def conversation_messages(daemon, practice, conversation):
    """The messages of one conversation through `twowayctl conversation show --json`."""
    return daemon.ctl("conversation", "show", str(conversation), "--practice", str(practice)).get("messages", [])


def active_conversations(daemon, practice, phone):
    """The ids of the practice's active conversations with `phone` (E.164), through twowayctl."""
    listed = daemon.ctl("conversation", "list", "--practice", str(practice)).get("conversations", [])
    return [c["id"] for c in listed if c.get("phone") == phone and c.get("active", True)]


def verdict(description, passed, numbers=""):
    """Prints `PASS - description (numbers)` or `FAIL - …` and counts a failure in `e2e.failures`."""
    print(("PASS - " if passed else "FAIL - ") + description + (f" ({numbers})" if numbers != "" else ""), flush=True)
    if not passed:
        e2e.failures += 1
    return passed


class Scenario:
    """One test run on a cluster: `options` (bin, daemons, sqlite, port), a work directory kept
    when a check failed, the PostgreSQL server (None with --sqlite) and the cluster `set_up` makes.
    A test subclasses it with `set_up()` (whether the daemons and the practice are ready) and `run()`."""

    def __init__(self, options, prefix):
        self.options = options
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.server = None if options.sqlite else PostgresServer(os.path.join(self.work, "pg"), options.port)
        self.cluster = None

    def start_cluster(self, token, tweak=None, carrier_delay=0.0):
        """Starts the server (unless --sqlite) and the daemons on it; whether every daemon is ready."""
        url = self.server.up() if self.server else None
        self.cluster = Cluster(self.options.bin, self.work, self.options.daemons, url, token, tweak, carrier_delay)
        failed = self.cluster.start_all(120)
        if failed:
            print("# daemons not ready: " + ", ".join(str(i + 1) for i in failed) + "\n" + self.cluster.logs())
        return not failed

    def every_daemon_sees(self, practice, open_now, seconds=10):
        """Waits until every daemon but the first knows `practice` with `openNow` as given; whether they do."""
        for daemon in self.cluster.daemons[1:]:
            if not e2e.wait_for(lambda: daemon.ctl("hours", "show", "--practice", str(practice))
                                .get("openNow") is open_now, seconds):
                print(f"# daemon {daemon.index + 1} does not see the practice")
                return False
        return True

    def tear_down(self):
        if self.cluster:
            self.cluster.stop_all()
        if self.server:
            self.server.down()
        if e2e.failures == 0:
            shutil.rmtree(self.work, ignore_errors=True)
        else:
            print(f"# work directory kept: {self.work}")


def parser(default_port):
    """The command line both tests share: BIN, --daemons, --sqlite, --port."""
    arguments = argparse.ArgumentParser()
    arguments.add_argument("bin")
    arguments.add_argument("--daemons", type=int, default=3)
    arguments.add_argument("--sqlite", action="store_true", help="each daemon on its own SQLite file (harness trial)")
    arguments.add_argument("--port", type=int, default=default_port, help="the test PostgreSQL's port")
    return arguments


def main(scenario_class, arguments):
    """Runs a Scenario subclass with the parsed `arguments`; the exit status: 0 passed, 1 a check
    failed, 2 the set-up failed."""
    options = arguments.parse_args()
    if not options.sqlite and not postgres_bin() and os.geteuid() != 0:
        print("FAIL - PostgreSQL is not installed (apt-get install postgresql)")
        return 2
    run = scenario_class(options)
    started = time.monotonic()
    try:
        try:
            ready = run.set_up()
        except (RuntimeError, subprocess.SubprocessError, OSError, ValueError) as error:
            print(f"# set-up failed: {error}")
            ready = False
        if not ready:
            verdict("set-up: the daemons start on one store and one practice is configured", False,
                    run.cluster.logs() if run.cluster else "")
            return 2
        run.run()
    finally:
        run.tear_down()
    print(f"# {options.daemons} daemons, {time.monotonic() - started:.0f} s, {e2e.failures} failed")
    return 1 if e2e.failures else 0
