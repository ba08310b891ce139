#!/usr/bin/env python3
"""The second browser walk: what cannot be undone in one tap and the pickers. On a fresh demo database it dissolves a
unit through its confirmation and reverses it, moves a unit chosen with the picker (script on), checks the page
width at 360 and 1280 px on each step, and walks a member's correction request to its approval.
Screenshots go to tests/browser/out/changes-*.png. Prints 'N passed, N failed' and exits non-zero on any failure."""
import os, sqlite3, time

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import harness
from harness import body, check, click, out


def members_on_record():
    """Every member's unit and status, and every period: what a reversal must give back exactly."""
    with sqlite3.connect(db) as c:
        return (c.execute("SELECT id, unit_id, status FROM members ORDER BY id").fetchall(),
                c.execute("SELECT member_id, unit_id, status, valid_from, valid_to FROM member_periods ORDER BY id").fetchall(),
                c.execute("SELECT id, parent_id, path, status, ended_on FROM units ORDER BY id").fetchall())


driver = harness.start("changes", members=300)
base, db = harness.base, harness.db

try:
    def widths(name):
        harness.fits(name, (360, 1280), "changes")

    def login(user):
        harness.login(user)

    open_details = harness.open_details

    login("can.bo")
    driver.get(base + "/units?q=luong ngoc quyen")
    click(driver.find_element(By.PARTIAL_LINK_TEXT, "Lương Ngọc Quyến"))
    unit_url = driver.current_url
    before = members_on_record()

    # Dissolve: closed by default, a reason, then a confirmation in numbers that writes nothing until confirmed.
    check("destructive forms are closed by default", not any(d.get_attribute("open") for d in driver.find_elements(By.CSS_SELECTOR, "details.danger")))
    section = open_details("Giải thể")
    section.find_element(By.NAME, "reason").send_keys("Quyết định 12/QĐ-CĐGD")
    click(section.find_element(By.CSS_SELECTOR, "button"))
    text = body()
    check("the confirmation states the consequence in numbers", "Giải thể" in text and "đoàn viên thôi sinh hoạt từ" in text, text[:300])
    check("nothing is written before confirming", members_on_record() == before)
    widths("dissolve-confirm")
    click(driver.find_element(By.CSS_SELECTOR, "form button.danger"))
    check("the unit is dissolved", "Đã giải thể" in body())
    check("the unit page lists the change with its reason", "Quyết định 12/QĐ-CĐGD" in body())
    after_dissolve = members_on_record()
    check("members stopped being active", after_dissolve != before)
    widths("dissolved")

    # Reverse it: the same two steps, then exactly as before.
    section = open_details("Hoàn tác")
    section.find_element(By.NAME, "reason").send_keys("Nhầm đơn vị")
    click(section.find_element(By.CSS_SELECTOR, "button"))
    check("the reversal asks first, in numbers", "trở lại đúng như trước ngày" in body())
    widths("reverse-confirm")
    click(driver.find_element(By.CSS_SELECTOR, "form button.danger"))
    check("the reversal is shown on the unit page", "Đã hoàn tác" in body() and "Đang hoạt động" in body())
    check("members and units are exactly as before the mistake", members_on_record() == before)
    widths("reversed")

    # Move with the picker: type part of a name without diacritics, choose a suggestion.
    driver.get(unit_url)
    section = open_details("Chuyển sang")
    field = section.find_element(By.NAME, "target")
    # "cong doan nganh" matches the education and the health sector unions; this official may use only the first.
    field.send_keys("cong doan nganh")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".pick-list li[role=option]"))
    suggestions = [li.text for li in driver.find_elements(By.CSS_SELECTOR, ".pick-list li[role=option]")]
    check("the picker suggests units in scope by name", any("Công đoàn ngành Giáo dục" in s for s in suggestions), str(suggestions))
    check("the picker never offers units outside the scope", not any("ngành Y tế" in s for s in suggestions), str(suggestions))
    widths("picker")
    option = driver.find_elements(By.CSS_SELECTOR, ".pick-list li[role=option]")[0]
    webdriver.ActionChains(driver).click(option).perform()
    check("choosing writes the name and code into the field", "(" in field.get_attribute("value") and ")" in field.get_attribute("value"), field.get_attribute("value"))

    # A member asks for a correction; the official approves it.
    login("doan.vien")
    driver.get(base + "/me")
    check("the member's own corner shows their record and unit", "Đơn vị của tôi" in body() and "Cán bộ công đoàn phụ trách" in body())
    widths("me")
    section = open_details("Đề nghị sửa")
    phone = section.find_element(By.NAME, "phone")
    phone.clear()
    phone.send_keys("0987654321")
    click(section.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("the request is sent and waits", "Đang chờ duyệt" in body())
    login("can.bo")
    driver.get(base + "/corrections")
    check("the official sees the request with old and new values", "0987654321" in body())
    widths("corrections")
    click(driver.find_element(By.XPATH, "//button[contains(., 'Duyệt')]"))
    check("approving corrects the record", "Đã duyệt" in body())
    driver.quit()
except Exception as error:
    harness.stopped(error)
finally:
    harness.finish()
