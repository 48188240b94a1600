// Tests for common/corpus/reader: real files on disk, every input kind, and
// the per-record and per-input error reports.
#include "common/corpus/reader.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support.h"

namespace fahras {
namespace {

using namespace std::string_literals;
using test::as_unprivileged;
using test::TempDir;
using test::write_file;

struct Result {
  bool ok = false;
  std::vector<Record> records;
  std::vector<InputError> errors;
};

Result read_all(const std::string& path) {
  Result r;
  r.ok = read_input(
      path,
      [&r](Record&& rec) {
        r.records.push_back(std::move(rec));
        return true;
      },
      [&r](const InputError& e) {
        r.errors.push_back(e);
        return true;
      });
  return r;
}

void write_gzip(const std::string& path, const std::string& content) {
  gzFile f = gzopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("gzopen failed for " + path);
  if (!content.empty() &&
      gzwrite(f, content.data(), static_cast<unsigned>(content.size())) !=
          static_cast<int>(content.size())) {
    throw std::runtime_error("gzwrite failed");
  }
  if (gzclose(f) != Z_OK) throw std::runtime_error("gzclose failed");
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// True if `s` is well-formed UTF-8 (checked independently of the reader, with
// the standard's table of well-formed byte sequences).
bool is_valid_utf8(const std::string& s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned c = p[i];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      len = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3, lo = 0xA0;
    } else if (c == 0xED) {
      len = 3, hi = 0x9F;
    } else if (c >= 0xE1 && c <= 0xEF) {
      len = 3;
    } else if (c == 0xF0) {
      len = 4, lo = 0x90;
    } else if (c == 0xF4) {
      len = 4, hi = 0x8F;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned b = p[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
    }
    i += len;
  }
  return true;
}

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("Origin::describe gives file or file:line", "[corpus]") {
  Origin o;
  o.file = "a/b.jsonl";
  CHECK(o.describe() == "a/b.jsonl");
  o.line = 42;
  CHECK(o.describe() == "a/b.jsonl:42");
}

TEST_CASE("a .txt file is one record named after the file", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("article-7.txt");
  const std::string text = "العنوان\n\nنص الخبر الكامل.\n";
  write_file(path, text);
  Result r = read_all(path);
  CHECK(r.ok);
  CHECK(r.errors.empty());
  REQUIRE(r.records.size() == 1);
  const Record& rec = r.records[0];
  CHECK(rec.id == "article-7");
  CHECK(rec.body == text);
  CHECK(rec.title.empty());
  CHECK(rec.date.empty());
  CHECK(rec.origin.file == path);
  CHECK(rec.origin.line == 0);
}

TEST_CASE("a .txt file loses its BOM and gets invalid UTF-8 and NUL replaced", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("x.txt");
  write_file(path, "\xEF\xBB\xBFسلام\xFF!\0end"s);
  Result r = read_all(path);
  CHECK(r.errors.empty());
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].body == "سلام" + kFffd + "! end");
  CHECK(is_valid_utf8(r.records[0].body));
  CHECK(r.records[0].warnings ==
        std::vector<std::string>{"invalid UTF-8: 1 byte replaced by U+FFFD"});
}

