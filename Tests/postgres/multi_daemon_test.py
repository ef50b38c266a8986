#!/usr/bin/env python3
"""Three daemons on one PostgreSQL, every rule still true (issue 14, M1).

    multi_daemon_test.py BIN [--daemons N] [--sqlite] [--port P]

Starts a throwaway PostgreSQL (`Tests/tools/postgres.sh`, port 55507 unless --port) and three
`twowayd`s from BIN on it, each in twilio mode against its own loopback fake carrier that
records every send with its time. One practice texts from its own number with conversation
hours closed all week. Checks, each printed PASS/FAIL with its numbers:

1. 200 texts from one number, text i posted to daemon i % 3, each after the previous one's 200:
   one conversation holds all 200 in order, with exactly one after-hours reply (R1, A1, M1);
2. staff starts for one number on all three daemons at once (every other round with an inbound
   text from the number at the same moment), several rounds: exactly one active conversation
   each, one start succeeded when no text raced them, the others refused as already active (S5, R1);
3. 20 staff texts from the practice's one number, started on the daemons in turn: they leave
   the carrier at 3 per second in total, first to last at least 6 s (19 gaps of 1/3 s), not 9/s,
   and not much slower either: at most 9.5 s (a slot booked but not used is lost time) (D2);
4. one MessageSid posted to two daemons at the same moment, several rounds: answered 2xx and
   stored once (R6, D1);
5. the practice's emergency phone changed on daemon 1 is in the after-hours replies daemon 2 or 3
   sends to new numbers texting every quarter second, within 1.5 s of the change and ever after
   (practice changes seen by every daemon; they reread practices every second).

`--sqlite` runs the same steps on daemons that each have their own SQLite file (with
`--daemons 1` a trial of the harness itself: every check must pass there too). Exits 1 when a
check failed, 2 when the set-up failed. Every wait is bounded; the whole run takes about a minute.
"""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import e2e  # noqa: E402
import pg  # noqa: E402
from pg import verdict  # noqa: E402

TOKEN = "multi-daemon-test-auth-token"
PRACTICE_NUMBER = "+13125550150"
AFTER_HOURS = "This is an auto-reply. We're sorry we aren't available to chat at the moment."


def sid(prefix, number):
    """A MessageSid of 34 characters, unique per (prefix, number)."""
    return "SM" + f"{prefix}{number:0{32 - len(prefix)}d}"


def digits(text):
    return "".join(ch for ch in text if ch.isdigit())


