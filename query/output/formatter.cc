#include "query/output/formatter.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

namespace fahras {
namespace {

using Json = nlohmann::ordered_json;  // keeps fields in the documented order

constexpr char kEllipsis[] = "…";
constexpr size_t kTitleWords = 12;  // words of the body standing in for a missing title
constexpr char kIndent[] = "   ";
constexpr char kColorOn[] = "\x1b[1;33m";
constexpr char kColorOff[] = "\x1b[0m";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// `s` made safe for one terminal line: a whitespace run holding anything but
// spaces (newline, tab, ...) becomes one space; other control characters
// (escape sequences included) are dropped. Other bytes are kept as they are.
std::string one_line(const std::string& s) {
  std::string line;
  line.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (is_space(s[i])) {
      size_t end = i;
      bool plain = true;
      for (; end < s.size() && is_space(s[end]); ++end) plain = plain && s[end] == ' ';
      line.append(plain ? s.substr(i, end - i) : " ");
      i = end;
      continue;
    }
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte >= 0x20 && byte != 0x7f) line.push_back(s[i]);
    ++i;
  }
  return line;
}

// The first `max_words` whitespace-separated words of `text`, joined by single
// spaces, followed by an ellipsis when words were left out.
std::string opening_words(const std::string& text, size_t max_words) {
  std::string opening;
  size_t words = 0;
  size_t i = 0;
  while (true) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) return opening;
    if (words == max_words) return opening + kEllipsis;
    size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    if (words++ > 0) opening.push_back(' ');
    opening.append(text, i, end - i);
    i = end;
  }
}

// The hit's title, or the opening words of its body when it has none.
std::string display_title(const Hit& hit) {
  return hit.title.empty() ? opening_words(hit.body, kTitleWords) : hit.title;
}

// `text` with the characters that HTML gives a meaning to written as
// character references, so that a page shows it as text.
std::string html_escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string marked_snippet(const std::vector<SnippetPart>& parts) {
  std::string html;
  for (const SnippetPart& part : parts) {
    if (part.match) html += "<mark>";
    html += html_escaped(part.text);
    if (part.match) html += "</mark>";
  }
  return html;
}

namespace {

// Serialises `value`; invalid UTF-8 is replaced, never thrown about.
std::string dump(const Json& value, int indent = -1) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// The stored fields but id and body of an article or a hit, added to `object`.
template <typename Fields>
void add_stored_fields(const Fields& fields, Json& object) {
  object["title"] = fields.title;
  object["date"] = fields.date;
  object["source"] = fields.source;
  object["url"] = fields.url;
  object["category"] = fields.category;
}

// The fields of a hit shared by the json and jsonl formats, added to
// `object`; the whole body too when `body`.
void add_hit_fields(const Hit& hit, bool body, Json& object) {
  object["rank"] = hit.rank;
  object["id"] = hit.id;
  object["score"] = hit.score;
  add_stored_fields(hit, object);
  object["snippet"] = marked_snippet(hit.snippet);
  if (hit.copies) object["copies"] = *hit.copies;  // only with --collapse
  if (body) object["body"] = hit.body;
}

}  // namespace

Json error_json(const std::string& query_id, const std::string& query, const std::string& message) {
  Json object;
  object["query_id"] = query_id;
  object["query"] = query;
  object["error"] = message;
  return object;
}

namespace {

// "N results" for an exact total, "About N results" for an estimate.
std::string count_phrase(Xapian::doccount n, bool exact) {
  return (exact ? "" : "About ") + std::to_string(n) + (n == 1 ? " result" : " results");
}

// The facet counts of `result` as a JSON object: name → [{value, count}...].
Json facets_json(const SearchResult& result) {
  Json facets = Json::object();
  for (const FacetCounts& facet : result.facets) {
    Json values = Json::array();
    for (const FacetValue& v : facet.values) {
      values.push_back({{"value", v.value}, {"count", v.count}});
    }
    facets[facet.name] = std::move(values);
  }
  return facets;
}

// A hit's explanation as a JSON object: {terms: [{term, stem, field, weight}...], recency}.
Json explain_json(const Hit& hit) {
  Json terms = Json::array();
  for (const TermWeight& t : hit.explanation) {
    terms.push_back({{"term", t.term}, {"stem", t.stem}, {"field", t.field}, {"weight", t.weight}});
  }
  return {{"terms", std::move(terms)}, {"recency", hit.recency}};
}

// add_hit_fields, then the explanation if `result` has them.
void add_hit(const SearchResult& result, const Hit& hit, bool body, Json& object) {
  add_hit_fields(hit, body, object);
  if (result.explained) object["explain"] = explain_json(hit);
}

// The facet counts of `result` for a person: per facet, a blank line, a
// heading and one "COUNT  VALUE" line per value.
void write_facets(std::ostream& out, const SearchResult& result, bool batch) {
  for (const FacetCounts& facet : result.facets) {
    out << '\n';
    if (batch) out << '[' << one_line(result.query_id) << "] ";
    out << "Facet " << facet.name << " (" << facet.values.size()
        << (facet.values.size() == 1 ? " value" : " values") << ")\n";
    size_t width = 1;
    for (const FacetValue& v : facet.values) {
      width = std::max(width, std::to_string(v.count).size());
    }
    for (const FacetValue& v : facet.values) {
      const std::string count = std::to_string(v.count);
      out << kIndent << std::string(width - count.size(), ' ') << count << "  " << one_line(v.value)
          << '\n';
    }
  }
}

// `score` with `decimals` digits after the point.
std::string fixed(double score, int decimals) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, score);
  return buffer;
}

