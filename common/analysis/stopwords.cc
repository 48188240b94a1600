#include "common/analysis/stopwords.h"

#include "common/analysis/normalizer.h"

namespace fahras {
namespace {

// Written with hamza and final forms for readability; normalized on load.
constexpr const char* kStopwords[] = {
    // prepositions and particles
    "في", "من", "إلى", "على", "عن", "مع", "عند", "منذ", "حتى", "خلال", "بين", "بعد", "قبل",
    "فوق", "تحت", "حول", "ضد", "لدى", "نحو", "دون", "عبر", "لدي",
    "و", "ف", "ثم", "أو", "أم", "بل", "لكن", "ولكن", "لكي", "كي", "أن", "إن", "أنّ", "قد", "لقد",
    "وقد", "فقد", "لم", "لن", "لا", "ما", "إلا", "إذا", "إذ", "لو", "كما", "مثل", "غير", "سوى",
    "أيضا", "فقط", "كل", "بعض", "أي", "أية", "ذات", "ذو", "هل",
    // pronouns and demonstratives
    "هو", "هي", "هم", "هن", "هما", "أنا", "نحن", "أنت", "أنتم", "هذا", "هذه", "ذلك", "تلك",
    "هؤلاء", "أولئك", "هنا", "هناك", "الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي",
    "اللاتي", "وهو", "وهي", "والذي", "والتي",
    // attached pronouns on particles
    "به", "بها", "بهم", "له", "لها", "لهم", "منه", "منها", "منهم", "فيه", "فيها", "فيهم",
    "عليه", "عليها", "عليهم", "إليه", "إليها", "عنه", "عنها", "أنه", "أنها", "إنه", "إنها",
    // conjunction plus particle
    "وفي", "ومن", "وإلى", "وعلى", "وعن", "ومع", "وما", "ولا", "ولم", "وأن", "وإن", "فإن",
    // auxiliaries
    "كان", "كانت", "يكون", "تكون", "كانوا", "وكان", "وكانت", "يتم", "تم",
    // question words
    "متى", "أين", "كيف", "كم", "لماذا", "ماذا", "ممن", "مما", "بماذا", "لمن", "عم", "فيم",
    "ماهو", "ماهي", "مين",  // written joined, and the colloquial "who"
};

}  // namespace

Xapian::Stopper* make_arabic_stopper() {
  auto* stopper = new Xapian::SimpleStopper;
  for (const std::string& word : arabic_stopwords()) stopper->add(word);
  return stopper;
}

std::vector<std::string> arabic_stopwords() {
  std::vector<std::string> words;
  for (const char* word : kStopwords) words.push_back(normalize(word));
  return words;
}

}  // namespace fahras