class Run(pg.Scenario):
    def __init__(self, options):
        super().__init__(options, "twowayd-multi-")
        self.practice = None

    @property
    def daemons(self):
        return self.cluster.daemons

    def count(self, sql):
        """A count from PostgreSQL, or None on SQLite."""
        return int(self.server.scalar(sql)) if self.server else None

    def set_up(self):
        if not self.start_cluster(TOKEN):
            return False
        first = self.daemons[0]
        first.report_errors = True
        self.practice = first.add_practice("America/New_York")
        texting = first.text_from_ported_number(self.practice, "(312) 555-0150")
        # The first `hours set` closes every other day too: closed all week (A3).
        first.ctl("hours", "set", "--practice", str(self.practice), "--day", "monday", "--closed")
        hours = first.ctl("hours", "show", "--practice", str(self.practice))
        ok = texting.get("texting") is True and hours.get("configured") is True and hours.get("openNow") is False
        if not ok:
            print(f"# set-up failed: texting {texting}, hours {hours}")
            return False
        # Every daemon must know the practice before the checks start.
        return self.every_daemon_sees(self.practice, open_now=False)

    # 1. R1/A1 across daemons
    def texts_in_order(self):
        sender = "+13125552000"
        statuses = []
        started = time.monotonic()
        for i in range(200):
            statuses.append(self.cluster.post(i % len(self.daemons), sid("a", i), sender, PRACTICE_NUMBER,
                                              f"text {i:03d}"))
        seconds = time.monotonic() - started
        answered = sum(1 for s in statuses if s == 200)
        verdict("200 texts from one number, spread over the daemons, each answered 200", answered == 200,
                f"{answered}/200 answered 200 in {seconds:.1f} s, others {sorted(set(statuses) - {200})}")
        active = pg.active_conversations(self.daemons[0], self.practice, sender)
        verdict("the number has one active conversation", len(active) == 1, f"active conversations {active}")
        if len(active) != 1:
            return
        expected = [f"text {i:03d}" for i in range(200)]

        def inbound():
            messages = pg.conversation_messages(self.daemons[-1], self.practice, active[0])
            return [m["body"] for m in messages if m.get("direction") == "inbound"], messages

        bodies, messages = inbound()
        in_order = bodies == expected
        first_wrong = next((i for i, (a, b) in enumerate(zip(bodies, expected)) if a != b), None)
        verdict("the conversation holds all 200 texts in the order they were posted", in_order,
                f"{len(bodies)} inbound, first out of order at {first_wrong}")
        replies = [m for m in messages if m.get("direction") == "outbound" and m["body"].startswith(AFTER_HOURS)]
        verdict("exactly one after-hours reply in the conversation", len(replies) == 1, f"{len(replies)} replies")
        stored = self.count(f"SELECT count(*) FROM message WHERE phone = '{sender}' AND direction = 'inbound'")
        if stored is not None:
            verdict("PostgreSQL holds 200 inbound messages of the number", stored == 200, f"{stored} rows")

    # 2. S5 across daemons
    def concurrent_starts(self, rounds=5):
        outcomes = []
        for r in range(rounds):
            phone = f"+1312555{3000 + r:04d}"
            barrier = threading.Barrier(len(self.daemons) + 1)
            results = [None] * (len(self.daemons) + 1)

            def start(i):
                barrier.wait(10)
                daemon = self.daemons[i]
                results[i] = daemon.run_ctl("conversation", "start", "--practice", str(self.practice), "--to", phone,
                                            "--title", f"Round {r} from daemon {i + 1}", "--as", f"Staff {i + 1}")

            def text():
                barrier.wait(10)
                results[-1] = self.cluster.post(r % len(self.daemons), sid("b", r), phone, PRACTICE_NUMBER,
                                                f"round {r}")

            # Odd rounds race an inbound text from the number against the starts (R1 with S5).
            with_text = r % 2 == 1
            if not with_text:
                barrier = threading.Barrier(len(self.daemons))
                results[-1] = "none"
            threads = [threading.Thread(target=start, args=(i,)) for i in range(len(self.daemons))]
            if with_text:
                threads.append(threading.Thread(target=text))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            started = sum(1 for p in results[:-1] if p is not None and p.returncode == 0)
            refused = [p for p in results[:-1] if p is not None and p.returncode != 0]
            refusals_named = all(b"conversation.already_active" in (p.stdout + p.stderr) for p in refused)
            active = pg.active_conversations(self.daemons[r % len(self.daemons)], self.practice, phone)
            in_database = self.count(f"SELECT count(*) FROM conversation WHERE phone = '{phone}' AND active = 1")
            outcomes.append((r, started, len(refused), refusals_named, results[-1], len(active), in_database))
        good = all(o[5] == 1 and (o[6] is None or o[6] == 1) and o[1] <= 1 and o[3] and o[4] in (200, "none")
                   and (o[4] == 200 or o[1] == 1) for o in outcomes)
        verdict(f"concurrent staff starts on {len(self.daemons)} daemons plus a text: one active conversation "
                f"in each of {rounds} rounds", good,
                "; ".join(f"round {o[0]}: {o[1]} started, {o[2]} refused (already active: {o[3]}), text {o[4]}, "
                          f"active {o[5]}, rows {o[6]}" for o in outcomes))

    # 3. D2 pacing per sender number across daemons
    def pacing(self, count=20):
        queued = []
        for i in range(count):
            daemon = self.daemons[i % len(self.daemons)]
            answer = daemon.ctl("conversation", "start", "--practice", str(self.practice),
                                "--to", f"+1312555{4000 + i:04d}", "--title", f"Pacing {i}",
                                "--message", f"Pacing check {i}", "--as", "Dana")
            if "message" in answer:
                queued.append(answer["message"])
        verdict(f"{count} staff texts queued from the practice's one number", len(queued) == count,
                f"{len(queued)} queued")
        wanted = set(queued)

        def sends():
            return [s for s in self.cluster.carrier.snapshot() if s["message"] in wanted]

        e2e.wait_for(lambda: len({s["message"] for s in sends()}) >= len(wanted), 60, 0.2)
        seen = sends()
        times = sorted(s["at"] for s in seen)
        span = times[-1] - times[0] if len(times) > 1 else 0.0
        busiest = max((sum(1 for u in times if t <= u < t + 1.0) for t in times), default=0)
        senders = sorted({s["daemon"] + 1 for s in seen})
        verdict(f"all {count} reached the carrier", len({s["message"] for s in seen}) == count,
                f"{len({s['message'] for s in seen})} messages in {len(seen)} sends, by daemons {senders}")
        rate = (len(times) - 1) / span if span > 0 else float("inf")
        verdict("they left at 3 per second in total, not faster: first to last at least 6.0 s", span >= 6.0,
                f"first to last {span:.2f} s, {rate:.2f}/s, at most {busiest} in any second")
        verdict("nor much slower: first to last at most 9.5 s (over 2 per second)", span <= 9.5,
                f"first to last {span:.2f} s, {rate:.2f}/s; sent by daemons {senders}")

    # 4. R6 across daemons
    def duplicate_sid(self, rounds=5):
        outcomes = []
        for r in range(rounds):
            phone = f"+1312555{5000 + r:04d}"
            message_sid = sid("c", r)
            pair = [r % len(self.daemons), (r + 1) % len(self.daemons)]
            barrier = threading.Barrier(2)
            statuses = [None, None]

            def post(k):
                barrier.wait(10)
                statuses[k] = self.cluster.post(pair[k], message_sid, phone, PRACTICE_NUMBER, f"duplicate {r}")

            threads = [threading.Thread(target=post, args=(k,)) for k in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(30)
            rows = self.count(f"SELECT count(*) FROM message WHERE inbound_sid = '{message_sid}'")
            active = pg.active_conversations(self.daemons[0], self.practice, phone)
            shown = 0
            if len(active) == 1:
                shown = sum(1 for m in pg.conversation_messages(self.daemons[0], self.practice, active[0])
                            if m.get("direction") == "inbound")
            outcomes.append((r, statuses, rows, shown))
        good = all(o[1] == [200, 200] and (o[2] is None or o[2] == 1) and o[3] == 1 for o in outcomes)
        verdict(f"one MessageSid posted to two daemons at once, {rounds} rounds: both answered 200, stored once",
                good, "; ".join(f"round {o[0]}: answers {o[1]}, rows {o[2]}, in conversation {o[3]}"
                                for o in outcomes))

    # 5. practice changes seen by every daemon
    def change_seen(self, rounds=3, limit=1.5):
        """Changes the emergency phone on daemon 1, then texts another daemon from a new number every
        quarter second until its after-hours reply names the new phone (at most 4 s)."""
        outcomes = []
        probe = 0
        for r in range(rounds):
            emergency = f"(312) 555-{7100 + r:04d}"
            self.daemons[0].ctl("practice", "set", "--practice", str(self.practice), "--emergency-phone", emergency)
            changed = time.monotonic()
            target = (1 + r) % len(self.daemons) if len(self.daemons) > 1 else 0
            seen_after, statuses, stale_after_seen = None, [], 0
            while time.monotonic() - changed < 4.0:
                time.sleep(0.25)
                phone = f"+1312555{6000 + probe:04d}"
                status = self.cluster.post(target, sid("d", probe), phone, PRACTICE_NUMBER, f"after the change {r}")
                probe += 1
                answered = time.monotonic() - changed
                statuses.append(status)
                reply = None
                active = pg.active_conversations(self.daemons[target], self.practice, phone)
                if len(active) == 1:
                    reply = next((m["body"] for m in pg.conversation_messages(self.daemons[target], self.practice,
                                                                               active[0])
                                  if m.get("direction") == "outbound" and m["body"].startswith(AFTER_HOURS)), None)
                in_force = reply is not None and digits(emergency)[-7:] in digits(reply)
                if in_force and seen_after is None:
                    seen_after = answered
                elif not in_force and seen_after is not None:
                    stale_after_seen += 1
                if seen_after is not None and answered - seen_after > 0.6:
                    break
            outcomes.append((r, target + 1, seen_after, stale_after_seen, statuses))
        good = all(o[2] is not None and o[2] <= limit and o[3] == 0 and all(s == 200 for s in o[4]) for o in outcomes)
        verdict(f"an emergency phone changed on daemon 1 is in the after-hours reply of another daemon within "
                f"{limit} s", good,
                "; ".join(f"round {o[0]}: daemon {o[1]} "
                          + (f"in force {o[2]:.2f} s after the change" if o[2] is not None else "never in force")
                          + (f", {o[3]} older replies after that" if o[3] else "")
                          + ("" if all(s == 200 for s in o[4]) else f", answers {o[4]}") for o in outcomes))

    def run(self):
        self.texts_in_order()
        self.concurrent_starts()
        self.pacing()
        self.duplicate_sid()
        self.change_seen()


if __name__ == "__main__":
    sys.exit(pg.main(Run, pg.parser(55507)))