// The fewest decimals (at least 6) that keep consecutive distinct scores of
// `hits` distinct once printed, so that the printed scores keep the ranking.
int score_decimals(const std::vector<Hit>& hits) {
  constexpr int kMin = 6, kMax = 17;
  int decimals = kMin;
  for (size_t i = 1; i < hits.size(); ++i) {
    const double a = hits[i - 1].score, b = hits[i].score;
    while (decimals < kMax && a != b && fixed(a, decimals) == fixed(b, decimals)) ++decimals;
  }
  return decimals;
}

// For a person at a terminal. Per result, a header line ("[qid] " first in
// batch mode), "Did you mean: «QUERY»?" when there is a suggestion, then per
// hit a blank line and a block:
//   RANK. ID  TITLE  (+N copies)      (the copies only with --collapse)
//      DATE · SOURCE
//      snippet on one line
// then the facet counts, if asked for. Results are separated by a blank line.
class TextFormatter : public Formatter {
 public:
  TextFormatter(std::ostream& out, bool color) : out_(out), color_(color) {}

  void begin(bool batch) override { batch_ = batch; }

  void write(const SearchResult& result) override {
    if (!first_) out_ << '\n';
    first_ = false;
    if (batch_) out_ << '[' << one_line(result.query_id) << "] ";
    const std::string query = "«" + one_line(result.query) + "»";
    const bool exact = result.total.has_value();
    if (result.hits.empty() && result.estimate == 0) {
      out_ << "No results for " << query << '\n';
    } else if (result.hits.empty()) {
      out_ << "No more results for " << query << " (" << (exact ? "" : "about ") << result.estimate
           << " in all)\n";
    } else {
      const auto count = std::max<Xapian::doccount>(result.estimate, result.hits.back().rank);
      out_ << count_phrase(count, exact) << " for " << query << '\n';
    }
    write_suggestion(result);
    for (const Hit& hit : result.hits) write_hit(hit);
    write_facets(out_, result, batch_);
    out_.flush();
  }

 private:
  // "Did you mean: «...»?" when the search has a suggestion.
  void write_suggestion(const SearchResult& result) {
    if (!result.suggestion.empty()) {
      out_ << "Did you mean: «" << one_line(result.suggestion) << "»?\n";
    }
  }

  // A blank line, then the hit's heading, date and source, and snippet lines.
  void write_hit(const Hit& hit) {
    out_ << '\n' << hit.rank << ". " << one_line(hit.id);
    const std::string title = one_line(display_title(hit));
    if (!title.empty()) out_ << "  " << title;
    if (hit.copies.value_or(0) > 0) {
      out_ << "  (+" << *hit.copies << (*hit.copies == 1 ? " copy)" : " copies)");
    }
    out_ << '\n';
    const std::string separator = !hit.date.empty() && !hit.source.empty() ? " · " : "";
    if (!hit.date.empty() || !hit.source.empty()) {
      out_ << kIndent << one_line(hit.date) << separator << one_line(hit.source) << '\n';
    }
    if (!hit.snippet.empty()) out_ << kIndent << snippet_line(hit.snippet) << '\n';
    if (!hit.explanation.empty() || hit.recency > 0) write_explanation(hit);
  }

  // "score S = W1 stem1 + W2 title:stem2 + W3 broad:stem3 + ... + R recency".
  void write_explanation(const Hit& hit) {
    out_ << kIndent << "score " << fixed(hit.score, 6) << " =";
    const char* plus = " ";
    for (const TermWeight& t : hit.explanation) {
      out_ << plus << fixed(t.weight, 6) << ' ' << (t.field == "text" ? "" : t.field + ":")
           << one_line(t.stem);
      plus = " + ";
    }
    if (hit.recency > 0) out_ << plus << fixed(hit.recency, 6) << " recency";
    out_ << '\n';
  }

