// Public. Lab 001's web part: a TCP client sends an HTTP GET with its own User-Agent
// ("Mozilla/lm3nitro 1.0") to a web server, and the server's log shows that User-Agent.
// Here the client is `sockscope http` (http::fetch) and the web server a lab server that
// answers one fixed HTTP response and closes, on port 80 of the private network.
#pragma once

#include "lab/steps.h"

namespace sockscope::lab {

// Passes when the response is a 200 with the server's body and the server received the
// request with the custom User-Agent.
bool http_get_with_user_agent(LabState& state, Transcript& transcript);

}  // namespace sockscope::lab
