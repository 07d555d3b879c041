// How a device cuts its changes into envelopes (sync::planEnvelopes, docs/sync.md "Push"): padding hides an
// envelope's size behind its bucket, and the writer fills buckets instead of paying for padding twice. The plan
// is checked against its rule on random change sizes, and encodedSize against the encoder's real output.
#include <random>

#include <catch2/catch.hpp>

#include "sync/change_batch.hpp"
#include "sync/envelope.hpp"

using namespace coach;

namespace {

sync::RecordChange fillChange(std::mt19937& rng, std::size_t textSize) {
  sync::RecordChange c;
  c.record.fill(static_cast<std::uint8_t>(rng()));
  c.kind = "support_contact";
  c.fields.push_back({"note", rng(), {}, model::FieldValue{std::string(textSize, 'x')}});
  c.fields.push_back({"minutes", rng(), {sync::Stamp{rng(), {}}, sync::Stamp{rng(), {}}}, model::FieldValue{std::int64_t{45}}});
  c.fields.push_back({"place", rng(), {}, model::FieldValue{}});
  return c;
}

// The batch size of changes [start, start + count).
std::size_t fillBatchSize(const std::vector<std::size_t>& sizes, std::size_t start, std::size_t count) {
  std::size_t size = sync::kBatchHeaderSize;
  for (std::size_t i = start; i < start + count; ++i) size += sizes[i];
  return size;
}

}  // namespace

TEST_CASE("encodedSize adds up to exactly what encodeBatch writes", "[sync][fill]") {
  std::mt19937 rng(7);
  sync::ChangeBatch batch{11, {}};
  std::size_t expected = sync::kBatchHeaderSize;
  for (std::size_t text : {0u, 1u, 255u, 600u, 70000u}) {
    batch.changes.push_back(fillChange(rng, text));
    expected += sync::encodedSize(batch.changes.back());
  }
  CHECK(sync::encodeBatch(batch).size() == expected);
  CHECK(sync::encodeBatch(sync::ChangeBatch{11, {}}).size() == sync::kBatchHeaderSize);
}

TEST_CASE("A push of many notes fills its envelopes instead of padding them", "[sync][fill]") {
  // 10,000 notes of ~600 bytes (the sync benchmark's shape): 500 changes per envelope would be 300 KB padded to
  // a 512 KiB bucket (43% padding); the plan makes full 128 KiB envelopes and one smaller last one.
  const std::vector<std::size_t> sizes(10000, 640);
  const std::vector<std::size_t> plan = sync::planEnvelopes(sizes, 500);
  std::size_t start = 0;
  std::size_t padded = 0;
  std::size_t smaller = 0;  // envelopes in a bucket below 128 KiB: only the last few (the rest of the push)
  for (std::size_t count : plan) {
    const std::size_t size = fillBatchSize(sizes, start, count);
    padded += sync::paddedSize(size);
    if (sync::paddedSize(size) == sync::kFillBucket) {
      CHECK(smaller == 0);
    } else {
      ++smaller;
    }
    start += count;
  }
  CHECK(start == sizes.size());
  CHECK(smaller <= 3);
  const std::size_t content = fillBatchSize(sizes, 0, sizes.size());
  CHECK(padded < content + content / 20 + sync::kFillBucket);  // at most one envelope's worth over 5%
}

TEST_CASE("Every planned envelope keeps the fill rule, on random change sizes", "[sync][fill]") {
  std::mt19937 rng(20261123);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::size_t> sizes(std::uniform_int_distribution<std::size_t>(1, 3000)(rng));
    const std::size_t largest = round % 3 == 0 ? 300000 : round % 3 == 1 ? 5000 : 200;
    for (std::size_t& s : sizes) s = std::uniform_int_distribution<std::size_t>(20, largest)(rng);
    const std::size_t maxChanges = std::uniform_int_distribution<std::size_t>(1, 800)(rng);
    const std::vector<std::size_t> plan = sync::planEnvelopes(sizes, maxChanges);
    std::size_t start = 0;
    for (std::size_t count : plan) {
      REQUIRE(count >= 1);
      REQUIRE(count <= maxChanges);
      const std::size_t size = fillBatchSize(sizes, start, count);
      const std::size_t bucket = sync::paddedSize(size);
      INFO("round " << round << ", envelope at change " << start << " of " << sizes.size() << ": " << count
                    << " changes, " << size << " bytes in a bucket of " << bucket);
      if (count > 1) CHECK(size + 1 <= sync::kFillBucket);
      const bool last = start + count == sizes.size();
      const bool full = (size + 1) * 4 > bucket * 3;
      const bool nextDoesNotFit = !last && size + sizes[start + count] + 1 > bucket;
      const bool oversized = size + 1 > sync::kFillBucket;
      const bool small = bucket < sync::kCutFrom * 4;  // never cut: a few KiB of padding cost less than an envelope
      CHECK((last || full || nextDoesNotFit || oversized || small || count == maxChanges));
      start += count;
    }
    REQUIRE(start == sizes.size());
  }
  CHECK(sync::planEnvelopes({}, 500).empty());
}

TEST_CASE("Sealing heads as changes come makes exactly the plan of them all", "[sync][fill]") {
  // The device seals an envelope as soon as its shard has one that later changes cannot alter (outbox_collect.cpp:
  // a push holds one envelope's worth of changes per shard, not thousands of notes).
  std::mt19937 rng(424242);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::size_t> sizes(std::uniform_int_distribution<std::size_t>(0, 2000)(rng));
    const std::size_t largest = round % 3 == 0 ? 300000 : round % 3 == 1 ? 5000 : 700;
    for (std::size_t& s : sizes) s = std::uniform_int_distribution<std::size_t>(20, largest)(rng);
    const std::size_t maxChanges = std::uniform_int_distribution<std::size_t>(1, 600)(rng);
    std::vector<std::size_t> streamed;
    std::vector<std::size_t> window;
    std::size_t largestWindow = 0;
    for (std::size_t s : sizes) {
      window.push_back(s);
      while (auto head = sync::finalFirstEnvelope(window, maxChanges)) {
        REQUIRE(*head >= 1);
        REQUIRE(*head <= window.size());
        streamed.push_back(*head);
        window.erase(window.begin(), window.begin() + static_cast<std::ptrdiff_t>(*head));
      }
      largestWindow = std::max(largestWindow, window.size());
    }
    for (std::size_t count : sync::planEnvelopes(window, maxChanges)) streamed.push_back(count);
    INFO("round " << round << ": " << sizes.size() << " changes, at most " << maxChanges << " per envelope");
    CHECK(streamed == sync::planEnvelopes(sizes, maxChanges));
    CHECK(largestWindow <= maxChanges);  // never more than one envelope's worth waits
  }
  CHECK_FALSE(sync::finalFirstEnvelope({}, 500).has_value());
  CHECK_FALSE(sync::finalFirstEnvelope({600, 600}, 500).has_value());
  CHECK(sync::finalFirstEnvelope({600, 600, 600}, 2) == std::optional<std::size_t>{2});
}
