// On a terminal, task commands ask for what is missing (clients/cli/tasks.hpp): the real binary runs on a
// pseudo-terminal, the test types the answers, including a mistake that must be asked again.
#include <catch2/catch.hpp>

#include <string>

#include "pty_run.hpp"

using coach::test::CliDevice;
using coach::test::PtyResult;
using coach::test::runOnTerminal;

TEST_CASE("On a terminal a task command asks for each missing field and asks again after a mistake", "[cli][prompt]") {
  CliDevice device({{"COACH_TEST_NOW", "2026-03-02T10:00"}, {"LANG", "nl_NL.UTF-8"}});
  device.must({"init", "--actor", "marieke"});
  const std::string anna = device.must({"participant", "add", "--name", "Anna de Vries"})["id"];

  // contact_on, then mode (first a value that is not allowed), then type.
  PtyResult r = runOnTerminal(device, {"support", "--participant", anna, "--json"},
                              "gisteren\nte voet\nface_to_face\nfirst_days\n");
  INFO(r.screen);
  CHECK(r.exit == 0);
  CHECK_THAT(r.screen, Catch::Contains("contact_on (29-01-2026"));
  CHECK_THAT(r.screen, Catch::Contains("'te voet' is geen toegestane waarde"));
  CHECK_THAT(r.screen, Catch::Contains("type (preparing_start"));
  auto contacts = device.must({"list", "support_contact"});
  REQUIRE(contacts.size() == 1);
  CHECK(contacts[0]["fields"]["contact_on"] == "2026-03-01");
  CHECK(contacts[0]["fields"]["mode"] == "face_to_face");
  CHECK(contacts[0]["fields"]["type"] == "first_days");
}

TEST_CASE("On a terminal, giving up on a question saves nothing", "[cli][prompt]") {
  CliDevice device({{"COACH_TEST_NOW", "2026-03-02T10:00"}, {"LANG", "en_GB.UTF-8"}});
  device.must({"init", "--actor", "marieke"});
  PtyResult r = runOnTerminal(device, {"participant", "add"}, "\n\n\n");
  INFO(r.screen);
  CHECK(r.exit == 2);
  CHECK_THAT(r.screen, Catch::Contains("no usable answer for name; nothing was saved"));
  CHECK(device.must({"list", "participant"}).empty());
}
