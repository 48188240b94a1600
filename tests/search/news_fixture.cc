#include "tests/search/news_fixture.h"

#include <stdexcept>

#include "common/index/indexer.h"
#include "common/schema.h"
#include "tests/support.h"

namespace fahras::test {

const char* const kNewsCorpus =
    R"({"id":"beirut3","title":"أخبار لبنان","body":"زار الوزير بيروت ثم عاد إلى بيروت وقال إن بيروت مدينة جميلة","date":"2020-02-10","source":"الجزيرة","category":"سياسة"})"
    "\n"
    R"({"id":"beirut1","title":"رحلة","body":"زار الوزير بيروت ثم عاد إلى دمشق وقال إن دمشق مدينة قديمة","date":"2021-06-01","source":"Reuters","category":"سياسة"})"
    "\n"
    R"({"id":"un_phrase","title":"اجتماع","body":"ألقى الرئيس كلمة بالأمم المتحدة في نيويورك","date":"2020-09-22","source":"Reuters","category":"دولي"})"
    "\n"
    R"({"id":"un_far","title":"تقرير","body":"انتقدت الأمم في تقرير جديد سياسات الدول المتحدة","date":"2019-12-31","source":"الجزيرة","category":"اقتصاد"})"
    "\n"
    R"({"id":"title_tehran","title":"طهران تستضيف القمة","body":"انعقدت القمة بحضور الرؤساء","date":"2020-12-31","source":"BBC Arabic","category":"دولي"})"
    "\n"
    R"({"id":"body_tehran","title":"قمة إقليمية","body":"سافرَ الرئيسُ إلى طَهْرَانَ أمسِ","date":"2021-01-01","source":"BBC Arabic","category":"سياسة"})"
    "\n"
    R"({"id":"english","title":"Beirut and Paris","body":"Running AND walking in the city","date":"2022-05-05","source":"Reuters","category":"travel"})"
    "\n";

namespace {

struct NewsDb {
  TempDir dir;
  std::string path;
  NewsDb() : path(dir.file("db")) {
    write_file(dir.file("news.jsonl"), kNewsCorpus);
    IndexOptions options;
    options.db_path = path;
    options.inputs = {dir.file("news.jsonl")};
    const IndexStats stats = index_corpus(options, *loaded_chain());
    if (stats.added != 7 || stats.failed != 0) throw std::runtime_error("news fixture not indexed");
  }
};

}  // namespace

const std::string& news_db() {
  static const NewsDb db;
  return db.path;
}

std::set<std::string> matching_ids(const Xapian::Query& query) {
  const Xapian::Database db(news_db());
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::set<std::string> ids;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ids.insert(it.get_document().get_value(schema::kIdSlot));
  }
  return ids;
}

}  // namespace fahras::test
