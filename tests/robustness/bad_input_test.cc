// Bad input to the real fahras-index, one test per kind. Each starts from a
// database already holding a few good articles, indexes the bad input
// followed by a good file, and checks: a clear message naming the file (and
// line), the rest of the input indexed (or, with --on-error=stop, nothing
// after the bad record), an exit status that says whether anything failed,
// and every article committed before still there, unchanged.
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/robustness/robustness_support.h"
#include "tests/support.h"

namespace fahras::test::robust {
namespace {

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Ids = std::set<std::string>;
using namespace std::string_literals;

// Five good articles, indexed before every bad input.
const char* const kGood =
    R"({"id":"good-1","title":"خبر أول","body":"وصل الوزير إلى بيروت goodalpha","date":"2020-01-02","source":"wafa"})"
    "\n"
    R"({"id":"good-2","title":"خبر ثان","body":"محادثات في طهران goodbeta","date":"2021-03-04","source":"sana"})"
    "\n"
    R"({"id":"good-3","title":"خبر ثالث","body":"اجتماع بالأمم المتحدة goodgamma","date":"2022-05-06"})"
    "\n"
    R"({"id":"good-4","body":"مباراة الفريق في الدوري goodgamma"})"
    "\n"
    R"({"id":"good-5","title":"طاجيكستان","body":"زيارة رسمية goodalpha"})"
    "\n";

// Indexed after the bad input, to see that the rest of the input goes in.
const char* const kAfter = R"({"id":"after-1","body":"نص بعد الخطأ afteralpha"})"
                           "\n"
                           R"({"id":"after-2","title":"بعد","body":"afterbeta"})"
                           "\n";

const Ids kGoodIds = {"good-1", "good-2", "good-3", "good-4", "good-5"};
const Ids kAfterIds = {"after-1", "after-2"};

struct BaseDb {
  TempDir dir;
  std::string db = dir.file("base.db");
  RunResult indexing;
  DbSnapshot snap;
  BaseDb() {
    write_file(dir.file("good.jsonl"), kGood);
    indexing = run(index_tool(), {"--db", db, dir.file("good.jsonl")});
    snap = snapshot(db);
  }
};

const BaseDb& base() {
  static const BaseDb b;
  return b;
}

Ids ids_of(const std::string& db) {
  const auto v = ids_in(db);
  return Ids(v.begin(), v.end());
}

Ids join(const Ids& a, const Ids& b) {
  Ids out = a;
  out.insert(b.begin(), b.end());
  return out;
}

// One bad-input case: a copy of the base database and a scratch directory.
struct Case {
  TempDir tmp;
  std::string db = tmp.file("db");
  std::string after = tmp.file("after.jsonl");

  Case() {
    if (base().indexing.status != 0) FAIL("base database not built: " << base().indexing.err);
    fs::copy(base().db, db, fs::copy_options::recursive);
    write_file(after, kAfter);
  }

  std::string file(const std::string& name) const { return tmp.file(name); }

  // fahras-index --db DB [options] INPUTS... after.jsonl
  RunResult index(std::vector<std::string> inputs, std::vector<std::string> options = {},
                  bool with_after = true) const {
    std::vector<std::string> args = {"--db", db};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), inputs.begin(), inputs.end());
    if (with_after) args.push_back(after);
    return run(index_tool(), args);
  }

  // Every good article is still there, unchanged; the database opens and
  // holds each id once.
  void check_good_kept() const {
    const DbSnapshot now = snapshot(db, false);
    INFO(now.open_error);
    REQUIRE(now.opened);
    CHECK(now.duplicated.empty());
    CHECK(now.doccount == now.id_terms);
    Xapian::Database d(db);
    for (const auto& [id, sig] : base().snap.docs) {
      INFO("article " << id);
      auto post = d.postlist_begin("Q" + id);
      REQUIRE(post != d.postlist_end("Q" + id));
      CHECK(document_signature(d, d.get_document(*post)) == sig);
    }
  }

  Ids ids() const { return ids_of(db); }
};

// Every line of `err` is a fahras-index message.
void check_messages_prefixed(const std::string& err) {
  for (const auto& line : e2e::lines_of(err)) CHECK_THAT(line, StartsWith("fahras-index: "));
}

