// Internal to capture/filter/. The display-filter fields we know, their types, and how
// to pull their values out of a dissected Packet (a field may occur more than once:
// ip.addr is both addresses, and an ICMP error adds the quoted inner header's).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "capture/display_filter.h"
#include "capture/packet.h"

namespace sockscope::capture::filter {

// kInt: a signed 32-bit integer (Wireshark's FT_INT32), its value in Value::d (exact) and
// its two's complement in Value::u (for `&`).
// kTime: an absolute time (FT_ABSOLUTE_TIME): the seconds since the epoch in Value::u (a
// signed number), the nanoseconds in Value::d.
// kRelTime: a time offset (FT_RELATIVE_TIME), exact in the same two parts (the
// nanoseconds take the sign of the seconds); kDouble is FT_DOUBLE (icmp.resptime).
enum class FieldType {
  kUint,
  kDouble,
  kIp,
  kIpv6,
  kMac,
  kProtocol,
  kBytes,
  kString,
  kInt,
  kTime,
  kRelTime
};

enum class FieldId {
  // protocols (presence; contains/matches over their bytes)
  kFrame,
  kEth,
  kSll,
  kNull,  // BSD loopback's header
  kRaw,   // LINKTYPE_RAW: Wireshark's "raw" layer before the IP header
  kIp,
  kIpv6,
  kTcp,
  kUdp,
  kIcmp,
  kIcmpv6,
  kArp,
  kData,
  kDns,
  kHttp,
  kGre,
  // frame
  kFrameLen,
  kFrameCapLen,
  kFrameNumber,
  kFrameTimeRelative,
  kFrameTimeEpoch,
  kFrameTime,
  kWsMalformed,  // the tree's pseudo-protocols (tree_end.h)
  kWsShort,
  kWsUnreassembled,
  kWsMalformedExpert,  // the expert items under them (labels)
  kWsUnreassembledExpert,
  kFrameMarked,
  kFrameIgnored,
  kFrameEncapType,
  kEthSrcOui,
  kEthDstOui,
  kEthAddrOui,
  kEthSrcResolved,
  kEthDstResolved,
  kEthAddrResolved,
  kTcpConnectionSyn,  // labels (FT_NONE) Wireshark adds on SYN, SYN/ACK, FIN, RST
  kTcpConnectionSynack,
  kTcpConnectionFin,
  kTcpConnectionRst,
  kIcmpChecksumStatus,
  kIcmpv6ChecksumStatus,
  kFrameTimeDelta,
  kFrameProtocols,
  kFrameTimeDeltaDisplayed,  // since the previous packet the filter let through
  // link
  kEthSrc,
  kEthDst,
  kEthAddr,
  kEthType,
  kEthLen,
  kEthInvalidLentype,
  kEthDstIg,
  kEthSrcIg,
  kEthDstLg,
  // ip
  kIpSrc,
  kIpDst,
  kIpAddr,
  kIpTtl,
  kIpProto,
  kIpLen,
  kIpId,
  kIpHdrLen,
  kIpVersion,
  kIpFlags,
  kIpFlagRb,
  kIpFlagDf,
  kIpFlagMf,
  kIpFragOffset,
  kIpDsfield,
  kIpDscp,
  kIpEcn,
  kIpChecksum,
  kIpChecksumStatus,
  kIpv6Version,
  kIpv6Plen,
  kIpv6Flow,
  kIpv6Src,
  kIpv6Dst,
  kIpv6Addr,
  kIpv6Hlim,
  kIpv6Nxt,
  // tcp
  kTcpSrcPort,
  kTcpDstPort,
  kTcpPort,
  kTcpStream,
  kTcpSeq,
  kTcpAck,
  kTcpSeqRaw,
  kTcpAckRaw,
  kTcpLen,
  kTcpHdrLen,
  kTcpWindowSize,
  kTcpWindowSizeValue,
  kTcpWindowSizeScalefactor,
  kTcpFlags,
  kTcpFlagsStr,
  kTcpTimeRelative,
  kTcpOptionKind,
  kTcpTimeDelta,
  kTcpFlagFin,
  kTcpFlagSyn,
  kTcpFlagReset,
  kTcpFlagPush,
  kTcpFlagAck,
  kTcpFlagUrg,
  kTcpFlagEce,
  kTcpFlagCwr,
  kTcpNextSeq,
  kTcpPayload,
  kTcpChecksum,
  kTcpUrgentPointer,
  kTcpChecksumStatus,
  kTcpAnalysisFlags,
  kTcpAnalysisRetransmission,
  kTcpAnalysisFastRetransmission,
  kTcpAnalysisOutOfOrder,
  kTcpAnalysisLostSegment,
  kTcpAnalysisDuplicateAck,
  kTcpAnalysisZeroWindow,
  kTcpAnalysisKeepAlive,
  kTcpAnalysisWindowUpdate,
  kTcpAnalysisWindowFull,
  kTcpAnalysisSpuriousRetransmission,
  kTcpAnalysisKeepAliveAck,
  kTcpAnalysisZeroWindowProbe,
  kTcpAnalysisAckedUnseen,
  kTcpAnalysisReusedPorts,
  kTcpAnalysisZeroWindowProbeAck,
  kTcpAnalysisTfoSyn,  // TCP Fast Open (TcpAnalysis::tfo): not among tcp.analysis.flags
  kTcpAnalysisTfoAck,
  kTcpAnalysisTfoIgnored,
  kTcpAnalysisDupAckNum,
  kTcpAnalysisDupAckFrame,
  // Wireshark's ACK analysis: filled only when the tracker runs it (ack_analysis_field)
  kTcpAnalysis,
  kTcpAnalysisRto,
  kTcpAnalysisRtoFrame,
  kTcpAnalysisAcksFrame,
  kTcpAnalysisAckRtt,
  kTcpAnalysisInitialRtt,
  kTcpAnalysisBytesInFlight,
  kTcpAnalysisPushBytesSent,
  kTcpOptionMss,
  kTcpOptionWscale,
  // udp
  kUdpSrcPort,
  kUdpDstPort,
  kUdpPort,
  kUdpStream,
  kUdpTimeRelative,
  kUdpTimeDelta,
  kUdpLength,
  kUdpChecksum,
  kUdpPayload,
  // icmp
  kIcmpType,
  kIcmpCode,
  kIcmpIdent,
  kIcmpSeq,
  kIcmpv6Type,
  kIcmpRespTo,
  kIcmpRespTime,
  kIcmpDataTime,
  kIcmpDataTimeRelative,
  kIcmpv6RespTo,
  kIcmpv6RespTime,
  kIcmpv6Code,
  kUdpChecksumStatus,
  kIcmpChecksum,
  kIcmpv6Checksum,
  // arp
  kArpOpcode,
  kArpSrcProtoIpv4,
  kArpDstProtoIpv4,
  kArpSrcHwMac,
  kArpDstHwMac,
  // dns
  kDnsId,
  kDnsFlags,
  kDnsFlagResponse,
  kDnsFlagRcode,
  kDnsCountQueries,
  kDnsCountAnswers,
  kDnsQryName,
  kDnsA,
  kDnsFlagOpcode,
  kDnsFlagAuthoritative,
  kDnsFlagTruncated,
  kDnsFlagRecDesired,
  kDnsFlagRecAvail,
  kDnsFlagZ,
  kDnsFlagAuthenticated,
  kDnsFlagCheckDisable,
  kDnsCountAuthRr,
  kDnsCountAddRr,
  kDnsQryType,
  kDnsQryClass,
  kDnsQryNameLen,
  kDnsCountLabels,
  kDnsRespName,
  kDnsRespType,
  kDnsRespClass,
  kDnsRespTtl,
  kDnsRespLen,
  kDnsAaaa,
  kDnsCname,
  kDnsNs,
  kDnsPtr,
  kDnsMxPreference,
  kDnsMxMailExchange,
  kDnsCountZones,
  kDnsCountPrerequisites,
  kDnsCountUpdates,
  // a query's links to its response and retransmissions (dns_link_fields.cpp);
  // kDnsResponseIn .. kDnsRetransmitResponse stay together
  kDnsResponseIn,
  kDnsResponseTo,
  kDnsTime,
  kDnsRetransmission,
  kDnsRetransmitRequestIn,
  kDnsRetransmitResponseIn,
  kDnsUnsolicited,
  kDnsRetransmitRequest,  // the expert items (FT_NONE) of a retransmission
  kDnsRetransmitResponse,
  // Fields tshark 4.0 knows and, with its default preferences and no GeoIP database, never
  // shows (fields.cpp's kFields says which): accepted, never present.
  kNotShown,
  kNotShownLabel,  // the same, FT_NONE
  kIpTos,          // ip.tos and its bits: only when the TOS preference replaces DSCP
  kIpTosPrecedence,
  kIpTosDelay,
  kIpTosThroughput,
  kIpTosReliability,
  kIpTosCost,
  kFrameLinkNr,
  kUdpLengthBad,  // UDP's expert items (labels)
  kUdpLengthBadZero,
  kUdpPossibleTraceroute,
  kGreChecksumStatus,
  kGreChecksumIncorrect,  // an expert item (label)
  // ip.host and the others: each address as text, as name resolution (off) leaves it
  // (host_fields.cpp); kIpHost .. kIpv6DstHost stay together
  kIpHost,
  kIpSrcHost,
  kIpDstHost,
  kIpv6Host,
  kIpv6SrcHost,
  kIpv6DstHost,
  kTcpOptions,
  kTcpOptionLen,
  kTcpOptionWscaleMultiplier,
  kTcpOptionTsval,
  kTcpOptionTsecr,
  kTcpFlagRes,
  kTcpFlagAe,
  kIcmpIdentLe,
  kIcmpSeqLe,
  kIcmpv6EchoId,
  kIcmpv6EchoSeq,
  kArpHwType,
  kArpProtoType,
  kArpHwSize,
  kArpProtoSize,
  kArpIsGratuitous,
  kArpIsAnnouncement,
  kArpIsProbe,
  kArpDuplicateAddressDetected,
  kArpDuplicateAddressFrame,
  kArpSecondsSinceDuplicateAddressFrame,
  kEthLg,
  kEthIg,
  kEthSrcLg,
  kIpv6Tclass,
  kIpv6TclassDscp,
  kIpv6TclassEcn,
  // dhcp (dhcp_fields.cpp); kDhcpBootp .. kDhcpCookie stay together
  kDhcp,
  kDhcpBootp,
  kDhcpType,
  kDhcpHwLen,
  kDhcpHops,
  kDhcpId,
  kDhcpSecs,
  kDhcpFlags,
  kDhcpFlagBc,
  kDhcpIpClient,
  kDhcpIpYour,
  kDhcpIpServer,
  kDhcpIpRelay,
  kDhcpCookie,
  // http
  kHttpRequest,
  kHttpResponse,
  kHttpRequestMethod,
  kHttpRequestUri,
  kHttpRequestVersion,
  kHttpResponseVersion,
  kHttpResponseCode,
  kHttpResponsePhrase,
  kHttpUserAgent,
  kHttpHost,
  kHttpServer,
  kHttpContentType,
  kHttpContentLength,
  kHttpConnection,
  kHttpRequestFullUri,
  // gre
  kGreFlagsAndVersion,
  kGreProto,
  kGreFlagChecksum,
  kGreFlagRouting,
  kGreFlagKey,
  kGreFlagSeq,
  kGreFlagStrictRoute,
  kGreFlagRecursion,
  kGreFlagAck,
  kGreFlagReserved,
  kGreFlagVersion,
  kGreChecksum,
  kGreOffset,
  kGreKey,
  kGreKeyPayloadLength,
  kGreKeyCallId,
  kGreSeq,
  kGreAckNumber,
  // ppp (ppp_fields.cpp); kPpp .. kChapMessage stay together
  kPpp,
  kLcp,
  kIpcp,
  kPap,
  kChap,
  kCcp,
  kIpv6cp,
  kCompData,
  kPppAddress,
  kPppControl,
  kPppProtocol,
  kPppCode,
  kPppIdentifier,
  kPppLength,
  kPppData,
  kLcpMagicNumber,
  kLcpData,
  kLcpMessage,
  kLcpSecsRemaining,
  kLcpRejProto,
  kLcpOptType,
  kLcpOptLength,
  kLcpOptMru,
  kLcpOptAsyncmap,
  kLcpOptAuthProtocol,
  kLcpOptMagicNumber,
  kIpcpOptType,
  kIpcpOptLength,
  kIpcpOptIpAddress,
  kIpcpOptPriDns,
  kIpcpOptSecDns,
  kCcpOptType,
  kCcpOptLength,
  kCcpOptOui,
  kCcpOptSubtype,
  kCcpOptHistoryCount,
  kCcpOptCm,
  kCcpOptCmReserved,
  kCcpOptCmCheckMode,
  kCcpOptSupportedBits,
  kCcpOptBitH,
  kCcpOptBitM,
  kCcpOptBitS,
  kCcpOptBitL,
  kCcpOptBitD,
  kCcpOptBitC,
  kCcpOptHistory,
  kCcpOptVersion,
  kCcpOptVd,
  kCcpOptVdVers,
  kCcpOptVdDict,
  kCcpOptCheckMode,
  kCcpOptProcessMode,
  kCcpOptFe,
  kCcpOptP,
  kCcpOptHistoryBits,
  kCcpOptContexts,
  kCcpOptMode,
  kCcpOptWindow,
  kCcpOptMethod,
  kCcpOptMbz,
  kCcpOptChk,
  kCcpOptModeDictcount,
  kCcpOptDictSize,
  kCcpOptHistoryLength,
  kCcpOptData,
  kIpv6cpOptType,
  kIpv6cpOptLength,
  kIpv6cpInterfaceId,
  kPapCode,
  kPapIdentifier,
  kPapLength,
  kPapPeerIdLength,
  kPapPeerId,
  kPapPasswordLength,
  kPapPassword,
  kPapMessageLength,
  kPapMessage,
  kChapCode,
  kChapIdentifier,
  kChapLength,
  kChapValueSize,
  kChapValue,
  kChapName,
  kChapMessage,
  // data
  kDataData,
  kDataLen,
  // VLAN tags and Linux cooked headers (link_fields.cpp); kVlan .. kSllIfindex stay together
  kVlan,
  kVlanPriority,
  kVlanDei,
  kVlanId,
  kVlanEtype,
  kVlanLen,
  kIeee8021ad,
  kIeee8021adPriority,
  kIeee8021adDei,
  kIeee8021adId,
  kIeee8021adSvid,
  kIeee8021adCvid,
  kSllPkttype,
  kSllHatype,
  kSllHalen,
  kSllSrcEth,
  kSllSrcIpv4,
  kSllSrcOther,
  kSllUnused,
  kSllLtype,
  kSllGretype,
  kSllEtype,
  kSllIfindex,
  kEthPadding,  // what follows an Ethernet frame's datagram (link_fields.cpp)
  kEthTrailer,
  kVlanTrailer,
  kEthFcs,
  // llc and stp (llc_fields.cpp); kLlc .. kStpVersion1Length stay together
  kLlc,
  kLlcDsap,
  kLlcDsapSap,
  kLlcDsapIg,
  kLlcSsap,
  kLlcSsapSap,
  kLlcSsapCr,
  kLlcControl,
  kLlcControlNr,
  kLlcControlNs,
  kLlcControlP,
  kLlcControlF,
  kLlcControlSFtype,
  kLlcControlUModifierCmd,
  kLlcControlUModifierResp,
  kLlcControlFtype,
  kLlcType,
  kLlcOui,
  kLlcPid,
  kLlcCiscoPid,
  kStp,
  kStpProtocol,
  kStpVersion,
  kStpType,
  kStpFlags,
  kStpFlagsTcack,
  kStpFlagsAgreement,
  kStpFlagsForwarding,
  kStpFlagsLearning,
  kStpFlagsPortRole,
  kStpFlagsProposal,
  kStpFlagsTc,
  kStpRootPrio,
  kStpRootExt,
  kStpRootHw,
  kStpRootCost,
  kStpBridgePrio,
  kStpBridgeExt,
  kStpBridgeHw,
  kStpPort,
  kStpMsgAge,
  kStpMaxAge,
  kStpHello,
  kStpForward,
  kStpVersion1Length,
  kFrameInterfaceId,
  kFrameInterfaceName,
  kFrameOffsetShift,
  // a pcapng packet block's options (frame_option_fields.cpp); kFrameComment ..
  // kPktComment stay together
  kFrameComment,
  kFrameCommentExpert,
  kFramePacketFlags,
  kFramePacketFlagsDirection,
  kFramePacketFlagsReceptionType,
  kFramePacketFlagsFcsLength,
  kFramePacketFlagsReserved,
  kFramePacketFlagsCrcError,
  kFramePacketFlagsPacketTooError,
  kFramePacketFlagsPacketTooShortError,
  kFramePacketFlagsWrongInterFrameGapError,
  kFramePacketFlagsUnalignedFrameError,
  kFramePacketFlagsStartFrameDelimiterError,
  kFramePacketFlagsPreambleError,
  kFramePacketFlagsSymbolError,
  kFrameP2pDir,
  kFramePacketId,
  kFrameDropCount,
  kPktComment,  // the protocol item that holds the comments
  // HTTP headers beyond the six above, each header line and the request/response links
  // (http_fields.cpp); kHttpSetCookie .. kHttpResponseIn stay together
  kHttpSetCookie,
  kHttpCookie,
  kHttpDate,
  kHttpLastModified,
  kHttpContentLengthHeader,
  kHttpAuthorization,
  kHttpWwwAuthenticate,
  kHttpProxyAuthenticate,
  kHttpProxyAuthorization,
  kHttpLocation,
  kHttpXForwardedFor,
  kHttpCacheControl,
  kHttpAccept,
  kHttpAcceptLanguage,
  kHttpAcceptEncoding,
  kHttpReferer,
  kHttpTransferEncoding,
  kHttpUpgrade,
  kHttpContentEncoding,
  kHttpRequestLine,
  kHttpResponseLine,
  kHttpRequestIn,
  kHttpTime,
  kHttpPrevRequestIn,
  kHttpPrevResponseIn,
  kHttpResponseForUri,
  kHttpResponseIn,
  kDataTextLines,
  kUrlencodedForm,
  // TCP's reassembly of PDUs (tcp_pdu_fields.cpp); kTcpSegments .. kDnsLength stay together
  kTcpSegments,  // the "[N Reassembled TCP Segments]" item: FT_NONE
  kTcpSegment,
  kTcpSegmentCount,
  kTcpReassembledLength,
  kTcpReassembledData,
  kTcpPduSize,
  kDnsLength,  // DNS over TCP's length field
  // fragments and their reassembly (fragment_fields.cpp); kIpFragment .. kIpv6FraghdrIdent
  // stay together
  kIpFragment,
  kIpFragmentCount,
  kIpReassembledLength,
  kIpFragments,      // the "[N IPv4 Fragments]" item: FT_BYTES, the reassembled payload
  kIpReassembledIn,  // never shown in a single pass
  kIpReassembledData,
  kIpv6Fragment,
  kIpv6FragmentCount,
  kIpv6ReassembledLength,
  kIpv6Fragments,  // FT_NONE for IPv6
  kIpv6ReassembledIn,
  kIpv6ReassembledData,
  kIpv6Fraghdr,
  kIpv6FraghdrNxt,
  kIpv6FraghdrReservedOctet,
  kIpv6FraghdrOffset,
  kIpv6FraghdrReservedBits,
  kIpv6FraghdrMore,
  kIpv6FraghdrIdent,
  kNullFamily,
  // ICMPv6's fixed fields beyond type and code, neighbour discovery and its options
  // (icmpv6_fields.cpp); kIcmpv6Reserved .. kIcmpv6OptNonce stay together
  kIcmpv6Reserved,
  kIcmpv6Mtu,
  kIcmpv6Pointer,
  kIcmpv6NdNsTarget,
  kIcmpv6NdNaFlag,
  kIcmpv6NdNaFlagR,
  kIcmpv6NdNaFlagS,
  kIcmpv6NdNaFlagO,
  kIcmpv6NdNaFlagRsv,
  kIcmpv6NdNaTarget,
  kIcmpv6NdRaCurHopLimit,
  kIcmpv6NdRaFlag,
  kIcmpv6NdRaFlagM,
  kIcmpv6NdRaFlagO,
  kIcmpv6NdRaFlagH,
  kIcmpv6NdRaFlagPrf,
  kIcmpv6NdRaFlagP,
  kIcmpv6NdRaFlagRsv,
  kIcmpv6NdRaRouterLifetime,
  kIcmpv6NdRaReachableTime,
  kIcmpv6NdRaRetransTimer,
  kIcmpv6NdRdTarget,
  kIcmpv6MldrNbMcastRecords,
  kIcmpv6MldrMarRecordType,
  kIcmpv6MldrMarAuxDataLen,
  kIcmpv6MldrMarNbSources,
  kIcmpv6MldrMarMulticastAddress,
  kIcmpv6MldrMarSourceAddress,
  kIcmpv6Opt,
  kIcmpv6OptType,
  kIcmpv6OptLength,
  kIcmpv6OptMtu,
  kIcmpv6OptPrefixLength,
  kIcmpv6OptPrefixFlag,
  kIcmpv6OptPrefixFlagL,
  kIcmpv6OptPrefixFlagA,
  kIcmpv6OptPrefixFlagR,
  kIcmpv6OptPrefixFlagReserved,
  kIcmpv6OptPrefixValidLifetime,
  kIcmpv6OptPrefixPreferredLifetime,
  kIcmpv6OptPrefix,
  kIcmpv6OptLinkaddr,  // the byte fields last: kIcmpv6OptLinkaddr .. kIcmpv6OptNonce
  kIcmpv6OptSrcLinkaddr,
  kIcmpv6OptTargetLinkaddr,
  kIcmpv6OptNonce,
  // ICMP's words after type, code and checksum, and the request/response links a single
  // pass never shows (icmp_fields.cpp); kIcmpUnused .. kIcmpv6NoResp stay together
  kIcmpUnused,
  kIcmpMtu,
  kIcmpPointer,
  kIcmpLength,
  kIcmpLengthOriginalDatagram,
  kIcmpRedirGw,
  kIcmpAddressMask,
  kIcmpRespIn,
  kIcmpNoResp,
  kIcmpv6RespIn,
  kIcmpv6NoResp,
  // IPv6's hop-by-hop, destination options and routing headers and the options of the
  // first two (ipv6_ext_fields.cpp); kIpv6Hopopts .. kIpv6OptUnknownData stay together
  kIpv6Hopopts,  // the three headers: protocols, one layer per header of the kind
  kIpv6Dstopts,
  kIpv6Routing,
  kIpv6HopoptsNxt,
  kIpv6HopoptsLen,
  kIpv6HopoptsLenOct,
  kIpv6DstoptsNxt,
  kIpv6DstoptsLen,
  kIpv6DstoptsLenOct,
  kIpv6RoutingNxt,
  kIpv6RoutingLen,
  kIpv6RoutingLenOct,
  kIpv6RoutingType,
  kIpv6RoutingSegleft,
  kIpv6RoutingSrhLastEntry,  // type 4's
  kIpv6RoutingSrhFlags,
  kIpv6RoutingSrcAddr,  // type 0's addresses, type 2's home address, type 4's segments
  kIpv6RoutingMipv6HomeAddress,
  kIpv6RoutingSrhAddr,
  kIpv6Opt,      // a label per option
  kIpv6OptPad1,  // a label
  kIpv6OptType,
  kIpv6OptTypeAction,
  kIpv6OptTypeChange,
  kIpv6OptTypeRest,
  kIpv6OptLength,
  kIpv6OptRouterAlert,
  kIpv6OptTel,
  kIpv6OptJumbo,
  // the options of fixed layout: path MTU, RPL, depth-first forwarding, PDM, TPF, home
  // address
  kIpv6OptPmtuMin,
  kIpv6OptPmtuRtn,
  kIpv6OptPmtuRFlag,
  kIpv6OptRplFlag,
  kIpv6OptRplFlagO,
  kIpv6OptRplFlagR,
  kIpv6OptRplFlagF,
  kIpv6OptRplFlagRsv,
  kIpv6OptRplInstanceId,
  kIpv6OptRplSenderRank,
  kIpv6OptDffFlags,
  kIpv6OptDffFlagVer,
  kIpv6OptDffFlagDup,
  kIpv6OptDffFlagRet,
  kIpv6OptDffFlagRsv,
  kIpv6OptDffSequenceNumber,
  kIpv6OptPdmScaleDtlr,
  kIpv6OptPdmScaleDtls,
  kIpv6OptPdmPsnThisPkt,
  kIpv6OptPdmPsnLastRecv,
  kIpv6OptPdmDeltaLastRecv,
  kIpv6OptPdmDeltaLastSent,
  kIpv6OptTpfInformation,
  kIpv6OptMipv6HomeAddress,
  kIpv6OptPadn,  // the byte fields: kIpv6OptPadn .. kIpv6OptUnknownData
  kIpv6OptExperimental,
  kIpv6OptUnknown,
  kIpv6RoutingUnknownData,  // an unknown type's data
  kIpv6RoutingSrcReserved,
  kIpv6RoutingMipv6Reserved,
  kIpv6RoutingSrhTag,
  kIpv6OptIlnpNonce,
  kIpv6OptUnknownData,
  // The TCP options' protocols (byte fields: kTcpOptEol .. kTcpOptUnknown), then the SACK
  // option's values (tcp_option_fields.cpp).
  kTcpOptEol,
  kTcpOptNop,
  kTcpOptMss,
  kTcpOptWscale,
  kTcpOptSackPerm,
  kTcpOptSack,
  kTcpOptEcho,
  kTcpOptEchoreply,
  kTcpOptTimestamp,
  kTcpOptCc,
  kTcpOptCcnew,
  kTcpOptCcecho,
  kTcpOptMd5,
  kTcpOptScps,
  kTcpOptSnack,
  kTcpOptScpsrec,
  kTcpOptScpscor,
  kTcpOptQs,
  kTcpOptUserTo,
  kTcpOptAo,
  kTcpOptTfo,
  kTcpOptRvbdProbe,
  kTcpOptRvbdTrpy,
  kTcpOptAccEcn,
  kTcpOptExperimental,
  kTcpOptUnknown,
  kTcpOptSackLe,
  kTcpOptSackRe,
  kTcpOptSackCount,
  // The rest of tshark's dhcp.* fields (dhcp_field_table.inc): kDhcpTable + their index.
  kDhcpTable = 4096,
};

struct FieldDef {
  std::string_view name;
  FieldId id;
  FieldType type;
};

// nullptr when the name is unknown.
const FieldDef* find_field(std::string_view name);

// Wireshark's labels (FT_NONE): tcp.analysis and its flags, expert items. They can only be present;
// tshark refuses to compare, search or slice them.
bool dhcp_is_label(FieldId id);
inline bool is_label(FieldId id) {
  return (id >= FieldId::kTcpAnalysisFlags && id <= FieldId::kTcpAnalysisTfoIgnored) ||
         (id >= FieldId::kTcpConnectionSyn && id <= FieldId::kTcpConnectionRst) ||
         id == FieldId::kTcpAnalysis || id == FieldId::kIcmpv6Opt || id == FieldId::kIcmpNoResp ||
         id == FieldId::kIcmpv6NoResp || id == FieldId::kFrameCommentExpert ||
         id == FieldId::kDnsRetransmitRequest || id == FieldId::kDnsRetransmitResponse ||
         id == FieldId::kIpv6Fragments || id == FieldId::kNotShownLabel ||
         id == FieldId::kTcpSegments || id == FieldId::kWsMalformedExpert ||
         id == FieldId::kWsUnreassembledExpert ||
         (id >= FieldId::kUdpLengthBad && id <= FieldId::kUdpPossibleTraceroute) ||
         id == FieldId::kGreChecksumIncorrect || id == FieldId::kIpv6Opt ||
         id == FieldId::kArpDuplicateAddressDetected || id == FieldId::kIpv6OptPad1 ||
         (id >= FieldId::kDhcpTable && dhcp_is_label(id));
}

// The pseudo-protocols the tree ends with (tree_end.h).
inline bool is_tree_end_protocol(FieldId id) {
  return id == FieldId::kWsMalformed || id == FieldId::kWsShort || id == FieldId::kWsUnreassembled;
}

// Whether the field needs the stream tracker's ACK analysis (StreamTracker::
// set_ack_analysis): the filter asks for it when it uses one.
inline bool ack_analysis_field(FieldId id) {
  return id >= FieldId::kTcpAnalysis && id <= FieldId::kTcpAnalysisPushBytesSent;
}

struct Value {
  std::uint64_t u = 0;
  double d = 0;
  net::IpAddress ip;
  Mac mac{};
  std::string_view s;  // a string field's text, inside the packet's bytes
};

// The bytes of an IPv6 header whose first nibble is not 6, after PPP (0x0057) or an
// ethertype (Packet::ipv6_bogus): Wireshark's dissector adds its layer (40 bytes long)
// and version field, then refuses it. Empty for any other packet.
inline Bytes refused_ipv6(const Packet& p) {
  if (p.has(kProtoPpp) && p.ppp.protocol == 0x0057 && p.ppp.payload_is_data) return p.ppp.body;
  return p.ipv6_bogus ? p.payload : Bytes{};
}

// Writes a field's one unsigned occurrence; returns the count, 1.
inline int put_u(Value* out, std::uint64_t v) {
  out[0].u = v;
  return 1;
}

// The largest value an unsigned field can hold (its width on the wire, as Wireshark
// declares it): a literal beyond it is refused, not silently never matched.
std::uint64_t field_max(FieldId id);

// Room for every occurrence of most fields: an IP field has at most two per IP header.
// Two fields may have more: tcp.option_kind (up to 40) and dns.a (as many as the message
// holds).
constexpr int kMaxValues = 2 * kMaxIpLayers;

// frame.time_delta_displayed of the packet being evaluated (exact, as frame.time_delta,
// for clocks near the int64 limits): tshark 4.0 computes it
// during -Y from the previous packet that passed the filter (0 before the first), so
// `frame.time_delta_displayed > 0` selects nothing. DisplayFilter::matches sets it (one
// filter evaluates at a time on a thread).
extern thread_local Timestamp delta_displayed;
// Writes the field's occurrences into `out`, at most `cap` of them (cap >= kMaxValues),
// and returns how many the packet has, which may be more than `cap`: then ask again
// with more room (values_of_grown).
int field_values(FieldId id, const Packet& p, Value* out, int cap);

// The record of the filter being evaluated (DisplayFilter::matches points it at its own;
// null outside one). note_inexact keeps the first frame of a kind. constinit: a
// thread_local that other files read is otherwise reached through an init-check wrapper
// on every access, which -Y pays per packet.
extern constinit thread_local Inexact* inexact;
inline void note_inexact(std::uint32_t Inexact::*kind, const Packet& p) {
  if (inexact != nullptr && inexact->*kind == 0) inexact->*kind = p.number == 0 ? 1 : p.number;
}
// Sets filter::inexact back to null if it points at `gone`.
void stop_noting(const Inexact* gone);

using ValueBuf = std::vector<Value>;
// The rare packet with more than kMaxValues occurrences (n): `buf` grown to hold them
// all, and the field read again into it; returns n.
int values_of_grown(FieldId id, const Packet& p, ValueBuf& buf, int n);
// The DHCP/BOOTP fields (dhcp_fields.cpp): their values (as field_values) and widths.
inline bool is_dhcp_field(FieldId id) {
  return (id >= FieldId::kDhcpBootp && id <= FieldId::kDhcpCookie) || id >= FieldId::kDhcpTable;
}
// A byte field of the dhcp table: it may occur several times (dhcp.option.value), each
// occurrence a Value whose `s` holds the bytes.
inline bool is_multi_bytes(const FieldDef& f) {
  return f.type == FieldType::kBytes &&
         (f.id >= FieldId::kDhcpTable || f.id == FieldId::kCcpOptVersion ||
          f.id == FieldId::kCcpOptData || f.id == FieldId::kIpv6cpInterfaceId ||
          f.id == FieldId::kIcmpv6Reserved || f.id == FieldId::kIcmpUnused ||
          (f.id >= FieldId::kIcmpv6OptLinkaddr && f.id <= FieldId::kIcmpv6OptNonce) ||
          (f.id >= FieldId::kIpv6OptPadn && f.id <= FieldId::kIpv6OptUnknownData) ||
          (f.id >= FieldId::kTcpOptEol && f.id <= FieldId::kTcpOptUnknown));
}
// The dhcp.* fields of tshark's list not among kFields; nullptr if `name` is none.
const FieldDef* find_dhcp_field(std::string_view name);
// (A dhcp field sockscope does not compute, read on a message holding what it would
// describe, so tshark may see a value there, is noted as Inexact::dhcp.)
int dhcp_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t dhcp_field_max(FieldId id);

// The PPP fields (ppp_fields.cpp): values as field_values, widths, presence of the
// protocols and byte fields, and the bytes of those.
inline bool is_ppp_field(FieldId id) {
  return id >= FieldId::kPpp && id <= FieldId::kChapMessage;
}
int ppp_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t ppp_field_max(FieldId id);
bool ppp_field_present(FieldId id, const Packet& p);
Bytes ppp_field_bytes(FieldId id, const Packet& p);

// The vlan, ieee8021ad and sll fields and Ethernet's padding, trailer and FCS
// (link_fields.cpp): values as field_values, widths, presence of the two tag protocols
// and the bytes of those.
inline bool is_link_field(FieldId id) {
  return id >= FieldId::kVlan && id <= FieldId::kEthFcs;
}
// vlan.* and ieee8021ad.*: one occurrence per tag of their kind, each tag a layer
// (`vlan.id#2`).
inline bool is_vlan_field(FieldId id) {
  return id >= FieldId::kVlan && id <= FieldId::kIeee8021adCvid;
}
int link_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t link_field_max(FieldId id);
bool link_field_present(FieldId id, const Packet& p);
Bytes link_field_bytes(FieldId id, const Packet& p);
// How many tags of the field's kind the packet has, and the packet with only the k-th
// (1-based) of them left for the fields to see.
int vlan_layer_count(FieldId id, const Packet& p);
Packet only_vlan_layer(const Packet& p, FieldId id, int k);
// The k-th (0-based) tag of the field's kind; nullptr past the last.
const VlanTag* vlan_tag(const Packet& p, FieldId id, int k);

// IEEE 802.2 LLC's fields and the spanning tree BPDU's (llc_fields.cpp): values as
// field_values, widths, presence of the two protocols and their bytes.
inline bool is_llc_field(FieldId id) {
  return id >= FieldId::kLlc && id <= FieldId::kStpVersion1Length;
}
int llc_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t llc_field_max(FieldId id);
bool llc_field_present(FieldId id, const Packet& p);
Bytes llc_field_bytes(FieldId id, const Packet& p);
// The bytes `llc == ...` and `stp == ...` compare: LLC's header (SNAP's included), the BPDU.
Bytes llc_own_bytes(FieldId id, const Packet& p);

// ip.fragment, ip.fragment.count, ip.reassembled.length, their ipv6 twins (on the frame
// that completes a datagram) and the IPv6 fragment header's fields, one occurrence per
// fragment header (fragment_fields.cpp).
inline bool is_fragment_field(FieldId id) {
  return id >= FieldId::kIpFragment && id <= FieldId::kIpv6FraghdrIdent;
}
int fragment_field_values(FieldId id, const Packet& p, Value* out, int cap);
// The first IPv6 fragment header and what follows it (`ipv6.fraghdr contains ...`).
Bytes ipv6_fraghdr_bytes(const Packet& p);
// The reassembled payload of ip.fragments, ip.reassembled.data, ipv6.reassembled.data.
Bytes reassembled_payload(FieldId id, const Packet& p);
std::uint64_t fragment_field_max(FieldId id);

// ICMPv6's reserved bytes, MTU and pointer, neighbour discovery's fields and its options'
// (icmpv6_fields.cpp): values as field_values (byte fields in Value::s), widths.
inline bool is_icmpv6_field(FieldId id) {
  return id >= FieldId::kIcmpv6Reserved && id <= FieldId::kIcmpv6OptNonce;
}
int icmpv6_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t icmpv6_field_max(FieldId id);
// ICMP's unused bytes, MTU, pointer, RFC 4884 length, redirect gateway and address mask,
// and icmp(v6).resp_in/no_resp (icmp_fields.cpp).
inline bool is_icmp_word_field(FieldId id) {
  return id >= FieldId::kIcmpUnused && id <= FieldId::kIcmpv6NoResp;
}
int icmp_word_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t icmp_word_field_max(FieldId id);

// The TCP options as Wireshark 4.0 registers them, each a protocol (tcp.options.mss, ...:
// the option's bytes, as far as the segment holds them), and the SACK option's edges and
// block count (tcp_option_fields.cpp).
inline bool is_tcp_option_field(FieldId id) {
  return id >= FieldId::kTcpOptEol && id <= FieldId::kTcpOptSackCount;
}
int tcp_option_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t tcp_option_field_max(FieldId id);

// IPv6's hop-by-hop, destination options and routing headers, and the options of the
// first two, as Wireshark 4.0's packet-ipv6.c adds them (ipv6_ext_fields.cpp): every
// IPv6 header's chain (tunnels and the datagram an ICMPv6 error quotes included), up to
// where a byte the dissector reads was not captured. A field's layer (`ipv6.opt.type#2`)
// is the number of its header among those of its kind in the frame (options: among the
// hop-by-hop headers, or among the destination options headers).
inline bool is_ipv6_ext_field(FieldId id) {
  return id >= FieldId::kIpv6Hopopts && id <= FieldId::kIpv6OptUnknownData;
}
inline bool is_ipv6_ext_protocol(FieldId id) {
  return id >= FieldId::kIpv6Hopopts && id <= FieldId::kIpv6Routing;
}
// Values as field_values; `layers`, when not null, gets each stored occurrence's layer.
int ipv6_ext_field_values(FieldId id, const Packet& p, Value* out, int cap, int* layers = nullptr);
std::uint64_t ipv6_ext_field_max(FieldId id);
// How many headers of the protocol's kind (kIpv6Hopopts, kIpv6Dstopts, kIpv6Routing)
// the packet has, and header k (0-based) of them: its bytes from its start to the end of
// what was captured, and its item's length (what its length byte says, captured or not).
int ipv6_ext_header_count(FieldId id, const Packet& p);
bool ipv6_ext_header(FieldId id, const Packet& p, int k, Bytes& onward, std::size_t& item_len);

// HTTP's header fields (http_fields.cpp): every occurrence of the header, its value from
// the first non-blank after the colon to the end of the line (trailing blanks kept, as
// Wireshark keeps them); http.content_length as a number; each header line; and the
// links between requests and responses (Packet::http_links).
inline bool is_http_header_field(FieldId id) {
  return (id >= FieldId::kHttpSetCookie && id <= FieldId::kUrlencodedForm) ||
         id == FieldId::kHttpUserAgent || id == FieldId::kHttpHost || id == FieldId::kHttpServer ||
         id == FieldId::kHttpContentType || id == FieldId::kHttpConnection ||
         id == FieldId::kHttpContentLength;
}
int http_header_field_values(FieldId id, const Packet& p, Value* out, int cap);
// The value of the message's last Host header (which http.request.full_uri names).
bool http_last_host(const Packet& p, std::string_view& host);

// A pcapng packet block's options (frame_option_fields.cpp, capture/pcapng_options.h):
// frame.comment, frame.packet_flags and its bit fields, frame.p2p_dir (the flags'
// direction), frame.packet_id, frame.drop_count.
inline bool is_frame_option_field(FieldId id) {
  return id >= FieldId::kFrameComment && id <= FieldId::kPktComment;
}
int frame_option_field_values(FieldId id, const Packet& p, Value* out, int cap);
std::uint64_t frame_option_field_max(FieldId id);

// ip.host, ip.src_host, ip.dst_host and their ipv6.* twins (host_fields.cpp): the
// addresses of ip.addr, ip.src, ip.dst as text, one occurrence per address.
inline bool is_host_field(FieldId id) {
  return id >= FieldId::kIpHost && id <= FieldId::kIpv6DstHost;
}
int host_field_values(FieldId id, const Packet& p, Value* out, int cap);

// TCP's reassembly of PDUs (tcp_pdu_fields.cpp): tcp.segments, tcp.segment,
// tcp.segment.count, tcp.reassembled.length and .data on the segment that completes a PDU
// (Packet::tcp_segments), tcp.pdu.size and dns.length for each DNS PDU of a segment.
inline bool is_tcp_pdu_field(FieldId id) {
  return id >= FieldId::kTcpSegments && id <= FieldId::kDnsLength;
}
int tcp_pdu_field_values(FieldId id, const Packet& p, Value* out, int cap);
// The bytes of the PDU the segment completes (tcp.reassembled.data).
Bytes tcp_reassembled_bytes(const Packet& p);

// DNS's links between queries and responses (dns_link_fields.cpp, Packet::dns_links):
// present only when Wireshark's DNS dissection reaches its end without an exception.
inline bool is_dns_link_field(FieldId id) {
  return id >= FieldId::kDnsResponseIn && id <= FieldId::kDnsRetransmitResponse;
}
int dns_link_field_values(FieldId id, const Packet& p, Value* out, int cap);

// Whether the packet has a dns item: a DNS message whose ID and flags were read.
bool is_dns(const Packet& p);
// DNS's items and layers (dns_layers.cpp): each DNS message of a packet
// (for_each_dns_message) with its ID and flags read is one dns item (count(dns),
// len(dns), dns[0:2]); over TCP, the PDU a segment completes from earlier ones is DNS's
// layer 1 and the PDUs after it its layer 2, however many (dns#2, dns.id#2), as
// Wireshark dissects them in two calls.
struct DnsItem {
  Bytes bytes;  // as far as captured (over TCP from its 2-byte length on)
  int layer = 1;
};
// The items, in order, at most `cap` written; returns how many there are.
int dns_items(const Packet& p, DnsItem* out, int cap);
// The highest layer with an item (0: none).
int dns_layer_count(const Packet& p);
// `p` with only DNS layer k (1-based) left for the dns.* fields to see.
Packet only_dns_layer(const Packet& p, int k);
inline bool is_dns_field(const FieldDef& f) {
  return f.name == "dns" || f.name.substr(0, 4) == "dns.";
}

// A presence-only item (FT_NONE) that occurs once per thing it labels, so count() counts
// its occurrences: icmpv6.opt, ipv6.opt and ipv6.opt.pad1 (each option),
// frame.comment.expert (each comment), udp.possible_traceroute (each port in range).
inline bool is_repeated_label(FieldId id) {
  return id == FieldId::kIcmpv6Opt || id == FieldId::kFrameCommentExpert ||
         id == FieldId::kUdpPossibleTraceroute || id == FieldId::kIpv6Opt ||
         id == FieldId::kIpv6OptPad1 || id == FieldId::kArpDuplicateAddressDetected;
}

// ip.version: the IPv4 headers', the hidden one of each IPv6 header, and a cut or refused
// header's, in tree order. Wireshark numbers each occurrence's layer by the protocol whose
// dissector added it (`ip.version#1 == 6`: the first IPv6 header's): `layers`, when not
// null, gets each stored one's layer among the headers of its own version, and `by_ipv6`
// whether IPv6 added it. (IPv6 registers a field of its own named ip.version, so the
// filter engine reads two fields, each with its own last layer for `#[-1]`.)
int ip_version_values(const Packet& p, Value* out, int cap, int* layers = nullptr,
                      bool* by_ipv6 = nullptr);

// Whether a protocol (or any field) is present at all.
bool field_present(const FieldDef& f, const Packet& p);
// The bytes `contains`/`matches` search for a protocol or byte field: as in Wireshark,
// a protocol's bytes run from its first header byte to the end of what carries it.
Bytes field_bytes(FieldId id, const Packet& p);
// The bytes `==` and the other comparisons see: a protocol's own header only
// (`eth == <14 bytes>`); a byte field's value.
Bytes field_own_bytes(FieldId id, const Packet& p);
// len() of a protocol or byte field: its own bytes' length, except for a header the snap
// length cut, which Wireshark gives its full length (the IPv4 header length, 40, UDP's 8).
std::size_t field_length(FieldId id, const Packet& p);
// The last ip/ipv6 layer when no whole header is left for it, from its start to the end of
// what was captured: a header the snap length cut, IPv6 whose dissector refused its
// version (refused_ipv6), the empty ip item of IPv6 that an IPv4 ethertype carries
// (Packet::ipv4_as_ipv6: the IPv6 bytes after it).
Bytes last_ip_layer_bytes(FieldId id, const Packet& p);
// The length of the ip (IPv4: what its IHL says) or ipv6 (40, with no byte too, or refused
// for its version) item of a header cut short (Packet::partial_bytes): Wireshark sizes the
// item before it finds the cut.
std::size_t cut_ip_item_len(FieldId id, const Packet& p);

}  // namespace sockscope::capture::filter
