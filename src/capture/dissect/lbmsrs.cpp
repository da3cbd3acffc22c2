#include "capture/dissect/lbmsrs.h"

#include <algorithm>
#include <array>

namespace sockscope::capture {
namespace {

// tshark 4.0 (Debian 12): tshark -G decodes | awk -F'\t' '$1 == "tcp.port" {print $2}' | sort -n -u
constexpr std::array<std::uint16_t, 574> kTsharkTcpPorts = {
    0,     7,     13,    19,    20,    21,    22,    23,    25,    37,    42,    43,    49,
    53,    70,    79,    80,    88,    102,   104,   110,   111,   119,   123,   139,   143,
    161,   162,   179,   199,   210,   323,   324,   389,   427,   443,   445,   464,   465,
    473,   500,   502,   512,   513,   514,   515,   524,   547,   548,   554,   564,   587,
    631,   636,   639,   646,   647,   674,   705,   802,   829,   853,   854,   862,   873,
    925,   988,   993,   995,   1080,  1090,  1099,  1102,  1153,  1194,  1213,  1300,  1344,
    1433,  1521,  1533,  1547,  1723,  1755,  1861,  1863,  1883,  1900,  1935,  1978,  1979,
    1998,  2000,  2001,  2065,  2099,  2123,  2126,  2152,  2190,  2221,  2234,  2240,  2269,
    2321,  2322,  2345,  2401,  2404,  2424,  2427,  2433,  2443,  2501,  2502,  2571,  2575,
    2600,  2710,  2727,  2812,  2855,  2869,  2944,  2945,  3002,  3003,  3006,  3014,  3016,
    3017,  3018,  3019,  3050,  3128,  3132,  3205,  3245,  3246,  3247,  3248,  3249,  3250,
    3251,  3252,  3268,  3288,  3306,  3333,  3334,  3357,  3369,  3386,  3389,  3452,  3478,
    3496,  3567,  3632,  3671,  3689,  3724,  3804,  3860,  3863,  3868,  3918,  4002,  4058,
    4155,  4189,  4222,  4223,  4224,  4249,  4250,  4321,  4342,  4369,  4420,  4551,  4555,
    4556,  4661,  4662,  4663,  4712,  4730,  4737,  4739,  4788,  4840,  4880,  5000,  5010,
    5060,  5061,  5066,  5084,  5094,  5190,  5222,  5253,  5353,  5432,  5445,  5500,  5501,
    5534,  5555,  5671,  5672,  5683,  5684,  5701,  5721,  5868,  5900,  5901,  5985,  5997,
    6000,  6001,  6002,  6003,  6004,  6005,  6006,  6007,  6008,  6009,  6010,  6011,  6012,
    6013,  6014,  6015,  6016,  6017,  6018,  6019,  6020,  6021,  6022,  6023,  6024,  6025,
    6026,  6027,  6028,  6029,  6030,  6031,  6032,  6033,  6034,  6035,  6036,  6037,  6038,
    6039,  6040,  6041,  6042,  6043,  6044,  6045,  6046,  6047,  6048,  6049,  6050,  6051,
    6052,  6053,  6054,  6055,  6056,  6057,  6058,  6059,  6060,  6061,  6062,  6063,  6068,
    6075,  6084,  6121,  6160,  6346,  6379,  6417,  6653,  6666,  6667,  6668,  6881,  6882,
    6883,  6884,  6885,  6886,  6887,  6888,  6889,  7000,  7075,  7171,  7172,  7236,  7275,
    7276,  7871,  7890,  7900,  7911,  7930,  8004,  8009,  8010,  8023,  8074,  8080,  8085,
    8088,  8554,  8567,  8883,  9000,  9009,  9042,  9092,  9168,  9300,  9418,  9600,  9955,
    9956,  9999,  10000, 10288, 11207, 11210, 11211, 11371, 13400, 13819, 14001, 15740, 17500,
    17755, 17756, 19006, 19042, 19043, 19506, 19543, 19999, 20000, 20256, 21064, 22222, 24800,
    27017, 29418, 30000, 30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30009, 30010,
    30011, 30012, 30013, 30014, 30015, 30016, 30017, 30018, 30019, 30020, 30021, 30022, 30023,
    30024, 30025, 30026, 30027, 30028, 30029, 30030, 30031, 30032, 30033, 30034, 30035, 30036,
    30037, 30038, 30039, 30040, 30041, 30042, 30043, 30044, 30045, 30046, 30047, 30048, 30049,
    30050, 30051, 30052, 30053, 30054, 30055, 30056, 30057, 30058, 30059, 30060, 30061, 30062,
    30063, 30064, 30065, 30066, 30067, 30068, 30069, 30070, 30071, 30072, 30073, 30074, 30075,
    30076, 30077, 30078, 30079, 30080, 30081, 30082, 30083, 30084, 30085, 30086, 30087, 30088,
    30089, 30090, 30091, 30092, 30093, 30094, 30095, 30096, 30097, 30098, 30099, 30100, 30101,
    30102, 30103, 30104, 30105, 30106, 30107, 30108, 30109, 30110, 30111, 30112, 30113, 30114,
    30115, 30116, 30117, 30118, 30119, 30120, 30121, 30122, 30123, 30124, 30125, 30126, 30127,
    30128, 30129, 30130, 30131, 30132, 30133, 30134, 30135, 30136, 30137, 30138, 30139, 30140,
    30141, 30142, 30143, 30144, 30145, 30146, 30147, 30148, 30149, 30150, 30151, 30152, 30153,
    30154, 30155, 30156, 30157, 30158, 30159, 30160, 30161, 30162, 30163, 30164, 30165, 30166,
    30167, 30168, 30169, 30170, 30171, 30172, 30173, 30174, 30175, 30176, 30177, 30178, 30179,
    30180, 30181, 30182, 30183, 30184, 30185, 30186, 30187, 30188, 30189, 30190, 30191, 30192,
    30193, 30194, 30195, 30196, 30197, 30198, 30199, 30200, 34980, 44321, 44322, 44818, 48049,
    48898, 57000,
};

bool is_loopback_v4(const net::IpAddress& a) {
  return a.family == AF_INET && a.bytes[0] == 127 && a.bytes[1] == 0 && a.bytes[2] == 0 &&
         a.bytes[3] == 1;
}

std::uint32_t be(Bytes b, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<std::uint8_t>(b[at + i]);
  return v;
}

}  // namespace

bool tshark_tcp_port_registered(std::uint16_t port) {
  return std::binary_search(kTsharkTcpPorts.begin(), kTsharkTcpPorts.end(), port);
}

bool lbmsrs_frame_check(Bytes b) {
  const std::size_t n = b.size();
  if (n < 8) return false;  // length (3), stream id (4), frame type and flags
  const std::uint32_t stream_id = be(b, 3, 4);
  const unsigned type = static_cast<std::uint8_t>(b[7]) >> 2;
  const bool metadata = (static_cast<std::uint8_t>(b[7]) & 3) != 0;
  std::size_t at = 7;
  switch (type) {
    case 0x01:  // SETUP, KEEPALIVE, METADATA_PUSH, RESUME, RESUME_OK: stream 0
    case 0x03:
    case 0x0c:
    case 0x0d:
    case 0x0e:
      return stream_id == 0;
    case 0x3f:  // EXT
      return true;
    case 0x04:  // REQUEST_RESPONSE, REQUEST_FNF, CANCEL, PAYLOAD
    case 0x05:
    case 0x09:
    case 0x0a:
      at += 2;
      break;
    case 0x06:  // REQUEST_STREAM, REQUEST_CHANNEL, REQUEST_N, ERROR
    case 0x07:
    case 0x08:
    case 0x0b:
      at += 6;
      break;
    default:
      return false;
  }
  if (metadata) {
    if (n < at + 3) return false;
    at += 3 + be(b, at, 3);
    if (n < at + 6) return false;
  }
  // The SRS message id, when more than two bytes follow (unsigned arithmetic, as in C).
  if (at > n || n - at <= 2) return false;
  const std::uint32_t id = be(b, at, 2);
  return id >= 1 && id <= 12;
}

void LbmsrsHeuristic::add_checked(Packet& p, int direction) {
  if (p.payload_len == 0 || !p.has(kProtoTcp) || direction < 0 || p.stream < 0) return;
  if (p.http != Packet::HttpPart::kNone || p.ip_layer_count != 1) return;
  // Retransmissions (not fast ones) and out-of-order segments go to no subdissector and
  // no reassembly in tshark.
  if (p.tcpa.flags & kNoSubdissector) return;
  if (!is_loopback_v4(p.src) && !is_loopback_v4(p.dst)) return;
  const std::size_t key =
      static_cast<std::size_t>(p.stream) * 2 + static_cast<std::size_t>(direction);
  const std::uint32_t seq = p.tcpa.rel_seq;
  if (key < pending_.size() && pending_[key].active) {
    Pending& w = pending_[key];
    if (seq - w.start < w.end - w.start) {  // inside the awaited frame
      if (seq + p.payload_len - w.start >= w.end - w.start) {
        w.active = false;  // it completes: LBMSRS would show it (not modelled)
        --awaited_;
        return;
      }
      p.tcp_pdu = Packet::TcpPdu::kMore;
      return;
    }
    if (seq - w.start < 0x80000000u) {  // past it: a new start
      w.active = false;
      --awaited_;
    }
  }
  // The heuristic needs the segment captured whole; the cheap check first, the port
  // table only for a payload that passes it.
  if (p.payload.size() < p.payload_len || !lbmsrs_frame_check(p.payload)) return;
  if (tshark_tcp_port_registered(p.tcp.sport) || tshark_tcp_port_registered(p.tcp.dport)) return;
  const std::uint32_t length = be(p.payload, 0, 3) + 3;
  if (length <= p.payload_len) return;  // a whole frame in this segment (not modelled)
  if (key >= pending_.size()) pending_.resize(key + 1);
  if (!pending_[key].active) ++awaited_;
  pending_[key] = Pending{seq, seq + length, true};
  p.tcp_pdu = Packet::TcpPdu::kFirst;
}

}  // namespace sockscope::capture
