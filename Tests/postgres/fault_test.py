#!/usr/bin/env python3
"""Kill -9 under load, three daemons on one PostgreSQL (issue 14, M1, D1-D3, R6).

    fault_test.py BIN [--cycles N] [--interval S] [--daemons N] [--sqlite] [--port P]

Starts a throwaway PostgreSQL (`Tests/tools/postgres.sh`, port 55508 unless --port) and three
`twowayd`s from BIN on it, each in twilio mode against its own loopback fake carrier, which
records every send with its time, the daemon that made it and our message id (from the
StatusCallback URL), and answers 0.3 s after it recorded a send, so that a kill often catches
one in flight. One practice texts from its own number, open all week.

While it runs:
- a load generator posts signed webhooks (a unique MessageSid each, from 40 numbers) to a daemon
  it believes alive; on a connection error or a 5xx it posts the SAME MessageSid to another
  daemon, as Twilio's fallback URL would, until one answers 2xx (acknowledged) or 60 s pass;
- staff start conversations and reply in them through `twowayctl` on a live daemon, so the
  outbox stays busy (the profile questions to unknown numbers add to it);
- every `--interval` seconds (4) one running daemon is killed with SIGKILL and started again a
  second later, `--cycles` times (30). Right after each kill the outbox rows being sent are
  noted; those still claimed, with the same lease, 2.5 s later were the dead daemon's claims.

Then every daemon runs, the load stops and the outbox must drain within the claim lease (120 s)
plus a margin. Checks (PASS/FAIL with numbers):
- every acknowledged MessageSid is stored exactly once;
- no outbox row lost: every outbound text message has its outbox row, and every row ended sent
  or failed; every staff message `twowayctl` acknowledged is among them;
- at most one carrier send per message, except messages in flight at a kill: each message sent
  twice had its first send made by a daemon that was killed after that send and before the
  second (reported: how many);
- survivors took over the dead daemons' claims: each ended sent, by a daemon after the kill.

`--sqlite` with `--daemons 1` tries the harness on one daemon with its own SQLite file (the
claims are then not visible: SQLite has no lease). Exits 1 when a check failed, 2 when the
set-up failed. Bounded: cycles stop after `--time-limit` (200 s), the drain waits at most 180 s.
"""
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import e2e  # noqa: E402
import pg  # noqa: E402
from pg import verdict  # noqa: E402

TOKEN = "fault-test-auth-token"
PRACTICE_NUMBER = "+13125550150"
LEASE_SECONDS = 120


class Database:
    """The shared store, read with psql; or, on SQLite, daemon 1's file."""

    def __init__(self, server, sqlite_path):
        self.server, self.sqlite_path = server, sqlite_path

    def rows(self, sql):
        if self.server:
            return self.server.psql(sql)
        with sqlite3.connect(self.sqlite_path, timeout=30) as connection:
            return [["" if v is None else str(v) for v in row] for row in connection.execute(sql).fetchall()]


class Load:
    """The webhook load generator and the staff sender, on threads until `stop` is set."""

    def __init__(self, cluster, practice, rng):
        self.cluster, self.practice, self.rng = cluster, practice, rng
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.next_sid = 0
        self.acknowledged = {}      # MessageSid -> (daemon index, status)
        self.unacknowledged = []    # MessageSids given up after 60 s
        self.retries = 0            # posts of a MessageSid after the first
        self.staff_messages = []    # message ids twowayctl answered with
        self.staff_errors = 0
        self.conversations = []

    def live(self):
        return [d.index for d in self.cluster.daemons if d.running()]

    def webhook(self):
        with self.lock:
            number = self.next_sid
            self.next_sid += 1
        message_sid = "SM" + f"f{number:031d}"
        sender = f"+1312555{2100 + number % 40:04d}"
        candidates = self.live() or [0]
        target = self.rng.choice(candidates)
        deadline = time.monotonic() + 60
        attempt = 0
        while time.monotonic() < deadline:
            status = self.cluster.post(target, message_sid, sender, PRACTICE_NUMBER, f"load text {number}",
                                       timeout=10)
            if status is not None and 200 <= status < 300:
                with self.lock:
                    self.acknowledged[message_sid] = (target, status)
                    self.retries += attempt
                return
            attempt += 1
            others = [i for i in self.live() if i != target] or [i for i in range(len(self.cluster.daemons))
                                                                 if i != target] or [target]
            target = self.rng.choice(others)
            time.sleep(0.2)
        with self.lock:
            self.unacknowledged.append(message_sid)
            self.retries += attempt

    def webhooks(self, pause):
        while not self.stop.is_set():
            self.webhook()
            time.sleep(pause)

    def staff(self, pause):
        count = 0
        while not self.stop.is_set():
            live = self.live()
            if not live:
                time.sleep(0.2)
                continue
            daemon = self.cluster.daemons[self.rng.choice(live)]
            if count % 2 == 0 or not self.conversations:
                args = ["conversation", "start", "--to", f"+1312555{8000 + count:04d}", "--title", f"Fault {count}",
                        "--message", f"Staff start {count}"]
            else:
                args = ["conversation", "reply", str(self.rng.choice(self.conversations)),
                        "--message", f"Staff reply {count}"]
            count += 1
            try:
                done = daemon.run_ctl(*args, "--practice", str(self.practice), "--as", "Dana", timeout=20)
                answer = json.loads(done.stdout or b"{}") if done.returncode == 0 else {}
            except (subprocess.SubprocessError, ValueError, OSError):
                answer = {}
            if "message" in answer:
                with self.lock:
                    self.staff_messages.append(answer["message"])
                    if args[1] == "start":
                        self.conversations.append(answer["conversation"])
            else:
                with self.lock:
                    self.staff_errors += 1
            time.sleep(pause)


