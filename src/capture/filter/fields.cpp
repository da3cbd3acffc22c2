#include "capture/filter/fields.h"

#include "capture/dissect/dhcp.h"
#include "capture/dissect/dissect.h"
#include "capture/dissect/dns.h"
#include "capture/dissect/http_reassembly.h"
#include "capture/frame_protocols.h"
#include "capture/http_headers.h"
#include "capture/ipv4_cut_destination.h"
#include "capture/ipv6_extensions.h"
#include "capture/tree_end.h"
#include "net/inet_checksum.h"
#include "net/mac_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

namespace sockscope::capture::filter {
namespace {

using enum FieldId;
constexpr FieldType U = FieldType::kUint;

// A plain array: std::array's deduction guide folds over every element, and clang (the
// fuzz build's compiler) stops at 256 of them.
constexpr FieldDef kFields[] = {
    FieldDef{"frame", kFrame, FieldType::kProtocol},
    FieldDef{"eth", kEth, FieldType::kProtocol},
    FieldDef{"sll", kSll, FieldType::kProtocol},
    FieldDef{"ip", kIp, FieldType::kProtocol},
    FieldDef{"ipv6", kIpv6, FieldType::kProtocol},
    FieldDef{"tcp", kTcp, FieldType::kProtocol},
    FieldDef{"udp", kUdp, FieldType::kProtocol},
    FieldDef{"icmp", kIcmp, FieldType::kProtocol},
    FieldDef{"icmpv6", kIcmpv6, FieldType::kProtocol},
    FieldDef{"arp", kArp, FieldType::kProtocol},
    FieldDef{"data", kData, FieldType::kProtocol},
    FieldDef{"dns", kDns, FieldType::kProtocol},
    FieldDef{"http", kHttp, FieldType::kProtocol},
    FieldDef{"gre", kGre, FieldType::kProtocol},
    FieldDef{"frame.len", kFrameLen, U},
    FieldDef{"frame.cap_len", kFrameCapLen, U},
    FieldDef{"frame.number", kFrameNumber, U},
    FieldDef{"frame.time_relative", kFrameTimeRelative, FieldType::kRelTime},
    FieldDef{"frame.time_epoch", kFrameTimeEpoch, FieldType::kRelTime},
    FieldDef{"frame.time", kFrameTime, FieldType::kTime},
    FieldDef{"_ws.malformed", kWsMalformed, FieldType::kProtocol},
    FieldDef{"_ws.short", kWsShort, FieldType::kProtocol},
    FieldDef{"_ws.unreassembled", kWsUnreassembled, FieldType::kProtocol},
    FieldDef{"_ws.malformed.expert", kWsMalformedExpert, FieldType::kProtocol},
    FieldDef{"_ws.unreassembled.expert", kWsUnreassembledExpert, FieldType::kProtocol},
    FieldDef{"frame.marked", kFrameMarked, U},
    FieldDef{"frame.ignored", kFrameIgnored, U},
    FieldDef{"frame.encap_type", kFrameEncapType, FieldType::kInt},
    FieldDef{"frame.interface_id", kFrameInterfaceId, U},
    FieldDef{"frame.interface_name", kFrameInterfaceName, FieldType::kString},
    FieldDef{"frame.offset_shift", kFrameOffsetShift, FieldType::kRelTime},
    FieldDef{"frame.comment", kFrameComment, FieldType::kString},
    FieldDef{"frame.comment.expert", kFrameCommentExpert, FieldType::kProtocol},
    FieldDef{"frame.packet_flags", kFramePacketFlags, U},
    FieldDef{"frame.packet_flags_direction", kFramePacketFlagsDirection, U},
    FieldDef{"frame.packet_flags_reception_type", kFramePacketFlagsReceptionType, U},
    FieldDef{"frame.packet_flags_fcs_length", kFramePacketFlagsFcsLength, U},
    FieldDef{"frame.packet_flags_reserved", kFramePacketFlagsReserved, U},
    FieldDef{"frame.packet_flags_crc_error", kFramePacketFlagsCrcError, U},
    FieldDef{"frame.packet_flags_packet_too_error", kFramePacketFlagsPacketTooError, U},
    FieldDef{"frame.packet_flags_packet_too_short_error", kFramePacketFlagsPacketTooShortError, U},
    FieldDef{"frame.packet_flags_wrong_inter_frame_gap_error",
             kFramePacketFlagsWrongInterFrameGapError, U},
    FieldDef{"frame.packet_flags_unaligned_frame_error", kFramePacketFlagsUnalignedFrameError, U},
    FieldDef{"frame.packet_flags_start_frame_delimiter_error",
             kFramePacketFlagsStartFrameDelimiterError, U},
    FieldDef{"frame.packet_flags_preamble_error", kFramePacketFlagsPreambleError, U},
    FieldDef{"frame.packet_flags_symbol_error", kFramePacketFlagsSymbolError, U},
    FieldDef{"frame.p2p_dir", kFrameP2pDir, FieldType::kInt},
    FieldDef{"frame.packet_id", kFramePacketId, U},
    FieldDef{"frame.drop_count", kFrameDropCount, U},
    FieldDef{"pkt_comment", kPktComment, FieldType::kProtocol},
    // Never shown with tshark's defaults: a preference (frame.file_off, frame.md5_hash,
    // data.text, ip.tos: the TOS reading of the DSCP byte), coloring rules (tshark -Y
    // applies none), a reference time (none is set), links (no encapsulation here has
    // one), GeoIP (no database); frame.time_invalid (every time read is valid).
    FieldDef{"frame.file_off", kNotShown, FieldType::kInt},
    FieldDef{"frame.md5_hash", kNotShown, FieldType::kString},
    FieldDef{"frame.coloring_rule.name", kNotShown, FieldType::kString},
    FieldDef{"frame.coloring_rule.string", kNotShown, FieldType::kString},
    FieldDef{"frame.ref_time", kNotShownLabel, FieldType::kProtocol},
    FieldDef{"frame.time_invalid", kNotShownLabel, FieldType::kProtocol},
    FieldDef{"frame.link_nr", kFrameLinkNr, U},
    FieldDef{"data.text", kNotShown, FieldType::kString},
    FieldDef{"ip.tos", kIpTos, U},
    FieldDef{"ip.tos.precedence", kIpTosPrecedence, U},
    FieldDef{"ip.tos.delay", kIpTosDelay, U},
    FieldDef{"ip.tos.throughput", kIpTosThroughput, U},
    FieldDef{"ip.tos.reliability", kIpTosReliability, U},
    FieldDef{"ip.tos.cost", kIpTosCost, U},
    FieldDef{"ip.geoip.country", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.country_iso", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.city", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.asnum", kNotShown, U},
    FieldDef{"ip.geoip.org", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.lat", kNotShown, FieldType::kDouble},
    FieldDef{"ip.geoip.lon", kNotShown, FieldType::kDouble},
    FieldDef{"ip.geoip.src_summary", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.src_country", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.src_country_iso", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.src_city", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.src_asnum", kNotShown, U},
    FieldDef{"ip.geoip.src_org", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.src_lat", kNotShown, FieldType::kDouble},
    FieldDef{"ip.geoip.src_lon", kNotShown, FieldType::kDouble},
    FieldDef{"ip.geoip.dst_summary", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.dst_country", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.dst_country_iso", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.dst_city", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.dst_asnum", kNotShown, U},
    FieldDef{"ip.geoip.dst_org", kNotShown, FieldType::kString},
    FieldDef{"ip.geoip.dst_lat", kNotShown, FieldType::kDouble},
    FieldDef{"ip.geoip.dst_lon", kNotShown, FieldType::kDouble},
    FieldDef{"eth.src.oui", kEthSrcOui, U},
    FieldDef{"eth.dst.oui", kEthDstOui, U},
    FieldDef{"eth.addr.oui", kEthAddrOui, U},
    FieldDef{"eth.src_resolved", kEthSrcResolved, FieldType::kString},
    FieldDef{"eth.dst_resolved", kEthDstResolved, FieldType::kString},
    FieldDef{"eth.addr_resolved", kEthAddrResolved, FieldType::kString},
    FieldDef{"tcp.connection.syn", kTcpConnectionSyn, FieldType::kProtocol},
    FieldDef{"tcp.connection.synack", kTcpConnectionSynack, FieldType::kProtocol},
    FieldDef{"tcp.connection.fin", kTcpConnectionFin, FieldType::kProtocol},
    FieldDef{"tcp.connection.rst", kTcpConnectionRst, FieldType::kProtocol},
    FieldDef{"icmp.checksum.status", kIcmpChecksumStatus, U},
    FieldDef{"icmpv6.checksum.status", kIcmpv6ChecksumStatus, U},
    FieldDef{"frame.time_delta", kFrameTimeDelta, FieldType::kRelTime},
    FieldDef{"frame.protocols", kFrameProtocols, FieldType::kString},
    FieldDef{"frame.time_delta_displayed", kFrameTimeDeltaDisplayed, FieldType::kRelTime},
    FieldDef{"eth.src", kEthSrc, FieldType::kMac},
    FieldDef{"eth.dst", kEthDst, FieldType::kMac},
    FieldDef{"eth.addr", kEthAddr, FieldType::kMac},
    FieldDef{"eth.type", kEthType, U},
    FieldDef{"eth.len", kEthLen, U},
    FieldDef{"eth.invalid_lentype", kEthInvalidLentype, U},
    FieldDef{"eth.dst.ig", kEthDstIg, U},
    FieldDef{"eth.src.ig", kEthSrcIg, U},
    FieldDef{"eth.dst.lg", kEthDstLg, U},
    FieldDef{"ip.src", kIpSrc, FieldType::kIp},
    FieldDef{"ip.dst", kIpDst, FieldType::kIp},
    FieldDef{"ip.addr", kIpAddr, FieldType::kIp},
    FieldDef{"ip.ttl", kIpTtl, U},
    FieldDef{"ip.proto", kIpProto, U},
    FieldDef{"ip.len", kIpLen, U},
    FieldDef{"ip.id", kIpId, U},
    FieldDef{"ip.hdr_len", kIpHdrLen, U},
    FieldDef{"ip.version", kIpVersion, U},
    FieldDef{"ip.flags", kIpFlags, U},
    FieldDef{"ip.flags.rb", kIpFlagRb, U},
    FieldDef{"ip.flags.df", kIpFlagDf, U},
    FieldDef{"ip.flags.mf", kIpFlagMf, U},
    FieldDef{"ip.frag_offset", kIpFragOffset, U},
    FieldDef{"ip.dsfield", kIpDsfield, U},
    FieldDef{"ip.dsfield.dscp", kIpDscp, U},
    FieldDef{"ip.dsfield.ecn", kIpEcn, U},
    FieldDef{"ip.checksum", kIpChecksum, U},
    FieldDef{"ip.checksum.status", kIpChecksumStatus, U},
    FieldDef{"ipv6.version", kIpv6Version, U},
    FieldDef{"ipv6.plen", kIpv6Plen, U},
    FieldDef{"ipv6.flow", kIpv6Flow, U},
    FieldDef{"ipv6.src", kIpv6Src, FieldType::kIpv6},
    FieldDef{"ipv6.dst", kIpv6Dst, FieldType::kIpv6},
    FieldDef{"ipv6.addr", kIpv6Addr, FieldType::kIpv6},
    FieldDef{"ip.host", kIpHost, FieldType::kString},
    FieldDef{"ip.src_host", kIpSrcHost, FieldType::kString},
    FieldDef{"ip.dst_host", kIpDstHost, FieldType::kString},
    FieldDef{"ipv6.host", kIpv6Host, FieldType::kString},
    FieldDef{"ipv6.src_host", kIpv6SrcHost, FieldType::kString},
    FieldDef{"ipv6.dst_host", kIpv6DstHost, FieldType::kString},
    FieldDef{"ipv6.hlim", kIpv6Hlim, U},
    FieldDef{"ipv6.nxt", kIpv6Nxt, U},
    FieldDef{"tcp.srcport", kTcpSrcPort, U},
    FieldDef{"tcp.dstport", kTcpDstPort, U},
    FieldDef{"tcp.port", kTcpPort, U},
    FieldDef{"tcp.stream", kTcpStream, U},
    FieldDef{"tcp.seq", kTcpSeq, U},
    FieldDef{"tcp.ack", kTcpAck, U},
    FieldDef{"tcp.seq_raw", kTcpSeqRaw, U},
    FieldDef{"tcp.ack_raw", kTcpAckRaw, U},
    FieldDef{"tcp.len", kTcpLen, U},
    FieldDef{"tcp.hdr_len", kTcpHdrLen, U},
    FieldDef{"tcp.window_size", kTcpWindowSize, U},
    FieldDef{"tcp.window_size_value", kTcpWindowSizeValue, U},
    FieldDef{"tcp.window_size_scalefactor", kTcpWindowSizeScalefactor, FieldType::kInt},
    FieldDef{"tcp.flags", kTcpFlags, U},
    FieldDef{"tcp.flags.str", kTcpFlagsStr, FieldType::kString},
    FieldDef{"tcp.time_relative", kTcpTimeRelative, FieldType::kRelTime},
    FieldDef{"icmp.resp_to", kIcmpRespTo, U},
    FieldDef{"icmp.resp_in", kIcmpRespIn, U},
    FieldDef{"icmp.no_resp", kIcmpNoResp, FieldType::kProtocol},
    FieldDef{"icmpv6.resp_in", kIcmpv6RespIn, U},
    FieldDef{"icmpv6.no_resp", kIcmpv6NoResp, FieldType::kProtocol},
    FieldDef{"icmp.unused", kIcmpUnused, FieldType::kBytes},
    FieldDef{"icmp.mtu", kIcmpMtu, U},
    FieldDef{"icmp.pointer", kIcmpPointer, U},
    FieldDef{"icmp.length", kIcmpLength, U},
    FieldDef{"icmp.length.original_datagram", kIcmpLengthOriginalDatagram, U},
    FieldDef{"icmp.redir_gw", kIcmpRedirGw, FieldType::kIp},
    FieldDef{"icmp.address_mask", kIcmpAddressMask, FieldType::kIp},
    FieldDef{"icmp.resptime", kIcmpRespTime, FieldType::kDouble},
    FieldDef{"icmp.data_time", kIcmpDataTime, FieldType::kTime},
    FieldDef{"icmp.data_time_relative", kIcmpDataTimeRelative, FieldType::kRelTime},
    FieldDef{"icmpv6.resp_to", kIcmpv6RespTo, U},
    FieldDef{"icmpv6.resptime", kIcmpv6RespTime, FieldType::kDouble},
    FieldDef{"tcp.option_kind", kTcpOptionKind, U},
    FieldDef{"tcp.time_delta", kTcpTimeDelta, FieldType::kRelTime},
    FieldDef{"tcp.flags.fin", kTcpFlagFin, U},
    FieldDef{"tcp.flags.syn", kTcpFlagSyn, U},
    FieldDef{"tcp.flags.reset", kTcpFlagReset, U},
    FieldDef{"tcp.flags.push", kTcpFlagPush, U},
    FieldDef{"tcp.flags.ack", kTcpFlagAck, U},
    FieldDef{"tcp.flags.urg", kTcpFlagUrg, U},
    FieldDef{"tcp.flags.ece", kTcpFlagEce, U},
    FieldDef{"tcp.flags.cwr", kTcpFlagCwr, U},
    FieldDef{"tcp.nxtseq", kTcpNextSeq, U},
    FieldDef{"tcp.payload", kTcpPayload, FieldType::kBytes},
    FieldDef{"tcp.checksum", kTcpChecksum, U},
    FieldDef{"tcp.urgent_pointer", kTcpUrgentPointer, U},
    FieldDef{"tcp.checksum.status", kTcpChecksumStatus, U},
    FieldDef{"tcp.analysis.flags", kTcpAnalysisFlags, FieldType::kProtocol},
    FieldDef{"tcp.analysis.retransmission", kTcpAnalysisRetransmission, FieldType::kProtocol},
    FieldDef{"tcp.analysis.fast_retransmission", kTcpAnalysisFastRetransmission,
             FieldType::kProtocol},
    FieldDef{"tcp.analysis.out_of_order", kTcpAnalysisOutOfOrder, FieldType::kProtocol},
    FieldDef{"tcp.analysis.lost_segment", kTcpAnalysisLostSegment, FieldType::kProtocol},
    FieldDef{"tcp.analysis.duplicate_ack", kTcpAnalysisDuplicateAck, FieldType::kProtocol},
    FieldDef{"tcp.analysis.zero_window", kTcpAnalysisZeroWindow, FieldType::kProtocol},
    FieldDef{"tcp.analysis.keep_alive", kTcpAnalysisKeepAlive, FieldType::kProtocol},
    FieldDef{"tcp.analysis.window_update", kTcpAnalysisWindowUpdate, FieldType::kProtocol},
    FieldDef{"tcp.analysis.window_full", kTcpAnalysisWindowFull, FieldType::kProtocol},
    FieldDef{"tcp.analysis.spurious_retransmission", kTcpAnalysisSpuriousRetransmission,
             FieldType::kProtocol},
    FieldDef{"tcp.analysis.keep_alive_ack", kTcpAnalysisKeepAliveAck, FieldType::kProtocol},
    FieldDef{"tcp.analysis.zero_window_probe", kTcpAnalysisZeroWindowProbe, FieldType::kProtocol},
    FieldDef{"tcp.analysis.ack_lost_segment", kTcpAnalysisAckedUnseen, FieldType::kProtocol},
    FieldDef{"tcp.analysis.reused_ports", kTcpAnalysisReusedPorts, FieldType::kProtocol},
    FieldDef{"tcp.analysis.zero_window_probe_ack", kTcpAnalysisZeroWindowProbeAck,
             FieldType::kProtocol},
    FieldDef{"tcp.analysis.tfo_syn", kTcpAnalysisTfoSyn, FieldType::kProtocol},
    FieldDef{"tcp.analysis.tfo_ack", kTcpAnalysisTfoAck, FieldType::kProtocol},
    FieldDef{"tcp.analysis.tfo_ignored", kTcpAnalysisTfoIgnored, FieldType::kProtocol},
    FieldDef{"tcp.analysis.duplicate_ack_num", kTcpAnalysisDupAckNum, U},
    FieldDef{"tcp.analysis.duplicate_ack_frame", kTcpAnalysisDupAckFrame, U},
    FieldDef{"tcp.analysis.rto", kTcpAnalysisRto, FieldType::kRelTime},
    FieldDef{"tcp.analysis.rto_frame", kTcpAnalysisRtoFrame, U},
    FieldDef{"tcp.analysis", kTcpAnalysis, FieldType::kProtocol},
    FieldDef{"tcp.analysis.acks_frame", kTcpAnalysisAcksFrame, U},
    FieldDef{"tcp.analysis.ack_rtt", kTcpAnalysisAckRtt, FieldType::kRelTime},
    FieldDef{"tcp.analysis.initial_rtt", kTcpAnalysisInitialRtt, FieldType::kRelTime},
    FieldDef{"tcp.analysis.bytes_in_flight", kTcpAnalysisBytesInFlight, U},
    FieldDef{"tcp.analysis.push_bytes_sent", kTcpAnalysisPushBytesSent, U},
    FieldDef{"tcp.options.mss_val", kTcpOptionMss, U},
    FieldDef{"tcp.options.wscale.shift", kTcpOptionWscale, U},
    FieldDef{"udp.srcport", kUdpSrcPort, U},
    FieldDef{"udp.dstport", kUdpDstPort, U},
    FieldDef{"udp.port", kUdpPort, U},
    FieldDef{"udp.stream", kUdpStream, U},
    FieldDef{"udp.time_relative", kUdpTimeRelative, FieldType::kRelTime},
    FieldDef{"udp.time_delta", kUdpTimeDelta, FieldType::kRelTime},
    FieldDef{"udp.length", kUdpLength, U},
    FieldDef{"udp.checksum", kUdpChecksum, U},
    FieldDef{"udp.payload", kUdpPayload, FieldType::kBytes},
    FieldDef{"udp.length.bad", kUdpLengthBad, FieldType::kProtocol},
    FieldDef{"udp.length.bad_zero", kUdpLengthBadZero, FieldType::kProtocol},
    FieldDef{"udp.possible_traceroute", kUdpPossibleTraceroute, FieldType::kProtocol},
    FieldDef{"icmp.type", kIcmpType, U},
    FieldDef{"icmp.code", kIcmpCode, U},
    FieldDef{"icmp.ident", kIcmpIdent, U},
    FieldDef{"icmp.seq", kIcmpSeq, U},
    FieldDef{"icmpv6.type", kIcmpv6Type, U},
    FieldDef{"icmpv6.code", kIcmpv6Code, U},
    FieldDef{"icmp.checksum", kIcmpChecksum, U},
    FieldDef{"icmpv6.checksum", kIcmpv6Checksum, U},
    FieldDef{"icmpv6.reserved", kIcmpv6Reserved, FieldType::kBytes},
    FieldDef{"icmpv6.mtu", kIcmpv6Mtu, U},
    FieldDef{"icmpv6.pointer", kIcmpv6Pointer, U},
    FieldDef{"icmpv6.nd.ns.target_address", kIcmpv6NdNsTarget, FieldType::kIpv6},
    FieldDef{"icmpv6.nd.na.flag", kIcmpv6NdNaFlag, U},
    FieldDef{"icmpv6.nd.na.flag.r", kIcmpv6NdNaFlagR, U},
    FieldDef{"icmpv6.nd.na.flag.s", kIcmpv6NdNaFlagS, U},
    FieldDef{"icmpv6.nd.na.flag.o", kIcmpv6NdNaFlagO, U},
    FieldDef{"icmpv6.nd.na.flag.rsv", kIcmpv6NdNaFlagRsv, U},
    FieldDef{"icmpv6.nd.na.target_address", kIcmpv6NdNaTarget, FieldType::kIpv6},
    FieldDef{"icmpv6.nd.ra.cur_hop_limit", kIcmpv6NdRaCurHopLimit, U},
    FieldDef{"icmpv6.nd.ra.flag", kIcmpv6NdRaFlag, U},
    FieldDef{"icmpv6.nd.ra.flag.m", kIcmpv6NdRaFlagM, U},
    FieldDef{"icmpv6.nd.ra.flag.o", kIcmpv6NdRaFlagO, U},
    FieldDef{"icmpv6.nd.ra.flag.h", kIcmpv6NdRaFlagH, U},
    FieldDef{"icmpv6.nd.ra.flag.prf", kIcmpv6NdRaFlagPrf, U},
    FieldDef{"icmpv6.nd.ra.flag.p", kIcmpv6NdRaFlagP, U},
    FieldDef{"icmpv6.nd.ra.flag.rsv", kIcmpv6NdRaFlagRsv, U},
    FieldDef{"icmpv6.nd.ra.router_lifetime", kIcmpv6NdRaRouterLifetime, U},
    FieldDef{"icmpv6.nd.ra.reachable_time", kIcmpv6NdRaReachableTime, U},
    FieldDef{"icmpv6.nd.ra.retrans_timer", kIcmpv6NdRaRetransTimer, U},
    FieldDef{"icmpv6.nd.rd.target_address", kIcmpv6NdRdTarget, FieldType::kIpv6},
    FieldDef{"icmpv6.mldr.nb_mcast_records", kIcmpv6MldrNbMcastRecords, U},
    FieldDef{"icmpv6.mldr.mar.record_type", kIcmpv6MldrMarRecordType, U},
    FieldDef{"icmpv6.mldr.mar.aux_data_len", kIcmpv6MldrMarAuxDataLen, U},
    FieldDef{"icmpv6.mldr.mar.nb_sources", kIcmpv6MldrMarNbSources, U},
    FieldDef{"icmpv6.mldr.mar.multicast_address", kIcmpv6MldrMarMulticastAddress, FieldType::kIpv6},
    FieldDef{"icmpv6.mldr.mar.source_address", kIcmpv6MldrMarSourceAddress, FieldType::kIpv6},
    FieldDef{"icmpv6.opt", kIcmpv6Opt, FieldType::kProtocol},
    FieldDef{"icmpv6.opt.type", kIcmpv6OptType, U},
    FieldDef{"icmpv6.opt.length", kIcmpv6OptLength, U},
    FieldDef{"icmpv6.opt.mtu", kIcmpv6OptMtu, U},
    FieldDef{"icmpv6.opt.prefix.length", kIcmpv6OptPrefixLength, U},
    FieldDef{"icmpv6.opt.prefix.flag", kIcmpv6OptPrefixFlag, U},
    FieldDef{"icmpv6.opt.prefix.flag.l", kIcmpv6OptPrefixFlagL, U},
    FieldDef{"icmpv6.opt.prefix.flag.a", kIcmpv6OptPrefixFlagA, U},
    FieldDef{"icmpv6.opt.prefix.flag.r", kIcmpv6OptPrefixFlagR, U},
    FieldDef{"icmpv6.opt.prefix.flag.reserved", kIcmpv6OptPrefixFlagReserved, U},
    FieldDef{"icmpv6.opt.prefix.valid_lifetime", kIcmpv6OptPrefixValidLifetime, U},
    FieldDef{"icmpv6.opt.prefix.preferred_lifetime", kIcmpv6OptPrefixPreferredLifetime, U},
    FieldDef{"icmpv6.opt.prefix", kIcmpv6OptPrefix, FieldType::kIpv6},
    FieldDef{"icmpv6.opt.linkaddr", kIcmpv6OptLinkaddr, FieldType::kBytes},
    FieldDef{"icmpv6.opt.src_linkaddr", kIcmpv6OptSrcLinkaddr, FieldType::kBytes},
    FieldDef{"icmpv6.opt.target_linkaddr", kIcmpv6OptTargetLinkaddr, FieldType::kBytes},
    FieldDef{"icmpv6.opt.nonce", kIcmpv6OptNonce, FieldType::kBytes},
    FieldDef{"udp.checksum.status", kUdpChecksumStatus, U},
    FieldDef{"arp.opcode", kArpOpcode, U},
    FieldDef{"arp.src.proto_ipv4", kArpSrcProtoIpv4, FieldType::kIp},
    FieldDef{"arp.dst.proto_ipv4", kArpDstProtoIpv4, FieldType::kIp},
    FieldDef{"arp.src.hw_mac", kArpSrcHwMac, FieldType::kMac},
    FieldDef{"arp.dst.hw_mac", kArpDstHwMac, FieldType::kMac},
    FieldDef{"dns.id", kDnsId, U},
    FieldDef{"dns.flags", kDnsFlags, U},
    FieldDef{"dns.flags.response", kDnsFlagResponse, U},
    FieldDef{"dns.flags.rcode", kDnsFlagRcode, U},
    FieldDef{"dns.count.queries", kDnsCountQueries, U},
    FieldDef{"dns.count.answers", kDnsCountAnswers, U},
    FieldDef{"dns.qry.name", kDnsQryName, FieldType::kString},
    FieldDef{"dns.a", kDnsA, FieldType::kIp},
    FieldDef{"dns.flags.opcode", kDnsFlagOpcode, U},
    FieldDef{"dns.flags.authoritative", kDnsFlagAuthoritative, U},
    FieldDef{"dns.flags.truncated", kDnsFlagTruncated, U},
    FieldDef{"dns.flags.recdesired", kDnsFlagRecDesired, U},
    FieldDef{"dns.flags.recavail", kDnsFlagRecAvail, U},
    FieldDef{"dns.flags.z", kDnsFlagZ, U},
    FieldDef{"dns.flags.authenticated", kDnsFlagAuthenticated, U},
    FieldDef{"dns.flags.checkdisable", kDnsFlagCheckDisable, U},
    FieldDef{"dns.count.auth_rr", kDnsCountAuthRr, U},
    FieldDef{"dns.count.add_rr", kDnsCountAddRr, U},
    FieldDef{"dns.qry.type", kDnsQryType, U},
    FieldDef{"dns.qry.class", kDnsQryClass, U},
    FieldDef{"dns.qry.name.len", kDnsQryNameLen, U},
    FieldDef{"dns.count.labels", kDnsCountLabels, U},
    FieldDef{"dns.resp.name", kDnsRespName, FieldType::kString},
    FieldDef{"dns.resp.type", kDnsRespType, U},
    FieldDef{"dns.resp.class", kDnsRespClass, U},
    FieldDef{"dns.resp.ttl", kDnsRespTtl, U},
    FieldDef{"dns.resp.len", kDnsRespLen, U},
    FieldDef{"dns.aaaa", kDnsAaaa, FieldType::kIpv6},
    FieldDef{"dns.cname", kDnsCname, FieldType::kString},
    FieldDef{"dns.ns", kDnsNs, FieldType::kString},
    FieldDef{"dns.ptr.domain_name", kDnsPtr, FieldType::kString},
    FieldDef{"dns.mx.preference", kDnsMxPreference, U},
    FieldDef{"dns.mx.mail_exchange", kDnsMxMailExchange, FieldType::kString},
    FieldDef{"dns.count.zones", kDnsCountZones, U},
    FieldDef{"dns.count.prerequisites", kDnsCountPrerequisites, U},
    FieldDef{"dns.count.updates", kDnsCountUpdates, U},
    FieldDef{"dns.response_in", kDnsResponseIn, U},
    FieldDef{"dns.response_to", kDnsResponseTo, U},
    FieldDef{"dns.time", kDnsTime, FieldType::kRelTime},
    FieldDef{"dns.retransmission", kDnsRetransmission, U},
    FieldDef{"dns.retransmit_request_in", kDnsRetransmitRequestIn, U},
    FieldDef{"dns.retransmit_response_in", kDnsRetransmitResponseIn, U},
    FieldDef{"dns.unsolicited", kDnsUnsolicited, U},
    FieldDef{"dns.retransmit_request", kDnsRetransmitRequest, FieldType::kProtocol},
    FieldDef{"dns.retransmit_response", kDnsRetransmitResponse, FieldType::kProtocol},
    FieldDef{"tcp.options", kTcpOptions, FieldType::kBytes},
    FieldDef{"tcp.option_len", kTcpOptionLen, U},
    FieldDef{"tcp.options.wscale.multiplier", kTcpOptionWscaleMultiplier, U},
    FieldDef{"tcp.options.timestamp.tsval", kTcpOptionTsval, U},
    FieldDef{"tcp.options.timestamp.tsecr", kTcpOptionTsecr, U},
    FieldDef{"tcp.options.eol", kTcpOptEol, FieldType::kBytes},
    FieldDef{"tcp.options.nop", kTcpOptNop, FieldType::kBytes},
    FieldDef{"tcp.options.mss", kTcpOptMss, FieldType::kBytes},
    FieldDef{"tcp.options.wscale", kTcpOptWscale, FieldType::kBytes},
    FieldDef{"tcp.options.sack_perm", kTcpOptSackPerm, FieldType::kBytes},
    FieldDef{"tcp.options.sack", kTcpOptSack, FieldType::kBytes},
    FieldDef{"tcp.options.echo", kTcpOptEcho, FieldType::kBytes},
    FieldDef{"tcp.options.echoreply", kTcpOptEchoreply, FieldType::kBytes},
    FieldDef{"tcp.options.timestamp", kTcpOptTimestamp, FieldType::kBytes},
    FieldDef{"tcp.options.cc", kTcpOptCc, FieldType::kBytes},
    FieldDef{"tcp.options.ccnew", kTcpOptCcnew, FieldType::kBytes},
    FieldDef{"tcp.options.ccecho", kTcpOptCcecho, FieldType::kBytes},
    FieldDef{"tcp.options.md5", kTcpOptMd5, FieldType::kBytes},
    FieldDef{"tcp.options.scps", kTcpOptScps, FieldType::kBytes},
    FieldDef{"tcp.options.snack", kTcpOptSnack, FieldType::kBytes},
    FieldDef{"tcp.options.scpsrec", kTcpOptScpsrec, FieldType::kBytes},
    FieldDef{"tcp.options.scpscor", kTcpOptScpscor, FieldType::kBytes},
    FieldDef{"tcp.options.qs", kTcpOptQs, FieldType::kBytes},
    FieldDef{"tcp.options.user_to", kTcpOptUserTo, FieldType::kBytes},
    FieldDef{"tcp.options.ao", kTcpOptAo, FieldType::kBytes},
    FieldDef{"tcp.options.tfo", kTcpOptTfo, FieldType::kBytes},
    FieldDef{"tcp.options.rvbd.probe", kTcpOptRvbdProbe, FieldType::kBytes},
    FieldDef{"tcp.options.rvbd.trpy", kTcpOptRvbdTrpy, FieldType::kBytes},
    FieldDef{"tcp.options.acc_ecn", kTcpOptAccEcn, FieldType::kBytes},
    FieldDef{"tcp.options.experimental", kTcpOptExperimental, FieldType::kBytes},
    FieldDef{"tcp.options.unknown", kTcpOptUnknown, FieldType::kBytes},
    FieldDef{"tcp.options.sack_le", kTcpOptSackLe, U},
    FieldDef{"tcp.options.sack_re", kTcpOptSackRe, U},
    FieldDef{"tcp.options.sack.count", kTcpOptSackCount, U},
    FieldDef{"tcp.flags.res", kTcpFlagRes, U},
    FieldDef{"tcp.flags.ae", kTcpFlagAe, U},
    FieldDef{"icmp.ident_le", kIcmpIdentLe, U},
    FieldDef{"icmp.seq_le", kIcmpSeqLe, U},
    FieldDef{"icmpv6.echo.identifier", kIcmpv6EchoId, U},
    FieldDef{"icmpv6.echo.sequence_number", kIcmpv6EchoSeq, U},
    FieldDef{"arp.hw.type", kArpHwType, U},
    FieldDef{"arp.proto.type", kArpProtoType, U},
    FieldDef{"arp.hw.size", kArpHwSize, U},
    FieldDef{"arp.proto.size", kArpProtoSize, U},
    FieldDef{"arp.isgratuitous", kArpIsGratuitous, U},
    FieldDef{"arp.isannouncement", kArpIsAnnouncement, U},
    FieldDef{"arp.isprobe", kArpIsProbe, U},
    FieldDef{"arp.duplicate-address-detected", kArpDuplicateAddressDetected, FieldType::kProtocol},
    FieldDef{"arp.duplicate-address-frame", kArpDuplicateAddressFrame, U},
    FieldDef{"arp.seconds-since-duplicate-address-frame", kArpSecondsSinceDuplicateAddressFrame, U},
    FieldDef{"eth.lg", kEthLg, U},
    FieldDef{"eth.ig", kEthIg, U},
    FieldDef{"eth.padding", kEthPadding, FieldType::kBytes},
    FieldDef{"eth.trailer", kEthTrailer, FieldType::kBytes},
    FieldDef{"vlan.trailer", kVlanTrailer, FieldType::kBytes},
    FieldDef{"llc", kLlc, FieldType::kProtocol},
    FieldDef{"llc.dsap", kLlcDsap, U},
    FieldDef{"llc.dsap.sap", kLlcDsapSap, U},
    FieldDef{"llc.dsap.ig", kLlcDsapIg, U},
    FieldDef{"llc.ssap", kLlcSsap, U},
    FieldDef{"llc.ssap.sap", kLlcSsapSap, U},
    FieldDef{"llc.ssap.cr", kLlcSsapCr, U},
    FieldDef{"llc.control", kLlcControl, U},
    FieldDef{"llc.control.n_r", kLlcControlNr, U},
    FieldDef{"llc.control.n_s", kLlcControlNs, U},
    FieldDef{"llc.control.p", kLlcControlP, U},
    FieldDef{"llc.control.f", kLlcControlF, U},
    FieldDef{"llc.control.s_ftype", kLlcControlSFtype, U},
    FieldDef{"llc.control.u_modifier_cmd", kLlcControlUModifierCmd, U},
    FieldDef{"llc.control.u_modifier_resp", kLlcControlUModifierResp, U},
    FieldDef{"llc.control.ftype", kLlcControlFtype, U},
    FieldDef{"llc.type", kLlcType, U},
    FieldDef{"llc.oui", kLlcOui, U},
    FieldDef{"llc.pid", kLlcPid, U},
    FieldDef{"llc.cisco_pid", kLlcCiscoPid, U},
    FieldDef{"stp", kStp, FieldType::kProtocol},
    FieldDef{"stp.protocol", kStpProtocol, U},
    FieldDef{"stp.version", kStpVersion, U},
    FieldDef{"stp.type", kStpType, U},
    FieldDef{"stp.flags", kStpFlags, U},
    FieldDef{"stp.flags.tcack", kStpFlagsTcack, U},
    FieldDef{"stp.flags.agreement", kStpFlagsAgreement, U},
    FieldDef{"stp.flags.forwarding", kStpFlagsForwarding, U},
    FieldDef{"stp.flags.learning", kStpFlagsLearning, U},
    FieldDef{"stp.flags.port_role", kStpFlagsPortRole, U},
    FieldDef{"stp.flags.proposal", kStpFlagsProposal, U},
    FieldDef{"stp.flags.tc", kStpFlagsTc, U},
    FieldDef{"stp.root.prio", kStpRootPrio, U},
    FieldDef{"stp.root.ext", kStpRootExt, U},
    FieldDef{"stp.root.hw", kStpRootHw, FieldType::kMac},
    FieldDef{"stp.root.cost", kStpRootCost, U},
    FieldDef{"stp.bridge.prio", kStpBridgePrio, U},
    FieldDef{"stp.bridge.ext", kStpBridgeExt, U},
    FieldDef{"stp.bridge.hw", kStpBridgeHw, FieldType::kMac},
    FieldDef{"stp.port", kStpPort, U},
    FieldDef{"stp.msg_age", kStpMsgAge, FieldType::kDouble},
    FieldDef{"stp.max_age", kStpMaxAge, FieldType::kDouble},
    FieldDef{"stp.hello", kStpHello, FieldType::kDouble},
    FieldDef{"stp.forward", kStpForward, FieldType::kDouble},
    FieldDef{"stp.version_1_length", kStpVersion1Length, U},
    FieldDef{"eth.fcs", kEthFcs, U},
    FieldDef{"eth.src.lg", kEthSrcLg, U},
    FieldDef{"ipv6.tclass", kIpv6Tclass, U},
    FieldDef{"ipv6.tclass.dscp", kIpv6TclassDscp, U},
    FieldDef{"ipv6.tclass.ecn", kIpv6TclassEcn, U},
    FieldDef{"dhcp", kDhcp, FieldType::kProtocol},
    FieldDef{"dhcp.bootp", kDhcpBootp, U},
    FieldDef{"dhcp.type", kDhcpType, U},
    FieldDef{"dhcp.hw.len", kDhcpHwLen, U},
    FieldDef{"dhcp.hops", kDhcpHops, U},
    FieldDef{"dhcp.id", kDhcpId, U},
    FieldDef{"dhcp.secs", kDhcpSecs, U},
    FieldDef{"dhcp.flags", kDhcpFlags, U},
    FieldDef{"dhcp.flags.bc", kDhcpFlagBc, U},
    FieldDef{"dhcp.ip.client", kDhcpIpClient, FieldType::kIp},
    FieldDef{"dhcp.ip.your", kDhcpIpYour, FieldType::kIp},
    FieldDef{"dhcp.ip.server", kDhcpIpServer, FieldType::kIp},
    FieldDef{"dhcp.ip.relay", kDhcpIpRelay, FieldType::kIp},
    FieldDef{"dhcp.cookie", kDhcpCookie, FieldType::kIp},
    FieldDef{"http.request", kHttpRequest, FieldType::kProtocol},
    FieldDef{"http.response", kHttpResponse, FieldType::kProtocol},
    FieldDef{"http.request.method", kHttpRequestMethod, FieldType::kString},
    FieldDef{"http.request.uri", kHttpRequestUri, FieldType::kString},
    FieldDef{"http.request.version", kHttpRequestVersion, FieldType::kString},
    FieldDef{"http.response.version", kHttpResponseVersion, FieldType::kString},
    FieldDef{"http.response.code", kHttpResponseCode, U},
    FieldDef{"http.response.phrase", kHttpResponsePhrase, FieldType::kString},
    FieldDef{"http.user_agent", kHttpUserAgent, FieldType::kString},
    FieldDef{"http.host", kHttpHost, FieldType::kString},
    FieldDef{"http.server", kHttpServer, FieldType::kString},
    FieldDef{"http.content_type", kHttpContentType, FieldType::kString},
    FieldDef{"http.content_length", kHttpContentLength, U},
    FieldDef{"http.connection", kHttpConnection, FieldType::kString},
    FieldDef{"http.request.full_uri", kHttpRequestFullUri, FieldType::kString},
    FieldDef{"http.set_cookie", kHttpSetCookie, FieldType::kString},
    FieldDef{"http.cookie", kHttpCookie, FieldType::kString},
    FieldDef{"http.date", kHttpDate, FieldType::kString},
    FieldDef{"http.last_modified", kHttpLastModified, FieldType::kString},
    FieldDef{"http.content_length_header", kHttpContentLengthHeader, FieldType::kString},
    FieldDef{"http.authorization", kHttpAuthorization, FieldType::kString},
    FieldDef{"http.www_authenticate", kHttpWwwAuthenticate, FieldType::kString},
    FieldDef{"http.proxy_authenticate", kHttpProxyAuthenticate, FieldType::kString},
    FieldDef{"http.proxy_authorization", kHttpProxyAuthorization, FieldType::kString},
    FieldDef{"http.location", kHttpLocation, FieldType::kString},
    FieldDef{"http.x_forwarded_for", kHttpXForwardedFor, FieldType::kString},
    FieldDef{"http.cache_control", kHttpCacheControl, FieldType::kString},
    FieldDef{"http.accept", kHttpAccept, FieldType::kString},
    FieldDef{"http.accept_language", kHttpAcceptLanguage, FieldType::kString},
    FieldDef{"http.accept_encoding", kHttpAcceptEncoding, FieldType::kString},
    FieldDef{"http.referer", kHttpReferer, FieldType::kString},
    FieldDef{"http.transfer_encoding", kHttpTransferEncoding, FieldType::kString},
    FieldDef{"http.upgrade", kHttpUpgrade, FieldType::kString},
    FieldDef{"http.content_encoding", kHttpContentEncoding, FieldType::kString},
    FieldDef{"http.request.line", kHttpRequestLine, FieldType::kString},
    FieldDef{"http.response.line", kHttpResponseLine, FieldType::kString},
    FieldDef{"http.request_in", kHttpRequestIn, U},
    FieldDef{"http.time", kHttpTime, FieldType::kRelTime},
    FieldDef{"http.prev_request_in", kHttpPrevRequestIn, U},
    FieldDef{"http.prev_response_in", kHttpPrevResponseIn, U},
    FieldDef{"http.response_for.uri", kHttpResponseForUri, FieldType::kString},
    FieldDef{"http.response_in", kHttpResponseIn, U},
    FieldDef{"data-text-lines", kDataTextLines, FieldType::kProtocol},
    FieldDef{"urlencoded-form", kUrlencodedForm, FieldType::kProtocol},
    FieldDef{"gre.flags_and_version", kGreFlagsAndVersion, U},
    FieldDef{"gre.proto", kGreProto, U},
    FieldDef{"gre.flags.checksum", kGreFlagChecksum, U},
    FieldDef{"gre.flags.routing", kGreFlagRouting, U},
    FieldDef{"gre.flags.key", kGreFlagKey, U},
    FieldDef{"gre.flags.sequence_number", kGreFlagSeq, U},
    FieldDef{"gre.flags.strict_source_route", kGreFlagStrictRoute, U},
    FieldDef{"gre.flags.recursion_control", kGreFlagRecursion, U},
    FieldDef{"gre.flags.ack", kGreFlagAck, U},
    FieldDef{"gre.flags.reserved", kGreFlagReserved, U},
    FieldDef{"gre.flags.version", kGreFlagVersion, U},
    FieldDef{"gre.checksum", kGreChecksum, U},
    FieldDef{"gre.checksum.status", kGreChecksumStatus, U},
    FieldDef{"gre.checksum.incorrect", kGreChecksumIncorrect, FieldType::kProtocol},
    FieldDef{"gre.offset", kGreOffset, U},
    FieldDef{"gre.key", kGreKey, U},
    FieldDef{"gre.key.payload_length", kGreKeyPayloadLength, U},
    FieldDef{"gre.key.call_id", kGreKeyCallId, U},
    FieldDef{"gre.sequence_number", kGreSeq, U},
    FieldDef{"gre.ack_number", kGreAckNumber, U},
    FieldDef{"ppp", kPpp, FieldType::kProtocol},
    FieldDef{"lcp", kLcp, FieldType::kProtocol},
    FieldDef{"ipcp", kIpcp, FieldType::kProtocol},
    FieldDef{"pap", kPap, FieldType::kProtocol},
    FieldDef{"chap", kChap, FieldType::kProtocol},
    FieldDef{"ccp", kCcp, FieldType::kProtocol},
    FieldDef{"ipv6cp", kIpv6cp, FieldType::kProtocol},
    FieldDef{"comp_data", kCompData, FieldType::kProtocol},
    FieldDef{"ppp.address", kPppAddress, U},
    FieldDef{"ppp.control", kPppControl, U},
    FieldDef{"ppp.protocol", kPppProtocol, U},
    FieldDef{"ppp.code", kPppCode, U},
    FieldDef{"ppp.identifier", kPppIdentifier, U},
    FieldDef{"ppp.length", kPppLength, U},
    FieldDef{"ppp.data", kPppData, FieldType::kBytes},
    FieldDef{"lcp.magic_number", kLcpMagicNumber, U},
    FieldDef{"lcp.data", kLcpData, FieldType::kBytes},
    FieldDef{"lcp.message", kLcpMessage, FieldType::kString},
    FieldDef{"lcp.secs_remaining", kLcpSecsRemaining, U},
    FieldDef{"lcp.rej_proto", kLcpRejProto, U},
    FieldDef{"lcp.opt.type", kLcpOptType, U},
    FieldDef{"lcp.opt.length", kLcpOptLength, U},
    FieldDef{"lcp.opt.mru", kLcpOptMru, U},
    FieldDef{"lcp.opt.asyncmap", kLcpOptAsyncmap, U},
    FieldDef{"lcp.opt.auth_protocol", kLcpOptAuthProtocol, U},
    FieldDef{"lcp.opt.magic_number", kLcpOptMagicNumber, U},
    FieldDef{"ipcp.opt.type", kIpcpOptType, U},
    FieldDef{"ipcp.opt.length", kIpcpOptLength, U},
    FieldDef{"ipcp.opt.ip_address", kIpcpOptIpAddress, FieldType::kIp},
    FieldDef{"ipcp.opt.pri_dns_address", kIpcpOptPriDns, FieldType::kIp},
    FieldDef{"ipcp.opt.sec_dns_address", kIpcpOptSecDns, FieldType::kIp},
    FieldDef{"ccp.opt.type", kCcpOptType, U},
    FieldDef{"ccp.opt.length", kCcpOptLength, U},
    FieldDef{"ccp.opt.oui", kCcpOptOui, U},
    FieldDef{"ccp.opt.subtype", kCcpOptSubtype, U},
    FieldDef{"ccp.opt.history_count", kCcpOptHistoryCount, U},
    FieldDef{"ccp.opt.cm", kCcpOptCm, U},
    FieldDef{"ccp.opt.cm.reserved", kCcpOptCmReserved, U},
    FieldDef{"ccp.opt.cm.check_mode", kCcpOptCmCheckMode, U},
    FieldDef{"ccp.opt.supported_bits", kCcpOptSupportedBits, U},
    FieldDef{"ccp.opt.supported_bits.h", kCcpOptBitH, U},
    FieldDef{"ccp.opt.supported_bits.m", kCcpOptBitM, U},
    FieldDef{"ccp.opt.supported_bits.s", kCcpOptBitS, U},
    FieldDef{"ccp.opt.supported_bits.l", kCcpOptBitL, U},
    FieldDef{"ccp.opt.supported_bits.d", kCcpOptBitD, U},
    FieldDef{"ccp.opt.supported_bits.c", kCcpOptBitC, U},
    FieldDef{"ccp.opt.history", kCcpOptHistory, U},
    FieldDef{"ccp.opt.version", kCcpOptVersion, FieldType::kBytes},
    FieldDef{"ccp.opt.vd", kCcpOptVd, U},
    FieldDef{"ccp.opt.vd.vers", kCcpOptVdVers, U},
    FieldDef{"ccp.opt.vd.dict", kCcpOptVdDict, U},
    FieldDef{"ccp.opt.check_mode", kCcpOptCheckMode, U},
    FieldDef{"ccp.opt.process_mode", kCcpOptProcessMode, U},
    FieldDef{"ccp.opt.fe", kCcpOptFe, U},
    FieldDef{"ccp.opt.p", kCcpOptP, U},
    FieldDef{"ccp.opt.History", kCcpOptHistoryBits, U},
    FieldDef{"ccp.opt.contexts", kCcpOptContexts, U},
    FieldDef{"ccp.opt.mode", kCcpOptMode, U},
    FieldDef{"ccp.opt.window", kCcpOptWindow, U},
    FieldDef{"ccp.opt.method", kCcpOptMethod, U},
    FieldDef{"ccp.opt.mbz", kCcpOptMbz, U},
    FieldDef{"ccp.opt.chk", kCcpOptChk, U},
    FieldDef{"ccp.opt.mode_dictcount", kCcpOptModeDictcount, U},
    FieldDef{"ccp.opt.dict_size", kCcpOptDictSize, U},
    FieldDef{"ccp.opt.history_length", kCcpOptHistoryLength, U},
    FieldDef{"ccp.opt.data", kCcpOptData, FieldType::kBytes},
    FieldDef{"ipv6cp.opt.type", kIpv6cpOptType, U},
    FieldDef{"ipv6cp.opt.length", kIpv6cpOptLength, U},
    FieldDef{"ipv6cp.interface_identifier", kIpv6cpInterfaceId, FieldType::kBytes},
    FieldDef{"pap.code", kPapCode, U},
    FieldDef{"pap.identifier", kPapIdentifier, U},
    FieldDef{"pap.length", kPapLength, U},
    FieldDef{"pap.peer_id.length", kPapPeerIdLength, U},
    FieldDef{"pap.peer_id", kPapPeerId, FieldType::kString},
    FieldDef{"pap.password.length", kPapPasswordLength, U},
    FieldDef{"pap.password", kPapPassword, FieldType::kString},
    FieldDef{"pap.message.length", kPapMessageLength, U},
    FieldDef{"pap.message", kPapMessage, FieldType::kString},
    FieldDef{"chap.code", kChapCode, U},
    FieldDef{"chap.identifier", kChapIdentifier, U},
    FieldDef{"chap.length", kChapLength, U},
    FieldDef{"chap.value_size", kChapValueSize, U},
    FieldDef{"chap.value", kChapValue, FieldType::kBytes},
    FieldDef{"chap.name", kChapName, FieldType::kString},
    FieldDef{"chap.message", kChapMessage, FieldType::kString},
    FieldDef{"data.data", kDataData, FieldType::kBytes},
    FieldDef{"data.len", kDataLen, U},
    FieldDef{"vlan", kVlan, FieldType::kProtocol},
    FieldDef{"vlan.priority", kVlanPriority, U},
    FieldDef{"vlan.dei", kVlanDei, U},
    FieldDef{"vlan.id", kVlanId, U},
    FieldDef{"vlan.etype", kVlanEtype, U},
    FieldDef{"vlan.len", kVlanLen, U},
    FieldDef{"ieee8021ad", kIeee8021ad, FieldType::kProtocol},
    FieldDef{"ieee8021ad.priority", kIeee8021adPriority, U},
    FieldDef{"ieee8021ad.dei", kIeee8021adDei, U},
    FieldDef{"ieee8021ad.id", kIeee8021adId, U},
    FieldDef{"ieee8021ad.svid", kIeee8021adSvid, U},
    FieldDef{"ieee8021ad.cvid", kIeee8021adCvid, U},
    FieldDef{"sll.pkttype", kSllPkttype, U},
    FieldDef{"sll.hatype", kSllHatype, U},
    FieldDef{"sll.halen", kSllHalen, U},
    FieldDef{"sll.src.eth", kSllSrcEth, FieldType::kMac},
    FieldDef{"sll.src.ipv4", kSllSrcIpv4, FieldType::kIp},
    FieldDef{"sll.src.other", kSllSrcOther, FieldType::kBytes},
    FieldDef{"sll.unused", kSllUnused, FieldType::kBytes},
    FieldDef{"sll.ltype", kSllLtype, U},
    FieldDef{"sll.gretype", kSllGretype, U},
    FieldDef{"sll.etype", kSllEtype, U},
    FieldDef{"sll.ifindex", kSllIfindex, U},
    FieldDef{"null", kNull, FieldType::kProtocol},
    FieldDef{"null.family", kNullFamily, U},
    FieldDef{"raw", kRaw, FieldType::kProtocol},
    FieldDef{"tcp.segments", kTcpSegments, FieldType::kProtocol},
    FieldDef{"tcp.segment", kTcpSegment, U},
    FieldDef{"tcp.segment.count", kTcpSegmentCount, U},
    FieldDef{"tcp.reassembled.length", kTcpReassembledLength, U},
    FieldDef{"tcp.reassembled.data", kTcpReassembledData, FieldType::kBytes},
    FieldDef{"tcp.pdu.size", kTcpPduSize, U},
    FieldDef{"dns.length", kDnsLength, U},
    FieldDef{"ip.fragment", kIpFragment, U},
    FieldDef{"ip.fragment.count", kIpFragmentCount, U},
    FieldDef{"ip.reassembled.length", kIpReassembledLength, U},
    FieldDef{"ipv6.fragment", kIpv6Fragment, U},
    FieldDef{"ipv6.fragment.count", kIpv6FragmentCount, U},
    FieldDef{"ipv6.reassembled.length", kIpv6ReassembledLength, U},
    FieldDef{"ip.fragments", kIpFragments, FieldType::kBytes},
    FieldDef{"ip.reassembled_in", kIpReassembledIn, U},
    FieldDef{"ip.reassembled.data", kIpReassembledData, FieldType::kBytes},
    FieldDef{"ipv6.fragments", kIpv6Fragments, FieldType::kProtocol},
    FieldDef{"ipv6.reassembled.in", kIpv6ReassembledIn, U},
    FieldDef{"ipv6.reassembled.data", kIpv6ReassembledData, FieldType::kBytes},
    FieldDef{"ipv6.fraghdr", kIpv6Fraghdr, FieldType::kProtocol},
    FieldDef{"ipv6.fraghdr.nxt", kIpv6FraghdrNxt, U},
    FieldDef{"ipv6.fraghdr.reserved_octet", kIpv6FraghdrReservedOctet, U},
    FieldDef{"ipv6.fraghdr.offset", kIpv6FraghdrOffset, U},
    FieldDef{"ipv6.fraghdr.reserved_bits", kIpv6FraghdrReservedBits, U},
    FieldDef{"ipv6.fraghdr.more", kIpv6FraghdrMore, U},
    FieldDef{"ipv6.fraghdr.ident", kIpv6FraghdrIdent, U},
    FieldDef{"ipv6.hopopts", kIpv6Hopopts, FieldType::kProtocol},
    FieldDef{"ipv6.hopopts.nxt", kIpv6HopoptsNxt, U},
    FieldDef{"ipv6.hopopts.len", kIpv6HopoptsLen, U},
    FieldDef{"ipv6.hopopts.len_oct", kIpv6HopoptsLenOct, U},
    FieldDef{"ipv6.dstopts", kIpv6Dstopts, FieldType::kProtocol},
    FieldDef{"ipv6.dstopts.nxt", kIpv6DstoptsNxt, U},
    FieldDef{"ipv6.dstopts.len", kIpv6DstoptsLen, U},
    FieldDef{"ipv6.dstopts.len_oct", kIpv6DstoptsLenOct, U},
    FieldDef{"ipv6.routing", kIpv6Routing, FieldType::kProtocol},
    FieldDef{"ipv6.routing.nxt", kIpv6RoutingNxt, U},
    FieldDef{"ipv6.routing.len", kIpv6RoutingLen, U},
    FieldDef{"ipv6.routing.len_oct", kIpv6RoutingLenOct, U},
    FieldDef{"ipv6.routing.type", kIpv6RoutingType, U},
    FieldDef{"ipv6.routing.segleft", kIpv6RoutingSegleft, U},
    FieldDef{"ipv6.routing.unknown_data", kIpv6RoutingUnknownData, FieldType::kBytes},
    FieldDef{"ipv6.routing.src.reserved", kIpv6RoutingSrcReserved, FieldType::kBytes},
    FieldDef{"ipv6.routing.src.addr", kIpv6RoutingSrcAddr, FieldType::kIpv6},
    FieldDef{"ipv6.routing.mipv6.reserved", kIpv6RoutingMipv6Reserved, FieldType::kBytes},
    FieldDef{"ipv6.routing.mipv6.home_address", kIpv6RoutingMipv6HomeAddress, FieldType::kIpv6},
    FieldDef{"ipv6.routing.srh.last_entry", kIpv6RoutingSrhLastEntry, U},
    FieldDef{"ipv6.routing.srh.flags", kIpv6RoutingSrhFlags, U},
    FieldDef{"ipv6.routing.srh.tag", kIpv6RoutingSrhTag, FieldType::kBytes},
    FieldDef{"ipv6.routing.srh.addr", kIpv6RoutingSrhAddr, FieldType::kIpv6},
    FieldDef{"ipv6.opt", kIpv6Opt, FieldType::kProtocol},
    FieldDef{"ipv6.opt.type", kIpv6OptType, U},
    FieldDef{"ipv6.opt.type.action", kIpv6OptTypeAction, U},
    FieldDef{"ipv6.opt.type.change", kIpv6OptTypeChange, U},
    FieldDef{"ipv6.opt.type.rest", kIpv6OptTypeRest, U},
    FieldDef{"ipv6.opt.length", kIpv6OptLength, U},
    FieldDef{"ipv6.opt.pad1", kIpv6OptPad1, FieldType::kProtocol},
    FieldDef{"ipv6.opt.padn", kIpv6OptPadn, FieldType::kBytes},
    FieldDef{"ipv6.opt.router_alert", kIpv6OptRouterAlert, U},
    FieldDef{"ipv6.opt.tel", kIpv6OptTel, U},
    FieldDef{"ipv6.opt.jumbo", kIpv6OptJumbo, U},
    FieldDef{"ipv6.opt.pmtu.min", kIpv6OptPmtuMin, U},
    FieldDef{"ipv6.opt.pmtu.rtn", kIpv6OptPmtuRtn, U},
    FieldDef{"ipv6.opt.pmtu.r_flag", kIpv6OptPmtuRFlag, U},
    FieldDef{"ipv6.opt.rpl.flag", kIpv6OptRplFlag, U},
    FieldDef{"ipv6.opt.rpl.flag.o", kIpv6OptRplFlagO, U},
    FieldDef{"ipv6.opt.rpl.flag.r", kIpv6OptRplFlagR, U},
    FieldDef{"ipv6.opt.rpl.flag.f", kIpv6OptRplFlagF, U},
    FieldDef{"ipv6.opt.rpl.flag.rsv", kIpv6OptRplFlagRsv, U},
    FieldDef{"ipv6.opt.rpl.instance_id", kIpv6OptRplInstanceId, U},
    FieldDef{"ipv6.opt.rpl.sender_rank", kIpv6OptRplSenderRank, U},
    FieldDef{"ipv6.opt.dff.flags", kIpv6OptDffFlags, U},
    FieldDef{"ipv6.opt.dff.flag.ver", kIpv6OptDffFlagVer, U},
    FieldDef{"ipv6.opt.dff.flag.dup", kIpv6OptDffFlagDup, U},
    FieldDef{"ipv6.opt.dff.flag.ret", kIpv6OptDffFlagRet, U},
    FieldDef{"ipv6.opt.dff.flag.rsv", kIpv6OptDffFlagRsv, U},
    FieldDef{"ipv6.opt.dff.sequence_number", kIpv6OptDffSequenceNumber, U},
    FieldDef{"ipv6.opt.pdm.scale_dtlr", kIpv6OptPdmScaleDtlr, U},
    FieldDef{"ipv6.opt.pdm.scale_dtls", kIpv6OptPdmScaleDtls, U},
    FieldDef{"ipv6.opt.pdm.psn_this_pkt", kIpv6OptPdmPsnThisPkt, U},
    FieldDef{"ipv6.opt.pdm.psn_last_recv", kIpv6OptPdmPsnLastRecv, U},
    FieldDef{"ipv6.opt.pdm.delta_last_recv", kIpv6OptPdmDeltaLastRecv, U},
    FieldDef{"ipv6.opt.pdm.delta_last_sent", kIpv6OptPdmDeltaLastSent, U},
    FieldDef{"ipv6.opt.tpf_information", kIpv6OptTpfInformation, U},
    FieldDef{"ipv6.opt.mipv6.home_address", kIpv6OptMipv6HomeAddress, FieldType::kIpv6},
    FieldDef{"ipv6.opt.experimental", kIpv6OptExperimental, FieldType::kBytes},
    FieldDef{"ipv6.opt.ilnp_nonce", kIpv6OptIlnpNonce, FieldType::kBytes},
    FieldDef{"ipv6.opt.unknown", kIpv6OptUnknown, FieldType::kBytes},
    FieldDef{"ipv6.opt_unknown_data", kIpv6OptUnknownData, FieldType::kBytes},
};

// Ethernet bridged over GRE (gretap): a second Ethernet header.
bool gre_bridges_ethernet(const Packet& p) {
  return p.has(kProtoGre) && bridged_gre(p) != nullptr;
}

// One Ethernet header's fields.
struct EthHeader {
  const Mac* dst;
  const Mac* src;
  std::uint16_t type;
  bool has_type;  // an ethertype, not an 802.3 length or an invalid length/type
};
struct EthHeaders {
  std::array<EthHeader, 2> at{};
  std::size_t count = 0;
  const EthHeader* begin() const { return at.data(); }
  const EthHeader* end() const { return at.data() + count; }
};
// The frame's Ethernet headers in tshark's order: its own, then the one bridged over GRE.
EthHeaders eth_headers(const Packet& p) {
  EthHeaders e;
  if (p.has(kProtoEth))
    e.at[e.count++] = {&p.eth_dst, &p.eth_src, p.ethertype, p.eth_kind == EthKind::kType};
  if (gre_bridges_ethernet(p)) {
    const GreHeader* g = bridged_gre(p);
    e.at[e.count++] = {&g->eth_dst, &g->eth_src, g->ethertype,
                       g->ethertype == 0 || g->ethertype >= 0x0600};
  }
  return e;
}

bool is_tcp(const Packet& p) {
  return p.has(kProtoTcp);
}
// Wireshark read the flags (a whole header, or one cut after its window or quoted by an ICMP
// error: fixed_read).
bool tcp_flags_read(const Packet& p) {
  return is_tcp(p) || ((p.partial == kProtoTcp || p.tcp.quoted) && p.tcp.fixed_read);
}
bool inner_is(const Packet& p, std::uint8_t proto) {
  return p.inner.present && p.inner.proto == proto;
}

// A time (kTime or kRelTime) as its exact seconds and nanoseconds.
int put_time(Value* out, const Timestamp& t) {
  out[0].u = static_cast<std::uint64_t>(t.sec);
  out[0].d = t.nsec;
  return 1;
}

int put_ip(Value* out, int n, const net::IpAddress& a) {
  out[n].ip = a;
  return n + 1;
}

// The outermost IPv4 (4) or IPv6 (6) header: the one `ip contains` and `ip[...]` see.
const IpLayer* first_ip_layer(const Packet& p, int family) {
  for (int i = 0; i < p.ip_layer_count; ++i)
    if (p.ip_layers[i].src.family == family) return &p.ip_layers[i];
  return nullptr;
}

// Where each field of an IPv4 or IPv6 header ends, in bytes from the header's start.
struct FieldEnd {
  FieldId id;
  std::uint8_t end;
};
constexpr FieldEnd kIpv4FieldEnds[] = {
    {kIpVersion, 1}, {kIpHdrLen, 1}, {kIpDsfield, 2},   {kIpDscp, 2},
    {kIpEcn, 2},     {kIpLen, 4},    {kIpId, 6},        {kIpFlags, 8},
    {kIpFlagRb, 8},  {kIpFlagDf, 8}, {kIpFlagMf, 8},    {kIpFragOffset, 8},
    {kIpTtl, 9},     {kIpProto, 10}, {kIpChecksum, 12}, {kIpChecksumStatus, 12},
    {kIpSrc, 16},    {kIpAddr, 16}};
// (IPv6's traffic class and flow label come from one read of the first 4 bytes, and its
// payload length is added after the next header's read)
constexpr FieldEnd kIpv6FieldEnds[] = {{kIpv6Version, 1},   {kIpv6Tclass, 4}, {kIpv6TclassDscp, 4},
                                       {kIpv6TclassEcn, 4}, {kIpv6Flow, 4},   {kIpv6Plen, 7},
                                       {kIpv6Nxt, 7},       {kIpv6Hlim, 8},   {kIpv6Src, 24},
                                       {kIpv6Addr, 24}};

// 0 for a field the table does not hold.
std::size_t header_bytes_through(std::span<const FieldEnd> ends, FieldId id) {
  for (const FieldEnd& e : ends)
    if (e.id == id) return e.end;
  return 0;
}

// The destination of an IPv4 header cut inside its options, when Wireshark's search of
// them for a source route ended with the header's own (ipv4_cut_destination.h); appends it
// like cut_ip_value.
int cut_ipv4_dst_value(const Packet& p, Value* out, int n, int cap) {
  const Bytes h = p.partial_bytes;
  if (p.partial != kProtoIp || p.ip_bogus != 0 || h.size() < 20) return n;
  net::IpAddress route;
  if (cut_ipv4_destination(h, route) != CutDestination::kHeader) return n;
  if (n < cap) {
    out[n] = Value{};
    out[n].ip = net::IpAddress{};
    for (std::size_t k = 0; k < 4; ++k) out[n].ip.bytes[k] = static_cast<std::uint8_t>(h[16 + k]);
  }
  return n + 1;
}

// An ARP header cut before its opcode (Packet::partial): Wireshark adds the arp item (as
// long as what was captured) once it has read the hardware type, then each field of the
// fixed header as it reads it.
bool cut_arp_item(const Packet& p) {
  return p.partial == kProtoArp && p.partial_bytes.size() >= 2;
}

// The field of `width` bytes at `at` of such a header, if it was read.
int cut_arp_field(const Packet& p, std::size_t at, std::size_t width, Value* out) {
  if (!cut_arp_item(p) || p.partial_bytes.size() < at + width) return 0;
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < width; ++k)
    v = v << 8 | static_cast<std::uint8_t>(p.partial_bytes[at + k]);
  return put_u(out, v);
}

// An IPv4 or IPv6 header the snap length cut (Packet::partial). Wireshark adds its fields
// in header order until the first that was not captured (`ip.ttl` is there with 9 bytes,
// `ip.src` with 16), and after a bogus version, header length or total length it adds
// none of the fields that follow. Appends the value of field `id` if it is there;
// returns the new count (values past `cap` are counted, not written).
int cut_ip_value(FieldId id, const Packet& p, Value* out, int n, int cap) {
  const bool v4 = p.partial == kProtoIp;
  if ((!v4 && p.partial != kProtoIpv6) || p.partial_bytes.empty()) return n;
  const Bytes h = p.partial_bytes;
  auto at = [h](std::size_t i) { return static_cast<std::uint8_t>(h[i]); };
  auto be16 = [&at](std::size_t i) { return static_cast<std::uint16_t>((at(i) << 8) | at(i + 1)); };
  // the header bytes the field takes, counted from the start (the destination is never
  // whole in a header cut short)
  const std::size_t need =
      v4 ? header_bytes_through(kIpv4FieldEnds, id) : header_bytes_through(kIpv6FieldEnds, id);
  if (need == 0 || h.size() < need) return n;
  const bool is_version = id == kIpVersion || id == kIpv6Version;
  if ((at(0) >> 4) != (v4 ? 4 : 6) && !is_version) return n;  // bogus version
  if (v4) {
    const unsigned hlen = (at(0) & 0x0fu) * 4u;
    if (hlen < 20 && need > 1) return n;                        // bogus header length
    if (need > 4 && h.size() >= 4 && be16(2) < hlen) return n;  // bogus total length
  }
  Value v{};
  switch (id) {
    case kIpVersion:
    case kIpv6Version:
      v.u = at(0) >> 4;
      break;
    case kIpHdrLen:
      v.u = (at(0) & 0x0fu) * 4u;
      break;
    case kIpDsfield:
      v.u = at(1);
      break;
    case kIpDscp:
      v.u = at(1) >> 2;
      break;
    case kIpEcn:
      v.u = at(1) & 3u;
      break;
    case kIpLen:
      v.u = be16(2);
      break;
    case kIpId:
      v.u = be16(4);
      break;
    case kIpFlags:
      v.u = be16(6) >> 13;
      break;
    case kIpFlagRb:
      v.u = (be16(6) >> 15) & 1u;
      break;
    case kIpFlagDf:
      v.u = (be16(6) >> 14) & 1u;
      break;
    case kIpFlagMf:
      v.u = (be16(6) >> 13) & 1u;
      break;
    case kIpFragOffset:
      v.u = be16(6) & 0x1fffu;  // in 8-byte units, as Wireshark 4.0 keeps it
      break;
    case kIpTtl:
      v.u = at(8);
      break;
    case kIpProto:
      v.u = at(9);
      break;
    case kIpChecksum:
      v.u = be16(10);
      break;
    case kIpChecksumStatus:
      v.u = 2;  // unverified, as for a whole header
      break;
    case kIpv6Tclass:
    case kIpv6TclassDscp:
    case kIpv6TclassEcn: {
      const unsigned tclass = ((at(0) & 0x0fu) << 4) | (at(1) >> 4);
      v.u = id == kIpv6Tclass ? tclass : id == kIpv6TclassDscp ? tclass >> 2 : tclass & 3u;
      break;
    }
    case kIpv6Flow:
      v.u = ((static_cast<std::uint32_t>(at(1)) & 0x0fu) << 16) | be16(2);
      break;
    case kIpv6Plen:
      v.u = be16(4);
      break;
    case kIpv6Nxt:
      v.u = at(6);
      break;
    case kIpv6Hlim:
      v.u = at(7);
      break;
    default: {  // the source address
      v.ip = net::IpAddress{};
      v.ip.family = v4 ? AF_INET : AF_INET6;
      for (std::size_t k = 0; k < (v4 ? 4u : 16u); ++k) v.ip.bytes[k] = at((v4 ? 12 : 8) + k);
    }
  }
  if (n < cap) out[n] = v;
  return n + 1;
}

// Wireshark's icmp.checksum.status of the packet's own ICMP/ICMPv6 message: verified when
// the whole message was captured (1 good, 0 bad), else 2 (unverified). ICMPv6's covers
// the pseudo-header of the IPv6 header carrying it (the last one not quoted), with the
// home address its option names and the final destination its routing header names.
std::uint64_t icmp_checksum_status(const Packet& p, bool v6) {
  if (p.truncated != nullptr || p.fragment || reported_size(p.l4, p) > p.l4.size()) return 2;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(p.l4.data());
  const std::span<const std::uint8_t> message(bytes, p.l4.size());
  std::uint32_t pseudo = 0;
  if (v6) {
    const IpLayer* carrier = nullptr;
    for (int i = 0; i < p.ip_layer_count; ++i)
      if (p.ip_layers[i].src.family == AF_INET6 && !p.ip_layers[i].datagram.empty())
        carrier = &p.ip_layers[i];
    if (carrier == nullptr) return 2;
    pseudo = net::pseudo_header_sum(ipv6_home_source(*carrier), ipv6_routed_destination(*carrier),
                                    58, static_cast<std::uint32_t>(message.size()));
  }
  return net::inet_checksum(message, pseudo) == 0 ? 1 : 0;
}

}  // namespace

// Wireshark adds the dns item once it has read the ID and flags (frame.protocols names
// dns before that); a TCP segment has one item for each such message.
bool is_dns(const Packet& p) {
  if (!(p.has(kProtoDns) && p.payload_len > 0) && !quotes_dns(p)) return false;
  bool any = false;
  for_each_dns_message(p, [&any](Bytes m) { any = any || m.size() >= 4; });
  return any;
}

namespace {

// The DNS fields read from a message's tree (dns_tree), kept for the message (the
// `index`th of its packet): several fields of one filter read it once, and their string
// views stay valid while it is the same message, whichever other message of the packet
// is read meanwhile (a deque: its entries never move).
const DnsTree* dns_tree_of(Bytes m, std::size_t index) {
  struct Kept {
    DnsTree tree;
    std::vector<std::byte> read;
    bool valid = false;
  };
  thread_local std::deque<Kept> kept;
  if (m.size() < 4) return nullptr;
  while (kept.size() <= index) kept.emplace_back();
  Kept& k = kept[index];
  if (k.read.size() != m.size() || !std::equal(m.begin(), m.end(), k.read.begin())) {
    k.read.assign(m.begin(), m.end());
    // the tree's views (record data) point into `read`, which stays as it is until then
    k.valid = dns_tree(Bytes(k.read.data(), k.read.size()), k.tree);
  }
  return k.valid ? &k.tree : nullptr;
}

int dns_message_tree_values(FieldId id, const DnsTree* t, Value* out, int cap);

// Each DNS message's values in turn (a TCP segment may hold several).
int dns_tree_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (!is_dns(p)) return 0;
  int n = 0;
  std::size_t index = 0;
  for_each_dns_message(p, [&](Bytes m) {
    const DnsTree* t = dns_tree_of(m, index++);
    if (t == nullptr) return;
    const int room = std::max(cap - n, 0);
    n += dns_message_tree_values(id, t, out + std::min(n, cap), room);
  });
  return n;
}

// The header's fields of each DNS message in turn.
int dns_header_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (!is_dns(p)) return 0;
  int n = 0;
  for_each_dns_message(p, [&](Bytes m) {
    DnsHeader h;
    if (m.size() < 4 || !dns_header(m, h)) return;
    if (id == kDnsFlagRcode && (h.flags >> 15) == 0) return;  // responses only
    if ((id == kDnsCountQueries && h.words < 3) || (id == kDnsCountAnswers && h.words < 4)) return;
    // a dynamic update's counts are zones and prerequisites (dns_tree_values)
    if ((id == kDnsCountQueries || id == kDnsCountAnswers) && ((h.flags >> 11) & 0xfu) == 5) return;
    if (n < cap)
      out[n].u = id == kDnsId             ? h.id
                 : id == kDnsFlags        ? h.flags
                 : id == kDnsFlagResponse ? h.flags >> 15
                 : id == kDnsFlagRcode    ? h.flags & 0xfu
                 : id == kDnsCountQueries ? h.questions
                                          : h.answers;
    ++n;
  });
  return n;
}

// One message's values: as field_values, but `cap` may be 0 (only counted then).
int dns_message_tree_values(FieldId id, const DnsTree* t, Value* out, int cap) {
  const std::uint16_t flags = t->header.flags;
  const bool response = (flags & 0x8000) != 0;
  const bool update = ((flags >> 11) & 0xfu) == 5;
  int n = 0;
  auto put_u16 = [&](std::uint64_t v) {
    if (n < cap) out[n].u = v;
    ++n;
  };
  auto put_text = [&](const std::string& v) {
    if (n < cap) out[n].s = v;
    ++n;
  };
  auto one = [&](std::uint64_t v) {
    put_u16(v);
    return n;
  };
  switch (id) {
    case kDnsFlagOpcode:
      return one((flags >> 11) & 0xfu);
    case kDnsFlagAuthoritative:  // Wireshark adds these three for responses only
      return response ? one((flags >> 10) & 1u) : 0;
    case kDnsFlagRecAvail:
      return response ? one((flags >> 7) & 1u) : 0;
    case kDnsFlagAuthenticated:  // in a query only when set
      return response || (flags & 0x20u) != 0 ? one((flags >> 5) & 1u) : 0;
    case kDnsFlagTruncated:
      return one((flags >> 9) & 1u);
    case kDnsFlagRecDesired:
      return one((flags >> 8) & 1u);
    case kDnsFlagZ:
      return one((flags >> 6) & 1u);
    case kDnsFlagCheckDisable:
      return one((flags >> 4) & 1u);
    // A dynamic update (opcode 5) names its sections zones, prerequisites and updates.
    case kDnsCountZones:
      return update && t->header.words >= 3 ? one(t->header.questions) : 0;
    case kDnsCountPrerequisites:
      return update && t->header.words >= 4 ? one(t->header.answers) : 0;
    case kDnsCountUpdates:
      return update && t->has_authority ? one(t->authority) : 0;
    case kDnsCountAuthRr:
      return !update && t->has_authority ? one(t->authority) : 0;
    case kDnsCountAddRr:
      return t->has_additional ? one(t->additional) : 0;
    default:
      break;
  }
  for (const DnsQuestion& q : t->questions) {
    switch (id) {
      case kDnsQryName:
        put_text(q.name);
        break;
      case kDnsQryType:
        put_u16(q.type);
        break;
      case kDnsQryClass:
        put_u16(q.klass);
        break;
      case kDnsQryNameLen:
        put_u16(q.name_len);
        break;
      case kDnsCountLabels:
        put_u16(q.labels);
        break;
      default:
        break;
    }
  }
  for (const DnsRecord& r : t->records) {
    switch (id) {
      case kDnsRespName:
        put_text(r.name);
        break;
      case kDnsRespType:
        put_u16(r.type);
        break;
      case kDnsRespClass:
        put_u16(r.klass);
        break;
      case kDnsRespTtl:
        put_u16(r.ttl);
        break;
      case kDnsRespLen:
        put_u16(r.length);
        break;
      case kDnsA:
      case kDnsAaaa:
        if (r.address.family == (id == kDnsA ? AF_INET : AF_INET6)) {
          if (n < cap) out[n].ip = r.address;
          ++n;
        }
        break;
      case kDnsCname:
      case kDnsNs:
      case kDnsPtr:
      case kDnsMxMailExchange:
        if (r.has_target && r.type == (id == kDnsCname ? 5
                                       : id == kDnsNs  ? 2
                                       : id == kDnsPtr ? 12
                                                       : 15))
          put_text(r.target);
        break;
      case kDnsMxPreference:
        if (r.type == 15 && r.has_target) put_u16(r.preference);
        break;
      default:
        break;
    }
  }
  return n;
}

std::string_view http_text(const Packet& p) {
  return {reinterpret_cast<const char*>(p.http_message.data()), p.http_message.size()};
}

// The first line of the message split at spaces: method, URI, version (a request) or
// version, code, phrase (a response).
std::string_view http_start_part(const Packet& p, int index) {
  std::string_view text = http_text(p);
  std::string_view line = http_first_line(text);
  for (int i = 0; i < index; ++i) {
    std::size_t space = line.find(' ');
    if (space == std::string_view::npos) return {};
    line.remove_prefix(space + 1);
  }
  if (index == 2 && line.substr(0, 5) != "HTTP/") return line;  // the phrase has spaces
  return line.substr(0, line.find(' '));
}

bool http_is_response(const Packet& p) {
  return has_http_layer(p) && http_text(p).substr(0, 5) == "HTTP/";
}

// What tshark's `data` filter matches: the data layer, and an echo's payload.
bool filter_has_data(const Packet& p) {
  if (cut_payload_heuristics_may_throw(p)) note_inexact(&Inexact::cut_payload, p);
  return (has_data_layer(p) && !p.http_no_tree) || (is_echo(p) && p.payload_len > 0);
}

// What Wireshark's "data" dissector gets: a fragment's piece, an HTTP body, a payload.
Bytes data_bytes(const Packet& p) {
  if (p.fragment) return p.frag.data;
  if (p.has(kProtoIcmp) || p.has(kProtoIcmpv6)) return is_echo(p) ? p.payload : p.inner.data;
  if (p.http_no_tree) return {};
  if (p.http == Packet::HttpPart::kContinuation) return http_continuation_body(p);
  if (!has_http_layer(p)) return p.payload;
  std::size_t end = http_text(p).find("\r\n\r\n");
  return end == std::string_view::npos ? Bytes{} : p.http_message.subspan(end + 4);
}

// tcp.flags.str as Wireshark writes it: one letter per set flag of the 12 bits
// (reserved, NS, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN), a middle dot for a clear one.
std::string_view tcp_flags_str(std::uint16_t flags) {
  static const std::array<std::string, 4096> table = [] {
    std::array<std::string, 4096> t;
    const char* letters = "RRRNCEUAPRSF";
    for (unsigned f = 0; f < 4096; ++f)
      for (int bit = 11; bit >= 0; --bit)
        t[f] += (f >> bit) & 1 ? std::string(1, letters[11 - bit]) : std::string("\xc2\xb7");
    return t;
  }();
  return table[flags & 0xfff];
}

int put_s(Value* out, std::string_view v) {
  out[0].s = v;
  return 1;
}

// The GRE fields of one GRE header, present as Wireshark 4.0 adds them: the
// checksum and offset with the C or R bit, the key with K (split into payload length and
// call ID in version 1), the sequence number with S, the ack number with A in version 1,
// the ack flag in version 1 only, the reserved bits 0x00f8 (0x0078 in version 1).
int gre_value(FieldId id, const GreHeader& g, Value* out) {
  const std::uint16_t f = g.flags_ver;
  const bool v1 = (f & 7) == 1;
  switch (id) {
    case kGreFlagsAndVersion:
      return put_u(out, f);
    case kGreProto:
      return put_u(out, g.proto);
    case kGreFlagChecksum:
      return put_u(out, (f >> 15) & 1);
    case kGreFlagRouting:
      return put_u(out, (f >> 14) & 1);
    case kGreFlagKey:
      return put_u(out, (f >> 13) & 1);
    case kGreFlagSeq:
      return put_u(out, (f >> 12) & 1);
    case kGreFlagStrictRoute:
      return put_u(out, (f >> 11) & 1);
    case kGreFlagRecursion:
      return put_u(out, (f >> 8) & 7);
    case kGreFlagAck:
      return v1 ? put_u(out, (f >> 7) & 1) : 0;
    case kGreFlagReserved:
      return put_u(out, v1 ? (f & 0x78) >> 3 : (f & 0xf8) >> 3);
    case kGreFlagVersion:
      return put_u(out, f & 7);
    case kGreChecksum:
      return (f & 0xc000) ? put_u(out, g.checksum) : 0;
    case kGreOffset:
      return (f & 0xc000) ? put_u(out, g.offset) : 0;
    case kGreKey:
      return !v1 && (f & 0x2000) ? put_u(out, g.key) : 0;
    case kGreKeyPayloadLength:
      return v1 && (f & 0x2000) ? put_u(out, g.key >> 16) : 0;
    case kGreKeyCallId:
      return v1 && (f & 0x2000) ? put_u(out, g.key & 0xffff) : 0;
    case kGreSeq:
      return (f & 0x1000) ? put_u(out, g.seq) : 0;
    case kGreAckNumber:
      return v1 && (f & 0x80) ? put_u(out, g.ack) : 0;
    default:
      return 0;
  }
}

// Every GRE header's value of the field, in wire order (gre.key#2 is the inner tunnel's).
// gre.checksum.status: with the checksum bit, 1 good or 0 bad over the whole GRE packet
// (gre.checksum.incorrect then); 2 unverified when the packet was cut or only the routing
// bit brings the field.
int gre_checksum_status(FieldId id, const GreHeader& g, bool cut, Value* out) {
  if ((g.flags_ver & 0xc000) == 0) return 0;
  std::uint64_t status = 2;
  if ((g.flags_ver & 0x8000) != 0 && !cut) {
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(g.bytes.data()),
                                              g.bytes.size());
    status = net::inet_checksum(bytes) == 0 ? 1 : 0;
  }
  if (id == kGreChecksumIncorrect) return status == 0 ? put_u(out, 1) : 0;
  return put_u(out, status);
}

int gre_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (!p.has(kProtoGre)) return 0;
  int n = 0;
  Value v[1];
  const bool status = id == kGreChecksumStatus || id == kGreChecksumIncorrect;
  for (int i = 0; i < p.gre_count; ++i)
    if ((status ? gre_checksum_status(id, p.gre[i],
                                      p.truncated != nullptr ||
                                          reported_size(p.gre[i].bytes, p) > p.gre[i].bytes.size(),
                                      v)
                : gre_value(id, p.gre[i], v)) > 0) {
      if (n < cap) out[n] = v[0];
      ++n;
    }
  return n;
}

}  // namespace

