#!/usr/bin/env python3
"""The search page of fahras-serve in a real browser (Debian's chromium and
chromium-driver, driven by python3-selenium), over a database of corpus/ and
one article whose text holds markup.

Run by ctest. Without chromium it fails, unless FAHRAS_ALLOW_NO_BROWSER=1
says that a machine without a browser may skip it.

Usage: browser_test.py --bin BUILD/bin --corpus CORPUS --artifacts DIR
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

SEED = "000_430bdbc45af02d1a"
MARKUP_ID = "markup-001"
# An article whose text is markup: the page must show it as text and run nothing.
MARKUP_ARTICLE = {
    "id": MARKUP_ID,
    "title": "عنوان فيه <script>window.pwned = 1</script> وسم",
    "body": "مقال اختبار الترميز <script>window.pwned = 2</script> ثم "
            "<img src=x onerror=\"window.pwned = 3\"> ونص أخير عن الترميز.",
    "date": "2020-05-05",
    "source": "markup-test",
    "category": "culture",
}
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--lang=ar",
]
DESKTOP = (1280, 900)
PHONE = (390, 844)

args = None


def find_browser():
    """Paths of chromium and chromedriver, or None if either is missing."""
    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


class Service:
    """fahras-serve on an ephemeral 127.0.0.1 port over `db`."""

    def __init__(self, db, log):
        self.log = open(log, "w+")
        self.process = subprocess.Popen(
            [os.path.join(args.bin, "fahras-serve"), "--db", db, "--listen", "127.0.0.1:0"],
            stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            self.log.seek(0)
            found = re.search(r"listening on (http://\S+)", self.log.read())
            if found:
                self.url = found.group(1).rstrip("/")
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.log.seek(0)
        raise RuntimeError("fahras-serve did not start: " + self.log.read())

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=30)
        self.log.close()
        return status


class BrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service as DriverService

        cls.tmp = tempfile.mkdtemp(prefix="fahras-browser-")
        extra = os.path.join(cls.tmp, "markup.jsonl")
        with open(extra, "w", encoding="utf-8") as f:
            f.write(json.dumps(MARKUP_ARTICLE, ensure_ascii=False) + "\n")
        cls.db = os.path.join(cls.tmp, "db")
        subprocess.run([os.path.join(args.bin, "fahras-index"), "--db", cls.db, args.corpus, extra],
                       check=True, capture_output=True)
        cls.service = Service(cls.db, os.path.join(cls.tmp, "serve.log"))
        browser, driver = find_browser()
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument("--user-data-dir=" + os.path.join(cls.tmp, "profile"))
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=DriverService(driver), options=options)
        cls.driver.set_window_size(*DESKTOP)
        os.makedirs(args.artifacts, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        status = cls.service.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        if status != 0:
            raise RuntimeError("fahras-serve exited with %d after SIGTERM" % status)

    # ---- helpers ----

    def open(self, path):
        self.driver.get(self.service.url + path)

    def wait(self, condition, what, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                value = condition()
                if value:
                    return value
            except Exception:  # the page is being redrawn
                pass
            time.sleep(0.05)
        self.fail("timed out waiting for " + what + "; page: " + self.driver.current_url)

    def search(self, words):
        box = self.driver.find_element("id", "q")
        box.clear()
        box.send_keys(words)
        box.submit()
        self.wait(lambda: "نتيجة" in self.text("status") or "لا نتائج" in self.text("status"),
                  "results of " + words)

    def text(self, element_id):
        return self.driver.find_element("id", element_id).text

    def hits(self):
        return self.driver.find_elements("css selector", "#results > li")

    def hit_ids(self):
        return [h.get_attribute("data-id") for h in self.hits()]

    def total(self):
        """The number of results the status line gives (Arabic-Indic digits)."""
        digits = self.text("status").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
        return int(re.search(r"[0-9][0-9,٬]*", digits).group(0).replace(",", "").replace("٬", ""))

    def state(self):
        return urllib.parse.parse_qs(urllib.parse.urlparse(self.driver.current_url).query)

    def query_count(self, query, dated=False):
        """The exact number of matches fahras-query gives for `query` (those
        with a date only, as the chart counts, when `dated`)."""
        out = subprocess.run(
            [os.path.join(args.bin, "fahras-query"), "--db", self.db, "--format", "json",
             "--facet", "year", "--limit", "0", query], capture_output=True, text=True)
        result = json.loads(out.stdout)
        if dated:
            return sum(v["count"] for v in result["facets"]["year"])
        return result["estimate"]

    def screenshot(self, name, size):
        self.driver.set_window_size(*size)
        time.sleep(0.3)
        path = os.path.join(args.artifacts, name)
        self.driver.save_screenshot(path)
        self.driver.set_window_size(*DESKTOP)

    # ---- tests ----

    def test_seed_article_first_with_match_highlighted(self):
        self.open("/")
        self.search("طاجيكستان")
        self.wait(lambda: self.hits(), "hits")
        first = self.hits()[0]
        self.assertEqual(first.get_attribute("data-id"), SEED)
        marks = [m.text for m in first.find_elements("css selector", ".snippet mark")]
        self.assertIn("طاجيكستان", marks)
        self.wait(lambda: self.driver.find_elements("css selector", "#chart rect.bar"), "chart")
        self.screenshot("serve-desktop.png", DESKTOP)
        self.screenshot("serve-phone.png", PHONE)

    def test_source_facet_narrows_the_list(self):
        self.open("/")
        self.search("الرئيس")
        before = self.total()
        facet = self.wait(lambda: self.driver.find_element(
            "xpath", "//aside[@id='facets']//section[h2='المصدر']//button"), "source facet")
        source, count = [s.text for s in facet.find_elements("css selector", "span")]
        facet.click()
        self.wait(lambda: self.state().get("source") == [source], "the source in the URL")
        self.wait(lambda: self.total() < before, "a narrower list")
        self.assertEqual(str(self.total()), count.translate(
            str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
        for hit in self.hits():
            self.assertIn(source, hit.find_element("css selector", ".meta").text)
        self.assertEqual(self.total(), self.query_count("الرئيس source:" + source))

    def test_chart_bar_narrows_dates_with_exact_counts(self):
        self.open("/?q=" + urllib.parse.quote("الرئيس"))
        bars = self.wait(lambda: [b for b in self.driver.find_elements("css selector", "#chart rect.bar")
                                  if int(b.get_attribute("data-count")) > 0], "bars")
        bar = bars[0]
        count = int(bar.get_attribute("data-count"))
        start, end = bar.get_attribute("data-from"), bar.get_attribute("data-to")
        self.assertEqual(count, self.query_count("الرئيس date:%s..%s" % (start, end)))
        bar.click()
        self.wait(lambda: self.state().get("from") == [start] and self.state().get("to") == [end],
                  "the bar's dates in the URL")
        self.wait(lambda: self.total() == count, "the list narrowed to the bar's count")
        self.screenshot("serve-desktop-narrowed.png", DESKTOP)

    def test_compare_queries_in_the_chart(self):
        self.open("/?q=" + urllib.parse.quote("الرئيس"))
        self.wait(lambda: self.driver.find_elements("css selector", "#chart rect.bar"), "chart")
        box = self.driver.find_element("id", "compare")
        box.send_keys("طهران")
        box.submit()
        self.wait(lambda: self.driver.find_elements("css selector", "#chart rect.s1"), "second series")
        self.assertEqual(self.state().get("vs"), ["طهران"])
        second = sum(int(b.get_attribute("data-count"))
                     for b in self.driver.find_elements("css selector", "#chart rect.s1"))
        self.assertEqual(second, self.query_count("طهران", dated=True))

    def test_page_two_and_back(self):
        self.open("/")
        self.search("الرئيس")
        first_page = self.hit_ids()
        self.assertEqual(len(first_page), 10)
        self.driver.find_element("xpath", "//nav[@id='pages']/button[text()='التالي']").click()
        self.wait(lambda: self.state().get("page") == ["2"], "page 2")
        self.wait(lambda: self.hit_ids() and self.hit_ids() != first_page, "page 2's hits")
        self.assertEqual(self.driver.find_element("id", "results").get_attribute("start"), "11")
        self.driver.back()
        self.wait(lambda: "page" not in self.state(), "page 1 again")
        self.wait(lambda: self.hit_ids() == first_page, "page 1's hits again")

    def test_open_article_with_matches_highlighted(self):
        self.open("/")
        self.search("طاجيكستان")
        self.wait(lambda: self.hits(), "hits")
        self.hits()[0].find_element("css selector", "h3 a").click()
        self.wait(lambda: self.state().get("article") == [SEED], "the article in the URL")
        body = self.wait(lambda: self.driver.find_element("id", "article-body").text, "the body")
        self.assertIn("طاجيكستان", body)
        marks = self.driver.find_elements("css selector", "#article-body mark")
        self.assertGreaterEqual(len(marks), 2)
        self.screenshot("serve-article-phone.png", PHONE)
        self.driver.back()
        self.wait(lambda: "article" not in self.state() and self.hits(), "the results again")

    def test_markup_in_an_article_is_text(self):
        self.open("/")
        self.search("الترميز")
        self.wait(lambda: MARKUP_ID in self.hit_ids(), "the markup article")
        hit = self.hits()[self.hit_ids().index(MARKUP_ID)]
        self.assertIn("<script>", hit.find_element("css selector", "h3").text)
        hit.find_element("css selector", "h3 a").click()
        body = self.wait(lambda: self.driver.find_element("id", "article-body").text, "the body")
        self.assertIn("<script>window.pwned = 2</script>", body)
        self.assertIn('<img src=x onerror="window.pwned = 3">', body)
        self.assertEqual(self.driver.find_elements("css selector", "#article script, #article img"), [])
        self.assertIsNone(self.driver.execute_script("return window.pwned"))
        self.screenshot("serve-markup.png", DESKTOP)

    def test_did_you_mean_link(self):
        self.open("/")
        self.search("طاجيكسان")
        link = self.wait(lambda: self.driver.find_element("id", "suggestion-link"), "suggestion")
        self.assertEqual(link.text, "طاجيكستان")
        link.click()
        self.wait(lambda: self.state().get("q") == ["طاجيكستان"] and self.hits(), "corrected search")

    def test_keyboard_only(self):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        def press(*keys):
            ActionChains(self.driver).send_keys(*keys).perform()

        def tab_to(predicate, what):
            for _ in range(120):
                press(Keys.TAB)
                if predicate(self.driver.switch_to.active_element):
                    return
            self.fail("the Tab key never reached " + what)

        self.open("/")
        unlabelled = self.driver.execute_script(
            "return [...document.querySelectorAll('input, select')]"
            ".filter(e => e.labels.length === 0).map(e => e.id)")
        self.assertEqual(unlabelled, [], "every input has a label")
        tab_to(lambda e: e.get_attribute("id") == "q", "the search box")
        press("الرئيس", Keys.ENTER)
        self.wait(lambda: self.hits(), "hits")
        tab_to(lambda e: e.tag_name == "rect", "a bar of the chart")
        bar = self.driver.switch_to.active_element
        start = bar.get_attribute("data-from")
        press(Keys.ENTER)
        self.wait(lambda: self.state().get("from") == [start], "the bar's dates")
        tab_to(lambda e: e.tag_name == "a" and e.find_elements("xpath", "ancestor::ol"),
               "a result")
        press(Keys.ENTER)
        self.wait(lambda: "article" in self.state(), "the article opened")

    def test_nothing_loaded_from_elsewhere(self):
        self.open("/?q=" + urllib.parse.quote("طهران"))
        self.wait(lambda: self.hits(), "hits")
        urls = self.driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        for url in urls:
            self.assertTrue(url.startswith(self.service.url), url)
        errors = [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
        self.assertEqual(errors, [])


def main():
    global args
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--artifacts", required=True)
    args, rest = parser.parse_known_args()
    if not find_browser():
        if os.environ.get("FAHRAS_ALLOW_NO_BROWSER") == "1":
            print("SKIPPED: chromium or chromedriver is missing (FAHRAS_ALLOW_NO_BROWSER=1)")
            return 0
        print("chromium and chromedriver are needed (.ci/setup installs them); "
              "FAHRAS_ALLOW_NO_BROWSER=1 skips this test", file=sys.stderr)
        return 1
    try:
        import selenium  # noqa: F401
    except ImportError:
        print("python3-selenium is needed (.ci/setup installs it)", file=sys.stderr)
        return 1
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