std::string summary(size_t added, size_t failed) {
  return std::to_string(added) + " added, 0 replaced, 0 unchanged, " + std::to_string(failed) +
         " failed";
}

void write_gzip(const std::string& path, const std::string& content) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, content.data(), static_cast<unsigned>(content.size())) ==
          static_cast<int>(content.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

std::string random_bytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

// The stored JSON data of article `id`.
nlohmann::json data_of(const std::string& db, const std::string& id) {
  Xapian::Database d(db);
  const std::string term = "Q" + id;
  auto it = d.postlist_begin(term);
  REQUIRE(it != d.postlist_end(term));
  return nlohmann::json::parse(stored_data(d, d.get_document(*it)));
}

const std::string kFffd = "\xEF\xBF\xBD";

// ---------------------------------------------------------------------------

TEST_CASE("bad input: invalid UTF-8 is repaired (U+FFFD), the record indexed", "[robustness]") {
  Case c;
  const std::string jsonl = c.file("utf8.jsonl"), txt = c.file("utf8.txt");
  write_file(
      jsonl,
      "{\"id\":\"u-\xFF\",\"title\":\"\xC3\",\"body\":\"utfword \xED\xA0\x80 بيروت\xF0\x9F\"}\n");
  write_file(txt, "utftxtword \xC0\xAF\xFE نص عربي طويل بما يكفي ليكون نصا وليس بيانات ثنائية");
  const RunResult r = c.index({jsonl, txt});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err == "fahras-index: warning: " + jsonl +
                     ":1: invalid UTF-8: 7 bytes replaced by U+FFFD\n"
                     "fahras-index: warning: " + txt +
                     ": invalid UTF-8: 3 bytes replaced by U+FFFD\n");
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"u-" + kFffd, "utf8"}));
  CHECK(data_of(c.db, "u-" + kFffd)["body"] ==
        "utfword " + kFffd + kFffd + kFffd + " بيروت" + kFffd);
  CHECK(e2e::id_set(c.db, "utfword utftxtword") == Ids{"u-" + kFffd, "utf8"});
  c.check_good_kept();
}

TEST_CASE("bad input: NUL bytes become spaces", "[robustness]") {
  Case c;
  const std::string jsonl = c.file("nul.jsonl"), txt = c.file("nul.txt");
  write_file(jsonl,
             "{\"id\":\"n1\",\"body\":\"nulone\0nultwo\"}\n"
             "{\"id\":\"n2\",\"body\":\"escaped\\u0000nulthree\"}\n"s);
  write_file(txt, "nulfour\0nulfive"s);
  const RunResult r = c.index({jsonl, txt});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(data_of(c.db, "n1")["body"] == "nulone nultwo");
  CHECK(data_of(c.db, "n2")["body"] == "escaped nulthree");
  CHECK(e2e::id_set(c.db, "nultwo nulthree nulfive") == Ids{"n1", "n2", "nul"});
  c.check_good_kept();
}

TEST_CASE("bad input: a UTF-8 BOM is dropped", "[robustness]") {
  Case c;
  const std::string jsonl = c.file("bom.jsonl"), txt = c.file("bom.txt");
  write_file(jsonl, "\xEF\xBB\xBF{\"id\":\"bom-1\",\"body\":\"bomword\"}\n");
  write_file(txt,
             "\xEF\xBB\xBF"
             "bomtxtword");
  const RunResult r = c.index({jsonl, txt});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(data_of(c.db, "bom")["body"] == "bomtxtword");
  CHECK(e2e::id_set(c.db, "bomword bomtxtword") == Ids{"bom-1", "bom"});
  c.check_good_kept();
}

TEST_CASE("bad input: CRLF line ends", "[robustness]") {
  Case c;
  const std::string jsonl = c.file("crlf.jsonl");
  write_file(
      jsonl,
      "{\"id\":\"cr-1\",\"title\":\"crtitle\"}\r\n\r\n{\"id\":\"cr-2\",\"body\":\"crbody\"}\r\n");
  const RunResult r = c.index({jsonl});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(data_of(c.db, "cr-1")["title"] == "crtitle");
  CHECK(e2e::id_set(c.db, "crtitle crbody") == Ids{"cr-1", "cr-2"});
  c.check_good_kept();
}

