"""What both browser walks share: a fresh demo database, a server on a free port, headless Chromium, and the
'ok / FAIL' tally. A walk calls `start`, uses `driver`, `base`, `check`, `body` and `click`, and ends with `finish`."""
import argparse, os, socket, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
passed, failed = 0, 0
server = None
driver = None
base = ""
db = ""


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


binary = ""
port = 0


def serve(today=None):
    """(Re)starts the server on the same database and port; `today` sets NOIGUONG_TODAY (yyyy-mm-dd)."""
    global server
    if server:
        server.terminate()
        server.wait(timeout=10)
    env = dict(os.environ, NOIGUONG_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)
    env.pop("NOIGUONG_TODAY", None)
    if today:
        env["NOIGUONG_TODAY"] = today
    server = subprocess.Popen([binary, "serve", "--db", db, "--hostname", "127.0.0.1", "--port", str(port)],
                              env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except Exception:
            time.sleep(0.2)


def start(name, members, today=None):
    """Demo database with `members` members, the server (living on `today` when given), and the browser; returns the driver."""
    global server, driver, base, db, binary, port
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args = parser.parse_args()
    os.makedirs(out, exist_ok=True)
    db = os.path.join(tempfile.mkdtemp(), name + ".sqlite")
    env = dict(os.environ, NOIGUONG_BCRYPT_COST="4")
    env.pop("DATABASE_URL", None)
    env.pop("NOIGUONG_TODAY", None)
    subprocess.run([args.binary, "demo", "--db", db, "--members", str(members)], check=True, env=env, cwd=root, stdout=subprocess.DEVNULL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    binary = args.binary
    serve(today)
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=vi"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


def body():
    return driver.find_element(By.TAG_NAME, "body").text


def click(element):
    # Wait for the next page: reading the old one while it unloads gives stale elements.
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 20).until(lambda _: gone(old))


def gone(element):
    """Whether the page holding `element` has been replaced. Chromium reports a node of an unloaded page either as
    stale or, while the next page is being built, as 'Node with given id does not belong to the document'."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def stopped(error):
    """A walk that could not go on counts as one failure, with the reason."""
    global failed
    failed += 1
    print(f"FAIL walk stopped: {error!r} {getattr(error, 'msg', '')}")


def finish():
    """Stops the browser and the server, prints the tally and exits non-zero on any failure."""
    try:
        if driver:
            driver.quit()
    except Exception:
        pass
    if server:
        server.terminate()
        server.wait(timeout=10)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def login(user, width=1280):
    """Signs in as a demo user (password noiguong-demo), from a clean slate of cookies."""
    driver.delete_all_cookies()
    driver.set_window_size(width, 900 if width > 400 else 800)
    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys("noiguong-demo")
    click(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))


def open_details(text):
    """Opens the <details> whose summary contains `text`; returns the <details> element."""
    for summary in driver.find_elements(By.TAG_NAME, "summary"):
        if text in summary.text:
            summary.click()
            return summary.find_element(By.XPATH, "..")
    raise AssertionError(f"no section '{text}'")


def fits(name, widths, prefix):
    """No sideways scroll at each width; a full-page screenshot of each, named prefix-name-width."""
    for width in widths:
        driver.set_window_size(width, 900)
        time.sleep(0.2)
        scroll = driver.execute_script("return document.documentElement.scrollWidth")
        inner = driver.execute_script("return window.innerWidth")
        check(f"{name} fits {width} px", scroll <= inner, f"{scroll} > {inner}")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(height + 40, 8000))
        suffix = f"-{width}" if len(widths) > 1 else ""
        driver.save_screenshot(os.path.join(out, f"{prefix}-{name}{suffix}.png"))
    driver.set_window_size(widths[0] if len(widths) == 1 else 1280, 900 if len(widths) > 1 or widths[0] > 400 else 800)
