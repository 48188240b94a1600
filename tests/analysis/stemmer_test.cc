// Tests for common/analysis/arabic_stemmer through the analysis chain, with
// Debian's hunspell-ar dictionary: names keep their letters, clitic and
// article forms meet the bare word, spelling variants meet the plain form.
// Also stem_arabic's length rules with an empty or tiny lexicon.
#include "common/analysis/arabic_stemmer.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/analysis/analyzer.h"
#include "common/analysis/chain.h"
#include "common/analysis/lexicon.h"
#include "tests/support.h"

namespace fahras {
namespace {

// Loading the dictionary takes a moment: once for the whole run.
const AnalysisChain& chain() {
  return *test::loaded_chain();
}

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

TEST_CASE("the hunspell-ar dictionary is loaded", "[stemmer]") {
  // The identity names the dictionary; an empty lexicon would say 0 words.
  CHECK(chain().identity().find("lexicon 0 words") == std::string::npos);
  CHECK(starts_with(chain().identity(), "fahras-arabic 5; lexicon "));
  CHECK(chain().identity().find("; gazetteer crc32 ") != std::string::npos);
}

TEST_CASE("names stem to themselves", "[stemmer]") {
  const std::vector<std::string> names = {"فرنسا", "بيروت", "فلسطين", "وليد",    "برلين",
                                          "لبنان", "كندا",  "واشنطن", "بغداد",   "طهران",
                                          "طاجيكستان", "فيينا", "باريس", "لندن", "بكين"};
  for (const std::string& name : names) {
    INFO(name);
    CHECK(chain().stem(name) == name);
  }
}

TEST_CASE("clitic forms of a name meet the name", "[stemmer]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"لفرنسا", "فرنسا"},         {"ففرنسا", "فرنسا"},         {"وفرنسا", "فرنسا"},
      {"بفرنسا", "فرنسا"},         {"ببيروت", "بيروت"},         {"لبيروت", "بيروت"},
      {"وبيروت", "بيروت"},         {"فبيروت", "بيروت"},         {"وفلسطين", "فلسطين"},
      {"لفلسطين", "فلسطين"},       {"بفلسطين", "فلسطين"},       {"بطهران", "طهران"},
      {"لطهران", "طهران"},         {"وطهران", "طهران"},         {"للبنان", "لبنان"},
      {"وللبنان", "لبنان"},        {"ولبنان", "لبنان"},         {"بلبنان", "لبنان"},
      {"بكندا", "كندا"},           {"لكندا", "كندا"},           {"وواشنطن", "واشنطن"},
      {"لواشنطن", "واشنطن"},       {"ببغداد", "بغداد"},         {"وبغداد", "بغداد"},
      {"لبرلين", "برلين"},         {"وبرلين", "برلين"},         {"لوليد", "وليد"},
      {"ووليد", "وليد"},           {"وببيروت", "بيروت"},        {"ولفرنسا", "فرنسا"},
  };
  for (const auto& [form, name] : cases) {
    INFO(form << " should stem to " << name);
    CHECK(chain().stem(form) == name);
  }
}

TEST_CASE("clitic forms of names of the gazetteer meet the name", "[stemmer][gazetteer]") {
  // Each group's forms stem alike: the article, clitics in grammatical order,
  // short names and names after و.
  const std::vector<std::vector<std::string>> groups = {
      {"الرياض", "بالرياض", "والرياض", "للرياض", "وبالرياض", "فالرياض", "كالرياض"},
      {"قطر", "وقطر", "لقطر", "بقطر", "وبقطر", "فقطر"},
      {"حلب", "وحلب", "بحلب", "لحلب"},
      {"الموصل", "بالموصل", "والموصل", "للموصل"},
      {"روسيا", "وروسيا", "لروسيا", "بروسيا", "وبروسيا"},
      {"بوروسيا", "وبوروسيا", "لبوروسيا"},
      {"الفلبين", "بالفلبين", "والفلبين", "للفلبين"},
      {"جدة", "وجدة", "بجدة", "لجدة", "وبجدة", "جده"},
      {"ولي", "وولي", "بولي", "لولي", "فولي"},
      {"غزة", "وغزة", "بغزة", "لغزة"},
      {"وهران", "ووهران", "بوهران", "لوهران"},
      {"حماس", "وحماس", "لحماس", "بحماس"},
      {"المغرب", "بالمغرب", "والمغرب", "للمغرب"},
      {"البوسنة", "بالبوسنة", "والبوسنة"},
  };
  for (const auto& group : groups) {
    const std::string stem = chain().stem(group.front());
    for (const std::string& form : group) {
      INFO(form << " should stem as " << group.front() << " (" << stem << ")");
      CHECK(chain().stem(form) == stem);
    }
  }
}

TEST_CASE("a name never meets the common words it resembles", "[stemmer][gazetteer]") {
  // {name, word}: the word is derived from a common word, holds the name
  // behind letters no grammar reads as clitics, or writes the name with an
  // article it does not take (or without the one it takes).
  const std::vector<std::pair<std::string, std::string>> apart = {
      {"الرياض", "الرياضية"},   {"الرياض", "رياضات"},     {"الرياض", "الرياضيه"},
      {"الرياض", "رياض"},       {"قطر", "قطرات"},         {"قطر", "قطرها"},
      {"قطر", "القطر"},         {"حلب", "حلبات"},         {"حلب", "الحلبات"},
      {"الموصل", "الموصلات"},   {"الموصل", "موصل"},       {"روسيا", "بوروسيا"},
      {"روسيا", "وبوروسيا"},    {"الفلبين", "فيليب"},     {"الفيليبين", "فيليب"},
      {"حماس", "الحماس"},       {"حماس", "حماسها"},       {"الطائف", "الطائفية"},
      {"البوسنة", "سنة"},       {"بوشهر", "شهر"},         {"مصر", "مصرين"},
      {"البصرة", "بصري"},       {"الخليل", "خليل"},       {"اليمن", "اليمنية"},
      {"جدة", "جدتها"},         {"عدن", "عدنان"},         {"إيران", "الإيرانية"},
      {"القدس", "القدسية"},     {"حمص", "حمصي"},          {"الرياض", "الرياضي"},
  };
  for (const auto& [name, word] : apart) {
    INFO(word << " must not stem as " << name << " (" << chain().stem(name) << ")");
    CHECK(chain().stem(word) != chain().stem(name));
  }
  // The derived words of a name's look-alike still meet one another.
  CHECK(chain().stem("الرياضية") == chain().stem("رياضات"));
  CHECK(chain().stem("قطرات") == chain().stem("قطرها"));
}

TEST_CASE("the rule column of --analyze says what decided a stem", "[stemmer][gazetteer]") {
  CHECK(chain().stem_rule("بالرياض") == "article, gazetteer name");
  CHECK(chain().stem_rule("الرياضيه").find("takes no suffix") != std::string::npos);
  CHECK(chain().stem_rule("بوروسيا") == "whole word, gazetteer name");
  CHECK(chain().stem_rule("الحماس").find("without the article") != std::string::npos);
  CHECK(chain().stem_rule("بولي") == "clitic before a name");
  CHECK(chain().stem_rule("hello").empty());
}

TEST_CASE("clitics come off in grammatical order only", "[stemmer]") {
  // With a lexicon of one name: ب + و is no order of proclitics, و + ب is.
  Lexicon lexicon;
  lexicon.add_name("روسيا");
  CHECK(stem_arabic("وبروسيا", lexicon) == "روسيا");
  CHECK(stem_arabic("بوروسيا", lexicon) == "وروسيا");
  CHECK(stem_arabic("وبوروسيا", lexicon) == "وروسيا");
  CHECK(stem_arabic("الوروسيا", lexicon) != "روسيا");
  std::string rule;
  stem_arabic("بوروسيا", lexicon, &rule);
  CHECK(rule.find("no clitic order reaches روسيا") != std::string::npos);
}

TEST_CASE("clitic forms of طاجيكستان meet طاجيكستان", "[stemmer]") {
  const std::string stem = chain().stem("طاجيكستان");
  CHECK(stem == "طاجيكستان");
  for (const std::string form : {"لطاجيكستان", "بطاجيكستان", "وطاجيكستان", "فطاجيكستان",
                                 "وبطاجيكستان", "ولطاجيكستان"}) {
    INFO(form);
    CHECK(chain().stem(form) == stem);
  }
}

TEST_CASE("article forms meet the bare word", "[stemmer]") {
  const std::string wazir = chain().stem("وزير");
  CHECK(wazir == "وزير");
  for (const std::string form : {"الوزير", "للوزير", "والوزير", "بالوزير", "فالوزير",
                                 "وبالوزير", "كالوزير"}) {
    INFO(form);
    CHECK(chain().stem(form) == wazir);
  }
  const std::string kitab = chain().stem("كتاب");
  for (const std::string form : {"الكتاب", "للكتاب", "والكتاب", "بالكتاب"}) {
    INFO(form);
    CHECK(chain().stem(form) == kitab);
  }
}

TEST_CASE("spelling variants meet the plain form", "[stemmer]") {
  const std::string tajik = chain().stem("طاجيكستان");
  const std::vector<std::pair<const char*, std::string>> tajik_variants = {
      {"diacritics", "طَاجِيكِسْتَان"},
      {"tatweel", "طاجيـــكستان"},
      {"Persian yeh", "طاجیكستان"},
      {"Persian yeh and keheh", "طاجیکستان"},
      {"presentation forms", "ﻃﺎﺟﻴﻜﺴﺘﺎﻥ"},
      {"ZWNJ inside", "طاجيك\xE2\x80\x8Cستان"},
      {"diacritics with a clitic", "لِطَاجِيكِسْتَانَ"},
      {"tatweel with a clitic", "بطاجيـكستان"},
  };
  for (const auto& [what, form] : tajik_variants) {
    INFO(what << ": " << form);
    CHECK(chain().stem(form) == tajik);
  }

  const std::string beirut = chain().stem("بيروت");
  for (const std::string form : {"بَيْرُوت", "بَيْرُوتَ", "بيـروت", "ﺑﻴﺮﻭﺕ", "لِبَيْرُوتَ"}) {
    INFO(form);
    CHECK(chain().stem(form) == beirut);
  }

  // Hamza seats, teh marbuta and alef maksura fold before stemming.
  CHECK(chain().stem("أمريكا") == chain().stem("امريكا"));
  CHECK(chain().stem("إسرائيل") == chain().stem("اسرائيل"));
  CHECK(chain().stem("الأمم") == chain().stem("الامم"));
  CHECK(chain().stem("بالأُمَمِ") == chain().stem("الامم"));
  CHECK(chain().stem("المتحدة") == chain().stem("المتحده"));
  CHECK(chain().stem("مستشفى") == chain().stem("مستشفي"));
}

TEST_CASE("Latin words use English stemming, digits stay", "[stemmer]") {
  CHECK(chain().stem("Running") == "run");
  CHECK(chain().stem("runs") == "run");
  CHECK(chain().stem("running") == "run");
  CHECK(chain().stem("RUNNING") == "run");
  CHECK(chain().stem("connections") == "connect");
  CHECK(chain().stem("2020") == "2020");
  CHECK(chain().stem("٢٠٢٠") == "2020");
  CHECK(chain().stem("۱۴۰۲") == "1402");
}

TEST_CASE("the chain's Xapian stemmer agrees with stem()", "[stemmer]") {
  Xapian::Stem stemmer = chain().stemmer();
  for (const std::string w : {"لطاجيكستان", "بيروت", "بالوزير", "Running", "٢٠٢٠", "طَاجِيكِسْتَان"}) {
    INFO(w);
    CHECK(stemmer(w) == chain().stem(w));
    CHECK(stemmer(w) == chain().stem(w));  // the cached answer is the same
  }
}

TEST_CASE("stem_arabic with an empty lexicon: the length rules alone", "[stemmer]") {
  const Lexicon empty;
  REQUIRE(empty.size() == 0);

  SECTION("a clitic-like letter comes off when four letters or more remain") {
    const std::string tajik = stem_arabic("طاجيكستان", empty);
    CHECK(stem_arabic("لطاجيكستان", empty) == tajik);
    CHECK(stem_arabic("بطاجيكستان", empty) == tajik);
    CHECK(stem_arabic("وطاجيكستان", empty) == tajik);
    CHECK(starts_with(tajik, "طاجيك"));
    CHECK(stem_arabic("بطهران", empty) == stem_arabic("طهران", empty));
    CHECK(starts_with(stem_arabic("بطهران", empty), "طهر"));
    // Several clitic letters, one at a time while four letters remain: an
    // unknown name may lose its own first letter, but every form of it
    // meets the same stem (the lexicon keeps known names whole).
    CHECK(stem_arabic("ولفرنسا", empty) == stem_arabic("فرنسا", empty));
    CHECK(stem_arabic("لفرنسا", empty) == stem_arabic("فرنسا", empty));
    CHECK(stem_arabic("ببيروت", empty) == stem_arabic("بيروت", empty));
    CHECK(stem_arabic("وداعش", empty) == "داعش");
    CHECK(stem_arabic("لداعش", empty) == "داعش");
    CHECK(stem_arabic("وبيروتي", empty) != "وبيروتي");
  }
  SECTION("a three-letter remainder keeps its first letter") {
    CHECK(stem_arabic("وليد", empty) == "وليد");
    CHECK(stem_arabic("كندا", empty) == "كندا");
    CHECK(stem_arabic("بشار", empty) == "بشار");
  }
  SECTION("the article comes off, leaving at least two letters") {
    CHECK(stem_arabic("الوزير", empty) == "وزير");
    CHECK(stem_arabic("والوزير", empty) == "وزير");
    CHECK(stem_arabic("للوزير", empty) == "وزير");
    CHECK(stem_arabic("بالوزير", empty) == "وزير");
  }
  SECTION("words under three letters are left alone") {
    CHECK(stem_arabic("في", empty) == "في");
    CHECK(stem_arabic("لا", empty) == "لا");
  }
  SECTION("without the lexicon a known name loses letters; with it, it keeps them") {
    CHECK_FALSE(starts_with(stem_arabic("فلسطين", empty), "ف"));
    Lexicon lexicon;
    lexicon.add("فلسطين");
    CHECK(stem_arabic("فلسطين", lexicon) == "فلسطين");
    CHECK(stem_arabic("وفلسطين", lexicon) == "فلسطين");
    CHECK(stem_arabic("لفلسطين", lexicon) == "فلسطين");
  }
  SECTION("a suffix comes off and a known word gets its teh marbuta back") {
    Lexicon lexicon;
    lexicon.add("وزاره");
    CHECK(stem_arabic("وزاره", lexicon) == "وزاره");
    CHECK(stem_arabic("وزارات", lexicon) == "وزاره");
    CHECK(stem_arabic("للوزارات", lexicon) == "وزاره");
  }
}

TEST_CASE("a feminine ending written ت before a suffix meets ة", "[stemmer]") {
  CHECK(chain().stem("حكومته") == chain().stem("الحكومة"));
  CHECK(chain().stem("وزارتها") == chain().stem("وزارة"));  // not و + زارت
  CHECK(chain().stem("عاصمتها") == chain().stem("عاصمة"));
  CHECK(chain().stem("زيارتي") == chain().stem("زيارة"));
  // A word the dictionary knows ending in ت keeps it.
  CHECK(chain().stem("بيت") == "بيت");
}

TEST_CASE("broad stems join derivations the light stem keeps apart", "[stemmer]") {
  // Pairs of words whose light stems differ and whose broad stems meet.
  const std::vector<std::pair<std::string, std::string>> joined = {
      {"يحدها", "تحد"},    // verb prefixes, pronoun suffix
      {"مدارس", "مدرسة"},  // broken plural, participle prefix
      {"غرباً", "الغرب"},   // adverbial accusative
      {"الكاتب", "كتب"},   // long vowel inside the word
      {"مسؤول", "مسئول"},  // hamza seats
  };
  for (const auto& [a, b] : joined) {
    INFO(a << " / " << b);
    CHECK(chain().stem(a) != chain().stem(b));
    CHECK(broad_stem(chain().stem(a)) == broad_stem(chain().stem(b)));
  }
  CHECK(broad_stem("يحد") == "حد");
  CHECK(broad_stem("طاجيكستان") == "طجكس");
  // At least two letters stay; short words, digits and Latin words are kept.
  CHECK(broad_stem("حدها") == "حد");
  CHECK(broad_stem("من") == "من");
  CHECK(broad_stem("2024") == "2024");
  CHECK(broad_stem("running") == "running");
  CHECK(broad_stem("") == "");
}

// StemLetterFilter must never turn away a word that stems to one of its
// stems: tried on every word of corpus/ with its own stem, among others.
TEST_CASE("StemLetterFilter lets through every word that stems to a stem of its",
          "[stemmer][stem_filter]") {
  Xapian::Stem stemmer = chain().stemmer();
  const std::string other = chain().stem("الأمم");
  size_t words = 0, turned_away = 0;
  for (const Record& r : test::corpus_records()) {
    for (const Token& token : tokenize(r.title + "\n" + r.body)) {
      const std::string word(token.normalized);
      const std::string stem = stemmer(word);
      INFO(word << " stems to " << stem);
      CHECK(StemLetterFilter({stem}).may_stem_to_one(word));
      CHECK(StemLetterFilter({other, stem}).may_stem_to_one(word));
      ++words;
      turned_away += !StemLetterFilter({other}).may_stem_to_one(word);
    }
  }
  REQUIRE(words > 3000);
  // It is worth having: most words are turned away for a stem they lack.
  CHECK(turned_away > words / 2);
}

TEST_CASE("StemLetterFilter turns away Arabic words not holding a stem's letters in a row",
          "[stemmer][stem_filter]") {
  const StemLetterFilter beirut({chain().stem("بيروت")});
  CHECK(beirut.may_stem_to_one("وبيروت"));
  CHECK(beirut.may_stem_to_one("بيروتيون"));
  CHECK(!beirut.may_stem_to_one("تيروب"));  // its letters, not in a row
  CHECK(!beirut.may_stem_to_one("الوزير"));
  CHECK(!beirut.may_stem_to_one("بير"));
  // Words of other letters, or not normalized, always pass: the stemmer
  // normalizes them or stems them another way.
  CHECK(beirut.may_stem_to_one("minister"));
  CHECK(beirut.may_stem_to_one("2023"));
  CHECK(beirut.may_stem_to_one("الأمم"));
  CHECK(beirut.may_stem_to_one("وزارة"));
  CHECK(beirut.may_stem_to_one("پیروت"));
  // ة restored as ه, and the tatweel ending a stem that is not a name, need
  // no letter of the word.
  REQUIRE(chain().stem("حكومته") == "حكومه");
  CHECK(StemLetterFilter({"حكومه"}).may_stem_to_one("حكومتها"));
  CHECK(StemLetterFilter({"حكومه"}).may_stem_to_one("الحكومه"));
  CHECK(!StemLetterFilter({"حكومه"}).may_stem_to_one("حكمو"));
  const std::string not_name = chain().stem("الرياضيه");
  REQUIRE(not_name.size() > 2);
  CHECK(StemLetterFilter({not_name}).may_stem_to_one("الرياضيه"));
  CHECK(!StemLetterFilter({not_name}).may_stem_to_one("الوزير"));
  // A stem no word of basic letters reaches turns every such word away.
  CHECK(!StemLetterFilter({"minister"}).may_stem_to_one("الوزير"));
  CHECK(StemLetterFilter({"minister"}).may_stem_to_one("ministers"));
  CHECK(!StemLetterFilter({}).may_stem_to_one("الوزير"));
}

}  // namespace
}  // namespace fahras