// Empty input is valid: no records from an empty JSON Lines file, an article
// with only its id from an empty .txt (as a JSON record may have only "id").
TEST_CASE("bad input: empty files", "[robustness]") {
  Case c;
  write_file(c.file("empty.jsonl"), "");
  write_file(c.file("blank.jsonl"), "\n \n\t\n");
  write_file(c.file("empty.jsonl.gz"), "");
  write_file(c.file("empty.txt"), "");
  const RunResult r = c.index({c.file("empty.jsonl"), c.file("blank.jsonl"),
                               c.file("empty.jsonl.gz"), c.file("empty.txt")});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Contains(summary(3, 0)));
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"empty"}));
  c.check_good_kept();
}

TEST_CASE("bad input: a binary file", "[robustness]") {
  Case c;
  const std::string jsonl = c.file("data.jsonl"), txt = c.file("photo.txt"),
                    other = c.file("photo.jpg");
  write_file(jsonl, random_bytes(100000, 1));
  write_file(txt, random_bytes(100000, 2));
  write_file(other, random_bytes(1000, 3));
  const RunResult r = c.index({jsonl, txt, other});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  check_messages_prefixed(r.err);
  // One message each, not one per "line" of binary data.
  CHECK(e2e::lines_of(r.err).size() == 3);
  CHECK_THAT(r.err, Contains(jsonl + ":1: not UTF-8 text"));
  CHECK_THAT(r.err, Contains(txt + ": not UTF-8 text"));
  CHECK_THAT(r.err, Contains(other + ": unsupported input type"));
  CHECK_THAT(r.out, Contains(summary(2, 3)));
  CHECK(c.ids() == join(kGoodIds, kAfterIds));
  c.check_good_kept();

  SECTION("--on-error=stop stops at the first") {
    Case s;
    const RunResult r2 = s.index({jsonl, txt}, {"--on-error=stop"});
    CHECK(r2.status == 1);
    CHECK_THAT(r2.err, Contains(jsonl + ":1"));
    CHECK_THAT(r2.err, !Contains(txt));
    CHECK(s.ids() == kGoodIds);
    s.check_good_kept();
  }
}

TEST_CASE("bad input: text in another encoding (UTF-16, Windows-1256)", "[robustness]") {
  Case c;
  // «محادثات في طهران لتوسيع التعاون» in Windows-1256, and "نص عربي" in UTF-16LE.
  const std::string cp1256 =
      "\xE3\xCD\xC7\xCF\xCB\xC7\xCA \xDD\xED \xD8\xE5\xD1\xC7\xE4 \xE1\xCA\xE6\xD3\xED\xDA "
      "\xC7\xE1\xCA\xDA\xC7\xE6\xE4";
  write_file(c.file("legacy.jsonl"), "{\"id\":\"cp\",\"title\":\"" + cp1256 + "\"}\n");
  write_file(c.file("legacy.txt"), cp1256 + " " + cp1256);
  write_file(c.file("utf16.txt"),
             "\xFF\xFE\x46\x06\x35\x06\x20\x00\x39\x06\x31\x06\x28\x06\x4A\x06"s);
  const RunResult r = c.index({c.file("legacy.jsonl"), c.file("legacy.txt"), c.file("utf16.txt")});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(c.file("legacy.jsonl") + ":1: not UTF-8 text"));
  CHECK_THAT(r.err, Contains("Windows-1256"));
  CHECK_THAT(r.err, Contains(c.file("legacy.txt") + ": not UTF-8 text"));
  CHECK_THAT(r.err, Contains(c.file("utf16.txt") + ": UTF-16 text"));
  CHECK(c.ids() == join(kGoodIds, kAfterIds));
  c.check_good_kept();
}

