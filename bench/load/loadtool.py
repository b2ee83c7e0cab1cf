#!/usr/bin/env python3
"""Helpers for bench/load/run.sh (standard library only).

  setup   get an admin token, create a customer account, register its phone; prints the token
  gen     write N signed webhook requests, one "<X-Signature>\t<JSON body>" a line, for wrk.lua
  send    send signed SMS one at a time (the light-load sample); writes the client-side timings as JSON
  pace    open-loop sender: signed SMS at a fixed offered rate (or a count as fast as it goes); client timings as JSON
  drain   wait until no inbound SMS is pending and no callback is in progress
  metric  print one value of the API's /metrics (Prometheus text), summed over its label sets, or "n/a"
  report  read the wrk and pace outputs, page through /api/admin/sms/inbox and /api/admin/callbacks, print the summary

Every loop is bounded in count and time.
"""
import argparse
import datetime as dt
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import sqlite3
import sys
import threading
import time
import urllib.parse

PAGE = 500          # the API's largest take
MAX_PAGES = 2000    # 1 000 000 rows: more than any run here produces


# ---------------------------------------------------------------- HTTP

class Api:
    def __init__(self, base, token=None, timeout=30):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.token, self.timeout = u.hostname, u.port, token, timeout
        self.conn = None

    def call(self, method, path, body=None, headers=None, raw=None):
        """One request on a kept-alive connection; returns (status, parsed JSON or None, seconds)."""
        h = {"Accept": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if body is not None:
            raw = json.dumps(body).encode()
        if raw is not None:
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        for attempt in (1, 2):  # one retry when the kept-alive connection was closed under us
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                started = time.perf_counter()
                self.conn.request(method, path, body=raw, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                elapsed = time.perf_counter() - started
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        parsed = None
        if data and resp.getheader("Content-Type", "").split(";")[0].endswith("json"):
            parsed = json.loads(data)
        return resp.status, parsed, elapsed

    def ok(self, method, path, body=None):
        status, parsed, _ = self.call(method, path, body)
        if status // 100 != 2:
            sys.exit(f"loadtool: {method} {path} -> {status} {parsed}")
        return parsed

    def pages(self, path):
        """Every row of a newest-first list endpoint, PAGE at a time."""
        rows = []
        for page in range(MAX_PAGES):
            sep = "&" if "?" in path else "?"
            batch = self.ok("GET", f"{path}{sep}skip={page * PAGE}&take={PAGE}")
            rows.extend(batch)
            if len(batch) < PAGE:
                return rows
        sys.exit(f"loadtool: {path} has more than {MAX_PAGES * PAGE} rows")


# ---------------------------------------------------------------- requests

def signed(secret, message_id, sender, to, text):
    body = json.dumps({"messageId": message_id, "from": sender, "to": to, "text": text,
                       "receivedAt": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")},
                      separators=(",", ":")).encode()
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(), body


def cmd_setup(a):
    api = Api(a.base)
    token = api.ok("POST", "/api/auth/token", {"login": "admin", "password": a.admin_password})["accessToken"]
    api.token = token
    account = api.ok("POST", "/api/admin/accounts", {"login": a.login, "password": a.password})["id"]
    api.ok("POST", f"/api/admin/accounts/{account}/phones", {"number": a.phone})
    # credit for every call of the run (a new account has none, and each callback reserves its longest affordable call)
    api.ok("PUT", f"/api/admin/accounts/{account}", {"creditLimit": 1000000, "maxConcurrentCallbacks": 0})
    api.ok("POST", f"/api/admin/accounts/{account}/topups", {"amount": 1000000, "note": "load test"})
    print(token)


def cmd_gen(a):
    with open(a.out, "w") as f:
        for i in range(a.count):
            sig, body = signed(a.secret, f"{a.prefix}{i:07d}", a.sender, a.to, a.text)
            f.write(sig + "\t" + body.decode() + "\n")


def cmd_send(a):
    api = Api(a.base, timeout=10)
    timings, statuses = [], {}
    deadline = time.monotonic() + a.max_seconds
    for i in range(a.count):
        if time.monotonic() > deadline:
            print(f"loadtool send: stopped after {i} SMS ({a.max_seconds} s)", file=sys.stderr)
            break
        sig, body = signed(a.secret, f"{a.prefix}{i:05d}", a.sender, a.to, a.text)
        status, _, elapsed = api.call("POST", "/api/sms/inbound/generic", raw=body, headers={"X-Signature": sig})
        statuses[status] = statuses.get(status, 0) + 1
        timings.append(elapsed)
        time.sleep(a.gap_ms / 1000 * random.uniform(0.5, 1.5))  # jittered, so arrivals do not keep step with the simulator's timers
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"statuses": statuses, "seconds": timings}, f)


def cmd_pace(a):
    """Open loop: request i is due at start + i/rate whatever the answers before it did, so a slow server shows as latency
    (measured from the due time, so waiting in the client counts) instead of as a lower offered rate (no coordinated omission)."""
    count = a.count if a.count else int(a.rate * a.seconds)
    # signed before the clock starts: at twice the sustained rate the sender shares two cores with a busy server, and its own CPU
    # per request shows as lateness "from due"
    bodies = [signed(a.secret, f"{a.prefix}{i:07d}", a.sender, a.to, a.text) for i in range(count)]
    started = time.perf_counter() + 0.2
    lock = threading.Lock()
    state = {"next": 0}
    due_ms, service_ms, statuses, errors = [], [], {}, [0]

    def worker():
        api = Api(a.base, timeout=30)
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= count:
                return
            due = started + i / a.rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            sig, body = bodies[i]
            sent = time.perf_counter()
            try:
                status, _, _ = api.call("POST", "/api/sms/inbound/generic", raw=body, headers={"X-Signature": sig})
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                continue
            done = time.perf_counter()
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                due_ms.append((done - max(due, started)) * 1000)
                service_ms.append((done - sent) * 1000)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(a.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(a.max_seconds)
    elapsed = time.perf_counter() - started
    ok = sum(c for s, c in statuses.items() if 200 <= s < 300)
    out = {"offered_per_s": a.rate, "count": count, "seconds": elapsed, "ok": ok, "not_ok": sum(statuses.values()) - ok,
           "errors": errors[0], "statuses": statuses, "achieved_per_s": ok / elapsed if elapsed > 0 else None,
           "p50_ms": pct(due_ms, 50), "p90_ms": pct(due_ms, 90), "p99_ms": pct(due_ms, 99), "max_ms": max(due_ms) if due_ms else None,
           "service_p50_ms": pct(service_ms, 50), "service_p99_ms": pct(service_ms, 99)}
    with open(a.out, "w") as f:
        json.dump(out, f)
    print(f"offered {a.rate:g}/s for {count} SMS: {ok} accepted in {elapsed:.1f} s ({out['achieved_per_s']:.0f}/s), "
          f"non-2xx {out['not_ok']}, errors {errors[0]}; answer time from due p50 {out['p50_ms']:.1f} ms p99 {out['p99_ms']:.1f} ms")


def pending_in_db(db):
    """Inbound SMS still pending, read from the SQLite file itself (read-only): cheap, unlike paging the whole inbox. With those still
    in the inbox's landing file next to it (app.db -> app.inbox.db, docs/adr/0055-inbox-landing-file.md): acknowledged, not yet moved."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        pending = con.execute("SELECT COUNT(*) FROM InboundSms WHERE Status = 0").fetchone()[0]
    finally:
        con.close()
    landing = os.path.splitext(db)[0] + ".inbox.db"
    if os.path.exists(landing):
        con = sqlite3.connect(f"file:{landing}?mode=ro", uri=True, timeout=10)
        try:
            pending += con.execute("SELECT COUNT(*) FROM LandedSms").fetchone()[0]
        finally:
            con.close()
    return pending


def cmd_drain(a):
    """Prints "<s until no SMS pending> <s until no callback in progress>" (or "timeout>N")."""
    api = Api(a.base, a.token)
    started = time.monotonic()
    pending_gone = None
    while True:
        if pending_gone is None:
            pending = pending_in_db(a.db) if a.db else sum(1 for s in api.pages("/api/admin/sms/inbox") if s["status"] == "Pending")
            if pending == 0:
                pending_gone = time.monotonic() - started
        if pending_gone is not None and not api.ok("GET", "/api/admin/callbacks?state=active&take=1"):
            print(f"{pending_gone:.1f} {time.monotonic() - started:.1f}")
            return
        if time.monotonic() - started > a.timeout:
            print(f"loadtool drain: gave up after {a.timeout} s (no SMS pending after: {pending_gone} s)", file=sys.stderr)
            print(f"{'n/a' if pending_gone is None else f'{pending_gone:.1f}'} timeout>{a.timeout:g}")
            return
        time.sleep(0.5)


def cmd_metric(a):
    """Prints the sum of every sample of a metric on /metrics, with the monotonic time it was read at ("n/a" when absent)."""
    h = {"Authorization": "Bearer " + a.token, "Accept": "text/plain"}
    u = urllib.parse.urlsplit(a.base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    try:
        conn.request("GET", "/metrics", headers=h)
        resp = conn.getresponse()
        text = resp.read().decode()
    finally:
        conn.close()
    at = time.monotonic()
    values = []
    for line in text.splitlines() if resp.status == 200 else []:
        if re.match(re.escape(a.name) + r"(\{|\s)", line):
            rest = line[line.rindex("}") + 1:] if "{" in line else line[len(a.name):]
            values.append(float(rest.split()[0]))  # "<name>{labels} <value> [<timestamp>]"
    print(f"{sum(values):.6f} {at:.3f}" if values else f"n/a {at:.3f}")


# ---------------------------------------------------------------- report

def parse_time(s):
    """.NET writes up to 7 fractional digits; Python reads 6."""
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$", s)
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    tz = m.group(3) or "+00:00"
    return dt.datetime.fromisoformat(f"{m.group(1)}.{frac}{'+00:00' if tz == 'Z' else tz}")


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))]


def read_wrk(path):
    out = {"statuses": {}}
    with open(path) as f:
        for line in f:
            if not line.startswith("@@"):
                continue
            key, _, rest = line[2:].strip().partition(" ")
            if key == "status":
                code, count = rest.split()
                out["statuses"][int(code)] = int(count)
            elif key in ("errors", "latency_us"):
                out[key] = {k: float(v) for k, v in (kv.split("=") for kv in rest.split())}
            else:
                out[key] = int(rest)
    out["seconds"] = out["duration_us"] / 1e6
    out["ok"] = sum(c for s, c in out["statuses"].items() if 200 <= s < 300)
    out["not_ok"] = sum(c for s, c in out["statuses"].items() if not 200 <= s < 300)
    return out


def latency_sample(inbox, by_sms, prefix):
    """Seconds from the SMS being stored to leg A being dialled, for the SMS whose messageId starts with prefix."""
    mine = [s for s in inbox if s["messageId"].startswith(prefix)]
    delays, with_callback, with_leg_a = [], 0, 0
    for s in mine:
        cb = by_sms.get(s["id"])
        if cb is None:
            continue
        with_callback += 1
        leg = next((l for l in cb["legs"] if l["kind"] == "A"), None)
        if leg is None:
            continue
        with_leg_a += 1
        delays.append((parse_time(leg["dialedAt"]) - parse_time(s["storedAt"])).total_seconds())
    statuses, outcomes = {}, {}
    for s in mine:
        statuses[s["status"]] = statuses.get(s["status"], 0) + 1
        outcomes[s["outcome"]] = outcomes.get(s["outcome"], 0) + 1
    ms = [d * 1000 for d in delays]
    return {"stored": len(mine), "with_callback": with_callback, "with_leg_a": with_leg_a, "statuses": statuses, "outcomes": outcomes,
            "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99), "max_ms": max(ms) if ms else None,
            "over_100ms": sum(1 for m in ms if m > 100)}


def fmt(v, unit="ms"):
    if v is None:
        return "n/a"
    return f"{v:,.1f} {unit}" if v < 100 else f"{v:,.0f} {unit}"


def cmd_report(a):
    api = Api(a.base, a.token, timeout=120)
    webhook, bare = read_wrk(a.wrk_webhook), read_wrk(a.wrk_bare)
    inbox = api.pages("/api/admin/sms/inbox")
    callbacks = api.pages("/api/admin/callbacks")
    by_sms = {c["inboundSmsId"]: c for c in callbacks if c.get("inboundSmsId")}
    e2e_sample = latency_sample(inbox, by_sms, a.e2e_prefix)
    paced = latency_sample(inbox, by_sms, a.pace_prefix)
    with open(a.e2e) as f:
        e2e_client = json.load(f)
    with open(a.pace) as f:
        pace_client = json.load(f)
    with open(a.overload) as f:
        overload = json.load(f)
    states = {}
    for c in callbacks:
        key = c["state"] + (f" ({c['failureReason']})" if c.get("failureReason") else "")
        states[key] = states.get(key, 0) + 1

    drained = a.e2e_drain.split()
    try:
        pending_s, calls_s = float(drained[0]), float(drained[-1])
    except ValueError:
        pending_s = calls_s = None
    e2e_count = e2e_sample["with_leg_a"]
    sms_per_s = webhook["ok"] / webhook["seconds"]
    bare_per_s = bare["ok"] / bare["seconds"]
    peak_mb = a.peak_kb / 1024 if a.peak_kb else None
    figures = {
        "ingest_ratio": sms_per_s / bare_per_s,
        "webhook_sms_per_s": sms_per_s,
        "webhook_non_2xx": webhook["not_ok"],
        "webhook_p99_ms": webhook["latency_us"]["p99"] / 1000,
        "bare_req_per_s": bare_per_s,
        "e2e_count": e2e_count,
        "e2e_sms_per_s_processed": e2e_count / pending_s if pending_s else None,
        "e2e_sms_per_s_calls_done": e2e_count / calls_s if calls_s else None,
        "paced_offered_per_s": pace_client["offered_per_s"],
        "paced_stored_to_originate_p50_ms": paced["p50_ms"],
        "paced_stored_to_originate_p95_ms": paced["p95_ms"],
        "paced_stored_to_originate_p99_ms": paced["p99_ms"],
        "paced_answer_p99_ms": pace_client["p99_ms"],
        "overload_offered_per_s": overload["offered_per_s"],
        "overload_answer_p50_ms": overload["p50_ms"],
        "overload_answer_p99_ms": overload["p99_ms"],
        "overload_achieved_per_s": overload["achieved_per_s"],
        "overload_request_p99_ms": overload["service_p99_ms"],
        "overload_non_2xx": overload["not_ok"] + overload["errors"],
        "peak_working_set_mb": peak_mb,
    }
    summary = {
        "settings": a.settings, "cpu": a.cpu, "figures": figures, "webhook": webhook, "bare": bare, "e2e_client": e2e_client,
        "e2e_sample": e2e_sample, "e2e_drain_seconds": a.e2e_drain, "paced_client": pace_client, "paced_sample": paced,
        "overload_client": overload, "callback_states": states,
    }
    with open(a.out, "w") as f:
        json.dump(summary, f, indent=2, default=str)

    def statuses(w):
        return ", ".join(f"{s}: {c}" for s, c in sorted(w["statuses"].items())) or "none"

    def errors(w):
        return ", ".join(f"{k} {int(v)}" for k, v in w["errors"].items() if v) or "none"

    def num(v, f="{:,.0f}"):
        return "n/a" if v is None else f.format(v)

    wl, bl = webhook["latency_us"], bare["latency_us"]
    print(f"""
==================== SmsCallback load summary ====================
settings: {a.settings}
CPU (2 cores = 200%): {a.cpu}

(a) durable ingest, POST /api/sms/inbound/generic, unique signed SMS ({webhook['seconds']:.1f} s)
  accepted SMS/s (2xx/s)     {sms_per_s:,.0f}   ({webhook['ok']:,} of {webhook['requests']:,}; wrk wrapped around its bodies {webhook['wrapped']} times)
  non-2xx responses          {webhook['not_ok']:,}   [{statuses(webhook)}]   socket errors: {errors(webhook)}
  HTTP latency               p50 {wl['p50'] / 1000:.2f} ms  p90 {wl['p90'] / 1000:.2f} ms  p99 {wl['p99'] / 1000:.2f} ms  max {wl['max'] / 1000:.1f} ms
  bare Kestrel POST, same bodies and wrk settings: {bare_per_s:,.0f} req/s (non-2xx {bare['not_ok']}, socket errors: {errors(bare)}), p99 {bl['p99'] / 1000:.2f} ms

(b) sustained end to end: {e2e_client['ok']:,} SMS sent as fast as the client goes ({num(e2e_client['achieved_per_s'])}/s), then drained
  no SMS pending after       {drained[0]} s   -> {num(figures['e2e_sms_per_s_processed'])} SMS/s processed and originated (n={e2e_count:,} with leg A)
  every call finished after  {drained[-1]} s   -> {num(figures['e2e_sms_per_s_calls_done'])} SMS/s with the calls complete
  inbox status               {e2e_sample['statuses']}   outcomes {e2e_sample['outcomes']}

(c) stored -> originate at {pace_client['offered_per_s']:g} SMS/s offered ({pace_client['ok']:,} accepted, {num(pace_client['achieved_per_s'])}/s; non-2xx {pace_client['not_ok']}, errors {pace_client['errors']})
  storedAt -> leg A dialedAt p50 {fmt(paced['p50_ms'])}  p95 {fmt(paced['p95_ms'])}  p99 {fmt(paced['p99_ms'])}  max {fmt(paced['max_ms'])}  n={paced['with_leg_a']:,}
  webhook answer time        from due p50 {fmt(pace_client['p50_ms'])}  p99 {fmt(pace_client['p99_ms'])};  request alone p50 {fmt(pace_client['service_p50_ms'])}  p99 {fmt(pace_client['service_p99_ms'])}

(d) webhook answer time at {overload['offered_per_s']:g} SMS/s offered (2x the sustained rate; the backlog grows)
  accepted                   {overload['ok']:,} ({num(overload['achieved_per_s'])}/s), non-2xx {overload['not_ok']}, errors {overload['errors']}
  answer time (from due)     p50 {fmt(overload['p50_ms'])}  p90 {fmt(overload['p90_ms'])}  p99 {fmt(overload['p99_ms'])}  max {fmt(overload['max_ms'])}
  request alone              p50 {fmt(overload['service_p50_ms'])}  p99 {fmt(overload['service_p99_ms'])}   (when the client reached less than the offered rate, "from due"
                             includes the client's own lag: python's sender tops out at a few hundred SMS/s on a busy machine)

(e) peak working set of the API (VmHWM): {num(peak_mb)} MB

  callback states (all)      {states}

measure                                 figure            issue 15 goal
ingest ratio webhook : bare             {figures['ingest_ratio']:<17.3f} >= 0.25, 0 non-2xx (non-2xx: {webhook['not_ok']})
sustained end to end (processed)        {num(figures['e2e_sms_per_s_processed']) + ' SMS/s':<17} >= 1500 SMS/s
stored -> originate at {pace_client['offered_per_s']:g}/s p50 / p99   {fmt(paced['p50_ms']) + ' / ' + fmt(paced['p99_ms']):<17} <= 10 ms / <= 50 ms
webhook p99 at 2x sustained (due/req)  {fmt(overload['p99_ms']) + ' / ' + fmt(overload['service_p99_ms']):<17} <= 100 ms
peak working set                        {num(peak_mb) + ' MB':<17} <= 300 MB
===================================================================""")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("setup")
    s.add_argument("--base", required=True)
    s.add_argument("--admin-password", required=True)
    s.add_argument("--login", default="bench")
    s.add_argument("--password", default="bench-pass")
    s.add_argument("--phone", required=True)

    for name in ("gen", "send"):
        s = sub.add_parser(name)
        s.add_argument("--secret", required=True)
        s.add_argument("--prefix", required=True)
        s.add_argument("--count", type=int, required=True)
        s.add_argument("--sender", required=True)
        s.add_argument("--to", default="48500000000")
        s.add_argument("--text", default="D.48774417880")
        if name == "gen":
            s.add_argument("--out", required=True)
        else:
            s.add_argument("--base", required=True)
            s.add_argument("--gap-ms", type=float, default=50)
            s.add_argument("--max-seconds", type=float, default=120)
            s.add_argument("--out")

    s = sub.add_parser("pace")
    s.add_argument("--base", required=True)
    s.add_argument("--secret", required=True)
    s.add_argument("--prefix", required=True)
    s.add_argument("--rate", type=float, required=True, help="offered SMS/s")
    s.add_argument("--seconds", type=float, default=10)
    s.add_argument("--count", type=int, default=0, help="send this many (at --rate at most) instead of rate x seconds")
    s.add_argument("--threads", type=int, default=32)
    s.add_argument("--sender", required=True)
    s.add_argument("--to", default="48500000000")
    s.add_argument("--text", default="D.48774417880")
    s.add_argument("--max-seconds", type=float, default=120)
    s.add_argument("--out", required=True)

    s = sub.add_parser("drain")
    s.add_argument("--db", help="the SQLite file: pending SMS are counted there")
    s.add_argument("--base", required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--timeout", type=float, default=300)

    s = sub.add_parser("metric")
    s.add_argument("--base", required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--name", required=True, help="as Prometheus names it, e.g. smscallback_sqlite_write_lock_held_seconds_total")

    s = sub.add_parser("report")
    for arg in ("--base", "--token", "--wrk-webhook", "--wrk-bare", "--e2e", "--e2e-prefix", "--pace", "--pace-prefix", "--overload", "--out"):
        s.add_argument(arg, required=True)
    s.add_argument("--e2e-drain", default="n/a", help='what drain printed after the end-to-end run: "<pending gone s> <calls done s>"')
    s.add_argument("--peak-kb", type=int, default=0, help="the API's VmHWM")
    s.add_argument("--settings", default="")
    s.add_argument("--cpu", default="n/a", help="CPU use during the wrk runs, as measured by run.sh")

    a = p.parse_args()
    {"setup": cmd_setup, "gen": cmd_gen, "send": cmd_send, "pace": cmd_pace, "drain": cmd_drain, "metric": cmd_metric, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    main()
