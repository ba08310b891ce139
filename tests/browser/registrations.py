#!/usr/bin/env python3
"""The registrations walk (issue 16), at phone width: one round in one grassroots union. Two members register on
their phones; the vague one is flagged while it is typed; the Party cell secretary returns it from the desk; it is
revised and approved; progress is recorded with an evidence file (a file whose name lies is refused); the server
moves to the year end and the member assesses the year; the unit page shows the coverage. Screenshots go to
tests/browser/out/reg-*.png. Prints 'N passed, N failed' and exits non-zero on any failure."""
import datetime, os, sqlite3, struct, tempfile, time, zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import harness
from harness import body, check, click, out

year = datetime.date.today().year
driver = harness.start("registrations", members=300, today=f"{year}-02-10")
base, db = harness.base, harness.db


def png_bytes():
    """A real 1×1 PNG, written by hand so the walk needs no image library."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


try:
    def phone(name):
        harness.fits(name, (360,), "reg")

    def login(user):
        harness.login(user, 360)

    open_details = harness.open_details

    def status_of(member_name):
        with sqlite3.connect(db) as c:
            return c.execute("""SELECT r.status, r.version FROM registrations r JOIN members m ON m.id = r.member_id
                                WHERE m.full_name = ? ORDER BY r.id DESC LIMIT 1""", (member_name,)).fetchone()

    def registration_of(member_name):
        with sqlite3.connect(db) as c:
            return c.execute("""SELECT r.id FROM registrations r JOIN members m ON m.id = r.member_id
                                WHERE m.full_name = ? ORDER BY r.id DESC LIMIT 1""", (member_name,)).fetchone()[0]

    def member_name(user):
        with sqlite3.connect(db) as c:
            return c.execute("SELECT m.full_name FROM users u JOIN members m ON m.id = u.member_id WHERE u.username = ?", (user,)).fetchone()[0]

    first, second = member_name("doan.vien"), member_name("doan.vien.2")

    # 1. The first member opens the round from the menu and types a vague action: flagged while typing.
    login("doan.vien")
    click(driver.find_element(By.LINK_TEXT, "Menu")) if driver.find_elements(By.LINK_TEXT, "Menu") else None
    driver.get(base + "/rounds")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Học tập và làm theo"))
    phone("round-member")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Đăng ký việc làm cụ thể"))
    box = driver.find_element(By.NAME, "action1")
    box.send_keys("Học tập và làm theo tấm gương đạo đức Hồ Chí Minh")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "fieldset[data-check='1'] li.flag"))
    flags = driver.find_elements(By.CSS_SELECTOR, "fieldset[data-check='1'] li.flag")
    check("vague action flagged while typing", len(flags) > 0 and "chung chung" in flags[0].text.lower() or len(flags) > 0, flags[0].text if flags else "")
    phone("form-flagged")
    click(driver.find_element(By.CSS_SELECTOR, "button[name=submit][value='1']"))
    check("flagged registration can still be sent", status_of(first) == ("submitted", 1), str(status_of(first)))
    check("member sees it was sent", "Đã gửi" in body(), body()[:300])
    phone("sent")

    # 2. The second member registers a concrete action.
    login("doan.vien.2")
    driver.get(base + "/rounds")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Học tập và làm theo"))
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Đăng ký việc làm cụ thể"))
    driver.find_element(By.NAME, "action1").send_keys("Xây dựng ngân hàng 200 câu hỏi trắc nghiệm Toán 10 dùng chung cho tổ chuyên môn")
    driver.find_element(By.NAME, "result1").send_keys("200 câu hỏi, cả tổ sử dụng")
    driver.find_element(By.NAME, "deadline1").send_keys("trước 30/4")
    click(driver.find_element(By.CSS_SELECTOR, "button[name=submit][value='1']"))
    check("second member's registration sent", status_of(second) == ("submitted", 1), str(status_of(second)))

    # 3. The secretary's desk: the flagged one first; it is returned with a reason.
    login("bi.thu")
    driver.get(base + "/desk")
    cards = driver.find_elements(By.CSS_SELECTOR, "main section.card, section.card")
    check("desk lists both", first in body() and second in body())
    check("flagged registration first on the desk", cards and first in cards[0].text, cards[0].text[:200] if cards else "")
    phone("desk")
    section = cards[0]
    section.find_element(By.TAG_NAME, "summary").click()
    section.find_element(By.NAME, "reason").send_keys("Việc làm còn chung chung: hãy ghi rõ việc gắn với môn dạy, kết quả và thời hạn.")
    click(section.find_element(By.CSS_SELECTOR, "button.danger"))
    check("secretary returned it", status_of(first) == ("returned", 1), str(status_of(first)))

    # 4. The member reads the reason, revises, sends again (version 2).
    login("doan.vien")
    driver.get(base + "/me")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Sửa bản đăng ký")) if driver.find_elements(By.PARTIAL_LINK_TEXT, "Sửa bản đăng ký") else None
    if "/register" not in driver.current_url:
        driver.get(base + "/rounds")
        click(driver.find_element(By.PARTIAL_LINK_TEXT, "Học tập và làm theo"))
        click(driver.find_element(By.PARTIAL_LINK_TEXT, "Xem bản đăng ký"))
        check("returned registration shows the reason", "chung chung" in body())
        click(driver.find_element(By.PARTIAL_LINK_TEXT, "Sửa bản đăng ký"))
    check("form shows the secretary's reason", "Bí thư chi bộ trả lại" in body())
    box = driver.find_element(By.NAME, "action1")
    box.clear()
    box.send_keys("Soạn 12 bài giảng điện tử Ngữ văn 11 có video minh họa, dùng chung cho tổ")
    driver.find_element(By.NAME, "result1").send_keys("12 bài giảng được tổ chuyên môn thông qua")
    driver.find_element(By.NAME, "deadline1").send_keys("trước 31/3")
    phone("revised")
    click(driver.find_element(By.CSS_SELECTOR, "button[name=submit][value='1']"))
    check("revised registration sent as version 2", status_of(first) == ("submitted", 2), str(status_of(first)))

    # 5. The secretary approves both, one step each (the desk holds the demo's own submissions too: each is found by
    # its registration, wherever the flags put it in the queue).
    login("bi.thu")
    for name in (first, second):
        driver.get(base + "/desk")
        buttons = driver.find_elements(By.XPATH, f"//form[contains(@action,'/registrations/{registration_of(name)}/approve')]/button")
        if buttons:
            click(buttons[0])
    check("both approved", status_of(first)[0] == "approved" and status_of(second)[0] == "approved", f"{status_of(first)} {status_of(second)}")

    # 6. Progress with an evidence file; a file whose name lies is refused.
    login("doan.vien")
    driver.get(base + "/rounds")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Học tập và làm theo"))
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Xem bản đăng ký"))
    registration_url = driver.current_url
    folder = tempfile.mkdtemp()
    liar = os.path.join(folder, "bao-cao.pdf")
    with open(liar, "wb") as f:
        f.write(png_bytes())
    form = open_details("Ghi tiến độ")
    form.find_element(By.NAME, "note").send_keys("Đã soạn xong 4 bài giảng")
    form.find_element(By.NAME, "file").send_keys(liar)
    click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("file with a lying extension refused", "đuôi .pdf" in body() and "PNG" in body(), body()[:300])
    good = os.path.join(folder, "anh-minh-chung.png")
    with open(good, "wb") as f:
        f.write(png_bytes())
    driver.get(registration_url)
    form = open_details("Ghi tiến độ")
    form.find_element(By.NAME, "note").send_keys("Đã soạn xong 4 bài giảng, ảnh buổi sinh hoạt tổ kèm theo")
    form.find_element(By.NAME, "file").send_keys(good)
    click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("progress recorded with the file", "anh-minh-chung.png" in body(), body()[:300])
    phone("progress")

    # 7. The year end: the member assesses the year.
    harness.serve(f"{year}-11-26")
    login("doan.vien")
    driver.get(registration_url)
    Select(driver.find_element(By.NAME, "period")).select_by_value("yearend")
    driver.find_element(By.CSS_SELECTOR, "input[name=outcome][value=done]").click()
    driver.find_element(By.NAME, "achieved").send_keys("Soạn xong 12 bài giảng, tổ chuyên môn đã thông qua và dùng chung")
    phone("assess")
    click(driver.find_element(By.XPATH, "//form[contains(@action,'/assess')]//button"))
    check("year-end self-assessment recorded", status_of(first)[0] == "completed", str(status_of(first)))
    check("registration page shows the assessment", "Cuối năm" in body() and "Hoàn thành" in body())

    # 8. The unit page shows the coverage.
    login("can.bo")
    driver.get(base + "/units?q=chu van an")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Chu Văn An"))
    coverage = driver.find_elements(By.ID, "coverage")
    check("unit page shows coverage", coverage and "%" in coverage[0].text, coverage[0].text[:200] if coverage else body()[:300])
    phone("unit-coverage")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "chưa có bản đăng ký được duyệt"))
    check("list of members not yet approved", "Chưa đăng ký" in body() or "Mọi đoàn viên" in body(), body()[:200])
    phone("missing")

    # 9. Back in February, an official enters registrations for two members who never sign in, from a file: checked
    # as a job, then written once confirmed.
    harness.serve(f"{year}-02-12")
    with sqlite3.connect(db) as c:
        round_id = c.execute("""SELECT r.round_id FROM registrations r JOIN members m ON m.id = r.member_id WHERE m.full_name = ?
                                ORDER BY r.id DESC LIMIT 1""", (first,)).fetchone()[0]
        absent = c.execute("""SELECT m.cccd, m.full_name FROM members m JOIN units u ON u.id = m.unit_id
                              WHERE u.name LIKE '%Lương Ngọc Quyến%' AND m.status = 'active' AND m.cccd IS NOT NULL
                                AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.member_id = m.id AND r.round_id = ?)
                              ORDER BY m.id LIMIT 2""", (round_id,)).fetchall()
    header = ("Số CCCD hoặc hộ chiếu;Họ và tên;Việc làm 1;Nhiệm vụ gắn với việc làm 1;Kết quả 1;Thời hạn 1;Việc làm 2;Kết quả 2;"
              "Thời hạn 2;Hạn chế cần khắc phục;Gửi chi bộ (x)")
    lines = [f"{cccd};{name};Mỗi tuần soạn 1 đề kiểm tra 15 phút cho khối 10;;36 đề;31/12/{year};;;;;x" for cccd, name in absent]
    sheet = os.path.join(tempfile.mkdtemp(), "dang-ky-to-toan.csv")
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("\n".join([header] + lines) + "\n")
    login("can.bo")
    driver.get(f"{base}/rounds/{round_id}")
    form = open_details("Nhập bản đăng ký từ tệp").find_element(By.TAG_NAME, "form")
    form.find_element(By.NAME, "file").send_keys(sheet)
    click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("registration file checked", f"Kiểm tra xong {len(lines)} dòng bản đăng ký" in body(), body()[:400])
    phone("import-checked")
    click(driver.find_element(By.CSS_SELECTOR, "form[action$='/confirm'] button"))
    check("registration file written", f"Đã ghi {len(lines)} dòng bản đăng ký" in body(), body()[:400])
    check("entered on the members' behalf", all(status_of(name) == ("submitted", 1) for _, name in absent), str([status_of(n) for _, n in absent]))
    phone("import-written")

    # 7. The administrator teaches the check a trade it does not know, sees the word listed, and removes it after a
    #    confirmation that says what changes.
    login("admin")
    driver.get(base + "/cycle")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Từ ngữ kiểm tra đăng ký"))
    check("the check's words page opens", "Từ ngữ của bộ kiểm tra đăng ký" in body(), body()[:300])
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "chưa đọc được lĩnh vực"))
    check("the duties the check cannot read are listed", "Nhiệm vụ bộ kiểm tra chưa đọc được" in body() and "bộ kiểm tra đọc được lĩnh vực của" in body(),
          body()[:400])
    # The warnings the secretaries overruled are listed once each, when the demo's year has any by now.
    with sqlite3.connect(db) as c:
        overruled = c.execute("""SELECT COUNT(*) FROM registrations r JOIN registration_actions a ON a.registration_id = r.id
                                 WHERE r.status IN ('approved', 'completed') AND (a.flags LIKE '%"untied"%' OR a.flags LIKE '%"vague"%')""").fetchone()[0]
    check("the warnings the secretaries overruled are listed", "Cảnh báo mà bí thư chi bộ vẫn duyệt" in body()
          and (("Được duyệt" in body()) if overruled else ("Chưa có bản đăng ký nào được duyệt khi còn cảnh báo" in body())),
          f"{overruled} in the database; {body()[:400]}")
    phone("check-words-unread")
    driver.get(base + "/check-words")
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/check-words']")
    Select(form.find_element(By.NAME, "list")).select_by_value("fieldWords")
    Select(form.find_element(By.NAME, "field")).select_by_value("__new")
    form.find_element(By.NAME, "newField").send_keys("Thủ công mỹ nghệ")
    form.find_element(By.NAME, "sector").click()
    form.find_element(By.NAME, "phrase").send_keys("mây tre đan")
    phone("check-words-form")
    click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("the word is added and listed", "mây tre đan" in body() and "Thủ công mỹ nghệ" in body(), body()[:400])
    with sqlite3.connect(db) as c:
        added = c.execute("SELECT COUNT(*) FROM check_words WHERE phrase = 'mây tre đan' AND sector = 1").fetchone()[0]
    check("the word is kept, as a sector's", added == 1, str(added))
    phone("check-words-added")
    click(driver.find_element(By.CSS_SELECTOR, "form[action$='/remove'] button"))
    check("removing asks first and says what changes", "Xác nhận bỏ từ ngữ" in body() and "cảnh báo đã ghi" in body(), body()[:400])
    phone("check-words-confirm")
    click(driver.find_element(By.CSS_SELECTOR, "form.card button.danger"))
    with sqlite3.connect(db) as c:
        left = c.execute("SELECT COUNT(*) FROM check_words").fetchone()[0]
    check("the word is removed", left == 0 and "Chưa thêm từ ngữ nào" in body(), str(left))
except Exception as error:  # a step that cannot go on fails the walk with its reason
    harness.stopped(error)
    try:
        driver.save_screenshot(os.path.join(out, "reg-stopped.png"))
    except Exception:
        pass
finally:
    harness.finish()
