// Corpus readers: .txt files, directories of .txt files, and JSON Lines files
// (plain or gzip-compressed). See reader.h for the input kinds.
//
// Every string handed to the record sink is valid UTF-8 without NUL bytes:
// ill-formed sequences become U+FFFD (one per maximal ill-formed subpart, as
// the Unicode standard recommends) and NUL becomes a space. Input that is not
// UTF-8 text at all (binary, UTF-16, a legacy encoding) is reported instead.
#include "common/corpus/reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/date.h"
#include "common/utf8.h"

namespace fahras {

std::string Origin::describe() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line);
}

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr size_t kBomSize = 3;
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kChunkSize = 1 << 18;

// ---------------------------------------------------------------------------
// UTF-8 clean-up.

// Length of the UTF-8 sequence at p[0..n) (n >= 1). Sets `ok` if it is a
// well-formed character; otherwise returns the length of its maximal
// ill-formed subpart (at least 1), which is replaced by one U+FFFD.
size_t sequence_length(const unsigned char* p, size_t n, bool& ok) {
  const unsigned char c = p[0];
  ok = false;
  if (c < 0x80) {
    ok = true;
    return 1;
  }
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c == 0xE0) {
    need = 2, lo = 0xA0;
  } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
    need = 2;
  } else if (c == 0xED) {
    need = 2, hi = 0x9F;  // no surrogates
  } else if (c == 0xF0) {
    need = 3, lo = 0x90;
  } else if (c >= 0xF1 && c <= 0xF3) {
    need = 3;
  } else if (c == 0xF4) {
    need = 3, hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 1;  // continuation byte, C0, C1 or F5..FF
  }
  size_t i = 1;
  for (size_t k = 0; k < need; ++k, ++i) {
    if (i >= n || p[i] < lo || p[i] > hi) return i;
    lo = 0x80, hi = 0xBF;
  }
  ok = true;
  return i;
}

// Makes `s` valid UTF-8 without NUL: ill-formed sequences become U+FFFD, NUL
// becomes a space. Does not copy when `s` is already clean (the usual case).
// Returns the number of ill-formed bytes replaced.
size_t sanitize_utf8(std::string& s) {
  const auto* data = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  // Find the first problem, with fast paths for ASCII and 2-byte characters
  // (Arabic letters).
  while (i < n) {
    const unsigned char c = data[i];
    if (c == 0) break;
    unsigned ch;
    if (const size_t length = decode_short_utf8(data + i, n - i, ch)) {
      i += length;
      continue;
    }
    bool ok;
    size_t len = sequence_length(data + i, n - i, ok);
    if (!ok) break;
    i += len;
  }
  if (i == n) return 0;

  size_t replaced = 0;
  std::string out;
  out.reserve(n + 16);
  out.append(s, 0, i);
  while (i < n) {
    if (data[i] == 0) {
      out.push_back(' ');
      ++i;
      continue;
    }
    bool ok;
    size_t len = sequence_length(data + i, n - i, ok);
    if (ok) {
      out.append(s, i, len);
    } else {
      out.append(kReplacement);
      replaced += len;
    }
    i += len;
  }
  s.swap(out);
  return replaced;
}

// The warning for `bytes` ill-formed bytes replaced.
std::string repaired_utf8_warning(size_t bytes) {
  return "invalid UTF-8: " + std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes") +
         " replaced by U+FFFD";
}

// Input that is not UTF-8 text at all (binary data, UTF-16, or Arabic in a
// legacy encoding such as Windows-1256) would be indexed as U+FFFD soup:
// returns why `s` is not text, or an empty string if it looks like UTF-8
// text. A few stray bytes are repaired by sanitize_utf8() instead; only
// when at least a quarter of the first 64 KiB are NUL, control characters or
// ill-formed UTF-8 is the whole thing refused.
std::string not_text_reason(const std::string& s) {
  const auto* data = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = std::min<size_t>(s.size(), 1 << 16);
  if (n >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF))) {
    return "UTF-16 text, not UTF-8; convert it to UTF-8";
  }
  if (n < 32) return {};
  size_t bad = 0;
  for (size_t i = 0; i < n;) {
    const unsigned char c = data[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
      ++bad, ++i;
      continue;
    }
    bool ok;
    const size_t len = sequence_length(data + i, n - i, ok);
    if (!ok && i + len < n) bad += len;  // (a character cut at the 64 KiB mark is fine)
    i += len;
  }
  if (bad * 4 < n) return {};
  return "not UTF-8 text (" + std::to_string(bad * 100 / n) +
         "% of its bytes are not): binary data, or another encoding such as Windows-1256; "
         "convert it to UTF-8";
}

