#!/usr/bin/env python3
"""Every page and form, as several roles, with odd input: random ids in the path (0, -1, letters, 23 digits), odd
query strings, and POSTs of random form fields (with a valid CSRF token). Each answer must be a page or a 4xx: a 5xx or
a dropped connection is a bug. The seeds are fixed, so a failure comes back the same way.
    python3 tests/web-fuzz.py --binary PATH [--per-route N]"""
import argparse, http.cookiejar, os, random, re, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

parser = argparse.ArgumentParser()
parser.add_argument("--binary", required=True)
parser.add_argument("--per-route", type=int, default=8)
args = parser.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
env = dict(os.environ, NOIGUONG_BCRYPT_COST="4")
env.pop("DATABASE_URL", None)
env.pop("NOIGUONG_TODAY", None)
db = os.path.join(tempfile.mkdtemp(), "fuzz.sqlite")
subprocess.run([args.binary, "demo", "--db", db, "--members", "300"], check=True, env=env, cwd=root, stdout=subprocess.DEVNULL)
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
base = f"http://127.0.0.1:{port}"
log = open(os.path.join(os.path.dirname(db), "server.log"), "w")
server = subprocess.Popen([args.binary, "serve", "--db", db, "--hostname", "127.0.0.1", "--port", str(port)],
                          env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def routes(method):
    listed = subprocess.run([args.binary, "routes"], capture_output=True, text=True, env=env, cwd=root).stdout
    found = sorted({line.split("|")[2].strip() for line in listed.splitlines() if line.startswith(f"| {method} ")})
    # Signing out would end the session the rest of the run needs; static files take no input.
    return [r for r in found if r not in ("/logout", "/login") and not r.startswith("/static")]


def login(user):
    o = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
    page = o.open(base + "/login").read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"_csrf": token, "username": user, "password": "noiguong-demo", "next": "/"}).encode()
    try:
        o.open(base + "/login", form)
    except urllib.error.HTTPError:
        pass  # the redirect after signing in
    account = o.open(base + "/account").read().decode()
    return o, re.search(r'name="_csrf" value="([^"]+)"', account).group(1)


def status(o, url, body=None):
    try:
        return o.open(url, body, timeout=60).status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:  # a dropped connection, a timeout
        return f"{type(e).__name__}: {str(e)[:80]}"


ids = ["1", "2", "3", "999999", "0", "-1", "abc", "99999999999999999999999", "1.5", "x.y", "members.xlsx"]
names = ["unit", "year", "page", "after", "before", "q", "member", "under", "kind", "status", "limit", "format", "from", "to",
         "date", "programme", "round", "cell", "level", "id", "next", "user", "action", "entity", "flag", "state", "name", "title",
         "reason", "note", "text", "result", "deadline", "duty", "comment", "decision", "code", "parent", "role", "username",
         "password", "email", "phone", "opens", "closes", "theme", "score", "grade", "confirm", "into", "shortcomings",
         "description", "fullName", "birthDate", "gender", "citizenID", "education", "list", "field", "phrase", "sector"]
values = ["", "abc", "-1", "0", "1", "99999999999999999999", "%", "_", "'", "1e9", "2024-13-45", "31/02/2026", "01/01/2026",
          "<script>", "x" * 3000, "đ", "NaN", "true", "[]", "1,2", "2026", "Nam", "Đại học", "A1"]
bad, sent = [], 0
try:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.2)
    people = {u: login(u) for u in ["admin", "lanh.dao", "kiem.tra", "bi.thu", "doan.vien"]}
    rng = random.Random(20261206)
    for method in ["GET", "POST"]:
        for route in routes(method):
            for _ in range(args.per_route):
                path = route
                while ":" in path:
                    path = re.sub(r":[A-Za-z]+", urllib.parse.quote(rng.choice(ids)), path, count=1)
                for user, (o, token) in people.items():
                    fields = {rng.choice(names): rng.choice(values) for _ in range(rng.randint(0, 5))}
                    if method == "GET":
                        url, body = base + path + ("?" + urllib.parse.urlencode(fields) if fields else ""), None
                    else:
                        url, body = base + path, urllib.parse.urlencode({**fields, "_csrf": token}).encode()
                    sent += 1
                    code = status(o, url, body)
                    if not isinstance(code, int) or code >= 500:
                        bad.append((user, method, code, url[:160], {k: v[:20] for k, v in fields.items()}))
finally:
    server.terminate()
    server.wait(timeout=10)
print(f"{sent} requests, {len(bad)} answered 5xx or dropped")
for b in bad[:30]:
    print("  ", b)
sys.exit(1 if bad else 0)