constinit thread_local Inexact* inexact = nullptr;

void stop_noting(const Inexact* gone) {
  if (inexact == gone) inexact = nullptr;
}
thread_local Timestamp delta_displayed{};

const FieldDef* find_field(std::string_view name) {
  for (const FieldDef& f : kFields)
    if (f.name == name) return &f;
  // Wireshark 4.0 still takes the protocol's old name: bootp, bootp.type, ...
  if (name.substr(0, 5) == "dhcp.") return find_dhcp_field(name);
  if (name.substr(0, 5) == "bootp" && (name.size() == 5 || name[5] == '.')) {
    std::string alias = "dhcp";
    alias.append(name.substr(5));
    for (const FieldDef& f : kFields)
      if (f.name == alias) return &f;
    return find_dhcp_field(alias);
  }
  return nullptr;
}

std::uint64_t field_max(FieldId id) {
  if (is_dhcp_field(id)) return dhcp_field_max(id);
  if (is_ppp_field(id)) return ppp_field_max(id);
  if (is_link_field(id)) return link_field_max(id);
  if (is_llc_field(id)) return llc_field_max(id);
  if (is_fragment_field(id)) return fragment_field_max(id);
  if (is_icmpv6_field(id)) return icmpv6_field_max(id);
  if (is_ipv6_ext_field(id)) return ipv6_ext_field_max(id);
  if (is_icmp_word_field(id)) return icmp_word_field_max(id);
  if (is_tcp_option_field(id)) return tcp_option_field_max(id);
  if (is_frame_option_field(id)) return frame_option_field_max(id);
  switch (id) {
    case kIpTtl:
    case kIpProto:
    case kIpHdrLen:
    case kIpDsfield:
    case kIpv6Hlim:
    case kIpv6Nxt:
    case kTcpHdrLen:
    case kTcpOptionWscale:
    case kTcpOptionKind:
    case kIcmpType:
    case kIcmpCode:
    case kIcmpv6Type:
    case kIcmpv6Code:
      return 0xff;
    case kEthType:
    case kEthLen:
    case kEthInvalidLentype:
    case kIpLen:
    case kIpChecksum:
    case kIcmpChecksum:
    case kIcmpv6Checksum:
    case kIpId:
    case kTcpSrcPort:
    case kTcpDstPort:
    case kTcpPort:
    case kTcpWindowSizeValue:
    case kTcpFlags:
    case kTcpChecksum:
    case kTcpUrgentPointer:
    case kTcpOptionMss:
    case kUdpSrcPort:
    case kUdpDstPort:
    case kUdpPort:
    case kUdpLength:
    case kUdpChecksum:
    case kIcmpIdent:
    case kIcmpSeq:
    case kArpOpcode:
    case kGreFlagsAndVersion:
    case kGreProto:
    case kGreChecksum:
    case kGreOffset:
    case kGreKeyPayloadLength:
    case kGreKeyCallId:
    case kGreFlagRecursion:
    case kGreFlagReserved:
    case kGreFlagVersion:
      return 0xffff;  // Wireshark declares the masked flag fields as 16-bit
    case kGreFlagChecksum:
    case kGreFlagRouting:
    case kGreFlagKey:
    case kGreFlagSeq:
    case kGreFlagStrictRoute:
    case kGreFlagAck:
      return UINT64_MAX;  // booleans
    case kHttpContentLength:
      return UINT64_MAX - 1;  // FT_UINT64 (UINT64_MAX itself marks a boolean)
    case kDnsFlagResponse:
    case kTcpFlagFin:
    case kTcpFlagSyn:
    case kTcpFlagReset:
    case kTcpFlagPush:
    case kTcpFlagAck:
    case kTcpFlagUrg:
    case kTcpFlagEce:
    case kTcpFlagCwr:
      return UINT64_MAX;  // booleans
    case kDnsId:
    case kDnsFlags:
    case kDnsCountQueries:
    case kDnsCountAnswers:
    case kDnsFlagOpcode:
    case kDnsCountAuthRr:
    case kDnsCountAddRr:
    case kDnsQryType:
    case kDnsQryClass:
    case kDnsQryNameLen:
    case kDnsCountLabels:
    case kDnsRespType:
    case kDnsRespClass:
    case kDnsRespLen:
    case kDnsMxPreference:
    case kDnsCountZones:
    case kDnsCountPrerequisites:
    case kDnsCountUpdates:
    case kTcpOptionWscaleMultiplier:
    case kIcmpIdentLe:
    case kIcmpSeqLe:
    case kIcmpv6EchoId:
    case kIcmpv6EchoSeq:
    case kArpHwType:
    case kArpProtoType:
      return 0xffff;
    case kTcpOptionLen:
    case kArpHwSize:
    case kArpProtoSize:
      return 0xff;
    case kArpIsGratuitous:
    case kArpIsAnnouncement:
    case kArpIsProbe:
    case kTcpFlagRes:
    case kTcpFlagAe:
    case kEthLg:
    case kEthIg:
    case kEthSrcLg:
      return UINT64_MAX;  // booleans
    case kDnsFlagAuthoritative:
    case kDnsFlagTruncated:
    case kDnsFlagRecDesired:
    case kDnsFlagRecAvail:
    case kDnsFlagZ:
    case kDnsFlagAuthenticated:
    case kDnsFlagCheckDisable:
      return UINT64_MAX;  // booleans
    case kDnsRetransmission:
    case kDnsUnsolicited:
    case kIpTosDelay:
    case kIpTosThroughput:
    case kIpTosReliability:
    case kIpTosCost:
      return UINT64_MAX;  // booleans
    case kIpTos:
    case kIpTosPrecedence:
      return 0xff;
    case kFrameLinkNr:
      return 0xffff;
    case kDnsFlagRcode:
      return 0xff;
    case kIpVersion:
    case kIpv6Version:
    case kIpFlags:
    case kIpDscp:
    case kIpEcn:
    case kIpChecksumStatus:
    case kTcpChecksumStatus:
    case kUdpChecksumStatus:
    case kGreChecksumStatus:
    case kIcmpChecksumStatus:
    case kIcmpv6ChecksumStatus:
      return 0xff;  // narrower still in Wireshark, but declared as 8-bit fields
    case kIpFlagRb:
    case kIpFlagDf:
    case kIpFlagMf:
    case kEthDstIg:
    case kEthSrcIg:
    case kEthDstLg:
      return UINT64_MAX;  // booleans: any value is taken as true
    case kIpFragOffset:
    case kIpv6Plen:
    case kDnsLength:
      return 0xffff;
    default:
      return 0xffffffff;
  }
}

