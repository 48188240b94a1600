// fahras-analyze-bench: the analysis chain alone, as the ceiling for indexing:
// read, decompress and parse the corpus, normalize, tokenize and stem every
// article into a Xapian document in memory; nothing is written. One thread.
//
//   fahras-analyze-bench INPUT...
#include <chrono>
#include <cstdio>
#include <iostream>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/corpus/reader.h"
#include "common/index/document_builder.h"

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::cerr << "usage: fahras-analyze-bench INPUT...\n";
    return 2;
  }
  const auto chain = fahras::AnalysisChain::load();
  fahras::DocumentBuilder builder(*chain);
  size_t docs = 0, terms = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i < argc; ++i) {
    fahras::read_input(
        argv[i],
        [&](fahras::Record&& r) {
          terms += builder.build(r).document.termlist_count();
          ++docs;
          return true;
        },
        [](const fahras::InputError&) { return true; });
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"phase\": \"analysis\", \"docs\": %zu, \"terms\": %zu, \"seconds\": %.3f, "
              "\"docs_per_s\": %.1f}\n", docs, terms, secs, docs / secs);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "fahras-analyze-bench: " << e.what() << "\n";
  return 2;
}
