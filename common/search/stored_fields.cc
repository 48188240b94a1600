#include "common/search/stored_fields.h"

#include <unicode/utf8.h>

#include <nlohmann/json.hpp>
#include <string>

#include "common/schema.h"
#include "common/utf8.h"

namespace fahras {
namespace {

namespace stored = schema::stored;

// The fields read back, all but the id.
constexpr const char* kReadBack[] = {stored::kTitle,  stored::kBody, stored::kDate,
                                     stored::kSource, stored::kUrl,  stored::kCategory};

// The string member of `article` that the data's field `name` fills, or
// nullptr for a field not read back (the id, or one unknown).
std::string* article_field(Article& article, std::string_view name) {
  if (name == stored::kTitle) return &article.title;
  if (name == stored::kBody) return &article.body;
  if (name == stored::kDate) return &article.date;
  if (name == stored::kSource) return &article.source;
  if (name == stored::kUrl) return &article.url;
  if (name == stored::kCategory) return &article.category;
  return nullptr;
}

// Reads the JSON the indexer writes: one object whose values are all strings,
// with no \u escape. Its string rules are JSON's (as nlohmann's parser checks
// them): no control character unescaped, well-formed UTF-8 only.
class FlatObjectReader {
 public:
  explicit FlatObjectReader(std::string_view text) : text_(text) {}

  // Sets the fields of `article` from the object (the last of a name
  // repeated wins, as in nlohmann's objects). False, with `article` in any
  // state, when the text is not such an object or not valid JSON.
  bool read(Article& article) {
    skip_space();
    if (!take('{')) return false;
    skip_space();
    if (take('}')) return at_end();
    do {
      skip_space();
      if (!read_string(name_)) return false;
      skip_space();
      if (!take(':')) return false;
      skip_space();
      std::string* field = article_field(article, name_);
      if (!read_string(field ? *field : ignored_)) return false;
      skip_space();
    } while (take(','));
    return take('}') && at_end();
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool take(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  bool at_end() {
    skip_space();
    return pos_ == text_.size();
  }

  // The string at the reading position, unescaped into `out`; false when
  // none stands there or it leaves the subset read here.
  bool read_string(std::string& out) {
    if (!take('"')) return false;
    out.clear();
    const auto* s = reinterpret_cast<const uint8_t*>(text_.data());
    const auto n = static_cast<int32_t>(text_.size());
    auto i = static_cast<int32_t>(pos_);
    int32_t run = i;  // the first byte not yet copied to `out`
    while (i < n) {
      const uint8_t c = s[i];
      if (c == '"') {
        out.append(text_.data() + run, static_cast<size_t>(i - run));
        pos_ = static_cast<size_t>(i + 1);
        return true;
      }
      if (c == '\\') {
        if (i + 1 >= n) return false;
        const char escaped = unescape(static_cast<char>(s[i + 1]));
        if (!escaped) return false;
        out.append(text_.data() + run, static_cast<size_t>(i - run));
        out += escaped;
        i += 2;
        run = i;
      } else if (c < 0x20) {
        return false;
      } else if (unsigned ch;
                 const size_t length = decode_short_utf8(s + i, static_cast<size_t>(n - i), ch)) {
        i += static_cast<int32_t>(length);  // ASCII, or two bytes (Arabic): the commonest
      } else {
        UChar32 code_point;
        U8_NEXT(s, i, n, code_point);
        if (code_point < 0) return false;
      }
    }
    return false;
  }

  // The character a backslash and `c` stand for; 0 for \u (not read here)
  // and for what is no JSON escape.
  static char unescape(char c) {
    switch (c) {
      case '"':
      case '\\':
      case '/':
        return c;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
    }
    return 0;
  }

  const std::string_view text_;
  size_t pos_ = 0;
  std::string name_;
  std::string ignored_;
};

// The string field `name` of `data`, "" when it is missing or not a string.
std::string json_field(const nlohmann::json& data, const char* name) {
  auto it = data.find(name);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Article stored_fields(std::string_view data) {
  Article article;
  if (FlatObjectReader(data).read(article)) return article;
  const auto json = nlohmann::json::parse(data, nullptr, false);
  article = Article();
  for (const char* name : kReadBack) *article_field(article, name) = json_field(json, name);
  return article;
}

}  // namespace fahras
