// The local lock: after five wrong passphrases each attempt waits longer, across restarts of the app.
#include <catch2/catch.hpp>

#include "temp_profile.hpp"

using namespace coach;
using coach::test::TempProfile;

TEST_CASE("Wrong passphrases make the next attempt wait progressively longer, and the right one resets it",
          "[store][lock]") {
  TempProfile t;
  t.store->lock();
  PassphraseKeyProvider wrong("wrong horse", test::kTestCost);
  for (int i = 1; i <= 4; ++i) {
    auto refused = t.store->unlock(wrong);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::WrongPassphrase);
  }
  auto fifth = t.store->unlock(wrong);
  REQUIRE_FALSE(fifth.ok());
  CHECK(fifth.error().code == ErrorCode::WrongPassphrase);
  CHECK(fifth.error().message.find("30 seconds") != std::string::npos);

  // Even the right passphrase waits now; closing and reopening the profile does not reset the count.
  auto waiting = t.store->unlock(t.keys);
  REQUIRE_FALSE(waiting.ok());
  CHECK(waiting.error().code == ErrorCode::RateLimited);
  CHECK(waiting.error().retryAfterSeconds == 30);
  t.store.reset();
  auto reopened = Store::openProfile(t.options(), t.keys);
  REQUIRE_FALSE(reopened.ok());
  CHECK(reopened.error().code == ErrorCode::RateLimited);

  t.clock.advance(30 * 1000);
  auto sixth = Store::openProfile(t.options(), wrong);
  REQUIRE_FALSE(sixth.ok());
  CHECK(sixth.error().message.find("60 seconds") != std::string::npos);
  t.clock.advance(59 * 1000);
  CHECK(Store::openProfile(t.options(), t.keys).error().code == ErrorCode::RateLimited);
  t.clock.advance(1000);
  t.reopen();  // the right passphrase, after the wait
  CHECK_FALSE(t.store->locked());

  // The count started again: four wrong attempts cost nothing.
  t.store->lock();
  for (int i = 1; i <= 4; ++i) CHECK(t.store->unlock(wrong).error().code == ErrorCode::WrongPassphrase);
  CHECK(t.store->unlock(t.keys).ok());
}