int ip_version_values(const Packet& p, Value* out, int cap, int* layers, bool* by_ipv6) {
  int n = 0, v4 = 0, v6 = 0;
  // (IPv4's dissector numbers its occurrences among IPv4 layers, IPv6's among IPv6 layers)
  auto put = [&](std::uint64_t version, bool ipv6) {
    const int layer = ipv6 ? ++v6 : ++v4;
    if (n < cap) {
      out[n].u = version;
      if (layers != nullptr) layers[n] = layer;
      if (by_ipv6 != nullptr) by_ipv6[n] = ipv6;
    }
    ++n;
  };
  if (p.ipv4_as_ipv6) put(6, false);  // the empty ip item's
  for (int i = 0; i < p.ip_layer_count; ++i) {
    // Wireshark's IPv6 header carries a hidden ip.version too
    if (p.ip_layers[i].src.family == AF_INET6)
      put(6, true);
    else if (p.ip_layers[i].src.family == AF_INET)
      put(4, false);
  }
  if (!refused_ipv6(p).empty()) put(static_cast<std::uint8_t>(refused_ipv6(p)[0]) >> 4, true);
  // a header the snap length cut, or one its dissector refused after it read the version
  Value cut[1];
  const bool v6_cut = p.partial == kProtoIpv6;
  if (cut_ip_value(v6_cut ? kIpv6Version : kIpVersion, p, cut, 0, 1) > 0) put(cut[0].u, v6_cut);
  return n;
}

