#include "common/stored_text.h"

#include <algorithm>
#include <cstdint>
#include <new>
#include <stdexcept>

#include <zdict.h>
#include <zstd.h>

namespace fahras {
namespace {

// Fast, and within 3% of level 7's ratio on news with a dictionary.
constexpr int kLevel = 3;
constexpr size_t kMaxDictionaryBytes = 112640;  // zstd's own default
// Smaller samples train a smaller dictionary: one tenth of them at most.
constexpr size_t kSampleBytesPerDictionaryByte = 10;
constexpr size_t kMinDictionaryBytes = 4096;

// Whether `data` starts as a Zstandard frame does (JSON starts with '{').
bool is_frame(const std::string& data) {
  if (data.size() < 4) return false;
  uint32_t magic = 0;
  for (int i = 3; i >= 0; --i) magic = (magic << 8) | static_cast<unsigned char>(data[i]);
  return magic == ZSTD_MAGICNUMBER;
}

}  // namespace

std::string train_text_dictionary(const std::vector<std::string>& samples) {
  if (samples.size() < kMinDictionarySamples) return "";
  std::string joined;
  std::vector<size_t> sizes;
  for (const std::string& s : samples) {
    joined += s;
    sizes.push_back(s.size());
  }
  const size_t capacity =
      std::min(kMaxDictionaryBytes, joined.size() / kSampleBytesPerDictionaryByte);
  if (capacity < kMinDictionaryBytes) return "";
  std::string dictionary(capacity, '\0');
  const size_t size = ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), joined.data(),
                                            sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(size)) return "";  // samples too alike or too few for zstd
  dictionary.resize(size);
  return dictionary;
}

TextEncoder::TextEncoder(const std::string& dictionary) {
  if (dictionary.empty()) return;
  context_ = ZSTD_createCCtx();
  dictionary_ = ZSTD_createCDict(dictionary.data(), dictionary.size(), kLevel);
  if (!context_ || !dictionary_ || ZDICT_getDictID(dictionary.data(), dictionary.size()) == 0) {
    ZSTD_freeCDict(dictionary_);
    ZSTD_freeCCtx(context_);
    throw std::runtime_error("the database's text dictionary is not a Zstandard dictionary");
  }
}

TextEncoder::~TextEncoder() {
  ZSTD_freeCDict(dictionary_);
  ZSTD_freeCCtx(context_);
}

std::string TextEncoder::encode(const std::string& data) {
  if (!dictionary_) return data;
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t size = ZSTD_compress_usingCDict(context_, out.data(), out.size(), data.data(),
                                               data.size(), dictionary_);
  if (ZSTD_isError(size)) {
    throw std::runtime_error(std::string("compressing an article's text: ") +
                             ZSTD_getErrorName(size));
  }
  out.resize(size);
  return out;
}

TextDecoder::TextDecoder() : context_(ZSTD_createDCtx()) {
  if (!context_) throw std::bad_alloc();
}

TextDecoder::~TextDecoder() {
  for (auto& [id, dictionary] : dictionaries_) ZSTD_freeDDict(dictionary);
  ZSTD_freeDCtx(context_);
}

void TextDecoder::add_dictionary(const std::string& dictionary) {
  if (dictionary.empty()) return;
  const unsigned id = ZDICT_getDictID(dictionary.data(), dictionary.size());
  if (id == 0) throw std::runtime_error("a database's text dictionary is not a Zstandard one");
  if (dictionaries_.count(id)) return;
  ZSTD_DDict* d = ZSTD_createDDict(dictionary.data(), dictionary.size());
  if (!d) throw std::bad_alloc();
  dictionaries_[id] = d;
}

std::string TextDecoder::decode(const std::string& stored) const {
  if (!is_frame(stored)) return stored;
  const unsigned long long size = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    throw std::runtime_error("an article's stored text is damaged");
  }
  const unsigned id = ZSTD_getDictID_fromFrame(stored.data(), stored.size());
  auto it = dictionaries_.find(id);
  if (id != 0 && it == dictionaries_.end()) {
    throw MissingTextDictionary("an article's stored text needs text dictionary " +
                                std::to_string(id) + ", which no database searched holds");
  }
  std::string out(static_cast<size_t>(size), '\0');
  const size_t got =
      id == 0 ? ZSTD_decompressDCtx(context_, out.data(), out.size(), stored.data(), stored.size())
              : ZSTD_decompress_usingDDict(context_, out.data(), out.size(), stored.data(),
                                           stored.size(), it->second);
  if (ZSTD_isError(got) || got != size) {
    throw std::runtime_error("an article's stored text is damaged");
  }
  return out;
}

}  // namespace fahras
