// Internal to lab/. The lab's communicator step: a receiver on port 65432 (the calls
// behind `sockscope message receive`) and the communicator menu as the sender, driven
// by a scripted keyboard, on the private network.
#pragma once

#include "lab/steps.h"

namespace sockscope::lab {

bool communicator_exchange(LabState& state, Transcript& transcript);

}  // namespace sockscope::lab
