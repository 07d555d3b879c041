// query/fidelity_items.hpp: one function per IPS-25 item, each turning FigureData into a FidelityItem for a
// period (computeFidelity in fidelity.cpp calls them in the order of the scale). The rules and anchors are
// those of docs/figures.md, "Fidelity"; the bands are in fidelity_bands.hpp.
//
// Thread-safety: pure functions over their arguments.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "coach/figures.hpp"
#include "query/fidelity_data.hpp"

namespace coach::figures {

// A new item with its code and the scale's title; computed says whether the records score it.
FidelityItem makeItem(const std::string& code, bool computed);
void warn(FidelityItem& item, std::string message, std::vector<std::string> ids = {});

// Participants active on the period's last day (a contact in the 4 weeks up to it, S1) whose trajectory was
// not closed by then, by coach.
std::map<std::string, std::vector<std::string>> activeByCoach(const FigureData& data, const Period& p);
// Every coach in the picture: with an active caseload, with an employer contact in the period, or with an FTE.
std::set<std::string> coachesOf(const FigureData& data, const FidelityOptions& options);

// fidelity_items.cpp
FidelityItem scoreS1Caseload(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreO1TeamAssignment(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV1Benefits(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV3ProfileUpdates(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV4RapidSearch(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV5Individualised(const FigureData& data, const FidelityOptions& options);

// fidelity_jobs.cpp
FidelityItem scoreV6EmployerContacts(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV8JobTypes(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV9Employers(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV10Competitive(const FigureData& data, const FidelityOptions& options);

// fidelity_follow.cpp
FidelityItem scoreV11FollowAlong(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV12TimeUnlimited(const FigureData& data, const FidelityOptions& options);
FidelityItem scoreV13Community(const FigureData& data, const FidelityOptions& options);

// fidelity.cpp: the whole scale from data already loaded (computeFidelity loads, then calls this); options must
// have been checked (checkFidelityOptions).
Status checkFidelityOptions(const FidelityOptions& options);
FidelityReport fidelityFrom(const FigureData& data, const FidelityOptions& options);

// fidelity_evidence.cpp: the evidence list of an item that needs a reviewer's judgement.
FidelityItem evidenceFor(const std::string& code, const FigureData& data, const FidelityOptions& options);

}  // namespace coach::figures