int field_values(FieldId id, const Packet& p, Value* out, int cap) {
  const TcpHeader& t = p.tcp;
  const bool tcp = is_tcp(p);
  // a header cut after its window (TcpHeader::fixed_read): seq to window, its stream, and
  // from the snap length's cut (not a short segment) the analysis's numbers
  // (and a header an ICMP error quotes, as much of it as was captured)
  const bool tcp_cut = !tcp && (p.partial == kProtoTcp || t.quoted) && t.fixed_read;
  const std::size_t tcp_cut_size = t.quoted ? p.inner.l4.size() : p.partial_bytes.size();
  const bool tcp_fixed = tcp || tcp_cut;
  const bool tcp_analysed = tcp || (tcp_cut && !t.short_segment);
  const bool udp = p.has(kProtoUdp);
  switch (id) {
    case kFrameLen:
      return put_u(out, p.len);
    case kFrameCapLen:
      return put_u(out, p.caplen);
    case kFrameNumber:
      return put_u(out, p.number);
    case kFrameTimeRelative:
      return put_time(out, p.rel);
    case kFrameTimeEpoch:
      return put_time(out, p.ts);
    case kFrameTime:  // exact, as read (p.ts_ns is clamped)
      return put_time(out, p.ts);
    case kFrameProtocols: {
      thread_local std::string path;
      if (!frame_protocols(p, path)) note_inexact(&Inexact::protocols, p);
      return put_s(out, path);
    }
    case kEthLen:
    case kEthInvalidLentype: {
      const EthKind kind = id == kEthLen ? EthKind::kLength : EthKind::kInvalidLengthType;
      return p.has(kProtoEth) && p.eth_kind == kind ? put_u(out, p.ethertype) : 0;
    }
    case kEthSrc:
    case kEthDst:
    case kEthAddr:
    case kEthType: {
      int n = 0;
      for (const EthHeader& e : eth_headers(p)) {
        if (id == kEthType && e.has_type) out[n++].u = e.type;
        if (id == kEthDst || id == kEthAddr) out[n++].mac = *e.dst;
        if (id == kEthSrc || id == kEthAddr) out[n++].mac = *e.src;
      }
      return n;
    }
    case kIpSrc:
    case kIpDst:
    case kIpAddr:
    case kIpv6Src:
    case kIpv6Dst:
    case kIpv6Addr: {
      const int family = (id == kIpSrc || id == kIpDst || id == kIpAddr) ? AF_INET : AF_INET6;
      const bool src = id != kIpDst && id != kIpv6Dst, dst = id != kIpSrc && id != kIpv6Src;
      int n = 0;
      for (int i = 0; i < p.ip_layer_count; ++i) {
        const IpLayer& l = p.ip_layers[i];
        if (l.src.family != family) continue;
        if (src) n = put_ip(out, n, l.src);
        if (dst) n = put_ip(out, n, l.dst);
      }
      n = cut_ip_value(id, p, out, n, cap);
      return family == AF_INET && dst ? cut_ipv4_dst_value(p, out, n, cap) : n;
    }
    case kIpVersion:
      return ip_version_values(p, out, cap);
    case kIpFlags:
    case kIpFlagRb:
    case kIpFlagDf:
    case kIpFlagMf:
    case kIpFragOffset:
    case kIpDsfield:
    case kIpDscp:
    case kIpEcn:
    case kIpChecksum:
    case kIpChecksumStatus: {
      int n = 0;
      for (int i = 0; i < p.ip_layer_count; ++i) {
        const IpLayer& l = p.ip_layers[i];
        if (l.src.family != AF_INET) continue;
        std::uint64_t v = 0;
        switch (id) {
          case kIpFlags:
            v = l.frag >> 13;
            break;
          case kIpFlagRb:
            v = (l.frag >> 15) & 1;
            break;
          case kIpFlagDf:
            v = (l.frag >> 14) & 1;
            break;
          case kIpFlagMf:
            v = (l.frag >> 13) & 1;
            break;
          case kIpFragOffset:
            v = l.frag & 0x1fffu;  // in 8-byte units
            break;
          case kIpDsfield:
            v = l.tos;
            break;
          case kIpDscp:
            v = l.tos >> 2;
            break;
          case kIpEcn:
            v = l.tos & 3;
            break;
          case kIpChecksum:
            v = l.checksum;
            break;
          default:
            v = 2;  // "unverified": Wireshark does not check IPv4 checksums by default
        }
        out[n++].u = v;
      }
      return cut_ip_value(id, p, out, n, cap);
    }
    case kIpTtl:
    case kIpProto:
    case kIpLen:
    case kIpId:
    case kIpHdrLen:
    case kIpv6Hlim:
    case kIpv6Nxt: {
      const int family = (id == kIpv6Hlim || id == kIpv6Nxt) ? AF_INET6 : AF_INET;
      int n = 0;
      for (int i = 0; i < p.ip_layer_count; ++i) {
        const IpLayer& l = p.ip_layers[i];
        if (l.src.family != family) continue;
        out[n++].u = id == kIpTtl || id == kIpv6Hlim    ? l.ttl
                     : id == kIpProto || id == kIpv6Nxt ? l.proto
                     : id == kIpLen                     ? l.total_len
                     : id == kIpId                      ? l.id
                                                        : l.header_len;
      }
      return cut_ip_value(id, p, out, n, cap);
    }
    case kTcpSrcPort:
    case kTcpDstPort:
    case kTcpPort: {
      int n = 0;
      if (tcp || p.partial == kProtoTcp) {  // a header cut short still has its ports
        if (id != kTcpDstPort) out[n++].u = t.sport;
        if (id != kTcpSrcPort) out[n++].u = t.dport;
      }
      if (inner_is(p, 6)) {
        if (id != kTcpDstPort) out[n++].u = p.inner.sport;
        if (id != kTcpSrcPort) out[n++].u = p.inner.dport;
      }
      return n;
    }
    case kTcpStream:
      return tcp_fixed ? put_u(out, static_cast<std::uint32_t>(p.stream)) : 0;
    case kTcpSeq:  // a short segment's numbers are absolute (no analysis)
      if (t.quoted && t.quoted_by_ipv4 && p.inner.l4.size() >= 8) return put_u(out, t.seq);
      if (!tcp_analysed) return tcp_cut ? put_u(out, t.seq) : 0;
      return put_u(out, p.tcpa.rel_seq);
    case kTcpAck:
      if (!tcp_analysed) return tcp_cut ? put_u(out, t.ack) : 0;
      return put_u(out, (t.flags & kAck) ? p.tcpa.rel_ack : t.ack);
    case kTcpSeqRaw:
      return tcp_fixed && !t.quoted_by_ipv4 ? put_u(out, t.seq) : 0;
    case kTcpAckRaw:
      return tcp_fixed ? put_u(out, t.ack) : 0;
    case kTcpLen:
      return tcp_analysed ? put_u(out, p.payload_len) : 0;
    case kTcpHdrLen:
      return tcp_fixed ? put_u(out, t.header_len) : 0;
    case kTcpWindowSize:
      if (!tcp_analysed) return tcp_cut ? put_u(out, t.window) : 0;
      return put_u(out, static_cast<std::uint64_t>(p.tcpa.window));
    case kTcpWindowSizeValue:
      return tcp_fixed ? put_u(out, t.window) : 0;
    case kTcpWindowSizeScalefactor: {
      // on segments after the SYNs: -1 unknown, -2 not used, else the multiplier
      if (!tcp_fixed || (t.flags & kSyn) != 0) return 0;
      if (!tcp_analysed) {  // a short segment: unknown (its stream's scaling not looked up)
        out[0].d = -1;
        out[0].u = static_cast<std::uint32_t>(-1);
        return 1;
      }
      if (!p.tcpa.seq_known) return 0;
      const std::int32_t w = p.tcpa.win_scale;
      const std::int32_t factor = w < 0 ? w : std::int32_t{1} << w;
      out[0].d = factor;
      out[0].u = static_cast<std::uint32_t>(factor);  // two's complement, for `&`
      return 1;
    }
    case kTcpFlags:
      return tcp_fixed ? put_u(out, t.flags) : 0;
    case kIcmpRespTo:
    case kIcmpRespTime:
    case kIcmpv6RespTo:
    case kIcmpv6RespTime: {
      // an echo reply matched to its request; the time in milliseconds, as Wireshark's
      const bool v6 = id == kIcmpv6RespTo || id == kIcmpv6RespTime;
      if (p.icmp.resp_to == 0 || !p.has(v6 ? kProtoIcmpv6 : kProtoIcmp)) return 0;
      if (id == kIcmpRespTo || id == kIcmpv6RespTo) return put_u(out, p.icmp.resp_to);
      out[0].d = static_cast<double>(p.icmp.resptime_ns) / 1e6;
      return 1;
    }
    case kIcmpDataTime:
    case kIcmpDataTimeRelative:
      if (!p.icmp.has_data_time || !p.has(kProtoIcmp)) return 0;
      return put_time(out,
                      id == kIcmpDataTime ? p.icmp.data_time : difference(p.ts, p.icmp.data_time));
    case kTcpAnalysisDupAckNum:
      return tcp && (p.tcpa.flags & kDupAck) ? put_u(out, p.tcpa.dup_ack_count) : 0;
    case kTcpAnalysisDupAckFrame:
      return tcp && (p.tcpa.flags & kDupAck) ? put_u(out, p.tcpa.dup_ack_of) : 0;
    case kTcpAnalysisRto:
    case kTcpAnalysisRtoFrame:
      // shown on a plain retransmission when the time is not zero, as Wireshark does
      if (!tcp || !(p.tcpa.flags & kRetransmission) || p.tcp_acks.rto == Timestamp{}) return 0;
      if (id == kTcpAnalysisRtoFrame) return put_u(out, p.tcp_acks.rto_frame);
      return put_time(out, p.tcp_acks.rto);
    case kTcpAnalysisAcksFrame:
      return tcp && p.tcp_acks.acks_frame != 0 ? put_u(out, p.tcp_acks.acks_frame) : 0;
    case kTcpAnalysisAckRtt:  // Wireshark leaves out an RTT of exactly zero
      if (!tcp || p.tcp_acks.acks_frame == 0 || p.tcp_acks.ack_rtt == Timestamp{}) return 0;
      return put_time(out, p.tcp_acks.ack_rtt);
    case kTcpAnalysisInitialRtt:
      if (!tcp || p.tcp_acks.initial_rtt == Timestamp{}) return 0;
      return put_time(out, p.tcp_acks.initial_rtt);
    case kTcpAnalysisBytesInFlight:
      return tcp && p.tcp_acks.bytes_in_flight != 0 ? put_u(out, p.tcp_acks.bytes_in_flight) : 0;
    case kTcpAnalysisPushBytesSent:  // shown with the bytes in flight
      return tcp && p.tcp_acks.bytes_in_flight != 0 && p.tcp_acks.push_bytes_sent != 0
                 ? put_u(out, p.tcp_acks.push_bytes_sent)
                 : 0;
    case kTcpOptionKind: {
      if (!t.options_reached) return 0;
      const int listed = t.option_count + (t.option_value_cut ? 1 : 0);
      int n = std::min<int>(listed, cap);
      for (int k = 0; k < n; ++k) out[k].u = t.option_kinds[k];
      return listed;
    }
    case kTcpTimeRelative:
    case kTcpTimeDelta:
      if (!tcp_fixed || !p.has_stream_times) return 0;
      return put_time(out, id == kTcpTimeRelative ? p.stream_rel : p.stream_delta);
    case kUdpTimeRelative:
    case kUdpTimeDelta:
      if (!udp || !p.has_stream_times) return 0;
      return put_time(out, id == kUdpTimeRelative ? p.stream_rel : p.stream_delta);
    case kTcpFlagsStr:
      return tcp_fixed ? put_s(out, tcp_flags_str(t.flags)) : 0;
    case kTcpFlagFin:
      return tcp_fixed ? put_u(out, (t.flags & kFin) != 0) : 0;
    case kTcpFlagSyn:
      return tcp_fixed ? put_u(out, (t.flags & kSyn) != 0) : 0;
    case kTcpFlagReset:
      return tcp_fixed ? put_u(out, (t.flags & kRst) != 0) : 0;
    case kTcpFlagPush:
      return tcp_fixed ? put_u(out, (t.flags & kPsh) != 0) : 0;
    case kTcpFlagAck:
      return tcp_fixed ? put_u(out, (t.flags & kAck) != 0) : 0;
    case kTcpFlagUrg:
      return tcp_fixed ? put_u(out, (t.flags & kUrg) != 0) : 0;
    case kTcpFlagEce:
      return tcp_fixed ? put_u(out, (t.flags & kEce) != 0) : 0;
    case kTcpFlagCwr:
      return tcp_fixed ? put_u(out, (t.flags & kCwr) != 0) : 0;
    case kTcpNextSeq:  // Wireshark 4 gives it to every segment (seq itself when empty)
      return tcp_analysed ? put_u(out, p.tcpa.next_rel_seq) : 0;
    case kTcpChecksumStatus:  // 2: "unverified", Wireshark's default (no validation)
      return tcp || (tcp_cut && tcp_cut_size >= 18) ? put_u(out, 2) : 0;
    case kUdpChecksumStatus: {
      // 2 unverified (Wireshark's default), 3 not present (zero), 4 illegal (zero over
      // IPv6, where it is mandatory; a quoted header's zero is "not present" either way)
      int n = 0;
      if (udp && p.udp.length_check != UdpLength::kBelow8)
        out[n++].u = p.udp.checksum != 0 ? 2 : p.dst.family == AF_INET6 ? 4 : 3;
      if (inner_is(p, 17) && p.inner.l4.size() >= 8) out[n++].u = p.inner.udp_checksum == 0 ? 3 : 2;
      return n;
    }
    case kIcmpChecksum:
    case kIcmpv6Checksum:
    case kIcmpChecksumStatus:
    case kIcmpv6ChecksumStatus: {
      // The message's, then the one an ICMP error quotes. Wireshark verifies a whole
      // message's checksum (1 good, 0 bad), not a quoted or cut one's (2 unverified).
      const bool v6 = id == kIcmpv6Checksum || id == kIcmpv6ChecksumStatus;
      const bool status = id == kIcmpChecksumStatus || id == kIcmpv6ChecksumStatus;
      int n = 0;
      // (an ICMPv6 header is one from its first byte: its checksum may be cut)
      if (p.has(v6 ? kProtoIcmpv6 : kProtoIcmp) && p.l4.size() >= 4)
        out[n++].u = status ? icmp_checksum_status(p, v6) : p.icmp.checksum;
      if (inner_is(p, v6 ? 58 : 1) && p.inner.has_icmp_checksum)
        out[n++].u = status ? 2 : p.inner.icmp_checksum;
      return n;
    }
    case kFrameTimeDelta:
      return put_time(out, p.delta);
    case kFrameTimeDeltaDisplayed:
      return put_time(out, delta_displayed);
    case kFrameMarked:
    case kFrameIgnored:
      return put_u(out, 0);  // nothing marks or ignores a frame here
    case kFrameInterfaceId:  // pcapng's; a pcap file names no interface
      return p.has_interface ? put_u(out, p.interface_id) : 0;
    case kFrameInterfaceName:
      return p.has_interface ? put_s(out, p.interface_name) : 0;
    case kFrameOffsetShift:  // the time shift of `editcap -t`-like preferences: none here
      return put_time(out, Timestamp{});
    case kFrameEncapType: {
      // Wireshark's WTAP_ENCAP_* of the capture's link type
      double encap = 0;
      switch (p.linktype) {
        case kLinkEthernet:
          encap = 1;
          break;
        case kLinkNull:
          encap = 15;
          break;
        case kLinkRaw:
          encap = 7;
          break;
        case kLinkLoop:
          encap = 174;
          break;
        case kLinkSll:
          encap = 25;
          break;
        case kLinkIpv4:
          encap = 129;
          break;
        case kLinkIpv6:
          encap = 130;
          break;
        case kLinkSll2:
          encap = 210;
          break;
        default:
          return 0;
      }
      out[0].d = encap;
      return 1;
    }
    case kEthSrcOui:
    case kEthDstOui:
    case kEthAddrOui:
    case kEthSrcResolved:
    case kEthDstResolved:
    case kEthAddrResolved: {
      // eth.addr: the destination first
      const bool src = id != kEthDstOui && id != kEthDstResolved;
      const bool dst = id != kEthSrcOui && id != kEthSrcResolved;
      const bool resolved =
          id == kEthSrcResolved || id == kEthDstResolved || id == kEthAddrResolved;
      thread_local std::array<std::string, 4> names;
      int n = 0;
      for (const EthHeader& e : eth_headers(p)) {
        for (const Mac* m : {dst ? e.dst : nullptr, src ? e.src : nullptr}) {
          if (m == nullptr) continue;
          if (!resolved) {
            out[n++].u = (static_cast<std::uint64_t>((*m)[0]) << 16) | ((*m)[1] << 8) | (*m)[2];
            continue;
          }
          std::string& s = names[static_cast<std::size_t>(n)];
          s = net::MacNames::system().name(*m);
          if (s.empty()) s = to_string(*m);
          out[n++].s = s;
        }
      }
      return n;
    }
    case kEthDstIg:
    case kEthSrcIg:
    case kEthDstLg:
    case kEthSrcLg:
    case kEthLg:  // eth.lg and eth.ig: both addresses, the destination first
    case kEthIg: {
      const bool lg = id == kEthDstLg || id == kEthSrcLg || id == kEthLg;
      const bool dst = id == kEthDstIg || id == kEthDstLg || id == kEthLg || id == kEthIg;
      const bool src = id == kEthSrcIg || id == kEthSrcLg || id == kEthLg || id == kEthIg;
      int n = 0;
      for (const EthHeader& e : eth_headers(p)) {
        for (const Mac* m : {dst ? e.dst : nullptr, src ? e.src : nullptr})
          if (m != nullptr) out[n++].u = lg ? ((*m)[0] >> 1) & 1 : (*m)[0] & 1;
      }
      return n;
    }
    case kIpv6Version:
    case kIpv6Plen:
    case kIpv6Flow: {
      int n = 0;
      for (int i = 0; i < p.ip_layer_count; ++i) {
        const IpLayer& l = p.ip_layers[i];
        if (l.src.family != AF_INET6) continue;
        out[n++].u = id == kIpv6Version ? 6u : id == kIpv6Plen ? l.total_len - 40u : p.ipv6_flow;
      }
      // IPv6 inside PPP that is not version 6: Wireshark's dissector adds its layer and
      // version field, then refuses the packet.
      if (id == kIpv6Version && !refused_ipv6(p).empty())
        out[n++].u = static_cast<std::uint8_t>(refused_ipv6(p)[0]) >> 4;
      return cut_ip_value(id, p, out, n, cap);
    }
    case kTcpChecksum:
      return tcp || (tcp_cut && tcp_cut_size >= 18) ? put_u(out, t.checksum) : 0;
    case kTcpUrgentPointer:
      return tcp || (tcp_cut && tcp_cut_size >= 20) ? put_u(out, t.urgent) : 0;
    // (options_reached: a short segment's options before its end are there too)
    case kTcpOptionMss:
      return t.options_reached && t.has_mss ? put_u(out, t.mss) : 0;
    case kTcpOptionWscale:
      return t.options_reached && t.has_ws ? put_u(out, t.ws_shift) : 0;
    case kTcpOptionWscaleMultiplier:  // Wireshark caps the shift at 14
      return t.options_reached && t.has_ws ? put_u(out, 1u << std::min<unsigned>(t.ws_shift, 14))
                                           : 0;
    case kTcpOptionTsval:
      return t.options_reached && t.has_tsval ? put_u(out, t.tsval) : 0;
    case kTcpOptionTsecr:
      return t.options_reached && t.has_ts ? put_u(out, t.tsecr) : 0;
    case kTcpOptionLen: {  // each option that has a length byte
      if (!t.options_reached) return 0;
      int n = 0;
      for (int k = 0; k < t.option_count + (t.option_value_cut ? 1 : 0); ++k)
        if (t.option_kinds[static_cast<std::size_t>(k)] > 1) {
          if (n < cap) out[n].u = t.option_lens[static_cast<std::size_t>(k)];
          ++n;
        }
      return n;
    }
    case kTcpFlagRes:
      return tcp_fixed ? put_u(out, t.reserved != 0) : 0;
    case kTcpFlagAe:  // the old NS bit, AccECN's AE in Wireshark 4.0
      return tcp_fixed ? put_u(out, (t.flags >> 8) & 1u) : 0;
    case kArpHwType:
      return p.has(kProtoArp) ? put_u(out, p.arp.htype) : cut_arp_field(p, 0, 2, out);
    case kArpProtoType:
      return p.has(kProtoArp) ? put_u(out, p.arp.ptype) : cut_arp_field(p, 2, 2, out);
    case kArpHwSize:
      return p.has(kProtoArp) ? put_u(out, p.arp.hlen) : cut_arp_field(p, 4, 1, out);
    case kArpProtoSize:
      return p.has(kProtoArp) ? put_u(out, p.arp.plen) : cut_arp_field(p, 5, 1, out);
    case kArpDuplicateAddressDetected:
    case kArpDuplicateAddressFrame:
    case kArpSecondsSinceDuplicateAddressFrame: {
      if (!p.has(kProtoArp)) return 0;
      int n = 0;
      for (int i = 0; i < p.arp.duplicate_count; ++i) {
        const ArpInfo::Duplicate& d = p.arp.duplicates[static_cast<std::size_t>(i)];
        out[n++].u = id == kArpDuplicateAddressFrame               ? d.frame
                     : id == kArpSecondsSinceDuplicateAddressFrame ? d.seconds
                                                                   : 0;
      }
      return n;
    }
    case kArpIsGratuitous:
    case kArpIsAnnouncement:
    case kArpIsProbe: {  // booleans Wireshark adds only when true
      if (!p.has(kProtoArp)) return 0;
      const ArpKind k = arp_kind(p.arp);
      const bool yes = id == kArpIsGratuitous     ? k.gratuitous
                       : id == kArpIsAnnouncement ? k.announcement
                                                  : k.probe;
      return yes ? put_u(out, 1) : 0;
    }
    case kIpv6Tclass:
    case kIpv6TclassDscp:
    case kIpv6TclassEcn: {
      int n = 0;
      for (int i = 0; i < p.ip_layer_count; ++i) {
        const IpLayer& l = p.ip_layers[i];
        if (l.src.family != AF_INET6) continue;
        out[n++].u = id == kIpv6Tclass ? l.tos : id == kIpv6TclassDscp ? l.tos >> 2 : l.tos & 3u;
      }
      return cut_ip_value(id, p, out, n, cap);
    }
    case kUdpSrcPort:
    case kUdpDstPort:
    case kUdpPort: {
      int n = 0;
      if (udp || p.partial == kProtoUdp) {  // a header cut short still has its ports
        if (id != kUdpDstPort) out[n++].u = p.udp.sport;
        if (id != kUdpSrcPort) out[n++].u = p.udp.dport;
      }
      if (inner_is(p, 17)) {
        if (id != kUdpDstPort) out[n++].u = p.inner.sport;
        if (id != kUdpSrcPort) out[n++].u = p.inner.dport;
      }
      return n;
    }
    case kUdpLengthBad:  // (not in an ICMP error's quote, as Wireshark checks)
      return udp_length_malformed(p) ? put_u(out, 1) : 0;
    case kUdpLengthBadZero:  // a jumbogram shorter than 65,536 bytes
      if (p.udp.length_check != UdpLength::kJumbogram) return 0;
      if (udp) return p.payload_len + 8 < 65536 ? put_u(out, 1) : 0;
      return p.partial == kProtoUdp && p.udp.checked_length < 65536 ? put_u(out, 1) : 0;
    case kUdpPossibleTraceroute: {  // LBL traceroute's ports 33435..33464, either side
      if (!udp) return 0;
      int n = 0;
      for (std::uint16_t port : {p.udp.sport, p.udp.dport})
        if (port > 33434 && port <= 33464 && n < cap) out[n++].u = 1;
      return n;
    }
    case kUdpStream:
      return (udp || inner_is(p, 17)) && p.stream >= 0
                 ? put_u(out, static_cast<std::uint32_t>(p.stream))
                 : 0;
    case kUdpLength:
    case kUdpChecksum: {
      int n = 0;
      // below 8, Wireshark stops before the checksum
      if (udp && (id == kUdpLength || p.udp.length_check != UdpLength::kBelow8))
        out[n++].u = id == kUdpLength ? p.udp.length : p.udp.checksum;
      // a header cut after its length field has it
      if (!udp && id == kUdpLength && p.partial == kProtoUdp && p.partial_bytes.size() >= 6)
        out[n++].u = p.udp.length;
      // a quoted header's, each once it was captured
      if (inner_is(p, 17) && p.inner.l4.size() >= (id == kUdpLength ? 6u : 8u))
        out[n++].u = id == kUdpLength ? p.inner.udp_length : p.inner.udp_checksum;
      return n;
    }
    case kIcmpType:
    case kIcmpCode:
    case kIcmpv6Type:
    case kIcmpv6Code: {
      const bool icmp6 = id == kIcmpv6Type || id == kIcmpv6Code;
      const bool type = id == kIcmpType || id == kIcmpv6Type;
      int n = 0;
      // (an ICMPv6 header cut after its type has no code)
      if (p.has(icmp6 ? kProtoIcmpv6 : kProtoIcmp) && (type || p.l4.size() >= 2))
        out[n++].u = type ? p.icmp.type : p.icmp.code;
      if (inner_is(p, icmp6 ? 58 : 1) && p.inner.l4.size() >= (type ? 1u : 2u))
        out[n++].u = type ? p.inner.icmp_type : p.inner.icmp_code;
      return n;
    }
    case kIcmpIdent:
    case kIcmpSeq:
    case kIcmpIdentLe:
    case kIcmpSeqLe:
    case kIcmpv6EchoId:
    case kIcmpv6EchoSeq: {
      // the echo header, and an echo an ICMP error quotes
      const bool v6 = id == kIcmpv6EchoId || id == kIcmpv6EchoSeq;
      const bool ident = id == kIcmpIdent || id == kIcmpIdentLe || id == kIcmpv6EchoId;
      const bool swap = id == kIcmpIdentLe || id == kIcmpSeqLe;
      int n = 0;
      auto put = [&](std::uint16_t v) {
        out[n++].u = swap ? static_cast<std::uint16_t>((v >> 8) | (v << 8)) : v;
      };
      if (p.has(v6 ? kProtoIcmpv6 : kProtoIcmp) && (ident ? p.icmp.has_id : p.icmp.has_seq))
        put(ident ? p.icmp.id : p.icmp.seq);
      if (inner_is(p, v6 ? 58 : 1) && (ident ? p.inner.icmp_has_id : p.inner.icmp_echo))
        put(ident ? p.inner.icmp_id : p.inner.icmp_seq);
      return n;
    }
    case kArpOpcode:
      return p.has(kProtoArp) ? put_u(out, p.arp.op) : 0;
    case kArpSrcProtoIpv4:
      return p.has(kProtoArp) && p.arp.addresses ? put_ip(out, 0, p.arp.sender_ip) : 0;
    case kArpDstProtoIpv4:
      return p.has(kProtoArp) && p.arp.addresses ? put_ip(out, 0, p.arp.target_ip) : 0;
    case kArpSrcHwMac:
      if (!p.has(kProtoArp) || !p.arp.addresses) return 0;
      out[0].mac = p.arp.sender_mac;
      return 1;
    case kArpDstHwMac:
      if (!p.has(kProtoArp) || !p.arp.addresses) return 0;
      out[0].mac = p.arp.target_mac;
      return 1;
    case kDnsId:
    case kDnsFlags:
    case kDnsFlagResponse:
    case kDnsFlagRcode:
    case kDnsCountQueries:
    case kDnsCountAnswers:
      return dns_header_values(id, p, out, cap);
    case kDnsFlagOpcode:
    case kDnsFlagAuthoritative:
    case kDnsFlagTruncated:
    case kDnsFlagRecDesired:
    case kDnsFlagRecAvail:
    case kDnsFlagZ:
    case kDnsFlagAuthenticated:
    case kDnsFlagCheckDisable:
    case kDnsCountAuthRr:
    case kDnsCountAddRr:
    case kDnsQryName:
    case kDnsQryType:
    case kDnsQryClass:
    case kDnsQryNameLen:
    case kDnsCountLabels:
    case kDnsRespName:
    case kDnsRespType:
    case kDnsRespClass:
    case kDnsRespTtl:
    case kDnsRespLen:
    case kDnsA:
    case kDnsAaaa:
    case kDnsCname:
    case kDnsNs:
    case kDnsPtr:
    case kDnsMxPreference:
    case kDnsMxMailExchange:
    case kDnsCountZones:
    case kDnsCountPrerequisites:
    case kDnsCountUpdates:
      return dns_tree_values(id, p, out, cap);
    case kHttpRequestFullUri: {
      // "http://" host URI, built here: the text is not in the packet. A string field's
      // value is read before the next one is made, so one buffer per thread will do.
      // (none where HTTP threw at a header line the snap length cut: Wireshark adds it
      // after the headers)
      std::string_view host;
      if (!has_http_layer(p) || p.http_cut_in_header || http_is_response(p) ||
          !http_last_host(p, host))
        return 0;
      thread_local std::string uri;
      uri = http_full_uri(http_start_part(p, 0), http_start_part(p, 1), host);
      return put_s(out, uri);
    }
    case kHttpRequestMethod:
    case kHttpRequestUri:
    case kHttpRequestVersion:
      return has_http_layer(p) && !http_is_response(p)
                 ? put_s(out, http_start_part(p, id == kHttpRequestMethod ? 0
                                                 : id == kHttpRequestUri  ? 1
                                                                          : 2))
                 : 0;
    case kHttpResponseVersion:
    case kHttpResponsePhrase:
      return http_is_response(p)
                 ? put_s(out, http_start_part(p, id == kHttpResponseVersion ? 0 : 2))
                 : 0;
    case kHttpResponseCode: {
      if (!http_is_response(p)) return 0;
      std::string_view code = http_start_part(p, 1);
      std::uint64_t v = 0;
      for (char c : code) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + static_cast<unsigned>(c - '0');
      }
      return code.empty() ? 0 : put_u(out, v);
    }
    case kGreFlagsAndVersion:
    case kGreProto:
    case kGreFlagChecksum:
    case kGreFlagRouting:
    case kGreFlagKey:
    case kGreFlagSeq:
    case kGreFlagStrictRoute:
    case kGreFlagRecursion:
    case kGreFlagAck:
    case kGreFlagReserved:
    case kGreFlagVersion:
    case kGreChecksum:
    case kGreOffset:
    case kGreKey:
    case kGreKeyPayloadLength:
    case kGreKeyCallId:
    case kGreSeq:
    case kGreAckNumber:
    case kGreChecksumStatus:
    case kGreChecksumIncorrect:
      return gre_values(id, p, out, cap);
    case kNullFamily: {
      // the family as dissect_null read it (the writer's byte order, or network order)
      if (!p.has(kProtoNull) || p.data.size() < 4) return 0;
      const auto b = [&p](std::size_t i) { return static_cast<std::uint32_t>(p.data[i]); };
      const std::uint32_t be = b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
      const std::uint32_t le = b(3) << 24 | b(2) << 16 | b(1) << 8 | b(0);
      return put_u(out, p.linktype == kLinkLoop ? be : (le <= 0xffff ? le : be));
    }
    case kDataLen:
      // (what was captured: the data dissector reads no further)
      return filter_has_data(p) ? put_u(out, data_bytes(p).size()) : 0;
    default:
      if (is_ppp_field(id)) return ppp_field_values(id, p, out, cap);
      if (is_link_field(id)) return link_field_values(id, p, out, cap);
      if (is_llc_field(id)) return llc_field_values(id, p, out, cap);
      if (is_fragment_field(id)) return fragment_field_values(id, p, out, cap);
      if (is_icmpv6_field(id)) return icmpv6_field_values(id, p, out, cap);
      if (is_ipv6_ext_field(id)) return ipv6_ext_field_values(id, p, out, cap);
      if (is_icmp_word_field(id)) return icmp_word_field_values(id, p, out, cap);
      if (is_tcp_option_field(id)) return tcp_option_field_values(id, p, out, cap);
      if (is_http_header_field(id)) return http_header_field_values(id, p, out, cap);
      if (is_dns_link_field(id)) return dns_link_field_values(id, p, out, cap);
      if (is_tcp_pdu_field(id)) return tcp_pdu_field_values(id, p, out, cap);
      if (is_host_field(id)) return host_field_values(id, p, out, cap);
      if (is_frame_option_field(id)) return frame_option_field_values(id, p, out, cap);
      return is_dhcp_field(id) ? dhcp_field_values(id, p, out, cap) : 0;
  }
}