TEST_CASE("a directory yields its .txt and JSON Lines files recursively, sorted",
          "[corpus]") {
  TempDir dir;
  namespace fs = std::filesystem;
  fs::create_directories(dir.file("root/sports/local"));
  fs::create_directories(dir.file("root/economy"));
  write_file(dir.file("root/sports/local/match.txt"), "مباراة");
  write_file(dir.file("root/economy/oil.txt"), "نفط");
  write_file(dir.file("root/b.txt"), "b");
  write_file(dir.file("root/a.txt"), "a");
  write_file(dir.file("root/notes.md"), "ignored");
  write_file(dir.file("root/data.jsonl"), "{\"id\":\"from-jsonl\",\"body\":\"نص\"}\n");
  // A symlink back to the root must not make the walk loop.
  fs::create_directory_symlink(dir.file("root"), dir.file("root/sports/loop"));

  Result r = read_all(dir.file("root"));
  CHECK(r.ok);
  CHECK(r.errors.empty());
  std::vector<std::string> ids;
  for (const auto& rec : r.records) ids.push_back(rec.id);
  CHECK(ids ==
        std::vector<std::string>{"a", "b", "from-jsonl", "economy/oil", "sports/local/match"});
  REQUIRE(r.records.size() == 5);
  CHECK(r.records[2].origin.describe() == dir.file("root/data.jsonl") + ":1");
  CHECK(r.records[4].body == "مباراة");
  CHECK(r.records[4].origin.file == dir.file("root/sports/local/match.txt"));

  SECTION("a trailing slash on the directory gives the same ids") {
    Result r2 = read_all(dir.file("root/"));
    REQUIRE(r2.records.size() == 5);
    CHECK(r2.records[3].id == "economy/oil");
  }
}

TEST_CASE("a JSON Lines file with every field", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("news.jsonl");
  write_file(path,
             R"({"id":"n1","title":"عنوان","body":"نص","date":"2024-02-29",)"
             R"("source":"وكالة","url":"https://example.com/1","category":"سياسة",)"
             R"("extra":{"ignored":[1,2]}})"
             "\n"
             R"({"id":"n2","body":"second"})"
             "\n");
  Result r = read_all(path);
  CHECK(r.ok);
  CHECK(r.errors.empty());
  REQUIRE(r.records.size() == 2);
  const Record& a = r.records[0];
  CHECK(a.id == "n1");
  CHECK(a.title == "عنوان");
  CHECK(a.body == "نص");
  CHECK(a.date == "2024-02-29");
  CHECK(a.source == "وكالة");
  CHECK(a.url == "https://example.com/1");
  CHECK(a.category == "سياسة");
  CHECK(a.origin.file == path);
  CHECK(a.origin.line == 1);
  CHECK(r.records[1].id == "n2");
  CHECK(r.records[1].title.empty());
  CHECK(r.records[1].origin.line == 2);
}

TEST_CASE("JSON Lines: blank lines, BOM, CRLF and a last line without newline", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("mixed.jsonl");
  write_file(path,
             "\xEF\xBB\xBF{\"id\":\"a\",\"body\":\"x\"}\r\n"
             "\r\n"
             "   \t \n"
             "\n"
             "{\"id\":\"b\",\"title\":\"t\"}\r\n"
             "{\"id\":\"c\"}");
  Result r = read_all(path);
  CHECK(r.errors.empty());
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].id == "a");
  CHECK(r.records[0].body == "x");
  CHECK(r.records[1].id == "b");
  CHECK(r.records[1].title == "t");  // no trailing '\r'
  CHECK(r.records[1].origin.line == 5);
  CHECK(r.records[2].id == "c");
  CHECK(r.records[2].origin.line == 6);
}

TEST_CASE("JSON Lines: a syntax error is reported at file:line and reading goes on",
          "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("bad.jsonl");
  write_file(path,
             "{\"id\":\"1\"}\n"
             "{\"id\":\"2\"}\n"
             "{\"id\":\"3\", \"title\": nope}\n"
             "{\"id\":\"4\"}\n");
  Result r = read_all(path);
  CHECK(r.ok);
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[2].id == "4");
  CHECK(r.records[2].origin.line == 4);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].origin.describe() == path + ":3");
  CHECK(contains(r.errors[0].message, "invalid JSON"));
  CHECK(contains(r.errors[0].message, "column 22"));
  CHECK_FALSE(contains(r.errors[0].message, path));  // location is in origin only
}

