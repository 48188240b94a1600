// fahras-example DB QUERY: the ids of the ten best articles for QUERY in the
// Fahras database DB, one a line; exit 1 if none, 2 on error. The whole
// program a search needs: load the analysis chain, open a Searcher, search.
#include <iostream>
#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/search/searcher.h"

int main(int argc, char** argv) try {
  if (argc != 3) {
    std::cerr << "usage: fahras-example DB QUERY\n";
    return 2;
  }
  fahras::Searcher searcher({argv[1]}, fahras::AnalysisChain::load());
  fahras::SearchOptions options;
  options.limit = 10;
  options.fields = false;  // ids and scores only: no stored text read
  const fahras::SearchResult result = searcher.search("1", argv[2], options);
  for (const fahras::Hit& hit : result.hits) std::cout << hit.id << '\n';
  return result.hits.empty() ? 1 : 0;
} catch (const Xapian::Error& e) {
  std::cerr << "fahras-example: " << e.get_description() << '\n';
  return 2;
} catch (const std::exception& e) {
  std::cerr << "fahras-example: " << e.what() << '\n';
  return 2;
}
