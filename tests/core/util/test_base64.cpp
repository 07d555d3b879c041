#include <catch2/catch.hpp>

#include <random>

#include "util/base64.hpp"

using coach::util::base64Decode;
using coach::util::base64Encode;

TEST_CASE("base64 matches RFC 4648's test vectors both ways", "[util]") {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    const std::string p(plain);
    CHECK(base64Encode(std::span(reinterpret_cast<const std::uint8_t*>(p.data()), p.size())) == encoded);
    auto decoded = base64Decode(encoded);
    REQUIRE(decoded.has_value());
    CHECK(std::string(decoded->begin(), decoded->end()) == p);
  }
}

TEST_CASE("base64 refuses what is not canonical padded base64", "[util]") {
  for (const char* bad : {"Zg", "Zg=", "Z===", "Zh==", "Zm9=", "Zm 9v", "Zm9v!A==", "=Zm9", "Zm==Zm9v"}) {
    INFO(bad);
    CHECK_FALSE(base64Decode(bad).has_value());
  }
}

TEST_CASE("base64 round-trips random data of every small length", "[util]") {
  std::mt19937 rng(1);
  for (std::size_t n = 0; n < 300; ++n) {
    std::vector<std::uint8_t> data(n);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    auto back = base64Decode(base64Encode(data));
    REQUIRE(back.has_value());
    CHECK(*back == data);
  }
}