TEST_CASE("JSON Lines: per-record problems", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("records.jsonl");
  write_file(path,
             "[1,2]\n"                                       // 1: not an object
             "{\"title\":\"no id\"}\n"                       // 2: missing id
             "{\"id\":\"\"}\n"                               // 3: empty id
             "{\"id\":null}\n"                               // 4: null id
             "{\"id\":1.5}\n"                                // 5: non-integer id
             "{\"id\":true}\n"                               // 6: boolean id
             "{\"id\":12345}\n"                              // 7: integer id, fine
             "{\"id\":-7}\n"                                 // 8: negative integer, fine
             "{\"id\":\"t\",\"title\":5}\n"                  // 9: title not a string
             "{\"id\":\"d\",\"date\":\"2023-02-30\"}\n"      // 10: no such day, no date
             "{\"id\":\"m\",\"date\":\"2023-13-01\"}\n"      // 11: no such month, no date
             "{\"id\":\"f\",\"date\":\"23-1-1\"}\n"          // 12: wrong format, no date
             "{\"id\":\"n\",\"title\":null,\"date\":null}\n" // 13: null is empty, fine
             "{\"id\":\"e\",\"date\":\"\"}\n"                // 14: empty date, fine
             "{\"id\":\"l\",\"date\":\"2024-02-29\"}\n"      // 15: leap day, fine
             "{\"id\":\"x\",\"date\":\"1900-02-29\"}\n"      // 16: 1900 not leap, no date
             "{\"id\":\"u\",\"url\":[\"a\"]}\n");            // 17: url not a string
  Result r = read_all(path);
  CHECK(r.ok);

  std::vector<std::string> ids;
  for (const auto& rec : r.records) ids.push_back(rec.id);
  CHECK(ids == std::vector<std::string>{"12345", "-7", "d", "m", "f", "n", "e", "l", "x"});
  REQUIRE(r.records.size() == 9);
  CHECK(r.records[5].title.empty());
  CHECK(r.records[5].date.empty());
  CHECK(r.records[7].date == "2024-02-29");
  // A date that cannot be read is left out, with a warning naming it.
  for (size_t i : {2, 3, 4, 8}) {
    CHECK(r.records[i].date.empty());
    REQUIRE(r.records[i].warnings.size() == 1);
    CHECK(contains(r.records[i].warnings[0], "indexed without a date"));
  }
  CHECK(r.records[2].warnings[0] ==
        "invalid \"date\" \"2023-02-30\" (expected a calendar date as YYYY-MM-DD or an ISO "
        "8601 date-time): indexed without a date");
  CHECK(contains(r.records[8].warnings[0], "\"1900-02-29\""));
  for (size_t i : {0, 1, 5, 6, 7}) CHECK(r.records[i].warnings.empty());

  std::vector<long> lines;
  for (const auto& e : r.errors) {
    lines.push_back(e.origin.line);
    CHECK(e.origin.file == path);
  }
  CHECK(lines == std::vector<long>{1, 2, 3, 4, 5, 6, 9, 17});
  REQUIRE(r.errors.size() == 8);
  CHECK(contains(r.errors[0].message, "not a JSON object"));
  CHECK(contains(r.errors[1].message, "missing \"id\""));
  CHECK(contains(r.errors[2].message, "empty \"id\""));
  CHECK(contains(r.errors[3].message, "\"id\" is null"));
  CHECK(contains(r.errors[4].message, "string or an integer"));
  CHECK(contains(r.errors[5].message, "string or an integer"));
  CHECK(contains(r.errors[6].message, "\"title\" must be a string"));
  CHECK(contains(r.errors[7].message, "\"url\" must be a string"));
}