// Replaces NUL bytes (which JSON can carry as \u0000) by spaces.
void replace_nul(std::string& s) {
  std::replace(s.begin(), s.end(), '\0', ' ');
}

void strip_bom(std::string& s) {
  if (s.compare(0, kBomSize, kBom) == 0) s.erase(0, kBomSize);
}

bool ends_with_ci(const std::string& s, const char* suffix) {
  const size_t m = std::strlen(suffix);
  if (s.size() < m) return false;
  for (size_t i = 0; i < m; ++i) {
    char c = s[s.size() - m + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

std::string errno_text(int err) { return std::strerror(err); }

// ---------------------------------------------------------------------------
// Byte sources and line splitting.

// A stream of bytes read in chunks.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `n` bytes of `buf`. Returns the count, 0 at the end, or -1 on
  // error (then error() says what went wrong).
  virtual long read(char* buf, size_t n) = 0;
  const std::string& error() const { return error_; }
  // Whether the error was the system's (the input could not be read), not
  // damaged data.
  bool system_error() const { return system_error_; }

 protected:
  std::string error_;
  bool system_error_ = false;
};

class FileSource : public ByteSource {
 public:
  // Reads `f`, and closes it at the end when `owned` (not standard input).
  explicit FileSource(std::FILE* f, bool owned = true) : file_(f), owned_(owned) {}
  ~FileSource() override {
    if (owned_) std::fclose(file_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  long read(char* buf, size_t n) override {
    size_t got = std::fread(buf, 1, n, file_);
    if (got == 0 && std::ferror(file_)) {
      error_ = "read error: " + errno_text(errno);
      system_error_ = true;
      return -1;
    }
    return static_cast<long>(got);
  }

 private:
  std::FILE* file_;
  const bool owned_;
};

// Decompresses a gzip file. Reports truncated or corrupt data, and data that
// is not gzip at all (zlib would otherwise pass it through unchanged).
class GzipSource : public ByteSource {
 public:
  GzipSource(gzFile f, std::string path) : file_(f), path_(std::move(path)) {}
  ~GzipSource() override { gzclose(file_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  long read(char* buf, size_t n) override {
    if (failed_) return -1;
    int got = gzread(file_, buf, static_cast<unsigned>(std::min<size_t>(n, 1u << 30)));
    if (got > 0 && first_read_ && gzdirect(file_)) {
      error_ = "not gzip-compressed data";
      failed_ = true;
      return -1;
    }
    first_read_ = false;
    int err = Z_OK;
    const char* msg = gzerror(file_, &err);
    if (got < 0 || err != Z_OK) {
      set_error(err, msg);
      failed_ = true;
      // Hand over what was decompressed before the damage; fail next time.
      return got > 0 ? got : -1;
    }
    return got;
  }

 private:
  void set_error(int err, const char* msg) {
    std::string detail = msg ? msg : "";
    // zlib prefixes its messages with the path.
    const std::string prefix = path_ + ": ";
    if (detail.compare(0, prefix.size(), prefix) == 0) detail.erase(0, prefix.size());
    switch (err) {
      case Z_BUF_ERROR:
        error_ = "truncated gzip data (unexpected end of file)";
        break;
      case Z_ERRNO:
        error_ = "read error: " + errno_text(errno);
        system_error_ = true;
        break;
      case Z_MEM_ERROR:
        error_ = "out of memory while decompressing";
        break;
      default:
        error_ = "corrupt gzip data";
        if (!detail.empty()) error_ += " (" + detail + ")";
        break;
    }
  }

  gzFile file_;
  std::string path_;
  bool first_read_ = true;
  bool failed_ = false;
};

// Splits a ByteSource into lines of any length, without the '\n'.
class LineReader {
 public:
  enum Status { kLine, kEnd, kError, kTooLong };

  explicit LineReader(ByteSource& source) : source_(source), buf_(new char[kChunkSize]) {}

  // Reads the next line into `line` (reusing its storage). A final line
  // without '\n' counts as a line. On kError the partial line is dropped. A
  // line of more than `max` bytes is read to its end but not kept (kTooLong,
  // `line` empty): memory stays bounded by `max`. length() is then its size.
  Status next(std::string& line, size_t max = std::string::npos) {
    line.clear();
    length_ = 0;
    for (;;) {
      if (pos_ < end_) {
        const char* start = buf_.get() + pos_;
        const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
        const size_t n = nl ? static_cast<size_t>(nl - start) : end_ - pos_;
        length_ += n;
        if (length_ <= max) line.append(start, n);
        pos_ += n + (nl ? 1 : 0);
        if (nl) return length_ > max ? kTooLong : kLine;
      }
      if (at_end_) return length_ > max ? kTooLong : line.empty() ? kEnd : kLine;
      long got = source_.read(buf_.get(), kChunkSize);
      if (got < 0) return kError;
      pos_ = 0;
      end_ = static_cast<size_t>(got);
      if (got == 0) at_end_ = true;
    }
  }

  // The size in bytes of the line read last (without its '\n').
  size_t length() const { return length_; }

 private:
  ByteSource& source_;
  std::unique_ptr<char[]> buf_;
  size_t length_ = 0;  // of the line read last
  size_t pos_ = 0;
  size_t end_ = 0;
  bool at_end_ = false;
};

// ---------------------------------------------------------------------------
// JSON Lines records.

bool is_blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// "invalid JSON: syntax error at column 17 (unexpected '}'; ...)", without
// echoing the offending input.
std::string json_error_message(const json::parse_error& e) {
  std::string what = e.what();
  std::string reason;
  size_t dash = what.find(" - ");
  if (dash != std::string::npos) {
    reason = what.substr(dash + 3);
    size_t last_read = reason.find("; last read: ");
    if (last_read != std::string::npos) reason.erase(last_read);
  }
  std::string msg = "invalid JSON: syntax error at column " + std::to_string(e.byte);
  if (!reason.empty()) msg += " (" + reason + ")";
  return msg;
}

std::string type_of(const json& j) {
  if (j.is_number_float()) return "a non-integer number";
  switch (j.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::null: return "null";
    default: return "a number";
  }
}

// Turns one non-blank, sanitized line into `rec` (origin left alone). Returns
// an empty string on success, else what is wrong with the line.
std::string parse_record(const std::string& line, Record& rec) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::parse_error& e) {
    return json_error_message(e);
  } catch (const json::exception& e) {
    return std::string("invalid JSON: ") + e.what();
  }
  if (!j.is_object()) return "not a JSON object (got " + type_of(j) + ")";

  auto id = j.find("id");
  if (id == j.end()) return "missing \"id\"";
  if (id->is_null()) return "\"id\" is null";
  if (id->is_string()) {
    rec.id = std::move(id->get_ref<std::string&>());
    replace_nul(rec.id);
  } else if (id->is_number_integer()) {  // signed or unsigned
    rec.id = id->is_number_unsigned() ? std::to_string(id->get<std::uint64_t>())
                                      : std::to_string(id->get<std::int64_t>());
  } else {
    return "\"id\" must be a string or an integer, got " + type_of(*id);
  }
  if (rec.id.empty()) return "empty \"id\"";

  static const std::pair<const char*, std::string Record::*> kFields[] = {
      {"title", &Record::title},   {"body", &Record::body}, {"date", &Record::date},
      {"source", &Record::source}, {"url", &Record::url},   {"category", &Record::category},
  };
  for (const auto& [name, member] : kFields) {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) continue;
    if (!it->is_string()) {
      return std::string("\"") + name + "\" must be a string, got " + type_of(*it);
    }
    std::string& value = rec.*member;
    value = std::move(it->get_ref<std::string&>());
    replace_nul(value);
  }
  if (!rec.date.empty()) {
    std::string calendar = date::calendar_date(rec.date);
    if (calendar.empty()) {
      const std::string shown = rec.date.size() <= 32 ? " \"" + rec.date + "\"" : "";
      rec.warnings.push_back("invalid \"date\"" + shown +
                             " (expected a calendar date as YYYY-MM-DD or an ISO 8601 "
                             "date-time): indexed without a date");
    }
    rec.date = std::move(calendar);
  }
  return {};
}

bool report(const ErrorSink& on_error, const std::string& file, long line, std::string message,
            bool unreadable_input = false) {
  InputError err;
  err.origin.file = file;
  err.origin.line = line;
  err.message = std::move(message);
  err.unreadable_input = unreadable_input;
  return on_error(err);
}

// Reports that the input `file` could not be read (at `line`, 0 for none).
bool report_unreadable(const ErrorSink& on_error, const std::string& file, long line,
                       std::string message) {
  return report(on_error, file, line, std::move(message), true);
}

// What is wrong with an article of `bytes` bytes, more than `max`.
std::string too_long(size_t bytes, size_t max) {
  return "article of " + std::to_string(bytes) + " bytes, more than the " + std::to_string(max) +
         " allowed (--max-article-bytes): skipped";
}

bool read_jsonl(const std::string& path, ByteSource& source, const RecordSink& on_record,
                const ErrorSink& on_error, size_t max_bytes) {
  LineReader reader(source);
  std::string line;
  line.reserve(1 << 16);
  long line_no = 0;
  bool seen_text = false;
  for (;;) {
    LineReader::Status status = reader.next(line, max_bytes);
    if (status == LineReader::kEnd) return true;
    if (status == LineReader::kError) {
      return report(on_error, path, line_no + 1, source.error(), source.system_error());
    }
    ++line_no;
    if (status == LineReader::kTooLong) {
      if (!report(on_error, path, line_no, too_long(reader.length(), max_bytes))) return false;
      continue;
    }
    if (line_no == 1) strip_bom(line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (is_blank(line)) continue;
    if (std::string why = not_text_reason(line); !why.empty()) {
      // Binary from the first line on: one message for the file, not one per "line".
      if (!seen_text) return report(on_error, path, line_no, why + "; file skipped");
      if (!report(on_error, path, line_no, std::move(why))) return false;
      continue;
    }
    seen_text = true;
    const size_t repaired = sanitize_utf8(line);  // JSON parsing would reject ill-formed UTF-8.

    Record rec;
    if (repaired) rec.warnings.push_back(repaired_utf8_warning(repaired));
    std::string problem = parse_record(line, rec);
    if (!problem.empty()) {
      if (!report(on_error, path, line_no, std::move(problem))) return false;
      continue;
    }
    rec.origin.file = path;
    rec.origin.line = line_no;
    if (!on_record(std::move(rec))) return false;
  }
}

bool read_jsonl_file(const std::string& path, bool gzipped, const RecordSink& on_record,
                     const ErrorSink& on_error, size_t max_bytes) {
  std::unique_ptr<ByteSource> source;
  if (gzipped) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) {
      int err = errno;
      return report_unreadable(
          on_error, path, 0,
          "cannot open: " + (err ? errno_text(err) : std::string("out of memory")));
    }
    gzbuffer(f, kChunkSize);
    source = std::make_unique<GzipSource>(f, path);
  } else {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return report_unreadable(on_error, path, 0, "cannot open: " + errno_text(errno));
    source = std::make_unique<FileSource>(f);
  }
  return read_jsonl(path, *source, on_record, on_error, max_bytes);
}

// ---------------------------------------------------------------------------
// Plain text articles.

// Reads one .txt article as a record with the given id; one of more than
// `max_bytes` is reported and skipped.
bool read_txt(const std::string& path, std::string id, const RecordSink& on_record,
              const ErrorSink& on_error, size_t max_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return report_unreadable(on_error, path, 0, "cannot open: " + errno_text(errno));
  FileSource source(f);
  std::string body;
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) return report(on_error, path, 0, too_long(size, max_bytes));
  if (!ec) body.reserve(static_cast<size_t>(size));
  char buf[1 << 16];
  for (;;) {
    long got = source.read(buf, sizeof buf);
    if (got < 0) return report_unreadable(on_error, path, 0, source.error());
    if (got == 0) break;
    body.append(buf, static_cast<size_t>(got));
    if (body.size() > max_bytes) {  // grew while read
      return report(on_error, path, 0, too_long(body.size(), max_bytes));
    }
  }
  strip_bom(body);
  if (std::string why = not_text_reason(body); !why.empty()) {
    return report(on_error, path, 0, std::move(why));
  }
  const size_t repaired = sanitize_utf8(body);
  sanitize_utf8(id);  // file names need not be UTF-8
  if (id.empty()) return report(on_error, path, 0, "file name gives an empty id");

  Record rec;
  if (repaired) rec.warnings.push_back(repaired_utf8_warning(repaired));
  rec.id = std::move(id);
  rec.body = std::move(body);
  rec.origin.file = path;
  return on_record(std::move(rec));
}

// `name` minus its 4-character ".txt" extension.
std::string strip_txt(const std::string& name) { return name.substr(0, name.size() - 4); }

bool is_jsonl_name(const std::string& name) {
  return ends_with_ci(name, ".jsonl") || ends_with_ci(name, ".jsonl.gz") ||
         ends_with_ci(name, ".ndjson") || ends_with_ci(name, ".ndjson.gz");
}

// A directory's *.txt files are one article each (id from the relative path);
// its JSON Lines files are read as they are. Directory symlinks are not
// followed (so no cycles); unreadable subdirectories are skipped. Reported:
// an input name that cannot be accessed (dangling symlink, symlink loop), and
// a directory holding files but none to index (a likely mistake).
bool read_directory(const std::string& path, const RecordSink& on_record,
                    const ErrorSink& on_error, size_t max_bytes) {
  const fs::path root(path);
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return report_unreadable(on_error, path, 0, "cannot read directory: " + ec.message());
  size_t others = 0;  // files that are not input
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;
    std::error_code type_ec;
    const std::string name = it->path().filename().string();
    const bool input_name = ends_with_ci(name, ".txt") || is_jsonl_name(name);
    if (it->is_regular_file(type_ec)) {
      if (input_name) {
        files.push_back(it->path());
      } else {
        ++others;
      }
    } else if (type_ec && input_name) {
      // A dangling symlink or a symlink loop where an article was expected.
      if (!report(on_error, it->path().string(), 0, "cannot access: " + type_ec.message())) {
        return false;
      }
    }
  }
  if (ec && !report_unreadable(on_error, path, 0, "cannot read directory: " + ec.message())) {
    return false;
  }
  if (files.empty() && others > 0 &&
      !report(on_error, path, 0,
              "no .txt, .jsonl, .ndjson or .jsonl.gz file in this directory (" +
                  std::to_string(others) + " other file" + (others == 1 ? "" : "s") +
                  " skipped)")) {
    return false;
  }
  std::sort(files.begin(), files.end());

  const std::string& root_text = root.native();
  for (const fs::path& file : files) {
    const std::string name = file.filename().string();
    if (is_jsonl_name(name)) {
      if (!read_jsonl_file(file.string(), ends_with_ci(name, ".gz"), on_record, on_error,
                           max_bytes)) {
        return false;
      }
      continue;
    }
    // The iterator builds entry paths as root / ..., so the relative part is
    // what follows the root's text.
    std::string rel;
    const std::string& text = file.native();
    if (text.compare(0, root_text.size(), root_text) == 0) {
      rel = text.substr(root_text.size());
      rel.erase(0, rel.find_first_not_of('/'));
    } else {
      rel = file.lexically_relative(root).string();
    }
    rel = fs::path(rel).generic_string();
    if (!read_txt(file.string(), strip_txt(rel), on_record, on_error, max_bytes)) return false;
  }
  return true;
}

