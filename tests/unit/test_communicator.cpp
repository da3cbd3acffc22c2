// The communicator menu over string streams: the lab's texts for the paths that need no
// network (bad option, bad message, bad address, end of input).
#include "message/communicator.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace sockscope::message {
namespace {

std::string run(const std::string& keyboard, CommunicatorSummary* summary = nullptr) {
  std::istringstream in(keyboard);
  std::ostringstream out;
  CommunicatorSummary s = Communicator(in, out, CommunicatorOptions{}).run();
  if (summary != nullptr) *summary = s;
  return out.str();
}

const char* kMenu =
    "===The sockscope Communicator===\n"
    "1) send message\n"
    "2) receive message\n"
    "0) exit\n";

TEST(CommunicatorMenu, TheLabsExitTranscript) {
  EXPECT_EQ(run("exit\n0\n"), std::string(kMenu) +
                                  "Enter option: Error, invalid input\n"
                                  "Enter option: \n"
                                  "Goodbye!\n");
}

TEST(CommunicatorMenu, EndOfInputSaysGoodbye) {
  EXPECT_EQ(run(""), std::string(kMenu) + "Enter option: \n\nGoodbye!\n");
}

TEST(CommunicatorMenu, MessageAndAddressAreAskedAgainUntilValid) {
  std::string out = run("1\n" + std::string(4097, 'x') + "\nhello\n192.168.sam\n192.168.2\n");
  EXPECT_NE(out.find("Enter Message (max 4096 characters): Error, the message is longer than "
                     "4096 characters\nEnter Message (max 4096 characters): Enter Recipient IP: "
                     "Error not a valid IPv4 Address:\nEnter Recipient IP: Error not a valid "
                     "IPv4:\nEnter Recipient IP: \n\nGoodbye!\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("Sending."), std::string::npos);
}

TEST(CommunicatorMenu, EchoShowsWhatWasTyped) {
  std::istringstream in("7\n0\n");
  std::ostringstream out;
  CommunicatorOptions options;
  options.title = "===The Python Communicator===";
  options.echo_input = true;
  Communicator(in, out, options).run();
  EXPECT_EQ(out.str(),
            "===The Python Communicator===\n1) send message\n2) receive message\n0) exit\n"
            "Enter option: 7\nError, invalid input\nEnter option: 0\n\nGoodbye!\n");
}

}  // namespace
}  // namespace sockscope::message
