// The tables of proto/ that restate the code: the error table of PROTOCOL.md and the error schema against
// error.hpp's one list, the envelope layout table against the byte offsets, the schema limits against the
// padding buckets, and the copies of the key-record definition inside other schemas.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "schema_check.hpp"
#include "sync/envelope.hpp"
#include "sync/erasure.hpp"
#include "vector_builder.hpp"

using namespace coach;
using namespace coach::prototest;

namespace {

std::string protocolText() {
  std::ifstream in(std::filesystem::path(protoDir()) / "PROTOCOL.md");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json schema(const std::string& name) {
  std::ifstream in(std::filesystem::path(protoDir()) / "schemas" / (name + ".schema.json"));
  return json::parse(in);
}

std::vector<std::pair<std::string, int>> errorCodes() {
  std::vector<std::pair<std::string, int>> out;
#define COACH_X(name, wire, http) out.emplace_back(wire, http);
  COACH_ERROR_CODES(COACH_X)
#undef COACH_X
  return out;
}

// Rows "| `id` | 409 | ..." of PROTOCOL.md's error table, in order.
std::vector<std::pair<std::string, int>> documentedErrors() {
  const std::string text = protocolText();
  const std::regex row(R"(\n\| `([a-z_]+)` \| (\d{3}) \|)");
  std::vector<std::pair<std::string, int>> out;
  for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) {
    out.emplace_back((*it)[1].str(), std::stoi((*it)[2].str()));
  }
  return out;
}

std::size_t base64Length(std::size_t bytes) {
  return (bytes + 2) / 3 * 4;
}

}  // namespace

TEST_CASE("The error table of proto/PROTOCOL.md lists every code of error.hpp with its HTTP status",
          "[proto][errors]") {
  CHECK(documentedErrors() == errorCodes());
}

TEST_CASE("The proto error schema allows exactly the wire ids of error.hpp", "[proto][errors]") {
  std::vector<std::string> ids;
  for (const auto& [id, status] : errorCodes()) ids.push_back(id);
  CHECK(schema("error")["properties"]["error"]["properties"]["id"]["enum"].get<std::vector<std::string>>() == ids);
}

// The text of PROTOCOL.md from the heading `from` to the next heading `to` (each a whole line).
std::string protocolSection(const std::string& from, const std::string& to) {
  const std::string text = protocolText();
  const std::size_t start = text.find("\n" + from + "\n");
  REQUIRE(start != std::string::npos);
  const std::size_t end = text.find("\n" + to + "\n", start);
  REQUIRE(end != std::string::npos);
  return text.substr(start, end - start);
}

TEST_CASE("The erasure order layout table of proto/PROTOCOL.md has the offsets the code writes", "[proto][layout]") {
  const std::string text = protocolSection("### Erasure order layout", "### Messages and HTTP");
  const std::regex row(R"(\n\| (\d+) \| (\d+) \| `([a-z_]+)` \|)");
  std::vector<std::pair<std::string, std::size_t>> offsets;
  std::size_t next = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) {
    const std::size_t offset = std::stoul((*it)[1].str());
    INFO((*it)[3].str());
    CHECK(offset == next);  // contiguous from 0
    next = offset + std::stoul((*it)[2].str());
    offsets.emplace_back((*it)[3].str(), offset);
  }
  const std::vector<std::pair<std::string, std::size_t>> expected{
      {"magic", 0},       {"protocol", 4}, {"team", 6}, {"shard", 22},
      {"author", 38},     {"erased_at", 54}, {"epoch", 62}, {"mac", 66},
      {"signature", sync::kErasureSignedSize}};
  CHECK(offsets == expected);
  CHECK(next == sync::kErasureOrderSize);
}

TEST_CASE("The envelope layout table of proto/PROTOCOL.md has the offsets the code writes", "[proto][layout]") {
  const std::string text = protocolSection("### Envelope layout", "## Hash chain");
  const std::regex row(R"(\n\| (\d+) \| (\d+) \| `([a-z_]+)` \|)");
  std::map<std::string, std::size_t> offsets;
  std::size_t next = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) {
    const std::size_t offset = std::stoul((*it)[1].str());
    INFO((*it)[3].str());
    CHECK(offset == next);  // contiguous from 0
    next = offset + std::stoul((*it)[2].str());
    offsets[(*it)[3].str()] = offset;
  }
  const std::map<std::string, std::size_t> expected{{"magic", 0},
                                                    {"protocol", kOffProtocol},
                                                    {"team", kOffTeam},
                                                    {"shard", kOffShard},
                                                    {"device", kOffDevice},
                                                    {"sequence", kOffSequence},
                                                    {"key_id", kOffKeyId},
                                                    {"newest_hlc", kOffNewestHlc},
                                                    {"prev_hash", kOffPrevHash},
                                                    {"sealed_length", kOffSealedLength},
                                                    {"nonce", kOffNonce}};
  CHECK(offsets == expected);
  CHECK(kOffSealedLength == sync::kHeaderSize);
  CHECK(next == kOffCiphertext);
}

TEST_CASE("The proto envelope lengths are the padding buckets plus the envelope overhead", "[proto][layout]") {
  std::vector<json> lengths;
  for (std::size_t bucket = sync::paddedSize(0); bucket != 0; bucket = sync::paddedSize(bucket)) {
    const std::size_t n = base64Length(sync::kEnvelopeOverhead + bucket);
    lengths.push_back({{"minLength", n}, {"maxLength", n}});
  }
  CHECK(lengths.size() == 7);
  for (const char* name : {"push-request", "pull-response"}) {
    INFO(name);
    CHECK(schema(name)["$defs"]["envelope"]["anyOf"].get<std::vector<json>>() == lengths);
  }
}

TEST_CASE("The key-record definitions inside other proto schemas are copies of key-record.schema.json",
          "[proto][schema]") {
  json record = schema("key-record");
  const json defs = record["$defs"];
  for (const char* meta : {"$schema", "$id", "title", "$defs"}) record.erase(meta);
  for (const char* name : {"push-request", "pull-response"}) {
    INFO(name);
    const json s = schema(name);
    CHECK(s["$defs"]["keyRecord"] == record);
    CHECK(s["$defs"]["participantShard"] == defs["participantShard"]);
    CHECK(s["$defs"]["id"] == defs["id"]);
  }
}

TEST_CASE("The HTTP mapping table of proto/PROTOCOL.md lists exactly the routes coach-syncd serves", "[proto][http]") {
  const std::string table = protocolSection("## HTTP mapping", "## Error ids");
  std::set<std::string> documented;
  const std::regex row(R"(\n\| `(GET|POST) (/v1/[^`? ]+)[^`]*` \|)");
  for (std::sregex_iterator it(table.begin(), table.end(), row), end; it != end; ++it) {
    documented.insert((*it)[1].str() + " " + (*it)[2].str());
  }
  // Api::registerRoutes: route(server, "METHOD", pattern, "/v1/name/{param}", ...).
  std::ifstream in(std::filesystem::path(protoDir()) / ".." / "sync-server" / "syncd" / "api.cpp");
  REQUIRE(in.good());
  std::ostringstream source;
  source << in.rdbuf();
  const std::string code = source.str();
  std::set<std::string> served;
  const std::regex route(R"re(route\(server, "(GET|POST)", [^\n]*?, "(/v1/[^"]+)", &Api::)re");
  for (std::sregex_iterator it(code.begin(), code.end(), route), end; it != end; ++it) {
    served.insert((*it)[1].str() + " " + (*it)[2].str());
  }
  CHECK(served.size() == 14);  // a route added to api.cpp must be added to the table too
  CHECK(documented == served);
}