int values_of_grown(FieldId id, const Packet& p, ValueBuf& buf, int n) {
  buf.resize(static_cast<std::size_t>(n));
  return field_values(id, p, buf.data(), n);
}

namespace {
// The Linux cooked header is there, whole or cut short (Wireshark shows what it read).
bool sll_present(const Packet& p) {
  return p.has(kProtoSll) ||
         ((p.linktype == kLinkSll || p.linktype == kLinkSll2) && !p.data.empty());
}
}  // namespace

bool field_present(const FieldDef& f, const Packet& p) {
  const std::uint32_t a = p.has(kProtoTcp) ? p.tcpa.flags : 0;
  switch (f.id) {
    case kFrame:
      return true;
    case kEth:
      return p.has(kProtoEth) || gre_bridges_ethernet(p);
    case kNull:
      return p.has(kProtoNull);
    case kRaw:
      return p.linktype == kLinkRaw && !p.data.empty();
    case kSll:
      return sll_present(p);
    case kIp:
    case kIpv6:
      for (int i = 0; i < p.ip_layer_count; ++i)
        if (p.ip_layers[i].src.family == (f.id == kIp ? AF_INET : AF_INET6)) return true;
      // a header cut short: the layer is there with what was captured (IPv6's item is
      // added before any read: with no byte too)
      if (p.partial == (f.id == kIp ? kProtoIp : kProtoIpv6) &&
          (f.id == kIpv6 || !p.partial_bytes.empty()))
        return true;
      if (f.id == kIp) return p.ipv4_as_ipv6;
      return !refused_ipv6(p).empty();
    // (expert items of the flags: a header cut after its window has them too, and so does
    // a quoted one once its flags were read)
    case kTcpConnectionSyn:
      return tcp_flags_read(p) && (p.tcp.flags & (kSyn | kAck)) == kSyn;
    case kTcpConnectionSynack:
      return tcp_flags_read(p) && (p.tcp.flags & (kSyn | kAck)) == (kSyn | kAck);
    case kTcpConnectionFin:
      return tcp_flags_read(p) && (p.tcp.flags & kFin) != 0;
    case kTcpConnectionRst:
      return tcp_flags_read(p) && (p.tcp.flags & kRst) != 0;
    case kWsMalformed:
      if (p.ipv6_bogus) return true;  // its "Bogus IPv6 version" is a malformed expert item
      [[fallthrough]];
    case kWsShort:
    case kWsMalformedExpert:
      // (the protocol after LLC that we do not dissect may find its bytes wanting)
      if (ieee8023_undissected(p)) note_inexact(&Inexact::undissected_payload, p);
      // (what TAPA, which we do not dissect, reads past its payload)
      if (p.has(kProtoUdp) && p.udp.tapa == TapaTake::kTaken)
        note_inexact(&Inexact::undissected_payload, p);
      if (cut_payload_heuristics_may_throw(p)) note_inexact(&Inexact::cut_payload, p);
      if (f.id == kWsMalformedExpert) return malformed_by_exception(p);
      if (f.id == kWsMalformed && (udp_length_malformed(p) || malformed_expert_item(p)))
        return true;
      return tree_end(p, true) == (f.id == kWsShort ? TreeEnd::kShort : TreeEnd::kMalformed);
    case kWsUnreassembled:  // (its expert item comes with each of its items)
    case kWsUnreassembledExpert:
      return has_unreassembled_item(p);
    case kTcp:
      return p.has(kProtoTcp) || inner_is(p, 6) || p.partial == kProtoTcp;
    case kUdp:
      return p.has(kProtoUdp) || inner_is(p, 17) || p.partial == kProtoUdp;
    case kIcmp:
      return p.has(kProtoIcmp) || inner_is(p, 1);
    case kIcmpv6:  // (its item is added before any read: with no byte too)
      return p.has(kProtoIcmpv6) || inner_is(p, 58) || p.partial == kProtoIcmpv6;
    case kArp:
      return p.has(kProtoArp) || cut_arp_item(p);
    case kArpDuplicateAddressDetected:
      return p.has(kProtoArp) && p.arp.duplicate_count > 0;
    case kData:
      if (ieee8023_undissected(p)) note_inexact(&Inexact::undissected_payload, p);
      return filter_has_data(p);
    case kDns:
      return is_dns(p);
    case kHttp:  // (a Continuation's layer has no message: not has_http_layer)
      return has_http_layer(p) || (p.http == Packet::HttpPart::kContinuation && !p.http_no_tree);
    case kGre:
      return p.has(kProtoGre);
    case kDhcp: {
      Bytes m;
      std::size_t reported = 0;
      return dhcp_message(p, m, reported) && dhcp_scan(m, reported).header_read;
    }
    case kHttpRequest:  // (added after the headers: not where HTTP threw in one)
      return has_http_layer(p) && !p.http_cut_in_header && !http_is_response(p);
    case kHttpResponse:
      return http_is_response(p) && !p.http_cut_in_header;
    case kTcpPayload:  // (not on the FIN segment that ends a body run until the close:
                       // TCP's FIN handling adds no payload item there)
      return p.has(kProtoTcp) && !p.payload.empty() && !p.http_at_fin;
    case kTcpOptions:  // (with no byte of them in the segment too; a quoted header's from
                       // its 20th byte, however few were captured)
      return (p.tcp.options_reached ||
              (p.tcp.quoted && p.tcp.fixed_read && p.inner.l4.size() >= 20)) &&
             p.tcp.header_len > 20;
    case kUdpPayload:  // also the data after a UDP header an ICMP error quotes
      return (p.has(kProtoUdp) && p.payload_len > 0 && !p.udp.rest.empty()) ||
             (inner_is(p, 17) && p.inner.has_data);
    case kDataData:
      return filter_has_data(p);
    case kTcpAnalysisFlags:
      return a != 0;
    case kTcpAnalysisRetransmission:
      return (a & (kRetransmission | kFastRetransmission | kSpuriousRetransmission)) != 0;
    case kTcpAnalysisFastRetransmission:
      return (a & kFastRetransmission) != 0;
    case kTcpAnalysisOutOfOrder:
      return (a & kOutOfOrder) != 0;
    case kTcpAnalysisLostSegment:
      return (a & kLostSegment) != 0;
    case kTcpAnalysisDuplicateAck:
      return (a & kDupAck) != 0;
    case kTcpAnalysisZeroWindow:
      return (a & kZeroWindow) != 0;
    case kTcpAnalysisKeepAlive:
      return (a & kKeepAlive) != 0;
    case kTcpAnalysisWindowUpdate:
      return (a & kWindowUpdate) != 0;
    case kTcpAnalysisWindowFull:
      return (a & kWindowFull) != 0;
    case kTcpAnalysisSpuriousRetransmission:
      return (a & kSpuriousRetransmission) != 0;
    case kTcpAnalysisKeepAliveAck:
      return (a & kKeepAliveAck) != 0;
    case kTcpAnalysisZeroWindowProbe:
      return (a & kZeroWindowProbe) != 0;
    case kTcpAnalysisAckedUnseen:
      return (a & kAckedUnseen) != 0;
    case kTcpAnalysisReusedPorts:
      return (a & kPortsReused) != 0;
    case kTcpAnalysisZeroWindowProbeAck:
      return (a & kZeroWindowProbeAck) != 0;
    case kTcpAnalysisTfoSyn:
      return p.has(kProtoTcp) && (p.tcpa.tfo & kTfoSyn) != 0;
    case kTcpAnalysisTfoAck:
      return p.has(kProtoTcp) && (p.tcpa.tfo & kTfoAck) != 0;
    case kTcpAnalysisTfoIgnored:
      return p.has(kProtoTcp) && (p.tcpa.tfo & kTfoIgnored) != 0;
    case kTcpAnalysis:
      return p.has(kProtoTcp) && p.tcpa.acks_tracked && p.tcp_acks.analysed;
    default: {
      if (is_ppp_field(f.id)) return ppp_field_present(f.id, p);
      if (f.id == kVlan || f.id == kIeee8021ad) return link_field_present(f.id, p);
      if (is_llc_field(f.id)) return llc_field_present(f.id, p);
      Value v[kMaxValues];
      return field_values(f.id, p, v, kMaxValues) > 0;
    }
  }
}