class Run(pg.Scenario):
    def __init__(self, options):
        super().__init__(options, "twowayd-fault-")
        self.rng = random.Random(options.seed)
        self.database = None
        self.practice = None
        self.kills = []        # dicts: cycle, daemon, at (monotonic), claims, stuck_claims, stuck (message ids)

    def set_up(self):
        def tweak(config):
            # Pacing is not what this test checks; a faster lane keeps the drain short.
            config["outbox"] = {"segmentsPerSecond": 20}

        self.database = Database(self.server, os.path.join(self.work, "d1", "state", "twowayd.sqlite"))
        # The fake carrier answers after 0.3 s, so a kill often catches a send in flight.
        if not self.start_cluster(TOKEN, tweak, carrier_delay=0.3):
            return False
        first = self.cluster.daemons[0]
        first.report_errors = True
        self.practice = first.add_practice("America/New_York")
        texting = first.text_from_ported_number(self.practice, "(312) 555-0150")
        first.open_all_week(self.practice)
        if texting.get("texting") is not True:
            print(f"# set-up failed: texting {texting}")
            return False
        return self.every_daemon_sees(self.practice, open_now=True)

    def claims(self):
        """(message id, claimed_until) of the outbox rows being sent; empty on SQLite."""
        if not self.server:
            return set()
        try:
            return {(r[0], r[1]) for r in self.database.rows(
                "SELECT message_id, claimed_until FROM outbox WHERE state = 'sending'")}
        except RuntimeError as error:
            print(f"# claims could not be read: {error}")
            return set()

    def cycles(self):
        started = time.monotonic()
        for cycle in range(self.options.cycles):
            if time.monotonic() - started > self.options.time_limit:
                print(f"# cycles stopped after {cycle}: the time limit of {self.options.time_limit} s passed")
                break
            time.sleep(max(0.0, self.options.interval - 3.5))
            running = [d for d in self.cluster.daemons if d.running()]
            victim = self.rng.choice(running)
            victim.kill()
            kill = {"cycle": cycle + 1, "daemon": victim.index, "at": time.monotonic(), "claims": self.claims()}
            time.sleep(1.0)
            victim.relaunch()
            time.sleep(1.5)
            still = self.claims()
            # A claim seen stuck at an earlier kill belongs to that kill, not to this one.
            earlier = set().union(*(k["stuck_claims"] for k in self.kills)) if self.kills else set()
            kill["stuck_claims"] = (kill["claims"] & still) - earlier
            kill["stuck"] = {m for (m, until) in kill["stuck_claims"]}
            self.kills.append(kill)
            print(f"# cycle {cycle + 1}: killed daemon {victim.index + 1}, {len(kill['claims'])} rows claimed, "
                  f"{len(kill['stuck'])} still claimed 2.5 s later", flush=True)
            time.sleep(1.0)

    def pending(self):
        try:
            return int(self.database.rows("SELECT count(*) FROM outbox WHERE state NOT IN ('done', 'failed')")[0][0])
        except (RuntimeError, sqlite3.Error, IndexError, ValueError) as error:
            print(f"# outbox could not be read: {error}")
            return -1

    def run(self):
        load = Load(self.cluster, self.practice, self.rng)
        threads = [threading.Thread(target=load.webhooks, args=(0.05,), daemon=True) for _ in range(3)]
        threads.append(threading.Thread(target=load.staff, args=(0.5,), daemon=True))
        for thread in threads:
            thread.start()
        began = time.monotonic()
        try:
            self.cycles()
        finally:
            load.stop.set()
            for thread in threads:
                thread.join(90)
        load_seconds = time.monotonic() - began
        for daemon in self.cluster.daemons:
            if not daemon.running():
                daemon.relaunch()
        back = all(e2e.wait_for(lambda: d.health() == 200, 60) for d in self.cluster.daemons)
        verdict("every daemon runs again after the last cycle", back, "" if back else self.cluster.logs(600))
        drain_started = time.monotonic()
        drained = e2e.wait_for(lambda: self.pending() == 0, LEASE_SECONDS + 60, 1.0)
        drain_seconds = time.monotonic() - drain_started
        time.sleep(1.0)  # a carrier answer just recorded by the fake is committed by now
        print(f"# {len(self.kills)} cycles over {load_seconds:.0f} s; {len(load.acknowledged)} webhooks acknowledged, "
              f"{len(load.unacknowledged)} given up, {load.retries} retried posts; {len(load.staff_messages)} staff "
              f"messages acknowledged, {load.staff_errors} staff commands failed or cut off; drain {drain_seconds:.0f} s")
        verdict(f"{self.options.cycles} kill -9 cycles ran", len(self.kills) >= self.options.cycles,
                f"{len(self.kills)} cycles")
        verdict("the outbox drained after the load (every row sent or failed)", drained,
                f"{self.pending()} rows left after {drain_seconds:.0f} s")
        self.check_inbound(load)
        self.check_outbox(load)

    def check_inbound(self, load):
        stored = {}
        for sid, count in self.database.rows(
                "SELECT inbound_sid, count(*) FROM message WHERE inbound_sid IS NOT NULL GROUP BY inbound_sid"):
            stored[sid] = int(count)
        missing = [s for s in load.acknowledged if s not in stored]
        twice = [s for s in load.acknowledged if stored.get(s, 0) > 1]
        stray = [s for s in load.unacknowledged if s in stored]
        verdict("every acknowledged MessageSid is stored exactly once", not missing and not twice and load.acknowledged,
                f"{len(load.acknowledged)} acknowledged, {len(missing)} missing {missing[:5]}, "
                f"{len(twice)} stored twice; {len(stray)} of {len(load.unacknowledged)} never acknowledged were stored")

    def check_outbox(self, load):
        outbox = {int(m): s for m, s in self.database.rows("SELECT message_id, state FROM outbox")}
        outbound = {int(m): s for m, s in self.database.rows(
            "SELECT id, delivery_state FROM message WHERE direction = 'outbound' AND channel = 'text'")}
        without_row = sorted(m for m in outbound if m not in outbox)
        staff_missing = sorted(m for m in load.staff_messages if m not in outbox)
        states = {}
        for state in outbox.values():
            states[state] = states.get(state, 0) + 1
        unfinished = sorted(m for m, s in outbox.items() if s not in ("done", "failed"))
        verdict("no outbox row lost: every outbound text has its row, every row ended sent or failed",
                not without_row and not staff_missing and not unfinished and outbox,
                f"{len(outbound)} outbound texts, {len(outbox)} rows {states}; without a row {without_row[:5]}; "
                f"acknowledged staff messages without a row {staff_missing[:5]}; unfinished {unfinished[:5]}")

        sends = {}
        for send in self.cluster.carrier.snapshot():
            sends.setdefault(send["message"], []).append(send)
        unsent_done = sorted(m for m, s in outbox.items() if s == "done" and m not in sends)
        verdict("every row that ended sent reached the carrier", not unsent_done,
                f"{len(unsent_done)} sent without a carrier request {unsent_done[:5]}")
        repeated = {m: sorted(ss, key=lambda s: s["at"]) for m, ss in sends.items() if len(ss) > 1}
        unexplained = []
        for message, ss in repeated.items():
            for first, second in zip(ss, ss[1:]):
                killed = any(k["daemon"] == first["daemon"] and first["at"] <= k["at"] <= second["at"]
                             for k in self.kills)
                if not killed:
                    unexplained.append((message, [(s["daemon"] + 1, round(s["at"] % 1000, 2)) for s in ss]))
        verdict("at most one carrier send per message, except those in flight at a kill", not unexplained,
                f"{len(sends)} messages sent, {len(repeated)} sent twice or more, each by a daemon killed between "
                f"its sends except {len(unexplained)}: {unexplained[:5]}")
        print(f"# duplicates: {len(repeated)} messages sent more than once (in-flight window at a kill)")

        if not self.server:
            return
        taken = []
        for kill in self.kills:
            for message in kill["stuck"]:
                message = int(message)
                later = [s for s in sends.get(message, []) if s["at"] > kill["at"]]
                taken.append((kill["cycle"], kill["daemon"] + 1, message, outbox.get(message), bool(later),
                              sorted({s["daemon"] + 1 for s in later}),
                              round(later[0]["at"] - kill["at"], 1) if later else None))
        not_taken = [t for t in taken if t[3] != "done" or not t[4]]
        if not taken:
            print("# no claim was left by a killed daemon in this run: the takeover was not exercised")
        verdict("survivors took over the dead daemons' claims: each ended sent, sent after the kill", not not_taken,
                f"{len(taken)} claims left by killed daemons; taken over: "
                + "; ".join(f"cycle {t[0]} daemon {t[1]} message {t[2]}: {t[3]}, sent by {t[5]} {t[6]} s after"
                            for t in taken[:8]) + (f"; NOT: {not_taken[:5]}" if not_taken else ""))

if __name__ == "__main__":
    arguments = pg.parser(55508)
    arguments.add_argument("--cycles", type=int, default=30)
    arguments.add_argument("--interval", type=float, default=4.0, help="seconds between kills (at least 3.5)")
    arguments.add_argument("--time-limit", type=float, default=200.0, help="no cycle starts after this many seconds")
    arguments.add_argument("--seed", type=int, default=14)
    sys.exit(pg.main(Run, arguments))