// The ids of the lines of `source`, read from `name`.
std::vector<std::string> read_ids(const std::string& name, ByteSource& source) {
  std::vector<std::string> ids;
  LineReader reader(source);
  std::string line;
  for (;;) {
    const LineReader::Status status = reader.next(line);
    if (status == LineReader::kEnd) return ids;
    if (status == LineReader::kError) throw std::runtime_error(name + ": " + source.error());
    const size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos) continue;
    ids.push_back(line.substr(begin, line.find_last_not_of(" \t\r") + 1 - begin));
  }
}

}  // namespace

std::vector<std::string> read_id_list(const std::string& path) {
  if (path == "-") {
    FileSource source(stdin, false);
    return read_ids(kStandardInput, source);
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error(path + ": cannot open: " + errno_text(errno));
  FileSource source(f);
  return read_ids(path, source);
}

bool read_input(const std::string& path, const RecordSink& on_record, const ErrorSink& on_error,
                size_t max_bytes) {
  if (path == "-") {
    FileSource source(stdin, false);
    return read_jsonl(kStandardInput, source, on_record, on_error, max_bytes);
  }
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec && status.type() != fs::file_type::not_found) {
    return report_unreadable(on_error, path, 0, "cannot access: " + ec.message());
  }
  if (status.type() == fs::file_type::not_found) {
    return report_unreadable(on_error, path, 0, "no such file or directory");
  }
  if (fs::is_directory(status)) return read_directory(path, on_record, on_error, max_bytes);
  if (!fs::is_regular_file(status)) {
    return report_unreadable(on_error, path, 0, "not a regular file or directory");
  }
  const std::string name = fs::path(path).filename().string();
  if (is_jsonl_name(name)) {
    return read_jsonl_file(path, ends_with_ci(name, ".gz"), on_record, on_error, max_bytes);
  }
  if (ends_with_ci(name, ".txt")) {
    return read_txt(path, strip_txt(name), on_record, on_error, max_bytes);
  }
  return report(on_error, path, 0,
                "unsupported input type; expected a .txt, .jsonl, .ndjson or .jsonl.gz file, a "
                "directory, or - for standard input");
}

}  // namespace fahras
