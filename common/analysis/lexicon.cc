#include "common/analysis/lexicon.h"

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "common/analysis/normalizer.h"

namespace fahras {
namespace {

uint64_t hash_word(std::string_view w) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : w) h = (h ^ c) * 1099511628211ULL;
  return h ^ (h >> 29);
}

std::string read_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    throw std::runtime_error("cannot read the Arabic dictionary " + path +
                             " (install Debian's hunspell-ar, or set FAHRAS_LEXICON)");
  }
  std::string data;
  char buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, got);
  std::fclose(f);
  return data;
}

}  // namespace

std::string_view Lexicon::word_at(uint32_t offset) const {
  const auto len = static_cast<unsigned char>(arena_[offset]);
  return std::string_view(arena_.data() + offset + 1, len);
}

bool Lexicon::contains(std::string_view word) const {
  if (slots_.empty()) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash_word(word) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0) return false;
    if (word_at(slots_[i] - 1) == word) return true;
  }
}

void Lexicon::grow() {
  std::vector<uint32_t> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint32_t slot : old) {
    if (slot == 0) continue;
    size_t i = hash_word(word_at(slot - 1)) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void Lexicon::reserve(size_t words) {
  while (slots_.size() < words * 2) grow();
}

void Lexicon::add(std::string_view word) {
  if (word.empty() || word.size() > 255 || contains(word)) return;
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const auto offset = static_cast<uint32_t>(arena_.size());
  arena_.push_back(static_cast<char>(word.size()));
  arena_.append(word);
  const size_t mask = slots_.size() - 1;
  size_t i = hash_word(word) & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = offset + 1;
  ++size_;
}

void Lexicon::add_name(std::string_view word, NameForm form) {
  const bool word_before = contains(word) && !is_name(word) &&
                           word.size() <= kMaxWordLikeNameBytes;
  add(word);
  unsigned char& bits = names_[std::string(word)];
  bits |= static_cast<unsigned char>(form);
  if (word_before) bits |= kCommonWord;
}

bool Lexicon::name_is_word(std::string_view word) const {
  if (names_.empty()) return false;
  const auto name = names_.find(std::string(word));
  return name != names_.end() && (name->second & kCommonWord) != 0;
}

bool Lexicon::is_name(std::string_view word) const {
  return !names_.empty() && names_.count(std::string(word)) != 0;
}

bool Lexicon::name_written(std::string_view word, NameForm form) const {
  if (names_.empty()) return false;
  const auto name = names_.find(std::string(word));
  return name != names_.end() && (name->second & static_cast<unsigned char>(form)) != 0;
}

void Lexicon::add_name_head(std::string_view word) { name_heads_.emplace(word); }

bool Lexicon::is_name_head(std::string_view word) const {
  return !name_heads_.empty() && name_heads_.count(std::string(word)) != 0;
}

Lexicon Lexicon::load_hunspell(const std::string& path) {
  const std::string data = read_file(path);
  Lexicon lexicon;
  lexicon.checksum_ = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
  lexicon.arena_.reserve(data.size());
  lexicon.reserve(std::strtoul(data.c_str(), nullptr, 10));  // the first line is the count
  const char* p = data.c_str();
  const char* const end = p + data.size();
  while (p < end && *p != '\n') ++p;
  while (p < end) {
    const char* word = ++p;  // after the newline
    while (p < end && *p != '\n' && *p != '/' && *p != '\t' && *p != ' ' && *p != '\r') ++p;
    std::string_view w(word, static_cast<size_t>(p - word));
    if (is_normalized(w)) {
      lexicon.add(w);
    } else {
      lexicon.add(normalize(w));
    }
    while (p < end && *p != '\n') ++p;
  }
  return lexicon;
}

}  // namespace fahras
