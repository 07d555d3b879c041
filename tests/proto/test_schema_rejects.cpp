// The schemas must be able to fail: every deliberately broken message is rejected.
#include <set>

#include <catch2/catch.hpp>

#include "message_samples.hpp"

using namespace coach::prototest;

TEST_CASE("The proto schemas reject every deliberately broken message", "[proto][schema]") {
  const std::vector<SchemaCase> broken = brokenSamples();
  REQUIRE(broken.size() >= 30);
  const SchemaRun run = checkAgainstSchemas(broken);
  INFO(run.failure);
  REQUIRE(run.ran);
  REQUIRE(run.messages.size() == broken.size());
  std::set<std::string> schemas;
  for (const SchemaCase& c : broken) {
    INFO(c.name << " against " << c.schema);
    CHECK_FALSE(run.messages.at(c.name).valid);
    schemas.insert(c.schema);
  }
  CHECK(schemas.size() == 12);  // every schema but one is shown to refuse something
}
