// query/outcomes_compute.hpp: the outcome figures over an already loaded FigureData, so the exports can compute
// them over the participants whose consent covers a recipient (query/exports*.cpp).
//
// Thread-safety: pure functions over their arguments.
#pragma once

#include "coach/figures.hpp"
#include "query/fidelity_data.hpp"

namespace coach::figures {

// options must have been checked (checkOutcomeOptions).
OutcomeReport outcomesFrom(const FigureData& data, const OutcomeOptions& options);
Status checkOutcomeOptions(const OutcomeOptions& options);

// A paid job: every job but an (unpaid) trial placement.
inline bool isPaid(const Job& job) { return !job.trial; }

}  // namespace coach::figures
