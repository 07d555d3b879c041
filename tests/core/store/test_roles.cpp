// The device's role and the team lead's kinds (docs/store.md, "Roles"): on a coach's device the one write path
// refuses to create, update or archive a fidelity_score or week_review with Forbidden and writes nothing; a team
// lead's device and a profile that never enrolled write them; the role survives closing and reopening.
#include <catch2/catch.hpp>

#include "temp_profile.hpp"

using namespace coach;
using coach::test::mustAdd;
using coach::test::TempProfile;

namespace {

const nlohmann::json kRoleScore{{"item", "v7"},          {"period_start", "2026-01-01"}, {"period_end", "2026-03-31"},
                                {"score", 4},            {"scored_on", "2026-04-01"},    {"coach", "lead"},
                                {"rationale", "planned"}};
const nlohmann::json kRoleReview{{"week", "2026-W10"}, {"coach", "marieke"}, {"reviewed_on", "2026-03-09"},
                                 {"reviewer", "lead"}};

// What a refused write could have touched: the records of both kinds (archived ones too) and the outbox.
struct RoleSnapshot {
  nlohmann::json records;
  std::uint64_t pending = 0;
  friend bool operator==(const RoleSnapshot&, const RoleSnapshot&) = default;
};

RoleSnapshot roleSnapshot(Store& store) {
  RoleSnapshot s;
  for (const char* kind : {"fidelity_score", "week_review"}) s.records[kind] = store.list(kind, {}, true).value();
  s.pending = store.pendingChanges().value();
  return s;
}

template <class R>
void checkRefused(const R& status, const std::string& action) {
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == ErrorCode::Forbidden);
  CHECK_THAT(status.error().message, Catch::Contains("only a team lead's device may " + action) &&
                                         Catch::Contains("ask your team lead"));
}

}  // namespace

TEST_CASE("A profile that never enrolled has no role and writes a team lead's kinds", "[store][roles]") {
  TempProfile t("lead");
  CHECK_FALSE(t.store->deviceRole().value().has_value());
  const std::string score = mustAdd(*t.store, "fidelity_score", kRoleScore);
  const std::string review = mustAdd(*t.store, "week_review", kRoleReview);
  REQUIRE(t.store->update(score, {{"score", 5}}).ok());
  REQUIRE(t.store->setArchived(review, true).ok());
  CHECK(t.store->get(score).value()["fields"]["score"] == 5);
  CHECK(t.store->get(review).value()["archived"] == true);
}

TEST_CASE("A team lead's device writes fidelity scores and week reviews", "[store][roles]") {
  TempProfile t("lead");
  REQUIRE(t.store->rememberDeviceRole("lead").ok());
  CHECK(t.store->deviceRole().value() == std::optional<std::string>("lead"));
  const std::string score = mustAdd(*t.store, "fidelity_score", kRoleScore);
  const std::string review = mustAdd(*t.store, "week_review", kRoleReview);
  REQUIRE(t.store->update(score, {{"score", 2}}).ok());
  REQUIRE(t.store->update(review, {{"reviewed_on", "2026-03-10"}}).ok());
  REQUIRE(t.store->setArchived(score, true).ok());
  REQUIRE(t.store->setArchived(review, true).ok());
  CHECK(t.store->get(score).value()["fields"]["score"] == 2);
  CHECK(t.store->get(review).value()["archived"] == true);
}

TEST_CASE("A coach's device is refused every create, update and archive of a team lead's kinds, and nothing is written",
          "[store][roles]") {
  TempProfile t;
  // Records of both kinds on the device (as if a team lead's device had sent them), then the coach's role.
  const std::string score = mustAdd(*t.store, "fidelity_score", kRoleScore);
  const std::string review = mustAdd(*t.store, "week_review", kRoleReview);
  REQUIRE(t.store->rememberDeviceRole("coach").ok());
  const RoleSnapshot before = roleSnapshot(*t.store);

  checkRefused(t.store->add("fidelity_score", kRoleScore), "score fidelity items");
  checkRefused(t.store->add("week_review", kRoleReview), "mark a week reviewed");
  checkRefused(t.store->update(score, {{"score", 1}}), "score fidelity items");
  checkRefused(t.store->update(score, {{"rationale", "changed"}}), "score fidelity items");
  checkRefused(t.store->update(review, {{"reviewed_on", "2026-03-10"}}), "mark a week reviewed");
  checkRefused(t.store->setArchived(score, true), "score fidelity items");
  checkRefused(t.store->setArchived(review, true), "mark a week reviewed");
  // In a batch with an allowed record: the whole batch is refused, the allowed record not written either.
  const std::vector<Mutation> batch{{Mutation::Op::Create, "employer", {}, {{"name", "Bruin"}}},
                                    {Mutation::Op::Create, "week_review", {}, kRoleReview}};
  checkRefused(t.store->apply(batch), "mark a week reviewed");
  CHECK(t.store->list("employer").value().empty());

  CHECK(roleSnapshot(*t.store) == before);
  CHECK(t.store->get(score).value()["fields"]["rationale"] == "planned");
  // Every other kind is the coach's own work.
  CHECK(t.store->add("employer", {{"name", "Bruin"}}).ok());
}

TEST_CASE("The device's role survives closing and reopening the profile, and only lead or coach is kept",
          "[store][roles]") {
  TempProfile t;
  REQUIRE(t.store->rememberDeviceRole("coach").ok());
  auto odd = t.store->rememberDeviceRole("admin");
  REQUIRE_FALSE(odd.ok());
  CHECK(odd.error().code == ErrorCode::InvalidArgument);
  t.reopen();
  CHECK(t.store->deviceRole().value() == std::optional<std::string>("coach"));
  checkRefused(t.store->add("fidelity_score", kRoleScore), "score fidelity items");
  t.store->lock();
  CHECK(t.store->deviceRole().error().code == ErrorCode::Locked);
}