Bytes field_bytes(FieldId id, const Packet& p) {
  switch (id) {
    case kFrame:
    case kEth:
      return p.data;
    case kSll:
      return sll_present(p) ? p.data : Bytes{};
    case kNull:
      return p.has(kProtoNull) ? p.data : Bytes{};
    case kRaw:
      return p.linktype == kLinkRaw ? p.data : Bytes{};
    case kIp:
    case kIpv6:
      if (const IpLayer* l = first_ip_layer(p, id == kIp ? AF_INET : AF_INET6)) return l->onward();
      return last_ip_layer_bytes(id, p);
    case kTcp:  // the segment, the header an ICMP error quotes, or one cut short
      return p.has(kProtoTcp)         ? p.l4
             : inner_is(p, 6)         ? p.inner.l4
             : p.partial == kProtoTcp ? p.partial_bytes
                                      : Bytes{};
    case kUdp:
      return p.has(kProtoUdp)         ? p.l4
             : inner_is(p, 17)        ? p.inner.l4
             : p.partial == kProtoUdp ? p.partial_bytes
                                      : Bytes{};
    case kTcpPayload:
      return p.has(kProtoTcp) && !p.http_at_fin ? p.payload : Bytes{};
    case kTcpOptions:  // the header past its fixed 20 bytes, as far as the segment holds it
      if (p.tcp.quoted && p.tcp.header_len > 20 && p.inner.l4.size() >= 20) {
        const Bytes q = p.inner.l4.subspan(20);
        return q.first(std::min<std::size_t>(q.size(), p.tcp.header_len - 20u));
      }
      return p.tcp.options;
    case kUdpPayload:
      return p.has(kProtoUdp) ? p.udp.rest : inner_is(p, 17) ? p.inner.data : Bytes{};
    case kData:
    case kDataData:
      return data_bytes(p);
    case kDataTextLines:
    case kUrlencodedForm: {  // the HTTP body that layer is
      Value v[kMaxValues];
      if (field_values(id, p, v, kMaxValues) == 0) return {};
      if (p.http == Packet::HttpPart::kContinuation) return http_continuation_body(p);
      const std::string_view text = http_text(p);
      return p.http_message.subspan(text.find("\r\n\r\n") + 4);
    }
    case kHttp:
      // Past a leading CRLF, as tshark 4.0 shows them (measured): a message's from the
      // CRLF, as long as the message (the CRLF and all where the snap length cut it on a
      // connection with no request before); header lines with no request before, the CRLF
      // and all; a Continuation's from past it.
      if (p.http_after_crlf && p.http != Packet::HttpPart::kContinuation) {
        const bool whole = p.http == Packet::HttpPart::kCut && !p.http_links.after_request;
        return Bytes(p.http_message.data() - 2, p.http_message.size() + (whole ? 2 : 0));
      }
      if (p.http_after_crlf && p.http_no_request)
        return Bytes(p.http_message.data() - 2, p.http_message.size() + 2);
      return p.http_message;
    case kGre:
      return p.has(kProtoGre) ? p.gre[0].bytes : Bytes{};
    case kDns:
      if (p.has(kProtoTcp) && p.has(kProtoDns)) {  // the first PDU, its length first
        const Bytes m = dns_message(p);
        return Bytes(m.data() - 2, m.size() + 2);
      }
      return p.payload;
    case kDhcp: {
      Bytes m;
      std::size_t reported = 0;
      return dhcp_message(p, m, reported) ? m : Bytes{};
    }
    case kIcmp:
      return p.has(kProtoIcmp) ? p.l4 : Bytes{};
    case kIcmpv6:
      return p.has(kProtoIcmpv6) ? p.l4 : Bytes{};
    case kArp:
      return p.has(kProtoArp) ? p.arp.bytes : cut_arp_item(p) ? p.partial_bytes : Bytes{};
    case kIpv6Fraghdr:
      return ipv6_fraghdr_bytes(p);
    case kTcpReassembledData:
      return tcp_reassembled_bytes(p);
    case kIpFragments:
    case kIpReassembledData:
    case kIpv6ReassembledData:
      return reassembled_payload(id, p);
    case kIpv6Hopopts:
    case kIpv6Dstopts:
    case kIpv6Routing: {  // the first header of the kind and what follows it
      Bytes onward;
      std::size_t item_len = 0;
      return ipv6_ext_header(id, p, 0, onward, item_len) ? onward : Bytes{};
    }
    default:
      if (is_link_field(id)) return link_field_bytes(id, p);
      if (is_llc_field(id)) return llc_field_bytes(id, p);
      return is_ppp_field(id) ? ppp_field_bytes(id, p) : Bytes{};
  }
}

