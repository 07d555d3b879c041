// The anchors of every IPS-25 item the records score, at each band edge (query/fidelity_bands.hpp), and the
// total's bands (DOMAIN.md, "Rules the product computes").
#include <catch2/catch.hpp>

#include "coach/figures.hpp"
#include "query/fidelity_bands.hpp"

using namespace coach;

TEST_CASE("Every band edge of DOMAIN.md and docs/figures.md scores on the right side", "[figures][fidelity]") {
  using namespace coach::figures;
  CHECK(rapidSearchScore(30) == 5);
  CHECK(rapidSearchScore(30.5) == 4);
  CHECK(rapidSearchScore(31) == 4);
  CHECK(rapidSearchScore(60) == 4);
  CHECK(rapidSearchScore(61) == 3);
  CHECK(rapidSearchScore(150) == 3);
  CHECK(rapidSearchScore(151) == 2);
  CHECK(rapidSearchScore(270) == 2);
  CHECK(rapidSearchScore(271) == 1);
  CHECK(caseloadScore(20) == 5);
  CHECK(caseloadScore(21) == 4);
  CHECK(caseloadScore(25) == 4);
  CHECK(caseloadScore(26) == 3);
  CHECK(caseloadScore(30) == 3);
  CHECK(caseloadScore(31) == 2);
  CHECK(caseloadScore(40) == 2);
  CHECK(caseloadScore(41) == 1);
  CHECK(employerContactScore(6) == 5);
  CHECK(employerContactScore(5.9) == 4);
  CHECK(employerContactScore(4) == 3);
  CHECK(employerContactScore(2) == 2);
  CHECK(employerContactScore(1.9) == 1);
  CHECK(shareScore(9, 10) == 5);
  CHECK(shareScore(89, 100) == 4);
  CHECK(shareScore(3, 4) == 4);
  CHECK(shareScore(1, 2) == 3);
  CHECK(shareScore(1, 4) == 2);
  CHECK(shareScore(24, 100) == 1);
  CHECK(competitiveScore(19, 20) == 5);
  CHECK(competitiveScore(17, 20) == 4);
  CHECK(competitiveScore(3, 4) == 3);
  CHECK(competitiveScore(13, 20) == 2);
  CHECK(competitiveScore(64, 100) == 1);
  CHECK(diversityScore(17, 20) == 5);
  CHECK(diversityScore(7, 10) == 4);
  CHECK(diversityScore(3, 5) == 3);
  CHECK(diversityScore(1, 2) == 2);
  CHECK(diversityScore(49, 100) == 1);
  CHECK(communityScore(13, 20) == 5);
  CHECK(communityScore(1, 2) == 4);
  CHECK(communityScore(2, 5) == 3);
  CHECK(communityScore(3, 10) == 2);
  CHECK(communityScore(29, 100) == 1);
  CHECK(teamAssignmentScore(9, 10) == 5);
  CHECK(teamAssignmentScore(4, 5) == 4);
  CHECK(teamAssignmentScore(7, 10) == 3);
  CHECK(teamAssignmentScore(1, 2) == 2);
  CHECK(teamAssignmentScore(49, 100) == 1);
  CHECK(fidelityBand(73) == "not_ips");
  CHECK(fidelityBand(74) == "fair");
  CHECK(fidelityBand(99) == "fair");
  CHECK(fidelityBand(100) == "good");
  CHECK(fidelityBand(114) == "good");
  CHECK(fidelityBand(115) == "exemplary");
  CHECK(fidelityBand(125) == "exemplary");
}