TEST_CASE("bad input: a directory of binary files", "[robustness]") {
  Case c;
  fs::create_directories(c.file("bin/sub"));
  write_file(c.file("bin/a.pdf"), random_bytes(5000, 4));
  write_file(c.file("bin/sub/b.jpg"), random_bytes(5000, 5));
  write_file(c.file("bin/sub/c"), random_bytes(5000, 6));
  const RunResult r = c.index({c.file("bin")});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(c.file("bin") + ": no .txt, .jsonl, .ndjson or .jsonl.gz file"));
  CHECK_THAT(r.err, Contains("3 other files skipped"));
  CHECK(c.ids() == join(kGoodIds, kAfterIds));

  SECTION("binary files named .txt and .jsonl") {
    write_file(c.file("bin/sub/d.txt"), random_bytes(5000, 7));
    write_file(c.file("bin/e.jsonl"), random_bytes(5000, 8));
    write_file(c.file("bin/f.txt"), "نص عربي سليم في ملف من ملفات المجلد binfineword");
    const RunResult r2 = c.index({c.file("bin")});
    INFO(r2.out << r2.err);
    CHECK(r2.status == 1);
    CHECK_THAT(r2.err, Contains(c.file("bin/sub/d.txt") + ": not UTF-8 text"));
    CHECK_THAT(r2.err, Contains(c.file("bin/e.jsonl") + ":1: not UTF-8 text"));
    CHECK(e2e::id_set(c.db, "binfineword") == Ids{"f"});
  }
  c.check_good_kept();
}

TEST_CASE("bad input: a 50 MB article", "[robustness]") {
  Case c;
  const std::string path = c.file("huge.txt");
  {
    // A block of words from a small vocabulary, repeated; one rare word at
    // the start and one at the end.
    std::mt19937 rng(7);
    const auto& words = arabic_words();
    std::string block;
    while (block.size() < (1u << 20)) {
      block += words[rng() % words.size()];
      block += rng() % 12 == 0 ? "\n" : " ";
    }
    std::ofstream out(path, std::ios::binary);
    out << "hugefirstword ";
    for (int i = 0; i < 50; ++i) out << block;
    out << " hugelastword";
    REQUIRE(out);
  }
  REQUIRE(fs::file_size(path) > 50u * 1000 * 1000);
  const auto start = Clock::now();
  // Over the default --max-article-bytes (bounded_input_test.cc): allowed here.
  const RunResult r = c.index({path}, {"--max-article-bytes", "100000000"});
  const double took = seconds_since(start);
  INFO(r.out << r.err << "\ntook " << took << " s");
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  const auto found = e2e::ranked_batch(c.db, {"hugefirstword", "hugelastword", "بيروت"});
  CHECK(found[0] == std::vector<std::string>{"huge"});
  CHECK(found[1] == std::vector<std::string>{"huge"});
  CHECK(std::count(found[2].begin(), found[2].end(), "huge") == 1);
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"huge"}));
  c.check_good_kept();
}

TEST_CASE("bad input: a 1 MB line of one word", "[robustness]") {
  Case c;
  std::string word;
  for (int i = 0; i < 500000; ++i) word += "ب";  // 1,000,000 bytes
  write_file(c.file("word.jsonl"), "{\"id\":\"oneword\",\"title\":\"" + word + "\",\"body\":\"" +
                                       word + " onewordmarker\"}\n");
  write_file(c.file("word.txt"), word);
  const RunResult r = c.index({c.file("word.jsonl"), c.file("word.txt")});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"oneword", "word"}));
  CHECK(e2e::id_set(c.db, "onewordmarker") == Ids{"oneword"});
  c.check_good_kept();
}

TEST_CASE("bad input: a JSON syntax error on line N", "[robustness]") {
  Case c;
  const std::string path = c.file("syntax.jsonl");
  std::string content;
  for (int i = 1; i <= 10; ++i) {
    content += i == 7 ? "{\"id\": \"s-7\", \"body\": \"unterminated}\n"
                      : "{\"id\": \"s-" + std::to_string(i) + "\", \"body\": \"syntaxword\"}\n";
  }
  write_file(path, content);
  const Ids first6 = {"s-1", "s-2", "s-3", "s-4", "s-5", "s-6"};

  SECTION("reported, the rest indexed") {
    const RunResult r = c.index({path});
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    check_messages_prefixed(r.err);
    CHECK_THAT(r.err, Contains(path + ":7: invalid JSON"));
    CHECK(e2e::lines_of(r.err).size() == 1);
    CHECK_THAT(r.out, Contains(summary(11, 1)));
    CHECK(c.ids() == join(join(join(kGoodIds, kAfterIds), first6), {"s-8", "s-9", "s-10"}));
  }
  SECTION("--on-error=stop: nothing after it") {
    const RunResult r = c.index({path}, {"--on-error=stop"});
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Contains(path + ":7: invalid JSON"));
    CHECK(c.ids() == join(kGoodIds, first6));
  }
  c.check_good_kept();
}

