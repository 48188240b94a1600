// /openapi.json checked against the service's real answers: every path and
// method it lists is asked, every answer's status is one it documents, and
// every body fits the documented schema (no field left undocumented).
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_support.h"
#include "tests/server/serve_support.h"

namespace fahras::test::serve {
namespace {

using Json = nlohmann::json;

// Checks `value` against `schema`, the subset of OpenAPI 3's schemas
// openapi.json uses ($ref, type, enum, required, properties,
// additionalProperties, items, oneOf, minimum, maximum); adds what does not
// fit to `errors`, each naming its place in `value`.
class SchemaCheck {
 public:
  explicit SchemaCheck(const Json& spec) : spec_(spec) {}

  void check(const Json& value, const Json& schema, const std::string& where,
             std::vector<std::string>& errors) const {
    if (schema.contains("$ref")) return check(value, resolve(schema["$ref"]), where, errors);
    if (schema.contains("oneOf")) {
      int fits = 0;
      for (const Json& option : schema["oneOf"]) {
        std::vector<std::string> mine;
        check(value, option, where, mine);
        fits += mine.empty();
      }
      if (fits != 1) errors.push_back(where + ": fits " + std::to_string(fits) + " of oneOf");
      return;
    }
    if (schema.contains("enum") &&
        std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
      errors.push_back(where + ": " + value.dump() + " is not in the enum");
    }
    if (schema.contains("minimum") && value.is_number() && value < schema["minimum"]) {
      errors.push_back(where + ": below the minimum");
    }
    if (!schema.contains("type")) return;
    const std::string type = schema["type"];
    if (!has_type(value, type)) return errors.push_back(where + ": not " + type);
    if (type == "array" && schema.contains("items")) {
      for (size_t i = 0; i < value.size(); ++i) {
        check(value[i], schema["items"], where + "[" + std::to_string(i) + "]", errors);
      }
    }
    if (type == "object") check_object(value, schema, where, errors);
  }

  const Json& resolve(const std::string& ref) const {
    REQUIRE(ref.rfind("#/", 0) == 0);
    return spec_.at(Json::json_pointer(ref.substr(1)));
  }

 private:
  static bool has_type(const Json& value, const std::string& type) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") return value.is_number_integer();
    if (type == "number") return value.is_number();
    if (type == "boolean") return value.is_boolean();
    return false;
  }

  void check_object(const Json& value, const Json& schema, const std::string& where,
                    std::vector<std::string>& errors) const {
    for (const auto& name : schema.value("required", Json::array())) {
      if (!value.contains(name)) errors.push_back(where + ": no " + name.get<std::string>());
    }
    const Json properties = schema.value("properties", Json::object());
    for (const auto& [name, field] : value.items()) {
      if (properties.contains(name)) {
        check(field, properties[name], where + "." + name, errors);
      } else if (schema.contains("additionalProperties")) {
        const Json& more = schema["additionalProperties"];
        if (more.is_boolean() && !more.get<bool>()) {
          errors.push_back(where + ": undocumented field " + name);
        } else if (more.is_object()) {
          check(field, more, where + "." + name, errors);
        }
      }
    }
  }

  const Json& spec_;
};

struct Call {
  std::string method, path;  // path as requested
  std::string spec_path;     // as openapi.json names it
  httplib::Params params;
  std::string body;  // POST only
};

TEST_CASE("fahras-serve: /openapi.json describes the real answers", "[serve]") {
  REQUIRE(e2e::shared_db().ok());
  ServeProcess service({"--db", e2e::shared_db().path});
  auto client = service.client();
  const Json spec = json_of(get(*client, "/openapi.json"));
  REQUIRE(spec["openapi"].get<std::string>().rfind("3.", 0) == 0);
  const SchemaCheck schemas(spec);

  const std::string batch = "{\"qid\": 1, \"query\": \"بيروت\"}\n{\"query\": \"AND OR\"}\n";
  const std::vector<Call> calls = {
      {"get", "/search", "/search", {{"q", "طاجيكستان"}}, ""},
      {"get",
       "/search",
       "/search",
       {{"q", "طاجيكسان OR بيروت"},
        {"facet", "source,year,month,day,category"},
        {"explain", "1"},
        {"collapse", "1"},
        {"sort", "recency"},
        {"exact", "1"}},
       ""},
      {"get", "/search", "/search", {{"q", "AND OR"}}, ""},
      {"get", "/search", "/search", {{"q", std::string(9000, 'a')}}, ""},
      {"get", "/articles/" + std::string(e2e::kSeedId), "/articles/{id}", {{"q", "طهران"}}, ""},
      {"get", "/articles/art-001", "/articles/{id}", {}, ""},
      {"get", "/articles/no-such-id", "/articles/{id}", {}, ""},
      {"post", "/batch", "/batch", {}, batch},
      {"post", "/batch", "/batch", {}, "[1, 2]\n"},
      {"get", "/analyze", "/analyze", {{"text", "وبالطاجيكستان"}}, ""},
      {"get", "/analyze", "/analyze", {}, ""},
      {"get", "/stats", "/stats", {}, ""},
      {"get", "/health", "/health", {}, ""},
      {"get", "/openapi.json", "/openapi.json", {}, ""},
  };
  std::set<std::string> asked;
  for (const Call& call : calls) {
    INFO(call.method << " " << call.path);
    const Json& operation = spec["paths"][call.spec_path][call.method];
    REQUIRE(operation.is_object());
    asked.insert(call.spec_path + " " + call.method);
    const httplib::Response res = call.method == "post" ? post(*client, call.path, call.body)
                                                        : get(*client, call.path, call.params);
    INFO("status " << res.status << ": " << res.body.substr(0, 300));
    const std::string status = std::to_string(res.status);
    REQUIRE(operation["responses"].contains(status));
    Json response = operation["responses"][status];
    if (response.contains("$ref")) response = schemas.resolve(response["$ref"]);
    const std::string type = res.get_header_value("Content-Type");
    const std::string media = type.substr(0, type.find(';'));
    REQUIRE(response["content"].contains(media));
    const Json& schema = response["content"][media]["schema"];
    std::vector<std::string> errors;
    if (media == "application/jsonl") {
      for (const std::string& line : e2e::lines_of(res.body)) {
        schemas.check(Json::parse(line), schema, "line", errors);
      }
    } else {
      schemas.check(json_of(res), schema, "body", errors);
    }
    for (const std::string& e : errors) FAIL_CHECK(e);
    if (res.status == 503) CHECK(res.has_header("Retry-After"));
  }
  for (const auto& [path, methods] : spec["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      INFO(path << " " << method);
      CHECK(asked.count(path + " " + method));
    }
  }

  // The parameters /search accepts, as its error for an unknown one lists
  // them, are those documented.
  const std::string message =
      json_of(get(*client, "/search", {{"unknown", "1"}}))["error"].get<std::string>();
  std::smatch list;
  REQUIRE(std::regex_search(message, list, std::regex(R"(\(expected ([^)]*)\))")));
  std::set<std::string> accepted, documented;
  std::istringstream names(list[1].str());
  for (std::string name; std::getline(names, name, ',');) {
    accepted.insert(name.substr(name.find_first_not_of(' ')));
  }
  for (const Json& p : spec["paths"]["/search"]["get"]["parameters"]) documented.insert(p["name"]);
  CHECK(accepted == documented);
}

}  // namespace
}  // namespace fahras::test::serve
