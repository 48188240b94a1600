// Tests for common/analysis/normalizer: every rule of fahras::normalize, one
// table row per case, each row also checked for idempotence; and the fast
// is_normalized() test.
#include "common/analysis/normalizer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace fahras {
namespace {

struct Case {
  const char* what;
  std::string input;
  std::string expected;
};

// Expected outputs are spelled with plain letters only, so a row cannot pass
// by comparing a string with itself.
const std::vector<Case>& fold_cases() {
  static const std::vector<Case> cases = {
      // Harakat, tanween, shadda, sukun.
      {"fatha damma kasra", "كَتَبَ الوَلَدُ فِي", "كتب الولد في"},
      {"tanween fath", "شكرًا", "شكرا"},
      {"tanween damm and kasr", "كتابٌ كتابٍ", "كتاب كتاب"},
      {"shadda", "محمّد", "محمد"},
      {"shadda with fatha", "مُحَمَّدٌ", "محمد"},
      {"sukun", "مِنْ", "من"},
      {"every mark U+064B..U+0652 on one letter",
       "\xD8\xA8\xD9\x8B\xD9\x8C\xD9\x8D\xD9\x8E\xD9\x8F\xD9\x90\xD9\x91\xD9\x92", "ب"},
      // Superscript alef, Quranic and honorific marks.
      {"superscript alef U+0670", "هٰذا", "هذا"},
      {"superscript alef in رحمٰن", "الرَّحْمٰنِ", "الرحمن"},
      {"Quranic small high ligature U+06D6", "الله\xDB\x96", "الله"},
      {"Quranic marks U+06D7..U+06DC", "ك\xDB\x97\xDB\x98\xDB\x99\xDB\x9A\xDB\x9B\xDB\x9Cتب",
       "كتب"},
      {"Quranic mark U+06E1 and U+06ED", "قا\xDB\xA1ل\xDB\xAD", "قال"},
      {"honorific sign U+0610", "محمد\xD8\x90", "محمد"},
      // Tatweel and invisible characters.
      {"tatweel", "عـــربي", "عربي"},
      {"tatweel between words", "الســلام عليـكم", "السلام عليكم"},
      {"ZWNJ U+200C", "مي\xE2\x80\x8Cخواهم", "ميخواهم"},
      {"ZWNJ before the article: two words", "نصف\xE2\x80\x8Cالنهار", "نصف النهار"},
      {"ZWNJ before the article after a mark", "نصفِ\xE2\x80\x8Cالنهار", "نصف النهار"},
      {"ZWNJ before alef-lam in Latin text", "x\xE2\x80\x8Cال", "xال"},
      {"ZWNJ before the alef-lam ending a word", "ري\xE2\x80\x8Cال مدريد", "ريال مدريد"},
      {"Arabic decimal separator", "\xD9\xA3\xD9\xAB\xD9\xA5", "3.5"},
      {"Arabic thousands separator", "\xD9\xA1\xD9\xAC\xD9\xA0\xD9\xA0\xD9\xA0", "1,000"},
      {"ZWJ U+200D", "ب\xE2\x80\x8Dيت", "بيت"},
      {"ZWSP U+200B", "ب\xE2\x80\x8Bيت", "بيت"},
      {"LRM U+200E", "\xE2\x80\x8Eبيروت", "بيروت"},
      {"RLM U+200F", "بيروت\xE2\x80\x8F", "بيروت"},
      {"BOM U+FEFF", "\xEF\xBB\xBFبيروت", "بيروت"},
      {"bidi embedding and pop U+202B U+202C",
       "\xE2\x80\xAB"
       "abc"
       "\xE2\x80\xAC",
       "abc"},
      {"bidi isolates U+2067 U+2069",
       "\xE2\x81\xA7"
       "سلام"
       "\xE2\x81\xA9",
       "سلام"},
      {"Arabic letter mark U+061C",
       "\xD8\x9C"
       "سلام",
       "سلام"},
      {"soft hyphen U+00AD", "news\xC2\xADpaper", "newspaper"},
      // Alef forms.
      {"alef with hamza above", "أحمد", "احمد"},
      {"alef with hamza below", "إسلام", "اسلام"},
      {"alef with madda", "آمن", "امن"},
      {"alef wasla", "ٱلله", "الله"},
      {"all alef forms", "أ إ آ ٱ ا", "ا ا ا ا ا"},
      {"hamza on waw and yeh untouched", "مؤتمر رئيس سماء", "مؤتمر رئيس سماء"},
      // Yeh, teh marbuta.
      {"alef maksura", "مستشفى على", "مستشفي علي"},
      {"teh marbuta", "مدرسة الجزيرة", "مدرسه الجزيره"},
      {"Persian yeh U+06CC", "ایران", "ايران"},
      {"Persian keheh U+06A9", "کتاب", "كتاب"},
      {"Persian yeh and keheh", "تاجیکستان کابل", "تاجيكستان كابل"},
      // Digits.
      {"Arabic-Indic digits", "٠١٢٣٤٥٦٧٨٩", "0123456789"},
      {"Persian digits", "۰۱۲۳۴۵۶۷۸۹", "0123456789"},
      {"year in Arabic-Indic digits", "عام ٢٠٢٣", "عام 2023"},
      {"ASCII digits untouched", "2023", "2023"},
      // Presentation forms (NFKC).
      {"presentation forms السلام", "ﺍﻟﺴﻼﻡ", "السلام"},
      {"lam-alef isolated U+FEFB", "\xEF\xBB\xBB", "لا"},
      {"lam-alef final U+FEFC", "\xEF\xBB\xBC", "لا"},
      {"lam-alef with hamza above U+FEF7", "\xEF\xBB\xB7", "لا"},
      {"lam-alef with madda U+FEF5", "\xEF\xBB\xB5", "لا"},
      {"presentation forms بيروت", "ﺑﻴﺮﻭﺕ", "بيروت"},
      {"presentation form teh marbuta U+FE93", "ﻣﺪﺭﺳﺔ", "مدرسه"},
      {"presentation form alef maksura U+FEEF", "ﻋﻠﻰ", "علي"},
      {"tatweel with fathatan form U+FE71", "ب\xEF\xB9\xB1", "ب"},
      {"fullwidth Latin", "ＡＢＣ１２３", "abc123"},
      // Latin case.
      {"ASCII lowercased", "Hello WORLD", "hello world"},
      {"operators lowercased when folding", "AND OR NOT", "and or not"},
      {"non-ASCII Latin lowercased", "ÉCOLE Straße", "école straße"},
      {"decomposed Latin composed",
       "E\xCC\x81"
       "cole",
       "école"},
      {"mixed Arabic and Latin", "شركة Apple", "شركه apple"},
      // Control characters.
      {"C0 control to space",
       "a\x01"
       "b",
       "a b"},
      {"NUL to space", std::string("a\0b", 3), "a b"},
      {"DEL to space",
       "a\x7F"
       "b",
       "a b"},
      {"carriage return to space", "a\rb", "a b"},
      {"C1 control U+0085 to space",
       "a\xC2\x85"
       "b",
       "a b"},
      {"tab and newline kept", "a\tb\nc", "a\tb\nc"},
      // Invalid UTF-8.
      {"stray byte FF",
       "a\xFF"
       "b",
       "a\xEF\xBF\xBD"
       "b"},
      {"lone continuation byte", "\x80", "\xEF\xBF\xBD"},
      {"truncated sequence at the end", "ب\xD8", "ب\xEF\xBF\xBD"},
      {"invalid UTF-8 among Arabic with marks", "كَ\xFEتب", "ك\xEF\xBF\xBDتب"},
      // Nothing to do.
      {"empty", "", ""},
      {"plain Arabic", "السلام عليكم", "السلام عليكم"},
      {"punctuation kept", "قال: «نعم»، ثم؟", "قال: «نعم»، ثم؟"},
  };
  return cases;
}

TEST_CASE("normalize applies every rule (CaseMode::kFold)", "[normalizer]") {
  for (const Case& c : fold_cases()) {
    INFO(c.what);
    CHECK(normalize(c.input) == c.expected);
  }
}

TEST_CASE("normalize is idempotent on every case", "[normalizer]") {
  for (const Case& c : fold_cases()) {
    INFO(c.what);
    const std::string once = normalize(c.input);
    CHECK(normalize(once) == once);
    const std::string kept = normalize(c.input, CaseMode::kKeep);
    CHECK(normalize(kept, CaseMode::kKeep) == kept);
  }
}

TEST_CASE("normalize is idempotent when a removed character held marks apart",
          "[normalizer]") {
  // Syriac mark U+0732, right-to-left override U+202E (removed), Hangul tone
  // mark U+302E: once the override is gone the two marks are out of NFKC's
  // order (found by fuzz_analysis).
  for (const std::string& text : {std::string("\xDC\xB2\xE2\x80\xAE\xE3\x80\xAE"),
                                 std::string("\xD8\xA8\xDC\xB2\xD9\x80\xE3\x80\xAE")}) {
    const std::string once = normalize(text);
    CHECK(normalize(once) == once);
    const std::string kept = normalize(text, CaseMode::kKeep);
    CHECK(normalize(kept, CaseMode::kKeep) == kept);
  }
}

TEST_CASE("normalize with CaseMode::kKeep keeps case, applies every other rule",
          "[normalizer]") {
  const std::vector<Case> cases = {
      {"operators kept", "بيروت AND لبنان NOT OR", "بيروت AND لبنان NOT OR"},
      {"mixed case kept", "Hello World", "Hello World"},
      {"non-ASCII capital kept", "ÉCOLE", "ÉCOLE"},
      {"fullwidth capitals become ASCII capitals", "ＡＮＤ", "AND"},
      {"Arabic still normalized", "الأُمَمُ المتّحدة AND", "الامم المتحده AND"},
      {"digits still converted", "YEAR ٢٠٢٠", "YEAR 2020"},
      {"quotes and brackets kept", "\"أ ب\" (ج)", "\"ا ب\" (ج)"},
      {"control char still a space", "A\x01" "B", "A B"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    CHECK(normalize(c.input, CaseMode::kKeep) == c.expected);
    CHECK(normalize(normalize(c.input, CaseMode::kKeep), CaseMode::kKeep) == c.expected);
  }
  // Folding afterwards gives what folding at once gives.
  CHECK(normalize(normalize("ÉCOLE AND أحمد", CaseMode::kKeep)) == normalize("ÉCOLE AND أحمد"));
}

TEST_CASE("is_normalized: true only for text normalize() leaves alone", "[normalizer]") {
  SECTION("true") {
    const std::vector<std::string> words = {"", "abc", "abc123", "2023", "كتاب", "بيروت",
                                            "احمد", "مدرسه", "مستشفي", "مؤتمر", "رئيس", "ء"};
    for (const std::string& w : words) {
      INFO(w);
      CHECK(is_normalized(w));
      CHECK(normalize(w) == w);  // the promise is_normalized makes
    }
  }
  SECTION("false") {
    const std::vector<std::string> words = {
        "Abc",          // uppercase
        "a b",          // space
        "a-b",          // punctuation
        "أحمد",         // hamza above
        "إسلام",        // hamza below
        "آمن",          // madda
        "مدرسة",        // teh marbuta
        "مستشفى",       // alef maksura
        "كِتَاب",       // harakat
        "عـربي",        // tatweel
        "ایران",        // Persian yeh
        "کتاب",         // Persian keheh
        "٢٠٢٣",         // Arabic-Indic digits
        "ﺍﻟﺴﻼﻡ",        // presentation forms
        "école",        // non-ASCII Latin
        "a\xFF",        // invalid UTF-8
        "\xD8",         // truncated sequence
        "ب\xE2\x80\x8C"  // ZWNJ
    };
    for (const std::string& w : words) {
      INFO(w);
      CHECK_FALSE(is_normalized(w));
    }
  }
}

}  // namespace
}  // namespace fahras