TEST_CASE("bad input: a record without an id", "[robustness]") {
  Case c;
  const std::string path = c.file("noid.jsonl");
  write_file(path,
             "{\"id\":\"m-1\"}\n{\"title\":\"no id "
             "here\",\"body\":\"x\"}\n{\"id\":null}\n{\"id\":\"m-4\"}\n");
  const RunResult r = c.index({path});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(path + ":2: missing \"id\""));
  CHECK_THAT(r.err, Contains(path + ":3: \"id\" is null"));
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"m-1", "m-4"}));
  c.check_good_kept();
}

TEST_CASE("bad input: an empty id", "[robustness]") {
  Case c;
  const std::string path = c.file("emptyid.jsonl");
  write_file(path, "{\"id\":\"\",\"body\":\"x\"}\n{\"id\":\"e-2\"}\n");
  const RunResult r = c.index({path}, {"--on-error=stop"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(path + ":1: empty \"id\""));
  CHECK(c.ids() == kGoodIds);  // stopped: neither e-2 nor after.jsonl
  c.check_good_kept();
}

TEST_CASE("bad input: an id too long for a Xapian term", "[robustness]") {
  Case c;
  const std::string path = c.file("longid.jsonl");
  write_file(path, "{\"id\":\"" + std::string(300, 'i') + "\"}\n{\"id\":\"" +
                       std::string(244, 'k') + "\"}\n");
  const RunResult r = c.index({path});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(path + ":1: id longer than"));
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {std::string(244, 'k')}));
  c.check_good_kept();
}

TEST_CASE("bad input: fields of the wrong type", "[robustness]") {
  Case c;
  const std::string path = c.file("types.jsonl");
  write_file(path,
             "{\"id\":1.5}\n"
             "{\"id\":true}\n"
             "{\"id\":{\"a\":1}}\n"
             "{\"id\":\"t-4\",\"title\":42}\n"
             "{\"id\":\"t-5\",\"body\":[\"a\",\"b\"]}\n"
             "{\"id\":\"t-6\",\"date\":20230101}\n"
             "{\"id\":\"t-7\",\"source\":{\"name\":\"x\"}}\n"
             "[\"not\",\"an\",\"object\"]\n"
             "\"just a string\"\n"
             "{\"id\":123456789012,\"body\":\"typesok\",\"extra\":[1,2,{\"x\":null}]}\n");
  const RunResult r = c.index({path});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  for (int line = 1; line <= 9; ++line)
    CHECK_THAT(r.err, Contains(path + ":" + std::to_string(line) + ": "));
  CHECK_THAT(r.err, !Contains(path + ":10:"));
  CHECK_THAT(r.err, Contains("\"title\" must be a string, got a number"));
  CHECK_THAT(r.err, Contains("not a JSON object"));
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"123456789012"}));
  c.check_good_kept();
}

TEST_CASE("bad input: invalid dates index the article without a date, with a warning",
          "[robustness]") {
  Case c;
  const std::string path = c.file("dates.jsonl");
  write_file(path,
             "{\"id\":\"d-1\",\"date\":\"2023-02-30\"}\n"
             "{\"id\":\"d-2\",\"date\":\"2023/01/01\"}\n"
             "{\"id\":\"d-3\",\"date\":\"yesterday\"}\n"
             "{\"id\":\"d-4\",\"date\":\"0000-01-01\"}\n"
             "{\"id\":\"d-5\",\"date\":\"2024-02-29\"}\n"
             "{\"id\":\"d-6\",\"date\":\"٢٠٢٣-٠١-٠١\"}\n");
  const RunResult r = c.index({path});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  for (int line : {1, 2, 3, 4, 6}) {
    CHECK_THAT(r.err, Contains("fahras-index: warning: " + path + ":" + std::to_string(line) +
                               ": invalid \"date\""));
  }
  CHECK(e2e::lines_of(r.err).size() == 5);
  CHECK(c.ids() ==
        join(join(kGoodIds, kAfterIds), {"d-1", "d-2", "d-3", "d-4", "d-5", "d-6"}));
  CHECK(data_of(c.db, "d-1")["date"] == "");
  CHECK(data_of(c.db, "d-5")["date"] == "2024-02-29");
  c.check_good_kept();
}

