// Fuzzes the corpus readers: the input (after a first byte that picks the
// kind) is written to a temporary file read with read_input(). Kinds: .jsonl,
// .txt, .jsonl.gz as given (mostly corrupt gzip), and .jsonl.gz holding the
// input compressed (to reach the JSON parser through zlib). Checks what
// reader.h promises: every field valid UTF-8 without NUL, a non-empty id, a
// date that is empty or YYYY-MM-DD, origins naming the file with growing
// line numbers. Each record is then built into a Xapian document and added to
// an in-memory database, as the indexer does: no record may make Xapian throw
// (in the indexer, that would stop the whole run).
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/corpus/reader.h"
#include "common/index/document_builder.h"
#include "common/schema.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

// A directory for the input file, removed at exit.
struct Scratch {
  std::string dir;
  Scratch() {
    const char* base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : "/tmp";
    std::string pattern = std::string(base) + "/fahras-fuzz-reader-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    dir = pattern;
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

const Scratch& scratch() {
  static const Scratch s;
  return s;
}

fahras::DocumentBuilder& builder() {
  static const std::shared_ptr<const fahras::AnalysisChain> chain = fahras::AnalysisChain::load();
  static fahras::DocumentBuilder b(*chain);
  return b;
}

// As the indexer's writer does (common/index/shard_writer.cc), into a database in
// the scratch directory that is never committed, and started afresh now and
// then (bounded memory).
void index_record(const fahras::Record& r) {
  static const std::string path = scratch().dir + "/db";
  static Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  static unsigned added = 0;
  if (r.id.size() + 1 > fahras::schema::kMaxTermBytes) return;  // reported by the indexer
  if (++added % 2000 == 0) {
    db.close();
    db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE);
  }
  db.replace_document(fahras::schema::id_term(r.id), builder().build(r).document);
}

void write_raw(const std::string& path, const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
}

void write_gzip(const std::string& path, const uint8_t* data, size_t size) {
  gzFile f = gzopen(path.c_str(), "wb1");
  if (!f) std::abort();
  if (size && gzwrite(f, data, static_cast<unsigned>(size)) != static_cast<int>(size)) std::abort();
  gzclose(f);
}

void check_field(const std::string& value) {
  FAHRAS_FUZZ_CHECK(fahras::fuzz::valid_utf8(value), value);
  FAHRAS_FUZZ_CHECK(value.find('\0') == std::string::npos, value);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  scratch();
  builder();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const char* const kNames[] = {"in.jsonl", "in.txt", "in.jsonl.gz", "in.jsonl.gz"};
  const unsigned kind = data[0] % 4;
  const std::string path = scratch().dir + "/" + kNames[kind];
  if (kind == 3) {
    write_gzip(path, data + 1, size - 1);
  } else {
    write_raw(path, data + 1, size - 1);
  }

  long last_line = -1;
  size_t records = 0;
  fahras::read_input(
      path,
      [&](fahras::Record&& r) {
        ++records;
        FAHRAS_FUZZ_CHECK(!r.id.empty(), r.id);
        for (const std::string* f :
             {&r.id, &r.title, &r.body, &r.date, &r.source, &r.url, &r.category}) {
          check_field(*f);
        }
        FAHRAS_FUZZ_CHECK(r.date.empty() || r.date.size() == 10, r.date);
        FAHRAS_FUZZ_CHECK(r.origin.file == path, r.origin.file);
        FAHRAS_FUZZ_CHECK(r.origin.line > last_line, r.id);
        last_line = r.origin.line;
        if (kind == 1) FAHRAS_FUZZ_CHECK(r.id == "in" && r.origin.line == 0, r.id);
        index_record(r);
        return true;
      },
      [&](const fahras::InputError& e) {
        FAHRAS_FUZZ_CHECK(e.origin.file == path, e.origin.file);
        FAHRAS_FUZZ_CHECK(!e.message.empty(), e.message);
        FAHRAS_FUZZ_CHECK(e.origin.line >= 0, e.message);
        return true;
      });
  if (kind == 1) FAHRAS_FUZZ_CHECK(records <= 1, path);
  unlink(path.c_str());
  return 0;
}