Bytes last_ip_layer_bytes(FieldId id, const Packet& p) {
  if (p.partial == (id == kIp ? kProtoIp : kProtoIpv6)) return p.partial_bytes;
  if (id == kIpv6) return refused_ipv6(p);
  if (!p.ipv4_as_ipv6) return {};
  const IpLayer* l = first_ip_layer(p, AF_INET6);  // what the IPv6 dissector was handed
  return l != nullptr ? l->onward() : p.partial_bytes;
}

std::size_t cut_ip_item_len(FieldId id, const Packet& p) {
  // IPv6's item is sized before any read: 40, cut (with no byte too) or refused for its
  // version. IPv4's is what its IHL says; the empty one before IPv6 in an IPv4 ethertype
  // has none.
  if (id == kIpv6) return p.partial == kProtoIpv6 || !refused_ipv6(p).empty() ? 40 : 0;
  if (p.partial != kProtoIp || p.partial_bytes.empty()) return 0;
  return (static_cast<std::size_t>(p.partial_bytes[0]) & 0x0fu) * 4u;
}

std::size_t field_length(FieldId id, const Packet& p) {
  if (id == kVlan || id == kIeee8021ad)  // a tag's item, whole or cut after its TCI
    return field_bytes(id, p).empty() ? 0 : 4;
  if (id == kUdp && (p.partial == kProtoUdp || (!p.has(kProtoUdp) && inner_is(p, 17))))
    return 8;  // the header's size, however cut (a quoted one too)
  if (id == kSll) return p.linktype == kLinkSll2 ? 20 : 16;  // the same
  if (is_ipv6_ext_protocol(id)) {                            // as long as its length byte says
    Bytes onward;
    std::size_t item_len = 0;
    return ipv6_ext_header(id, p, 0, onward, item_len) ? item_len : 0;
  }
  if ((id == kIp || id == kIpv6) && first_ip_layer(p, id == kIp ? AF_INET : AF_INET6) == nullptr &&
      p.partial == (id == kIp ? kProtoIp : kProtoIpv6) && (id == kIpv6 || !p.partial_bytes.empty()))
    return cut_ip_item_len(id, p);
  if (id == kIpv6 && first_ip_layer(p, AF_INET6) == nullptr && !refused_ipv6(p).empty())
    return 40;  // the item Wireshark adds before it looks at the version
  if ((id == kLcp || id == kIpcp || id == kCcp || id == kIpv6cp) && ppp_field_present(id, p) &&
      p.has(kProtoPpp)) {
    // the item runs to the end of the PPP frame on the wire, however far it was captured
    const std::size_t header = p.ppp.bytes.size() - p.ppp.body.size();
    return p.ppp.reported > header ? p.ppp.reported - header : 0;
  }
  return field_own_bytes(id, p).size();
}