TEST_CASE("JSON Lines: ISO 8601 date-times keep their date as written", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("times.jsonl");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2023-05-17T10:00:00Z", "2023-05-17"},
      {"2023-05-17T23:30:00+03:00", "2023-05-17"},  // the date there, not in UTC
      {"2023-05-17T01:00:00-0500", "2023-05-17"},
      {"2023-05-17T10:00:00.123456Z", "2023-05-17"},
      {"2023-05-17 10:00", "2023-05-17"},
      {"2023-05-17T10:00:00", "2023-05-17"},
      {"2023-05-17", "2023-05-17"},
      {"2023-05-17T", ""},
      {"2023-05-17T25:00:00Z", ""},
      {"2023-05-17T10:00:00 UTC", ""},
      {"2023-02-30T10:00:00Z", ""},
      {"17/05/2023", ""},
  };
  std::string content;
  for (size_t i = 0; i < cases.size(); ++i) {
    content += "{\"id\":\"t" + std::to_string(i) + "\",\"date\":\"" + cases[i].first + "\"}\n";
  }
  write_file(path, content);
  Result r = read_all(path);
  CHECK(r.errors.empty());
  REQUIRE(r.records.size() == cases.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    INFO(cases[i].first);
    CHECK(r.records[i].date == cases[i].second);
    CHECK(r.records[i].warnings.size() == (cases[i].second.empty() ? 1u : 0u));
  }
}

TEST_CASE("JSON Lines: .ndjson files, alone and in a directory", "[corpus]") {
  TempDir dir;
  write_file(dir.file("a.ndjson"), "{\"id\":\"nd-1\"}\n");
  write_file(dir.file("b.ndjson.gz"), "");
  write_gzip(dir.file("b.ndjson.gz"), "{\"id\":\"nd-2\"}\n");
  Result one = read_all(dir.file("a.ndjson"));
  CHECK(one.errors.empty());
  REQUIRE(one.records.size() == 1);
  CHECK(one.records[0].id == "nd-1");
  CHECK(one.records[0].origin.describe() == dir.file("a.ndjson") + ":1");
  Result all = read_all(dir.path());
  CHECK(all.errors.empty());
  REQUIRE(all.records.size() == 2);
  CHECK(all.records[1].id == "nd-2");
}

TEST_CASE("read_id_list: one id a line, blank lines and spaces left out", "[corpus]") {
  TempDir dir;
  write_file(dir.file("ids.txt"), "art-1\n\n  art 2 \r\n\tart-3");
  CHECK(read_id_list(dir.file("ids.txt")) == std::vector<std::string>{"art-1", "art 2", "art-3"});
  CHECK_THROWS_WITH(read_id_list(dir.file("none.txt")),
                    dir.file("none.txt") + ": cannot open: No such file or directory");
}

TEST_CASE("JSON Lines: invalid UTF-8 and NUL are replaced, not rejected", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("utf8.jsonl");
  std::string content =
      "{\"id\":\"a\",\"title\":\"ok\xC3\",\"body\":\"x\xED\xA0\x80y\xF0\x9F\x98\"}\n"
      "{\"id\":\"b\",\"body\":\"nul\\u0000here\"}\n";
  content += "{\"id\":\"c\",\"body\":\"raw\0nul\"}\n"s;
  write_file(path, content);
  Result r = read_all(path);
  CHECK(r.errors.empty());
  REQUIRE(r.records.size() == 3);
  // A truncated 2-byte sequence, then an encoded surrogate (three maximal
  // ill-formed subparts), then a truncated 4-byte sequence (one subpart).
  CHECK(r.records[0].title == "ok" + kFffd);
  CHECK(r.records[0].body == "x" + kFffd + kFffd + kFffd + "y" + kFffd);
  CHECK(r.records[1].body == "nul here");
  CHECK(r.records[2].body == "raw nul");
  // The repair is a warning with the byte count; NUL is no invalid UTF-8.
  CHECK(r.records[0].warnings ==
        std::vector<std::string>{"invalid UTF-8: 7 bytes replaced by U+FFFD"});
  CHECK(r.records[1].warnings.empty());
  CHECK(r.records[2].warnings.empty());
  for (const auto& rec : r.records) {
    CHECK(is_valid_utf8(rec.title));
    CHECK(is_valid_utf8(rec.body));
  }
}

TEST_CASE("JSON Lines: lines longer than any read buffer", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("long.jsonl");
  const std::string body(3 * 1000 * 1000, 'z');
  write_file(path, "{\"id\":\"long\",\"body\":\"" + body + "\"}\n{\"id\":\"next\"}\n");
  Result r = read_all(path);
  CHECK(r.errors.empty());
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].body == body);
  CHECK(r.records[1].id == "next");
  CHECK(r.records[1].origin.line == 2);
}

