#!/usr/bin/env python3
"""Seeds the data of the web benchmark and signs in like a browser (standard library only).

seed BASE ADMIN_PASSWORD  -> prints KEY=VALUE lines: ADMIN_TOKEN, CUSTOMER_TOKEN, CUSTOMER_COOKIE, ADMIN_COOKIE
"""
import http.cookiejar, json, re, sys, time, urllib.parse, urllib.request

def call(base, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if body is not None: req.add_header("Content-Type", "application/json")
    if token: req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as r:
        text = r.read().decode()
        return json.loads(text) if text else None

def token(base, login, password):
    return call(base, "POST", "/api/auth/token", {"login": login, "password": password})["accessToken"]

def site_cookie(base, login, password):
    """GET / for the antiforgery token, POST /signin; returns the site cookie as 'name=value'."""
    jar = http.cookiejar.CookieJar()
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs): return None
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/").read().decode()
    af = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"Login": login, "Password": password, "__RequestVerificationToken": af}).encode()
    try:
        opener.open(base + "/signin", form)
    except urllib.error.HTTPError as e:
        if e.code != 302: raise
    return next(f"{c.name}={c.value}" for c in jar if c.name == "SmsCallback.Site")

def seed(base, admin_password):
    admin = token(base, "admin", admin_password)
    call(base, "PUT", "/api/admin/ivr-settings", {"enabled": False}, admin)
    customer_id = call(base, "POST", "/api/admin/accounts", {"login": "bench", "password": "bench-pass1"}, admin)["id"]
    call(base, "PUT", f"/api/admin/accounts/{customer_id}", {"creditLimit": 1000, "maxConcurrentCallbacks": 20}, admin)
    call(base, "POST", f"/api/admin/accounts/{customer_id}/phones", {"number": "48600316058"}, admin)
    for i in range(40):  # more accounts for the operator's list
        call(base, "POST", "/api/admin/accounts", {"login": f"other{i:02}", "password": "other-pass1"}, admin)
    for i in range(30):
        call(base, "POST", f"/api/admin/accounts/{customer_id}/topups", {"amount": 1, "note": f"top-up {i}"}, admin)
    customer = token(base, "bench", "bench-pass1")
    for i in range(20):
        call(base, "POST", "/api/me/phonebook", {"name": f"entry{i:02}", "number": f"4877441{7800 + i}"}, customer)
    for i in range(60):  # 60 callbacks: 120 call legs, 120 ledger charges
        call(base, "POST", "/api/callbacks", {"destination": f"4877441{7900 + i % 50}"}, customer)
        time.sleep(0.05)
    for _ in range(600):
        if not call(base, "GET", "/api/admin/callbacks?state=active", token=admin): break
        time.sleep(0.5)
    print(f"ADMIN_TOKEN={admin}")
    print(f"CUSTOMER_TOKEN={customer}")
    print(f"CUSTOMER_COOKIE={site_cookie(base, 'bench', 'bench-pass1')}")
    print(f"ADMIN_COOKIE={site_cookie(base, 'admin', admin_password)}")

if __name__ == "__main__":
    if sys.argv[1] == "seed": seed(sys.argv[2], sys.argv[3])
    else: sys.exit("usage: webtool.py seed BASE ADMIN_PASSWORD")