  // The snippet on one line, matches in color when asked for.
  std::string snippet_line(const std::vector<SnippetPart>& parts) const {
    std::string line;
    for (const SnippetPart& part : parts) {
      const bool highlight = color_ && part.match;
      if (highlight) line += kColorOn;
      line += one_line(part.text);
      if (highlight) line += kColorOff;
    }
    return line;
  }

  std::ostream& out_;
  bool color_;
  bool batch_ = false;
  bool first_ = true;
};

// One pretty object per result; in batch mode, the objects of an array.
class JsonFormatter : public Formatter {
 public:
  JsonFormatter(std::ostream& out, bool body) : out_(out), body_(body) {}

  void begin(bool batch) override {
    batch_ = batch;
    if (batch_) out_ << '[' << std::flush;
  }

  void write(const SearchResult& result) override { write_object(result_json(result, body_)); }

  void write_error(const std::string& query_id, const std::string& query,
                   const std::string& message) override {
    write_object(error_json(query_id, query, message));
  }

  void end() override {
    if (batch_) out_ << (written_ ? "\n]\n" : "]\n") << std::flush;
  }

 private:
  void write_object(const Json& object) {
    if (batch_) {
      out_ << (written_ ? ",\n  " : "\n  ") << indented(dump(object, 2));
    } else {
      out_ << dump(object, 2) << '\n';
    }
    written_ = true;
    out_.flush();
  }

  // `text` with every line after the first indented by two spaces. (Newlines in
  // dumped JSON only ever separate tokens: those in strings are escaped.)
  static std::string indented(const std::string& text) {
    std::string result;
    result.reserve(text.size() + text.size() / 8);
    for (char c : text) {
      result.push_back(c);
      if (c == '\n') result += "  ";
    }
    return result;
  }

  std::ostream& out_;
  const bool body_;
  bool batch_ = false;
  bool written_ = false;
};

// One compact object per hit per line.
class JsonlFormatter : public Formatter {
 public:
  JsonlFormatter(std::ostream& out, bool body) : out_(out), body_(body) {}

  void write(const SearchResult& result) override {
    for (const Hit& hit : result.hits) {
      Json object;
      object["query_id"] = result.query_id;
      object["query"] = result.query;
      if (!result.suggestion.empty()) object["suggestion"] = result.suggestion;
      add_hit(result, hit, body_, object);
      out_ << dump(object) << '\n';
    }
    // One more line, without "rank", for the facets, and for a suggestion
    // that no hit line carries.
    if (!result.facets.empty() || (result.hits.empty() && !result.suggestion.empty())) {
      Json object;
      object["query_id"] = result.query_id;
      object["query"] = result.query;
      if (!result.suggestion.empty()) object["suggestion"] = result.suggestion;
      if (!result.facets.empty()) object["facets"] = facets_json(result);
      out_ << dump(object) << '\n';
    }
    out_.flush();
  }

  void write_error(const std::string& query_id, const std::string& query,
                   const std::string& message) override {
    out_ << dump(error_json(query_id, query, message)) << '\n' << std::flush;
  }

 private:
  std::ostream& out_;
  const bool body_;
};

// --count: the exact number of matches, "qid<TAB>" first in batch mode.
class CountFormatter : public Formatter {
 public:
  explicit CountFormatter(std::ostream& out) : out_(out) {}

  void begin(bool batch) override { batch_ = batch; }

  void write(const SearchResult& result) override {
    if (batch_) out_ << one_line(result.query_id) << '\t';
    out_ << result.total.value_or(result.estimate) << '\n' << std::flush;
  }

 private:
  std::ostream& out_;
  bool batch_ = false;
};

// One document id per line; facets to `facets_out` if set.
class IdsFormatter : public Formatter {
 public:
  IdsFormatter(std::ostream& out, std::ostream* facets_out) : out_(out), facets_out_(facets_out) {}

  void begin(bool batch) override { batch_ = batch; }

  void write(const SearchResult& result) override {
    for (const Hit& hit : result.hits) out_ << hit.id << '\n';
    out_.flush();
    if (facets_out_) write_facets(*facets_out_, result, batch_);
  }

 private:
  std::ostream& out_;
  std::ostream* facets_out_;
  bool batch_ = false;
};

// A TREC run: `QID Q0 DOCID RANK SCORE TAG` per hit.
class TrecFormatter : public Formatter {
 public:
  TrecFormatter(std::ostream& out, std::string run_tag, std::ostream* facets_out)
      : out_(out), run_tag_(std::move(run_tag)), facets_out_(facets_out) {}