Bytes field_own_bytes(FieldId id, const Packet& p) {
  Bytes all = field_bytes(id, p);
  std::size_t len = all.size();
  switch (id) {
    case kEth:
      len = 14;
      break;
    case kIp:
    case kIpv6:
      if (const IpLayer* l = first_ip_layer(p, id == kIp ? AF_INET : AF_INET6))
        len = l->item_len();
      else if (id == kIp && p.ipv4_as_ipv6)
        len = 0;  // the empty item of IPv6 in an IPv4 ethertype
      break;
    case kTcp:  // a quoted header: as long as its data offset says
      len = p.has(kProtoTcp)  ? p.tcp.header_len
            : all.size() > 12 ? (static_cast<std::size_t>(all[12]) >> 4) * 4u
                              : all.size();
      break;
    case kUdp:
      len = 8;
      break;
    case kGre:
      len = p.gre[0].header_len;
      break;
    case kVlan:
    case kIeee8021ad:
      len = 4;  // the tag
      break;
    case kIpv6Fraghdr:
      len = 8;
      break;
    case kIpv6Hopopts:
    case kIpv6Dstopts:
    case kIpv6Routing:
      len = field_length(id, p);
      break;
    case kNull:
      len = 4;
      break;
    case kSll:
      len = p.linktype == kLinkSll2 ? 20 : 16;
      break;
    case kLlc:
    case kStp:
      return llc_own_bytes(id, p);
    default:
      break;
  }
  return all.first(std::min(len, all.size()));
}

}  // namespace sockscope::capture::filter