TEST_CASE("bad input: duplicate ids in one input keep one article, the last", "[robustness]") {
  Case c;
  const std::string path = c.file("dups.jsonl");
  write_file(path,
             "{\"id\":\"dup\",\"body\":\"dupfirst\"}\n"
             "{\"id\":\"dup\",\"body\":\"dupsecond\"}\n"
             "{\"id\":\"good-1\",\"body\":\"dupthird\"}\n"  // an id already in the db
             "{\"id\":\"dup\",\"body\":\"duplast\"}\n");
  const RunResult r = c.index({path}, {}, false);
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  // Each repeat is a warning naming both lines (an id of an earlier run is not).
  CHECK(r.err == "fahras-index: warning: " + path + ":2: id \"dup\" met before, at " + path +
                     ":1: this record replaces that one\n"
                     "fahras-index: warning: " + path + ":4: id \"dup\" met before, at " + path +
                     ":2: this record replaces that one\n");
  const DbSnapshot s = snapshot(c.db);
  CHECK(s.duplicated.empty());
  CHECK(s.doccount == kGoodIds.size() + 1);
  CHECK(data_of(c.db, "dup")["body"] == "duplast");
  CHECK(e2e::id_set(c.db, "dupfirst dupsecond") == Ids{});
  CHECK(e2e::id_set(c.db, "duplast dupthird") == Ids{"dup", "good-1"});
}

TEST_CASE("bad input: an unreadable file", "[robustness]") {
  Case c;
  SECTION("read error (EIO, works as root too)") {
    // Reading /proc/self/mem at offset 0 fails with EIO.
    const std::string path = c.file("eio.jsonl");
    fs::create_symlink("/proc/self/mem", path);
    const RunResult r = c.index({path});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(path + ":1: read error: Input/output error"));
    CHECK(c.ids() == join(kGoodIds, kAfterIds));
  }
  SECTION("a FIFO where a file is expected") {
    const std::string path = c.file("fifo.jsonl");
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);
    const RunResult r = c.index({path});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(path + ": not a regular file or directory"));
    CHECK(c.ids() == join(kGoodIds, kAfterIds));
  }
  SECTION("no read permission") {
    // Indexed by the unprivileged user (root reads everything).
    const std::string path = c.file("secret.jsonl");
    write_file(path, "{\"id\":\"secret\"}\n");
    give_to_unprivileged(c.tmp.path());
    REQUIRE(chmod(path.c_str(), 0) == 0);
    const RunResult r = run_unprivileged(index_tool(), {"--db", c.db, path, c.after});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(path + ": cannot open: Permission denied"));
    CHECK(c.ids() == join(kGoodIds, kAfterIds));
  }
  c.check_good_kept();
}

TEST_CASE("bad input: a nonexistent path", "[robustness]") {
  Case c;
  const std::string path = c.file("no/such/archive.jsonl.gz");
  const RunResult r = c.index({path});
  INFO(r.out << r.err);
  CHECK(r.status == 2);
  CHECK(r.err == "fahras-index: " + path + ": no such file or directory\n");
  CHECK(c.ids() == join(kGoodIds, kAfterIds));
  c.check_good_kept();
}

TEST_CASE("bad input: symlink loops", "[robustness]") {
  Case c;
  fs::create_symlink(c.file("b.jsonl"), c.file("a.jsonl"));
  fs::create_symlink(c.file("a.jsonl"), c.file("b.jsonl"));
  fs::create_directories(c.file("dir/sub"));
  write_file(c.file("dir/ok.txt"), "loopfineword");
  fs::create_symlink(c.file("dir/self.txt"), c.file("dir/self.txt"));
  fs::create_directory_symlink(c.file("dir"), c.file("dir/sub/up"));  // not followed
  fs::create_symlink(c.file("dir/nowhere"), c.file("dir/dangling.jsonl"));
  const RunResult r = c.index({c.file("a.jsonl"), c.file("dir")});
  INFO(r.out << r.err);
  CHECK(r.status == 2);  // a.jsonl, named on the command line, cannot be read
  CHECK_THAT(r.err,
             Contains(c.file("a.jsonl") + ": cannot access: Too many levels of symbolic links"));
  CHECK_THAT(r.err, Contains(c.file("dir/self.txt") + ": cannot access: Too many levels"));
  CHECK_THAT(r.err, Contains(c.file("dir/dangling.jsonl") + ": cannot access: No such file"));
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"ok"}));
  c.check_good_kept();
}

