#!/usr/bin/env python3
"""Helpers for bench/load/run.sh (standard library only).

  setup   get an admin token, create a customer account, register its phone; prints the token
  gen     write N signed webhook requests, one "<X-Signature>\t<JSON body>" a line, for wrk.lua
  send    send signed SMS one at a time (the light-load sample); writes the client-side timings as JSON
  drain   wait until no inbound SMS is pending and no callback is in progress
  report  read the wrk outputs, page through /api/admin/sms/inbox and /api/admin/callbacks, print the summary

Every loop is bounded in count and time.
"""
import argparse
import datetime as dt
import hashlib
import hmac
import http.client
import json
import random
import re
import sys
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


def cmd_drain(a):
    """Prints "<s until no SMS pending> <s until no callback in progress>" (or "timeout>N")."""
    api = Api(a.base, a.token)
    started = time.monotonic()
    pending_gone = None
    while True:
        if pending_gone is None:
            pending = sum(1 for s in api.pages("/api/admin/sms/inbox") if s["status"] == "Pending")
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
    webhook, health = read_wrk(a.wrk_webhook), read_wrk(a.wrk_health)
    inbox = api.pages("/api/admin/sms/inbox")
    callbacks = api.pages("/api/admin/callbacks")
    by_sms = {c["inboundSmsId"]: c for c in callbacks if c.get("inboundSmsId")}
    load = latency_sample(inbox, by_sms, a.load_prefix)
    light = latency_sample(inbox, by_sms, a.light_prefix)
    with open(a.light_client) as f:
        client = json.load(f)
    client_ms = [s * 1000 for s in client["seconds"]]
    client_slow = sum(1 for m in client_ms if m > 100)
    states = {}
    for c in callbacks:
        key = c["state"] + (f" ({c['failureReason']})" if c.get("failureReason") else "")
        states[key] = states.get(key, 0) + 1

    drained = a.drain_seconds.split()
    sms_per_s = webhook["ok"] / webhook["seconds"]
    stored_per_s = load["stored"] / webhook["seconds"]
    health_per_s = health["ok"] / health["seconds"]
    summary = {
        "settings": a.settings, "cpu": a.cpu, "webhook": webhook, "health": health, "load_sample": load, "light_sample": light,
        "light_client": {"statuses": client["statuses"], "p50_ms": pct(client_ms, 50), "p99_ms": pct(client_ms, 99)},
        "callback_states": states, "drain_seconds": a.drain_seconds,
        "sms_per_s": sms_per_s, "stored_per_s": stored_per_s, "health_per_s": health_per_s,
    }
    with open(a.out, "w") as f:
        json.dump(summary, f, indent=2, default=str)

    def statuses(w):
        return ", ".join(f"{s}: {c}" for s, c in sorted(w["statuses"].items())) or "none"

    def errors(w):
        return ", ".join(f"{k} {int(v)}" for k, v in w["errors"].items() if v) or "none"

    wl, hl = webhook["latency_us"], health["latency_us"]
    print(f"""
==================== SmsCallback load summary ====================
settings: {a.settings}
CPU (2 cores = 200%): {a.cpu}

Webhook POST /api/sms/inbound/generic ({webhook['seconds']:.1f} s)
  accepted SMS/s (2xx/s)     {sms_per_s:,.0f}   ({webhook['ok']:,} of {webhook['requests']:,} requests)
  stored in the inbox        {load['stored']:,}  ({stored_per_s:,.0f}/s; wrk wrapped around its bodies {webhook['wrapped']} times)
  non-2xx responses          {webhook['not_ok']:,}   [{statuses(webhook)}]   socket errors: {errors(webhook)}
  HTTP latency               p50 {wl['p50'] / 1000:.2f} ms  p90 {wl['p90'] / 1000:.2f} ms  p99 {wl['p99'] / 1000:.2f} ms  max {wl['max'] / 1000:.1f} ms

Bare endpoint GET /health/live ({health['seconds']:.1f} s)
  requests/s                 {health_per_s:,.0f}
  non-2xx responses          {health['not_ok']:,}   [{statuses(health)}]   socket errors: {errors(health)}
  HTTP latency               p50 {hl['p50'] / 1000:.2f} ms  p90 {hl['p90'] / 1000:.2f} ms  p99 {hl['p99'] / 1000:.2f} ms  max {hl['max'] / 1000:.1f} ms

Ratio webhook SMS/s : bare req/s   {sms_per_s / health_per_s:.3f}  (1 : {health_per_s / sms_per_s:.1f})

SMS stored -> switch originate (inbox storedAt -> leg A dialedAt)
  under full load            p50 {fmt(load['p50_ms'])}  p95 {fmt(load['p95_ms'])}  p99 {fmt(load['p99_ms'])}  max {fmt(load['max_ms'])}  n={load['with_leg_a']:,} (>100 ms: {load['over_100ms']:,})
  light load (1 at a time)   p50 {fmt(light['p50_ms'])}  p95 {fmt(light['p95_ms'])}  p99 {fmt(light['p99_ms'])}  max {fmt(light['max_ms'])}  n={light['with_leg_a']:,} (>100 ms: {light['over_100ms']:,})
  light load webhook round trip (client)  p50 {fmt(pct(client_ms, 50))}  p99 {fmt(pct(client_ms, 99))}  (>100 ms: {client_slow})  statuses {client['statuses']}

Accepted SMS that got a callback
  load                       {load['with_callback']:,} of {load['stored']:,} (leg A dialled: {load['with_leg_a']:,})
  light                      {light['with_callback']:,} of {light['stored']:,} (leg A dialled: {light['with_leg_a']:,})
  inbox status (load)        {load['statuses']}
  outcomes (load)            {load['outcomes']}
  callback states (all)      {states}
  after the webhook run      no SMS pending after {drained[0]} s; every call finished after {drained[-1]} s
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

    s = sub.add_parser("drain")
    s.add_argument("--base", required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--timeout", type=float, default=300)

    s = sub.add_parser("report")
    for arg in ("--base", "--token", "--wrk-webhook", "--wrk-health", "--light-client", "--load-prefix", "--light-prefix", "--out"):
        s.add_argument(arg, required=True)
    s.add_argument("--drain-seconds", default="n/a")
    s.add_argument("--settings", default="")
    s.add_argument("--cpu", default="n/a", help="CPU use during the wrk runs, as measured by run.sh")

    a = p.parse_args()
    {"setup": cmd_setup, "gen": cmd_gen, "send": cmd_send, "drain": cmd_drain, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    main()
