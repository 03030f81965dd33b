import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes

/// How many connections the server holds and how long it waits for a client: one client (or a
/// thousand idle or slow ones) must not take the site from everyone else.
public struct ServerLimits: Sendable {
    /// The most connections open at once; beyond it, new ones wait in the kernel's queue until
    /// one closes (default: 4,096, or fewer to stay under the process's descriptor limit).
    public var maximumConnections: Int
    /// How long a new connection may take to send its first request's head (method, path and
    /// headers, complete): a client that trickles its headers is cut off after this.
    public var headerTimeout: Duration
    /// How long a connection may stay open between requests before its next request's head is in.
    public var idleTimeout: Duration

    public init(maximumConnections: Int? = nil, headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30)) {
        self.maximumConnections = maximumConnections ?? ServerLimits.defaultConnections
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
    }

    /// 4,096, or the descriptor limit less room for the database, logs and the listening socket.
    public static var defaultConnections: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return max(16, min(4096, Int(clamping: limit.rlim_cur) - 64))
    }

    /// Raises the soft descriptor limit to the hard one, so the default cap can be as high as the
    /// system allows (a server, not the shell that started it, decides how many clients it takes).
    public static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}

/// Closes a connection whose request head has not arrived in time: `first` after it opens,
/// `between` after each response. While a request is being answered nothing is timed (a large
/// download may take as long as the client reads).
final class RequestHeadTimeout: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let first: TimeAmount
    let between: TimeAmount
    private var timer: Scheduled<Void>?
    private var requestsOpen = 0

    init(first: Duration, between: Duration) {
        self.first = TimeAmount(first)
        self.between = TimeAmount(between)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, first) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, first)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            requestsOpen += 1
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestsOpen -= 1
            if requestsOpen == 0 { arm(context, between) }
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    private func arm(_ context: ChannelHandlerContext, _ delay: TimeAmount) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: delay) {
            loopBound.value.close(promise: nil)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