TEST_CASE("gzip-compressed JSON Lines", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("news.jsonl.gz");
  std::string content = "\xEF\xBB\xBF";
  const int kLines = 3000;
  for (int i = 1; i <= kLines; ++i) {
    content += "{\"id\":" + std::to_string(i) + ",\"title\":\"خبر رقم " + std::to_string(i) +
               "\",\"body\":\"" + std::string(static_cast<size_t>(i % 97) + 1, 'a' + i % 26) +
               std::to_string(i * 7919) + "\",\"date\":\"2020-01-0" +
               std::to_string(1 + i % 9) + "\"}\r\n";
    if (i % 500 == 0) content += "\n";
  }
  write_gzip(path, content);

  SECTION("whole file") {
    Result r = read_all(path);
    CHECK(r.ok);
    CHECK(r.errors.empty());
    REQUIRE(r.records.size() == static_cast<size_t>(kLines));
    CHECK(r.records[0].id == "1");
    CHECK(r.records[0].title == "خبر رقم 1");
    CHECK(r.records[kLines - 1].id == std::to_string(kLines));
    CHECK(r.records[kLines - 1].origin.file == path);
    // One blank line after each 500 records shifts the line numbers.
    CHECK(r.records[kLines - 1].origin.line == kLines + (kLines - 1) / 500);
    CHECK(r.records[kLines - 1].date == "2020-01-0" + std::to_string(1 + kLines % 9));
  }

  SECTION("truncated file: records before the damage, then one error") {
    const std::string whole = read_bytes(path);
    REQUIRE(whole.size() > 1000);
    const std::string cut = dir.file("cut.jsonl.gz");
    write_file(cut, whole.substr(0, whole.size() / 2));
    Result r = read_all(cut);
    CHECK(r.ok);
    CHECK(r.records.size() > 0);
    CHECK(r.records.size() < static_cast<size_t>(kLines));
    REQUIRE(r.errors.size() == 1);
    const InputError& e = r.errors[0];
    CHECK(e.origin.file == cut);
    CHECK(contains(e.message, "truncated"));
    // The line reached is the one after the last complete record.
    CHECK(e.origin.line == r.records.back().origin.line + 1);
  }

  SECTION("missing trailer only: every record, then the truncation error") {
    const std::string whole = read_bytes(path);
    const std::string cut = dir.file("notrailer.jsonl.gz");
    write_file(cut, whole.substr(0, whole.size() - 4));
    Result r = read_all(cut);
    REQUIRE(r.errors.size() == 1);
    CHECK(contains(r.errors[0].message, "gzip"));
    CHECK(r.errors[0].origin.line > 0);
  }

  SECTION("corrupt data is reported") {
    std::string bytes = read_bytes(path);
    for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 64; ++i) bytes[i] = '\xAA';
    const std::string bad = dir.file("bad.jsonl.gz");
    write_file(bad, bytes);
    Result r = read_all(bad);
    CHECK(r.records.size() < static_cast<size_t>(kLines));
    REQUIRE_FALSE(r.errors.empty());
    bool gzip_error = false;
    for (const auto& e : r.errors) gzip_error = gzip_error || contains(e.message, "gzip");
    CHECK(gzip_error);
  }
}

TEST_CASE("a .jsonl.gz that is not gzip data is reported", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("plain.jsonl.gz");
  write_file(path, "{\"id\":\"a\"}\n");
  Result r = read_all(path);
  CHECK(r.records.empty());
  REQUIRE(r.errors.size() == 1);
  CHECK(contains(r.errors[0].message, "not gzip"));
}

TEST_CASE("an empty .jsonl.gz has no records and no errors", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("empty.jsonl.gz");
  write_gzip(path, "");
  Result r = read_all(path);
  CHECK(r.ok);
  CHECK(r.records.empty());
  CHECK(r.errors.empty());
}

