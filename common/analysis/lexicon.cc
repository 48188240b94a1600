#include "common/analysis/lexicon.h"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/analysis/normalizer.h"

namespace fahras {

Lexicon Lexicon::load_hunspell(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read the Arabic dictionary " + path +
                             " (install Debian's hunspell-ar, or set FAHRAS_LEXICON)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();

  Lexicon lexicon;
  lexicon.checksum_ = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  lexicon.words_.reserve(200000);
  size_t pos = data.find('\n');  // the first line is the word count
  while (pos != std::string::npos && pos < data.size()) {
    size_t start = pos + 1;
    size_t end = data.find('\n', start);
    if (end == std::string::npos) end = data.size();
    size_t word_end = data.find_first_of("/\t \r\n", start);
    if (word_end == std::string::npos || word_end > end) word_end = end;
    if (word_end > start) {
      std::string_view word(data.data() + start, word_end - start);
      lexicon.words_.insert(is_normalized(word) ? std::string(word) : normalize(word));
    }
    pos = end;
  }
  return lexicon;
}

}  // namespace fahras