TEST_CASE("bad input: a truncated .gz", "[robustness]") {
  Case c;
  std::string content;
  for (int i = 0; i < 3000; ++i) {
    content += "{\"id\":\"gz-" + std::to_string(i) + "\",\"body\":\"gzword " +
               std::to_string(i * 7919 % 10007) + "\"}\n";
  }
  const std::string whole = c.file("whole.jsonl.gz"), cut = c.file("cut.jsonl.gz");
  write_gzip(whole, content);
  const std::string bytes = read_file(whole);
  write_file(cut, bytes.substr(0, bytes.size() / 2));
  const RunResult r = c.index({cut});
  INFO(r.out << r.err.substr(0, 2000));
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(cut + ":"));
  CHECK_THAT(r.err, Contains("truncated gzip data"));
  CHECK(e2e::lines_of(r.err).size() == 1);
  const Ids ids = c.ids();
  size_t gz = 0;
  for (const auto& id : ids) gz += id.rfind("gz-", 0) == 0;
  CHECK(gz > 100);   // what came before the cut is indexed...
  CHECK(gz < 3000);  // ...and only that
  CHECK(ids.count("after-1") == 1);
  c.check_good_kept();

  SECTION("not gzip data at all") {
    write_file(c.file("plain.jsonl.gz"), "{\"id\":\"plain\"}\n");
    const RunResult r2 = c.index({c.file("plain.jsonl.gz")});
    CHECK(r2.status == 1);
    CHECK_THAT(r2.err, Contains(c.file("plain.jsonl.gz") + ":1: not gzip-compressed data"));
  }
}

TEST_CASE("bad input: words longer than Xapian's term limit do not fail the record",
          "[robustness]") {
  Case c;
  std::string long_arabic;
  for (int i = 0; i < 200; ++i) long_arabic += "ك";  // 400 bytes
  const std::string long_latin(300, 'w');
  nlohmann::json rec = {{"id", "longword"},
                        {"title", "عنوان " + long_arabic + " longtitleword"},
                        {"body", "نص " + long_arabic + " " + long_latin + " longbodyword"},
                        {"source", long_arabic},
                        {"category", long_latin},
                        {"url", "https://example.org/" + std::string(5000, 'u')}};
  write_file(c.file("long.jsonl"), rec.dump() + "\n");
  write_file(c.file("long.txt"), long_latin + " " + long_arabic + " longtxtword");
  const RunResult r = c.index({c.file("long.jsonl"), c.file("long.txt")});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(e2e::id_set(c.db, "longtitleword longbodyword longtxtword") == Ids{"longword", "long"});
  // No term over the limit made it in.
  Xapian::Database db(c.db);
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) CHECK((*t).size() <= 245);
  c.check_good_kept();
}

TEST_CASE("bad input: deeply nested JSON", "[robustness]") {
  Case c;
  const std::string path = c.file("deep.jsonl");
  write_file(path, std::string(1000000, '[') + "\n" + "{\"id\":\"deep-obj\",\"x\":" +
                       std::string(100000, '[') + std::string(100000, ']') + "}\n");
  const RunResult r = c.index({path});
  INFO(r.out << r.err.substr(0, 2000));
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(path + ":1: invalid JSON"));
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"deep-obj"}));
  c.check_good_kept();
}

TEST_CASE("bad input: a file name that is not UTF-8", "[robustness]") {
  Case c;
  const std::string path = c.file("name\xFF.txt");
  write_file(path, "badnameword");
  const RunResult r = c.index({path});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(c.ids() == join(join(kGoodIds, kAfterIds), {"name" + kFffd}));
  c.check_good_kept();
}

TEST_CASE("bad input: an unsupported file type", "[robustness]") {
  Case c;
  write_file(c.file("news.csv"), "id,title\n1,x\n");
  const RunResult r = c.index({c.file("news.csv")});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Contains(c.file("news.csv") + ": unsupported input type"));
  CHECK(c.ids() == join(kGoodIds, kAfterIds));
  c.check_good_kept();
}

