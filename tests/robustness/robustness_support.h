// Helpers for the robustness tests: running the real binaries in the
// background (to kill or signal them), running them with a time limit,
// synthetic corpora, and a comparable snapshot of a database's content.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "tests/support.h"

namespace fahras::test::robust {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// How a child process ended.
struct Outcome {
  bool exited = false;  // exited normally (then `code` is its status)
  int code = -1;
  int signal = 0;          // the signal that ended it, if any
  bool timed_out = false;  // killed by us after the time limit
  double seconds = 0;
  std::string out, err;

  std::string describe() const {
    std::string s =
        exited ? "exit " + std::to_string(code) : "killed by signal " + std::to_string(signal);
    if (timed_out) s += " (time limit)";
    return s + " after " + std::to_string(seconds) + " s\nstdout: " + out.substr(0, 2000) +
           "\nstderr: " + err.substr(0, 2000);
  }
};

// Environment variables set for a child process, NAME → value.
using Environment = std::vector<std::pair<std::string, std::string>>;

// A program running in the background: standard input from `in_path` (or
// /dev/null), standard output and error to files, `env` added to the
// environment.
class Background {
 public:
  Background(const std::string& program, const std::vector<std::string>& args, std::string out_path,
             std::string err_path, const std::string& in_path = "", const Environment& env = {})
      : out_path_(std::move(out_path)), err_path_(std::move(err_path)) {
    start_ = Clock::now();
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int in = open(in_path.empty() ? "/dev/null" : in_path.c_str(), O_RDONLY);
      const int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || err < 0) _exit(126);
      dup2(in, 0);
      dup2(out, 1);
      dup2(err, 2);
      for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(program.c_str()));
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(program.c_str(), argv.data());
      _exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      int status;
      waitpid(pid_, &status, 0);
    }
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  pid_t pid() const { return pid_; }
  double elapsed() const { return seconds_since(start_); }
  void kill(int sig) {
    if (!done_) ::kill(pid_, sig);
  }

  // True once the process has ended (then outcome() is complete).
  bool finished() {
    if (done_) return true;
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) record(status);
    return done_;
  }

  // Waits for the end, at most `limit_seconds`; then kills it (SIGKILL).
  const Outcome& wait(double limit_seconds = 600) {
    while (!finished()) {
      if (elapsed() > limit_seconds) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        record(status);
        outcome_.timed_out = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return outcome_;
  }

  const Outcome& outcome() const { return outcome_; }

  // Waits until the process stops itself (SIGSTOP: a fault point's "stop")
  // or ends, at most `limit_seconds`; true if it stopped. Resume it with
  // kill(SIGCONT).
  bool wait_stopped(double limit_seconds = 60) {
    const auto start = Clock::now();
    while (!done_ && seconds_since(start) < limit_seconds) {
      int status = 0;
      const pid_t r = waitpid(pid_, &status, WNOHANG | WUNTRACED);
      if (r == pid_ && WIFSTOPPED(status)) return true;
      if (r == pid_) record(status);
      if (r != pid_) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }

 private:
  void record(int status) {
    done_ = true;
    outcome_.seconds = elapsed();
    outcome_.exited = WIFEXITED(status);
    outcome_.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outcome_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    outcome_.out = read_file(out_path_);
    outcome_.err = read_file(err_path_);
  }

  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  bool done_ = false;
  Clock::time_point start_;
  Outcome outcome_;
};

// Runs `program` to its end or `limit_seconds`, whichever comes first, with
// `input` on standard input; scratch files go to `scratch`.
inline Outcome run_bounded(const TempDir& scratch, const std::string& program,
                           const std::vector<std::string>& args, const std::string& input = "",
                           double limit_seconds = 60) {
  static int counter = 0;
  const std::string tag = std::to_string(getpid()) + "-" + std::to_string(++counter);
  const std::string in = scratch.file("in-" + tag), out = scratch.file("out-" + tag),
                    err = scratch.file("err-" + tag);
  write_file(in, input);
  Background p(program, args, out, err, in);
  Outcome o = p.wait(limit_seconds);
  std::remove(in.c_str());
  std::remove(out.c_str());
  std::remove(err.c_str());
  return o;
}

// ---------------------------------------------------------------------------
// Synthetic corpora.

inline const std::vector<std::string>& arabic_words() {
  static const std::vector<std::string> words = {
      "بيروت",     "طهران",        "دمشق",    "القاهرة",  "الرياض",  "عمان",      "بغداد",
      "الوزير",    "الرئيس",       "الحكومة", "البرلمان", "الأمم",   "المتحدة",   "مجلس",
      "الأمن",     "اتفاق",        "محادثات", "الاقتصاد", "النفط",   "الأسعار",   "ارتفاع",
      "انخفاض",    "المباراة",     "الفريق",  "الدوري",   "كأس",     "العالم",    "الصحة",
      "المستشفى",  "اللقاح",       "الطقس",   "الأمطار",  "الجامعة", "الطلاب",    "الثقافة",
      "المهرجان",  "السينما",      "الكتاب",  "المعرض",   "التعاون", "الاستثمار", "في",
      "من",        "إلى",          "على",     "مع",       "عن",      "أن",        "التي",
      "الذي",      "وقال",         "وأضاف",   "بطهران",   "لبنان",   "سوريا",     "مصر",
      "طاجيكستان", "إيران",        "فلسطين",  "الأردن",   "تونس",    "المغرب",    "قمة",
      "زيارة",     "رسمية",        "مؤتمر",   "صحفي",     "بيان",    "وزارة",     "الخارجية",
      "الداخلية",  "اليوم",        "أمس",     "الأسبوع",  "الماضي",  "المقبل",    "عام",
      "٢٠٢٣",      "2024",         "مليون",   "دولار",    "مَدِينَة",   "جميلة",     "قديمة",
      "كبيرة",     "طاجيـــكستان", "بالأمم",  "والرئيس",  "للوزير"};
  return words;
}

inline const std::vector<std::string>& sources() {
  static const std::vector<std::string> s = {"wafa", "sana", "alahram", "annahar", "hespress"};
  return s;
}

// `count` distinct JSON Lines records "syn-NNNNNN" (from `first`), a few
// dozen Arabic words each, deterministic for a given `seed`. Returns the ids.
inline std::vector<std::string> write_synthetic_corpus(const std::string& path, size_t count,
                                                       size_t first = 0, unsigned seed = 1,
                                                       size_t body_words = 40) {
  std::mt19937 rng(seed);
  const auto& words = arabic_words();
  std::uniform_int_distribution<size_t> word(0, words.size() - 1);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::vector<std::string> ids;
  char id[32];
  for (size_t i = first; i < first + count; ++i) {
    std::snprintf(id, sizeof id, "syn-%06zu", i);
    std::string title, body;
    for (int k = 0; k < 5; ++k) title += (k ? " " : "") + words[word(rng)];
    for (size_t k = 0; k < body_words; ++k) body += (k ? " " : "") + words[word(rng)];
    char date[16];
    std::snprintf(date, sizeof date, "20%02zu-%02zu-%02zu", 15 + i % 9, 1 + i % 12, 1 + i % 28);
    nlohmann::json rec = {{"id", id},
                          {"title", title},
                          {"body", body},
                          {"date", date},
                          {"source", sources()[i % sources().size()]},
                          {"url", std::string("https://example.org/") + id}};
    out << rec.dump() << "\n";
    ids.push_back(id);
  }
  if (!out) throw std::runtime_error("cannot write " + path);
  return ids;
}

// ---------------------------------------------------------------------------
// Database content, comparable between two databases.

struct DbSnapshot {
  bool opened = false;
  std::string open_error;
  Xapian::doccount doccount = 0;
  // id → the document's data, values and terms with wdf (not docids, which
  // depend on the order of indexing).
  std::map<std::string, std::string> docs;
  std::vector<std::string> duplicated;  // ids held by more than one document
  size_t id_terms = 0;
};

inline std::string document_signature(const Xapian::Database& db, const Xapian::Document& doc) {
  std::string s = stored_data(db, doc);
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
    s += "\x01" + std::to_string(v.get_valueno()) + "=" + *v;
  }
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    s += "\x02" + *t + "#" + std::to_string(t.get_wdf());
  }
  return s;
}

