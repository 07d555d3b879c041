// Merge properties: applying the same envelopes in any order (each device's own order kept, as its hash chain
// requires), in any grouping into pages, and any number of times, gives one and the same state.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "sync/envelope.hpp"
#include "forwarding_transport.hpp"
#include "sync_world.hpp"

using namespace coach;
using coach::test::Device;
using coach::test::mustAdd;
using coach::test::stateOf;
using coach::test::SyncWorld;

namespace {

// Serves the team's log re-interleaved across devices, with some envelopes doubled, in pages of random size.
class PermutingTransport final : public test::ForwardingTransport {
 public:
  PermutingTransport(sync::Transport& inner, relay::MemoryStorage& storage, const std::string& team, std::uint64_t seed)
      : ForwardingTransport(inner), rng_(seed) {
    auto all = storage.page(team, 0, 1'000'000, ~0u).value();
    std::map<std::string, std::vector<sync::PullItem>> byDevice;
    for (auto& item : all.items) {
      if (item.isKey) {
        items_.push_back(item);
      } else {
        byDevice[sync::idToText(sync::parseEnvelope(item.envelope).value().header.device)].push_back(item);
      }
    }
    std::vector<std::pair<std::vector<sync::PullItem>*, std::size_t>> streams;
    for (auto& [device, list] : byDevice) streams.emplace_back(&list, 0);
    while (!streams.empty()) {
      const std::size_t s = std::uniform_int_distribution<std::size_t>(0, streams.size() - 1)(rng_);
      auto& [list, next] = streams[s];
      items_.push_back((*list)[next]);
      if (next > 0 && rng_() % 4 == 0) items_.push_back((*list)[next - 1]);  // a repeat of the one before
      if (++next == list->size()) streams.erase(streams.begin() + static_cast<std::ptrdiff_t>(s));
    }
    for (std::size_t i = 0; i < items_.size(); ++i) items_[i].serverSeq = i + 1;
  }
  Result<sync::PullResponse> pull(const sync::PullRequest& r) override {
    sync::PullResponse page;
    const std::size_t size = 1 + rng_() % 5;
    for (std::size_t i = r.after; i < items_.size() && page.items.size() < size; ++i) page.items.push_back(items_[i]);
    page.next = r.after + page.items.size();
    page.more = page.next < items_.size();
    return page;
  }

 private:
  std::mt19937_64 rng_;
  std::vector<sync::PullItem> items_;
};

}  // namespace

TEST_CASE("Merge is commutative, associative and idempotent over envelopes", "[sync][merge]") {
  SyncWorld world;
  std::vector<Device*> writers{&world.addDevice("w0"), &world.addDevice("w1"), &world.addDevice("w2")};
  const std::string p = mustAdd(*writers[0]->store, "participant", {{"name", "Joost"}, {"coach", "w0"}, {"note", "start"}});
  REQUIRE(writers[0]->sync().ok());
  for (Device* w : writers) REQUIRE(w->sync().ok());
  // Concurrent edits of the same fields, free text and structured, then more on top.
  std::mt19937_64 rng(7);
  for (int round = 0; round < 4; ++round) {
    for (std::size_t i = 0; i < writers.size(); ++i) {
      Device& w = *writers[i];
      w.clock.advance(static_cast<std::int64_t>(rng() % 3000));
      REQUIRE(w.store->update(p, {{"note", "note " + std::to_string(round) + w.name}, {"municipality", w.name}}).ok());
      mustAdd(*w.store, "support_contact", {{"participant_id", p}, {"contact_on", "2026-03-02"}, {"mode", "phone"},
                                            {"type", "problem_solving"}, {"note", "contact " + w.name}});
    }
    for (Device* w : writers) REQUIRE(w->sync().ok());
  }
  for (Device* w : writers) REQUIRE(w->sync().ok());
  const nlohmann::json expected = stateOf(*writers[0]->store);
  CHECK(stateOf(*writers[1]->store) == expected);
  CHECK_FALSE(expected["conflicts"].empty());

  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    INFO("reader seed " << seed);
    Device& reader = world.addDevice("r" + std::to_string(seed));
    PermutingTransport shuffled(*reader.transport, world.storage(), world.teamId(), seed);
    sync::SyncOptions o;
    o.backoffBaseMillis = 0;
    REQUIRE(sync::SyncClient(*reader.store, shuffled, o).sync().ok());
    CHECK(stateOf(*reader.store) == expected);
  }
}