TEST_CASE("input-level errors use line 0", "[corpus]") {
  TempDir dir;

  SECTION("nonexistent path") {
    const std::string path = dir.file("missing.jsonl");
    Result r = read_all(path);
    CHECK(r.ok);
    CHECK(r.records.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].origin.file == path);
    CHECK(r.errors[0].origin.line == 0);
    CHECK(r.errors[0].origin.describe() == path);
    CHECK(contains(r.errors[0].message, "no such file"));
  }

  SECTION("unsupported extension lists the accepted kinds") {
    const std::string path = dir.file("news.csv");
    write_file(path, "id,title\n1,x\n");
    Result r = read_all(path);
    CHECK(r.records.empty());
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].origin.line == 0);
    const std::string& m = r.errors[0].message;
    CHECK(contains(m, ".txt"));
    CHECK(contains(m, ".jsonl"));
    CHECK(contains(m, ".jsonl.gz"));
    CHECK(contains(m, "directory"));
  }

  SECTION("not a regular file or directory") {
    const std::string path = dir.file("fifo.jsonl");
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);
    Result r = read_all(path);
    REQUIRE(r.errors.size() == 1);
    CHECK(contains(r.errors[0].message, "not a regular file"));
  }

  SECTION("unreadable file") {
    // Read as the unprivileged user (root reads everything).
    const std::string path = dir.file("secret.jsonl");
    write_file(path, "{\"id\":\"a\"}\n");
    REQUIRE(chmod(path.c_str(), 0) == 0);
    REQUIRE(chmod(dir.path().c_str(), 0755) == 0);
    const int status = as_unprivileged([&path] {
      const Result r = read_all(path);
      const bool ok = r.records.empty() && r.errors.size() == 1 && r.errors[0].origin.line == 0 &&
                      r.errors[0].unreadable_input &&
                      contains(r.errors[0].message, "cannot open: Permission denied");
      return ok ? 0 : 1;
    });
    CHECK(status == 0);
  }
}

TEST_CASE("reading stops when a sink returns false", "[corpus]") {
  TempDir dir;
  const std::string path = dir.file("stop.jsonl");
  write_file(path,
             "{\"id\":\"1\"}\n"
             "bad\n"
             "{\"id\":\"2\"}\n"
             "{\"id\":\"3\"}\n");

  SECTION("record sink") {
    std::vector<std::string> ids;
    int errors = 0;
    bool ok = read_input(
        path,
        [&](Record&& rec) {
          ids.push_back(rec.id);
          return ids.size() < 2;
        },
        [&](const InputError&) {
          ++errors;
          return true;
        });
    CHECK_FALSE(ok);
    CHECK(ids == std::vector<std::string>{"1", "2"});
    CHECK(errors == 1);
  }

  SECTION("error sink") {
    std::vector<std::string> ids;
    int errors = 0;
    bool ok = read_input(
        path,
        [&](Record&& rec) {
          ids.push_back(rec.id);
          return true;
        },
        [&](const InputError&) {
          ++errors;
          return false;
        });
    CHECK_FALSE(ok);
    CHECK(ids == std::vector<std::string>{"1"});
    CHECK(errors == 1);
  }

  SECTION("record sink in a directory") {
    std::filesystem::create_directory(dir.file("d"));
    write_file(dir.file("d/1.txt"), "a");
    write_file(dir.file("d/2.txt"), "b");
    int seen = 0;
    bool ok = read_input(
        dir.file("d"),
        [&](Record&&) {
          ++seen;
          return false;
        },
        [](const InputError&) { return true; });
    CHECK_FALSE(ok);
    CHECK(seen == 1);
  }

  SECTION("error sink on an input-level error") {
    bool ok = read_input(
        dir.file("nope.txt"), [](Record&&) { return true; },
        [](const InputError&) { return false; });
    CHECK_FALSE(ok);
  }
}

}  // namespace fahras
