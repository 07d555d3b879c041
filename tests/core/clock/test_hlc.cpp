#include <catch2/catch.hpp>

#include "clock/hlc.hpp"

using namespace coach;

TEST_CASE("HLC stamps strictly increase, also when the wall clock stands still or goes back", "[clock]") {
  ManualClock wall(1'700'000'000'000);
  HybridClock hlc(wall);
  Hlc a = hlc.now();
  Hlc b = hlc.now();
  CHECK(b > a);
  CHECK(b.millis() == a.millis());
  CHECK(b.counter() == a.counter() + 1);
  wall.advance(-60'000);  // the device's clock jumps back a minute
  Hlc c = hlc.now();
  CHECK(c > b);
  wall.advance(120'000);
  Hlc d = hlc.now();
  CHECK(d.millis() == 1'700'000'060'000u);
  CHECK(d.counter() == 0);
}

TEST_CASE("HLC counter overflow moves one logical millisecond ahead instead of throwing", "[clock]") {
  ManualClock wall(1'700'000'000'000);
  HybridClock hlc(wall);
  Hlc previous = hlc.now();
  for (int i = 0; i < 70'000; ++i) {
    Hlc next = hlc.now();
    REQUIRE(next > previous);
    previous = next;
  }
  CHECK(previous.millis() == 1'700'000'000'001u);
  CHECK(previous.counter() == 70'000 - 65'536);
}

TEST_CASE("HLC receive refuses a stamp beyond the drift bound and leaves the clock alone", "[clock]") {
  ManualClock wall(1'700'000'000'000);
  HybridClock hlc(wall, 60'000);
  const Hlc before = hlc.now();
  const Hlc dayAhead = Hlc::from(1'700'000'000'000 + 86'400'000, 0);
  auto refused = hlc.receive(dayAhead);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::ClockDrift);
  CHECK(refused.error().message.find("86400 seconds ahead") != std::string::npos);
  CHECK(refused.error().message.find("the sending device's clock is wrong") != std::string::npos);
  CHECK(hlc.last() == before);
  CHECK(hlc.now().millis() == 1'700'000'000'000u);
}

TEST_CASE("HLC receive within the bound moves the clock past the remote stamp", "[clock]") {
  ManualClock wall(1'700'000'000'000);
  HybridClock hlc(wall, 60'000);
  const Hlc remote = Hlc::from(1'700'000'030'000, 7);
  REQUIRE(hlc.receive(remote).ok());
  Hlc next = hlc.now();
  CHECK(next > remote);
  CHECK(next.millis() == 1'700'000'030'000u);
  CHECK(next.counter() == 9);  // receive took counter 8, now() the next one
}

TEST_CASE("HLC restore never moves the clock backwards", "[clock]") {
  ManualClock wall(1'000);
  HybridClock hlc(wall);
  hlc.restore(Hlc::from(5'000, 3));
  CHECK(hlc.now() == Hlc::from(5'000, 4));
  hlc.restore(Hlc::from(10, 0));
  CHECK(hlc.now() == Hlc::from(5'000, 5));
  CHECK(Hlc::from(1'772'442'000'123, 5).toString() == "2026-03-02T09:00:00.123Z+5");
}
