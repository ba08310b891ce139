#!/usr/bin/env python3
"""Logs in with headless Chromium and walks the main pages of a server it starts on a fresh demo database.
Screenshots go to tests/browser/out/. Prints 'N passed, N failed' and exits non-zero on any failure."""
import base64, os, time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import harness
from harness import body, check, click, out

driver = harness.start("walk", members=600)
base = harness.base

try:
    def shot(name):
        driver.save_screenshot(os.path.join(out, name + ".png"))

    def logout():
        # The bar holds the button from 900px; below, it is inside the "Menu" disclosure.
        buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, "form[action='/logout'] button") if b.is_displayed()]
        if not buttons:
            driver.find_element(By.CSS_SELECTOR, "details.nav > summary").click()
            buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, "form[action='/logout'] button") if b.is_displayed()]
        click(buttons[0])

    def login(username):
        if "/login" not in driver.current_url:
            driver.get(base + "/login")
        driver.find_element(By.NAME, "username").clear()
        driver.find_element(By.NAME, "username").send_keys(username)
        driver.find_element(By.NAME, "password").send_keys("noiguong-demo")
        click(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))

    def full_shot(name):
        # The whole page, not just the window: phones scroll, and the screenshot should show what scrolls.
        import base64
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = dict(metrics.get("cssContentSize") or metrics["contentSize"])
        # Capturing beyond the viewport drops the scrollbar and lays the page out at the window's full width.
        size["width"] = driver.execute_script("return window.innerWidth")
        # Capped so that a long list stays readable in an image viewer: the top of the page is what matters.
        cap = 1600 if size["width"] < 640 else 3000
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], cap), "scale": 1}
        data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
        with open(os.path.join(out, name + ".png"), "wb") as f:
            f.write(base64.b64decode(data["data"]))

    TAP_TARGETS = """
        const small = [];
        for (const e of document.querySelectorAll('header a, header summary, header button, main button, main .button, .pager a, main input:not([type=hidden]), main select, .crumbs a')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;
            if (r.height < 43.5) small.push((e.innerText || e.name || e.tagName).trim().slice(0, 30) + ' ' + Math.round(r.height) + 'px');
        }
        return small;"""
    ONE_LINE = """
        const items = [...document.querySelectorAll('header.top a, header.top button')].filter(e => e.getClientRects().length && e.getBoundingClientRect().width > 0);
        const tops = items.map(e => Math.round(e.getBoundingClientRect().top));
        return [items.length, Math.max(...tops) - Math.min(...tops), document.querySelector('header.top').offsetHeight];"""

    def fits(label):
        # clientWidth leaves out a classic scrollbar; a phone's scrollbar overlays the page, so there both agree.
        width, inner, client = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth, document.documentElement.clientWidth]")
        check(f"{label}: no sideways scroll", width <= min(inner, client), f"scrollWidth={width} innerWidth={inner} clientWidth={client}")

    def role_pages(role):
        """The pages this role reaches, found by following the site's own links."""
        pages = [("home", "/")]
        driver.get(base + "/")
        nav = {a.get_attribute("pathname") for a in driver.find_elements(By.CSS_SELECTOR, "nav.menu a")}
        if "/units" in nav:
            pages.append(("units", "/units"))
            driver.get(base + "/units")
            units = driver.find_elements(By.CSS_SELECTOR, "ul.tree .node > a")
            if units:
                unit = units[-1].get_attribute("pathname")
                pages.append(("unit", unit))
                driver.get(base + "/units?q=to")
                pages.append(("unit-search", "/units?q=to"))
        pages.append(("members", "/members"))
        driver.get(base + "/members")
        members = driver.find_elements(By.CSS_SELECTOR, "table.members tbody td.title a")
        member = members[0].get_attribute("pathname") if members else None
        if member:
            pages.append(("member", member))
        if "/import" in nav:
            pages += [("member-new", "/members/new"), ("unit-new", "/units/new")]
            if member:
                pages.append(("member-edit", member + "/edit"))
            if "/units" in nav and units:
                pages.append(("unit-edit", unit + "/edit"))
            pages.append(("import", "/import"))
        if "/users" in nav:
            pages.append(("users", "/users"))
        if "/audit" in nav:
            pages.append(("audit", "/audit"))
        pages.append(("account", "/account"))
        return pages

    def walk_roles():
        roles = [("admin", "admin"), ("official", "can.bo"), ("secretary", "bi.thu"), ("member", "doan.vien")]
        for role, username in roles:
            driver.set_window_size(1280, 900)
            driver.get(base + "/login")
            login(username)
            check(f"{role} ({username}) logs in", "/login" not in driver.current_url, driver.current_url)
            pages = role_pages(role)
            check(f"{role} reaches {len(pages)} pages", len(pages) >= 3, str(pages))
            for width in (360, 1280):
                driver.set_window_size(width, 900)
                if width < 640:
                    # A phone: its viewport, and scrollbars that overlay the page instead of taking 15px of it.
                    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True})
                for name, path in pages:
                    driver.get(base + path)
                    label = f"{role} {name} at {width}px"
                    title = driver.find_element(By.TAG_NAME, "h1").text if driver.find_elements(By.TAG_NAME, "h1") else ""
                    check(f"{label}: page opens", not title.startswith("Có lỗi") and "/login" not in driver.current_url, f"{driver.current_url} {title}")
                    fits(label)
                    if width == 360:
                        small = driver.execute_script(TAP_TARGETS)
                        check(f"{label}: tap targets at least 44px", not small, "; ".join(small[:5]))
                    else:
                        count, spread, height = driver.execute_script(ONE_LINE)
                        check(f"{label}: header is one line", count > 3 and spread <= 4 and height <= 64, f"items={count} spread={spread}px height={height}px")
                    full_shot(f"{role}-{name}-{width}")
                if width == 360:
                    driver.get(base + "/")
                    driver.find_element(By.CSS_SELECTOR, "details.nav > summary").click()
                    links = [a for a in driver.find_elements(By.CSS_SELECTOR, "details.nav nav.menu a") if a.is_displayed()]
                    check(f"{role} phone menu opens with its links", len(links) >= 2 and driver.find_element(By.CSS_SELECTOR, "details.nav form[action='/logout'] button").is_displayed())
                    fits(f"{role} open menu at 360px")
                    full_shot(f"{role}-menu-open-360")
                driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            logout()
            check(f"{role} logs out", "/login" in driver.current_url, driver.current_url)

    driver.get(base + "/members")
    check("anonymous visitor is sent to the log-in form", "/login" in driver.current_url, driver.current_url)
    shot("01-login")
    driver.find_element(By.NAME, "username").send_keys("lanh.dao")
    driver.find_element(By.NAME, "password").send_keys("wrong password")
    click(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    check("wrong password shows a Vietnamese message", "không đúng" in body())
    driver.find_element(By.NAME, "username").clear()
    driver.find_element(By.NAME, "username").send_keys("lanh.dao")
    driver.find_element(By.NAME, "password").send_keys("noiguong-demo")
    click(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    check("log-in returns to the page asked for", driver.current_url.endswith("/members"), driver.current_url)

    driver.get(base + "/")
    check("home greets the user and shows the scope", "Xin chào" in body() and "Liên đoàn Lao động tỉnh Thái Nguyên" in body())
    shot("02-home")

    driver.get(base + "/units")
    check("tree shows the province", "Liên đoàn Lao động tỉnh Thái Nguyên" in body())
    click(driver.find_element(By.CSS_SELECTOR, "a.toggle[aria-expanded=false]"))
    check("expanding a node shows its children", "Công đoàn" in body())
    shot("03-tree")
    driver.get(base + "/units?q=chu van an")
    check("unit search ignores diacritics", "Trường THPT Chu Văn An" in body())
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Chu Văn An"))
    text = body()
    check("unit page shows counts", "Đoàn viên đang sinh hoạt" in text and "Đảng viên" in text and "%" in text)
    shot("04-unit")
    unit_url = driver.current_url
    click(driver.find_element(By.LINK_TEXT, "Sửa"))
    check("unit edit form asks when the change takes effect", "Ngày hiệu lực" in body())
    shot("11-unit-edit")
    name = driver.find_element(By.NAME, "name")
    name.send_keys(" (sửa)")
    date = driver.find_element(By.NAME, "date")
    date.clear()
    date.send_keys("01/01/2000")
    click(driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    check("a backdated unit change is refused in Vietnamese", "sớm hơn ngày bắt đầu" in body(), body()[:300])
    shot("12-unit-edit-backdated")
    driver.get(unit_url)

    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Danh sách đoàn viên"))
    check("member list of a unit", "đoàn viên" in body())
    driver.get(base + "/members?q=nguyen thi")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.members tbody tr")
    check("member search without diacritics finds Nguyễn Thị", len(rows) > 0 and all("Nguyễn Thị" in r.text for r in rows))
    shot("05-members")
    click(rows[0].find_element(By.TAG_NAME, "a"))
    text = body()
    check("member page shows record and history", "Quá trình sinh hoạt" in text and "Số CCCD" in text)
    shot("06-member")
    member_url = driver.current_url
    driver.get(member_url + "/edit")
    check("member edit form asks when a change of duties takes effect", "Ngày hiệu lực của thay đổi chức vụ" in body())
    shot("13-member-edit")
    duties = driver.find_element(By.NAME, "duties")
    duties.clear()
    duties.send_keys("Kế toán trưởng")
    date = driver.find_element(By.NAME, "effectiveDate")
    date.clear()
    date.send_keys("01/01/1990")
    click(driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    check("a backdated change of duties is refused in Vietnamese", "sớm hơn ngày bắt đầu" in body(), body()[:300])

    driver.get(base + "/members?gender=female&party=yes")
    count = driver.find_element(By.CSS_SELECTOR, "strong.count").text
    check("filters give a count written the Vietnamese way", "đoàn viên" in count, count)
    first_rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table.members tbody tr")]
    check("the first page says where it is", "Trang 1 · 1–" in body(), body()[-300:])
    check("the Party column says Có or Không", all(td.text in ("Có", "Không") for td in driver.find_elements(By.CSS_SELECTOR, "table.members td[data-label='Đảng viên']")))
    next_links = driver.find_elements(By.CSS_SELECTOR, "a[rel=next]")
    check("a long list has a next page", len(next_links) == 1)
    if next_links:
        click(next_links[0])
        check("next page works", len(driver.find_elements(By.CSS_SELECTOR, "table.members tbody tr")) > 0)
        check("page 2 says where it is", "Trang 2 · 51–" in body(), body()[-300:])
        click(driver.find_element(By.CSS_SELECTOR, "a[rel=prev]"))
        again = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table.members tbody tr")]
        check("previous page returns to the same first page", again == first_rows and "Trang 1 · 1–" in body())

    driver.get(base + "/import")
    check("import page offers templates", "Tải mẫu" in body())
    shot("07-import")
    # An official's own form, not our template: a title, a header on two rows ("Ngày sinh" merged over "Nam" and "Nữ",
    # the birth date written under the member's gender; "Trình độ" over its parts), a row numbering the columns.
    form_rows = [
        "DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN NGÀNH GIÁO DỤC",
        "STT;Họ và tên;Ngày sinh;;Dân tộc;CCCD;Mã đơn vị;Ngày vào CĐ;Số thẻ;Chức vụ;Nhiệm vụ;Trình độ;;Ngày vào Đảng;SĐT;Email",
        ";;Nam;Nữ;;;;;;;;Chuyên môn;Lý luận chính trị;;;",
        ";".join(f"({i})" for i in range(1, 17)),
        "1;Hà Văn Khải;12/05/1988;;Tày;019088001234;TN-GD;01/09/2015;;Giáo viên;Dạy Toán;Đại học;;;0912000001;",
        "2;Lò Thị Mai;;03/07/1992;Thái;019192001235;TN-GD;01/09/2016;;Giáo viên;Dạy Văn;Đại học;Sơ cấp;;0912000002;",
    ]
    form_path = os.path.join(out, "danh-sach-mau-rieng.csv")
    with open(form_path, "w", encoding="utf-8-sig") as f:
        f.write("\r\n".join(form_rows) + "\r\n")
    Select(driver.find_element(By.NAME, "kind")).select_by_value("members")
    driver.find_element(By.NAME, "file").send_keys(form_path)
    click(driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]"))
    check("an official's own two-row form is read and checked", "Kiểm tra xong 2 dòng đoàn viên: 2 mới" in body(), body()[:600])
    check("the page says how the form's columns were read",
          "«Ngày sinh Nam» (cột C): Giới tính Nam, ngày sinh ghi ở cột này" in body() and "bỏ qua «STT» (cột A)" in body(), body()[:900])
    driver.set_window_size(360, 800)
    full_shot("07b-import-own-form-phone")
    fits("import report at 360 px")
    driver.set_window_size(1280, 900)
    driver.get(base + "/users")
    check("user management lists accounts", "can.bo" in body())
    shot("08-users")
    driver.get(base + "/account")
    check("API tokens sit in the account page's advanced part, closed", not driver.find_element(By.NAME, "name").is_displayed())
    driver.find_element(By.XPATH, "//summary[contains(., 'Nâng cao')]").click()
    driver.find_element(By.NAME, "name").send_keys("Báo cáo tự động")
    click(driver.find_element(By.XPATH, "//button[contains(., 'Tạo mã')]"))
    check("a personal API token is shown once", "ng_" in body())
    shot("09-account")

    driver.get(base + "/units?lang=en")
    check("English can be switched on", "Organisation tree" in body())
    driver.get(base + "/units?lang=vi")

    driver.set_window_size(390, 844)
    driver.get(base + "/members")
    shot("10-members-phone")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check("member list fits a phone screen", width <= 400, f"scrollWidth={width}")

    for page, name in [(unit_url + "/edit", "14-unit-edit-phone"), (member_url + "/edit", "15-member-edit-phone")]:
        driver.get(page)
        shot(name)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        check(f"{name} fits a phone screen", width <= 400, f"scrollWidth={width}")

    driver.get(base + "/members/999999")
    check("a record that does not exist is a Vietnamese 404 page", "Không tìm thấy" in body())
    logout()
    check("log-out", "/login" in driver.current_url, driver.current_url)

    # The Party cell secretary reads names and duties, not citizen ids or phones.
    driver.set_window_size(1280, 900)
    driver.find_element(By.NAME, "username").send_keys("bi.thu")
    driver.find_element(By.NAME, "password").send_keys("noiguong-demo")
    click(driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    driver.get(base + "/members")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.members tbody tr")
    check("the secretary sees the cell's members", len(rows) > 0)
    if rows:
        click(rows[0].find_element(By.TAG_NAME, "a"))
        text = body()
        check("the secretary sees no citizen id or phone", "Quá trình sinh hoạt" in text and "Số CCCD" not in text and "Số điện thoại" not in text)
        shot("16-member-secretary")
    logout()

    walk_roles()
    driver.quit()
except Exception as error:
    harness.stopped(error)
finally:
    harness.finish()