// With `content` false, `docs` maps each id to an empty string (cheaper).
inline DbSnapshot snapshot(const std::string& path, bool content = true) {
  DbSnapshot snap;
  try {
    Xapian::Database db(path);
    snap.opened = true;
    snap.doccount = db.get_doccount();
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
      ++snap.id_terms;
      const std::string id = (*t).substr(1);
      if (t.get_termfreq() != 1) snap.duplicated.push_back(id);
      std::string& sig = snap.docs[id];
      if (content) sig = document_signature(db, db.get_document(*db.postlist_begin(*t)));
    }
  } catch (const Xapian::Error& e) {
    snap.opened = false;
    snap.open_error = e.get_description();
  }
  return snap;
}

// The names of the shards the stub file DB/XAPIANDB lists, in order (none if
// there is no stub); not the tables database it lists after them.
inline std::vector<std::string> stub_entries(const std::string& db) {
  std::ifstream stub(db + "/XAPIANDB");
  std::vector<std::string> names;
  std::string kind, name;
  while (stub >> kind >> name) {
    if (name != "tables") names.push_back(name);
  }
  return names;
}

// The paths of the shards the stub file DB/XAPIANDB lists, in order.
inline std::vector<std::string> stub_shards(const std::string& db) {
  std::vector<std::string> paths;
  for (const std::string& name : stub_entries(db)) paths.push_back(db + "/" + name);
  return paths;
}

// The ids in the database at `path` (empty if it cannot be opened).
inline std::vector<std::string> ids_in(const std::string& path) {
  std::vector<std::string> ids;
  for (const auto& [id, sig] : snapshot(path, false).docs) ids.push_back(id);
  return ids;
}

}  // namespace fahras::test::robust
