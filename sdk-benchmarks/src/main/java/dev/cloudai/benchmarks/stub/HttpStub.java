package dev.cloudai.benchmarks.stub;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server on Netty that answers Bedrock Converse and Azure OpenAI chat completions with
 * {@link Answers}' canned bytes, at once or after a fixed delay. A delayed answer is a task scheduled on the
 * connection's event loop, not a waiting thread, so a few threads hold thousands of requests at once: the stub
 * must never be the ceiling of a concurrency benchmark (the WireMock emulators hold a thread per delayed answer).
 *
 * <pre>{@code
 * try (HttpStub stub = HttpStub.start(Duration.ofMillis(200), 2)) {
 *     URI endpoint = stub.uri();              // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>Routes: {@code POST /model/{modelId}/converse} and {@code POST /openai/deployments/{name}/chat/completions};
 * anything else is a 404, so a client pointed at the wrong path fails instead of being timed.
 */
public final class HttpStub implements AutoCloseable {
    private static final byte[] NOT_FOUND = "{\"message\":\"the benchmark stub serves only Converse and chat completions\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final NioEventLoopGroup group;
    private final Channel server;
    private final long delayNanos;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong answered = new AtomicLong();
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

    private HttpStub(Duration delay, int threads) {
        if (delay.isNegative()) throw new IllegalArgumentException("delay: must not be negative, was " + delay);
        if (threads < 1) throw new IllegalArgumentException("threads: must be at least 1, was " + threads);
        this.delayNanos = delay.toNanos();
        this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("http-stub", true));
        try {
            this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)             // a thousand clients connect at once
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new Handler());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * A started stub.
     *
     * @param delay   how long each answer waits, {@link Duration#ZERO} for at once
     * @param threads the event loop threads; one serves a benchmark thread's calls, two a thousand held requests
     */
    public static HttpStub start(Duration delay, int threads) {
        return new HttpStub(delay, threads);
    }

    /** {@code http://127.0.0.1:<port>}, for {@code cloudai.aws.endpoint} or {@code cloudai.azure.endpoint}. */
    public URI uri() {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /** Requests answered so far. */
    public long answered() {
        return answered.get();
    }

    /** The most delayed requests this stub held at one time. */
    public int peakHeld() {
        return peak.get();
    }

    /** Completes once {@code n} delayed requests are held at the same time. */
    public CompletableFuture<Void> whenHolding(int n) {
        Watch w = new Watch(n);
        watches.add(w);
        if (held.get() >= n) w.done.complete(null);
        return w.done;
    }

    /** Answers every request held now, without waiting for its delay. */
    public void releaseHeld() {
        for (Pending p : pending) p.ctx.executor().execute(p::send);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response = answer(request);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            if (delayNanos == 0) {
                write(ctx, response, keepAlive);
                return;
            }
            Pending p = new Pending(ctx, response, keepAlive);
            pending.add(p);
            int now = held.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            for (Watch w : watches) {
                if (now >= w.n) w.done.complete(null);
            }
            p.timer = ctx.executor().schedule(p::send, delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();   // a client that resets its connection; nothing to answer
        }
    }

    private static FullHttpResponse answer(FullHttpRequest request) {
        String path = request.uri();
        int query = path.indexOf('?');
        if (query >= 0) path = path.substring(0, query);
        FullHttpResponse r;
        if (request.method().equals(HttpMethod.POST) && path.startsWith("/model/") && path.endsWith("/converse")) {
            r = ok(Answers.BEDROCK_CONVERSE);
            r.headers().set("x-amzn-RequestId", "6a0f0c8e-0000-4000-8000-000000000001");
        } else if (request.method().equals(HttpMethod.POST) && path.startsWith("/openai/deployments/")
                && path.endsWith("/chat/completions")) {
            r = ok(Answers.AZURE_CHAT_COMPLETION);
            r.headers().set("x-ms-request-id", "6a0f0c8e-0000-4000-8000-000000000002");
            r.headers().set("apim-request-id", "6a0f0c8e-0000-4000-8000-000000000002");
        } else {
            r = response(HttpResponseStatus.NOT_FOUND, NOT_FOUND);
        }
        return r;
    }

    private static FullHttpResponse ok(byte[] body) {
        return response(HttpResponseStatus.OK, body);
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        answered.incrementAndGet();
        if (keepAlive) ctx.writeAndFlush(response, ctx.voidPromise());
        else ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** A delayed answer; sent once, by its timer or by {@link #releaseHeld()}, on the connection's event loop. */
    private final class Pending {
        final ChannelHandlerContext ctx;
        final FullHttpResponse response;
        final boolean keepAlive;
        final AtomicBoolean sent = new AtomicBoolean();
        volatile ScheduledFuture<?> timer;

        Pending(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
            this.ctx = ctx;
            this.response = response;
            this.keepAlive = keepAlive;
        }

        void send() {
            if (!sent.compareAndSet(false, true)) return;
            ScheduledFuture<?> t = timer;
            if (t != null) t.cancel(false);
            pending.remove(this);
            held.decrementAndGet();
            write(ctx, response, keepAlive);
        }
    }

    private record Watch(int n, CompletableFuture<Void> done) {
        Watch(int n) {
            this(n, new CompletableFuture<>());
        }
    }
}
