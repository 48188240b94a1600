#include "common/search/collapse.h"

namespace fahras {

std::unordered_map<std::string, Xapian::doccount> StoryCounter::counts(
    const std::unordered_set<std::string>& keys) const {
  std::unordered_map<std::string, Xapian::doccount> counts;
  for (const std::string& key : keys) counts[key] = 0;
  for (auto it = spy_.values_begin(); it != spy_.values_end(); ++it) {
    auto found = counts.find(*it);
    if (found != counts.end()) found->second = it.get_termfreq();
  }
  return counts;
}

}  // namespace fahras
