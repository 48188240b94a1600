#include "common/search/batch.h"

#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace fahras {

BatchReader::BatchReader(const std::string& path) : in_(&std::cin) {
  if (path == "-") return;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw std::runtime_error("cannot read batch file " + path + ": it is a directory");
  }
  file_.open(path);
  if (!file_) throw std::runtime_error("cannot read batch file " + path);
  in_ = &file_;
}

std::optional<BatchQuery> BatchReader::next() {
  std::string line;
  while (std::getline(*in_, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++number_;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) return BatchQuery{std::to_string(number_), line};
    return BatchQuery{line.substr(0, tab), line.substr(tab + 1)};
  }
  return std::nullopt;
}

}  // namespace fahras
