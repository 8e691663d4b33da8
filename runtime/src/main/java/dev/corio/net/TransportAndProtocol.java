package dev.corio.net;

/**
 * What {@link Net#createConnection} gives: asyncio's {@code (transport, protocol)} pair.
 *
 * @param <P> the protocol's type, as the factory made it
 */
public record TransportAndProtocol<P extends Protocol>(Transport transport, P protocol) {
}
