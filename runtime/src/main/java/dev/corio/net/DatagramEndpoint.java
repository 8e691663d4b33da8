package dev.corio.net;

/**
 * What {@link Net#createDatagramEndpoint} gives: asyncio's {@code (transport, protocol)} pair.
 *
 * @param <P> the protocol's type, as the factory made it
 */
public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {
}
