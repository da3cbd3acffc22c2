// Public. The banner lab's step (lab 003, phases 4 and 6) on the servers the lab started:
// a port scan of the HTTP server (lab 001's web server), the banner server and a
// communicator receiver, then `scan --banners`' service detection on the open ports; the
// lab's banners.csv and a Markdown report (from the scan's -oJ document) written into the
// lab's private directory and shown in the transcript.
#pragma once

#include "lab/steps.h"

namespace sockscope::lab {

// Passes when every one of the three ports is open, has a banner, and both files were
// written and read back with a row per port.
bool grab_lab_banners(LabState& state, Transcript& transcript);

}  // namespace sockscope::lab