  void begin(bool batch) override { batch_ = batch; }

  void write(const SearchResult& result) override {
    const int decimals = score_decimals(result.hits);
    for (const Hit& hit : result.hits) {
      out_ << result.query_id << " Q0 " << hit.id << ' ' << hit.rank << ' '
           << fixed(hit.score, decimals) << ' ' << run_tag_ << '\n';
    }
    out_.flush();
    if (facets_out_) write_facets(*facets_out_, result, batch_);
  }

 private:
  std::ostream& out_;
  std::string run_tag_;
  std::ostream* facets_out_;
  bool batch_ = false;
};

}  // namespace

Json article_json(const Article& a) {
  Json object;
  object["id"] = a.id;
  add_stored_fields(a, object);
  object["body"] = a.body;
  return object;
}

namespace {

// `text` safe for a terminal with its lines kept: control characters other
// than newline and tab (escape sequences) are dropped.
std::string terminal_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte >= 0x20 && byte != 0x7f) || c == '\n' || c == '\t') out.push_back(c);
  }
  return out;
}

// For a person: "ID  TITLE", the date, source and category line, the url
// line, a blank line and the body as stored.
void write_article_text(std::ostream& out, const Article& a) {
  out << one_line(a.id);
  if (!a.title.empty()) out << "  " << one_line(a.title);
  out << '\n';
  std::string about;
  for (const std::string* part : {&a.date, &a.source, &a.category}) {
    if (part->empty()) continue;
    if (!about.empty()) about += " · ";
    about += one_line(*part);
  }
  if (!about.empty()) out << kIndent << about << '\n';
  if (!a.url.empty()) out << kIndent << one_line(a.url) << '\n';
  out << '\n' << terminal_text(a.body) << '\n';
}

}  // namespace

Format parse_format(const std::string& name) {
  static const std::pair<const char*, Format> kFormats[] = {
      {"text", Format::kText}, {"json", Format::kJson}, {"jsonl", Format::kJsonl},
      {"ids", Format::kIds},   {"trec", Format::kTrec},
  };
  for (const auto& [known, format] : kFormats) {
    if (name == known) return format;
  }
  throw std::invalid_argument("unknown format '" + name +
                              "': expected text, json, jsonl, ids or trec");
}

Json result_json(const SearchResult& result, bool body) {
  Json object;
  object["query_id"] = result.query_id;
  object["query"] = result.query;
  object["estimate"] = result.estimate;
  if (result.total) object["total"] = *result.total;
  if (!result.suggestion.empty()) object["suggestion"] = result.suggestion;
  object["hits"] = Json::array();
  for (const Hit& hit : result.hits) {
    Json fields;
    add_hit(result, hit, body, fields);
    object["hits"].push_back(std::move(fields));
  }
  if (!result.facets.empty()) object["facets"] = facets_json(result);
  if (!result.warnings.empty()) object["warnings"] = result.warnings;
  return object;
}

std::unique_ptr<Formatter> make_formatter(std::ostream& out, const OutputOptions& options) {
  if (options.count) return std::make_unique<CountFormatter>(out);
  switch (options.format) {
    case Format::kText:
      return std::make_unique<TextFormatter>(out, options.color);
    case Format::kJson:
      return std::make_unique<JsonFormatter>(out, options.body);
    case Format::kJsonl:
      return std::make_unique<JsonlFormatter>(out, options.body);
    case Format::kIds:
      return std::make_unique<IdsFormatter>(out, options.facets_out);
    case Format::kTrec:
      return std::make_unique<TrecFormatter>(out, options.run_tag, options.facets_out);
  }
  throw std::invalid_argument("unknown output format");
}

void write_articles(std::ostream& out, const std::vector<Article>& articles, Format format,
                    bool several) {
  if (format == Format::kTrec) throw std::invalid_argument("--get writes text, json, jsonl or ids");
  Json array = Json::array();
  bool first = true;
  for (const Article& a : articles) {
    switch (format) {
      case Format::kText:
        if (!first) out << '\n';
        write_article_text(out, a);
        break;
      case Format::kJson:
        if (several) {
          array.push_back(article_json(a));
        } else {
          out << dump(article_json(a), 2) << '\n';
        }
        break;
      case Format::kJsonl:
        out << dump(article_json(a)) << '\n';
        break;
      default:
        out << one_line(a.id) << '\n';
    }
    first = false;
  }
  if (format == Format::kJson && several) out << dump(array, 2) << '\n';
}

}  // namespace fahras