TEST_CASE("bad input: ten thousand bad lines are reported quickly", "[robustness]") {
  Case c;
  std::string content;
  for (int i = 0; i < 10000; ++i) content += "{\"id\":\"x\",\"title\":5}\n";
  write_file(c.file("many.jsonl"), content);
  const auto start = Clock::now();
  const RunResult r = c.index({c.file("many.jsonl")});
  CHECK(seconds_since(start) < 10);
  CHECK(r.status == 1);
  CHECK(e2e::lines_of(r.err).size() == 10000);
  CHECK_THAT(r.out, Contains(summary(2, 10000)));
  c.check_good_kept();
}

// ---------------------------------------------------------------------------
// The database itself.

// The names and contents of every file below `dir`.
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    out[e.path().string()] = e.is_regular_file() ? read_file(e.path().string()) : "<dir>";
  }
  return out;
}

TEST_CASE("bad input: --db names something that is not a Fahras database", "[robustness]") {
  TempDir tmp;
  write_file(tmp.file("good.jsonl"), kGood);

  SECTION("a directory of other files is neither used nor touched") {
    const std::string dir = tmp.file("photos");
    fs::create_directories(dir + "/2023");
    write_file(dir + "/notes.txt", "my notes");
    write_file(dir + "/2023/a.jpg", random_bytes(1000, 9));
    const auto before = tree(dir);
    const RunResult r = run(index_tool(), {"--db", dir, tmp.file("good.jsonl")});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(dir));
    CHECK_THAT(r.err, Contains("not a Fahras database"));
    CHECK(tree(dir) == before);
  }
  SECTION("a regular file") {
    const std::string file = tmp.file("important.doc");
    write_file(file, "do not overwrite");
    const RunResult r = run(index_tool(), {"--db", file, tmp.file("good.jsonl")});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains(file));
    CHECK(read_file(file) == "do not overwrite");
  }
  SECTION("a Xapian database made by something else") {
    const std::string other = tmp.file("other.db");
    {
      Xapian::WritableDatabase w(other, Xapian::DB_CREATE);
      Xapian::Document d;
      d.add_term("hello");
      d.set_data("someone else's");
      w.add_document(d);
      w.commit();
    }
    const auto before = tree(other);
    const RunResult r = run(index_tool(), {"--db", other, tmp.file("good.jsonl")});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Contains("not a Fahras database"));
    Xapian::Database d(other);
    CHECK(d.get_doccount() == 1);
    CHECK(d.get_document(1).get_data() == "someone else's");
    CHECK(tree(other) == before);
  }
  SECTION("a directory under a regular file") {
    const std::string file = tmp.file("plain");
    write_file(file, "x");
    const RunResult r = run(index_tool(), {"--db", file + "/db", tmp.file("good.jsonl")});
    INFO(r.out << r.err);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, StartsWith("fahras-index: "));
    CHECK(read_file(file) == "x");
  }
}

TEST_CASE("bad input: a database locked by another indexer", "[robustness]") {
  Case c;
  // Hold the write lock of the database's first shard in this process.
  std::string shard = c.db;
  if (fs::exists(c.db + "/XAPIANDB")) {
    std::ifstream stub(c.db + "/XAPIANDB");
    std::string kind, name;
    REQUIRE(stub >> kind >> name);
    shard = c.db + "/" + name;
  }
  {
    Xapian::WritableDatabase holder(shard, Xapian::DB_OPEN);
    // The lock is held until the end of this block: an indexer that waited
    // for it would be stopped by the time limit.
    const Outcome r = run_bounded(c.tmp, index_tool(), {"--db", c.db, c.after}, "", 60);
    INFO(r.describe());
    CHECK_FALSE(r.timed_out);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Contains("locked by another indexer"));
    CHECK(r.out.empty());
  }
  c.check_good_kept();
  CHECK(c.ids() == kGoodIds);
  // Once the lock is gone, the same command works.
  const RunResult r = c.index({});
  CHECK(r.status == 0);
  CHECK(c.ids() == join(kGoodIds, kAfterIds));
}

}  // namespace
}  // namespace fahras::test::robust
